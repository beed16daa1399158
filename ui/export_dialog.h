// Exporting a finished job's result: the adapter (PEFT layout) or model as it
// is, or, for LoRA, the adapter merged into its base model as a complete
// Hugging Face model, which can go straight onto the base model list to
// train from or chat with. The writing runs off the UI thread; the dialog
// stays open, busy, until it is done and closes only on success.
#pragma once

#include <QDialog>
#include <QFutureWatcher>
#include <QString>

#include "services/job_store.h"

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;

namespace tunedesk::ui {

class ExportDialog : public QDialog {
  Q_OBJECT

 public:
  // `exports_dir`: where the suggested folder goes (the workspace's exports/).
  ExportDialog(const services::Job& job, const QString& exports_dir, QWidget* parent = nullptr);

  QString folder() const;           // what is (or was) written
  QString written() const { return written_; }  // "adapter", "model", "merged model"; empty until done
  bool add_to_base_models() const;  // the person asked for it, and the result is a complete model

 public Q_SLOTS:
  void start();  // OK: writes; accepts when done, shows the reason otherwise
  void reject() override;  // not while writing: the folder would be left half written

 private:
  void suggest_folder();
  bool complete_model() const;  // what will be written is a model (merged, or full fine-tuning)

  services::Job job_;
  QString exports_dir_;
  QCheckBox* merge_;
  QLineEdit* folder_;
  QCheckBox* add_;
  QProgressBar* busy_;
  QLabel* message_;
  QDialogButtonBox* buttons_;
  bool folder_edited_ = false;
  QString written_;
  struct Result {
    QString written, error;
  };
  QFutureWatcher<Result> watcher_;
};

}  // namespace tunedesk::ui
