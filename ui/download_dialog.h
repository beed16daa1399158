// Downloading a base model from Hugging Face or ModelScope: the model's id,
// the hub (where it answers from: HF_ENDPOINT's mirror, MODELSCOPE_DOMAIN),
// a revision, the folder. Download hands it to the download queue and closes:
// it runs in the background, shown with its progress under the training
// jobs (downloads_panel.h), and is added to the base models when whole.
// Below: the models already in the Hugging Face and ModelScope caches on this
// computer that TuneDesk can train from, each one click to add.
#pragma once

#include <QDialog>
#include <QString>

#include <vector>

#include "services/model_caches.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTreeWidget;

namespace tunedesk::ui {

class AppContext;

class DownloadDialog : public QDialog {
  Q_OBJECT

 public:
  // A downloaded model goes to the signed-in user's models/ folder by default.
  explicit DownloadDialog(AppContext& context, QWidget* parent = nullptr);
  ~DownloadDialog() override;

 public Q_SLOTS:
  void start();  // queues the download the fields describe, and closes

 Q_SIGNALS:
  void download_started(const QString& id);
  void model_ready(const QString& folder);  // chosen from a cache

 private:
  void suggest_folder();
  void show_source();
  void show_cached();

  AppContext& context_;
  QString models_dir_;
  QComboBox* source_;
  QLineEdit* repo_;
  QLineEdit* revision_;
  QLineEdit* folder_;
  QLabel* where_;
  QLabel* status_;
  QTreeWidget* cached_;
  std::vector<services::CachedModel> cached_models_;
  bool folder_edited_ = false;  // the person typed a folder: the id no longer changes it
};

}  // namespace tunedesk::ui
