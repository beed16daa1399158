// Downloading a base model from Hugging Face or ModelScope: the model's id,
// the hub (where it answers from: HF_ENDPOINT's mirror, MODELSCOPE_DOMAIN),
// a revision, the folder; then a progress bar with bytes, speed, time left
// and files, and Cancel, which keeps what was fetched so that downloading the
// same model into the same folder again resumes. When the download is whole
// the folder is handed back (the training form adds it to the base models).
// Below: the models already in the Hugging Face and ModelScope caches on this
// computer that TuneDesk can train from, each one click to add.
#pragma once

#include <QDialog>
#include <QString>

#include <memory>
#include <vector>

#include "services/model_caches.h"
#include "services/model_download.h"

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTreeWidget;

namespace tunedesk::ui {

class DownloadDialog : public QDialog {
  Q_OBJECT

 public:
  // `models_dir`: where a downloaded model goes by default (the workspace's models/).
  DownloadDialog(const QString& models_dir, QWidget* parent = nullptr);
  ~DownloadDialog() override;

  bool busy() const { return download_ != nullptr; }

 public Q_SLOTS:
  void start();   // the download the fields describe
  void cancel();  // the download running; what was fetched stays

 Q_SIGNALS:
  void model_ready(const QString& folder);  // downloaded whole, or chosen from a cache

 protected:
  void reject() override;  // asks before cancelling a running download

 private:
  void suggest_folder();
  void show_source();
  void show_progress(const services::DownloadProgress& p);
  void show_cached();
  void set_busy(bool busy);

  QString models_dir_;
  QComboBox* source_;
  QLineEdit* repo_;
  QLineEdit* revision_;
  QLineEdit* folder_;
  QLabel* where_;
  QProgressBar* bar_;
  QLabel* status_;
  QPushButton* download_button_;
  QPushButton* cancel_button_;
  QTreeWidget* cached_;
  std::vector<services::CachedModel> cached_models_;
  std::unique_ptr<services::ModelDownload> download_;
  bool folder_edited_ = false;  // the person typed a folder: the id no longer changes it
};

}  // namespace tunedesk::ui
