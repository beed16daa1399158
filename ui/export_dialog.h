// Exporting a finished job's result: the adapter (PEFT layout) or model as it
// is; for LoRA, the adapter merged into its base model as a complete
// Hugging Face model, which can go straight onto the base model list to
// train from or chat with; or GGUF for llama.cpp and Ollama (F32, F16, BF16,
// Q8_0, Q4_K_M or Q4_0): the model as one file, or a LoRA adapter as a GGUF
// adapter beside its base model's file, with an Ollama Modelfile if asked.
// The writing runs off the UI thread; the dialog stays open, busy, until it
// is done and closes only on success.
#pragma once

#include <QDialog>
#include <QFutureWatcher>
#include <QString>
#include <QStringList>

#include "services/engine_bridge.h"
#include "services/job_store.h"

class QCheckBox;
class QComboBox;
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
  // What was written ("adapter", "model", "merged model", "GGUF", "merged GGUF",
  // "GGUF adapter"; empty until done), the GGUF files, notes and commands.
  const services::ExportDone& done() const { return done_; }
  bool add_to_base_models() const;  // the person asked for it, and the result is a complete model

 public Q_SLOTS:
  void start();  // OK: writes; accepts when done, shows the reason otherwise
  void reject() override;  // not while writing: the folder would be left half written

 private:
  void suggest_folder();
  void update_choices();
  bool complete_model() const;  // what will be written is a Hugging Face model (merged, or full fine-tuning)
  bool gguf() const;
  bool adapter_only() const;  // GGUF, LoRA, not merged: the adapter alone

  services::Job job_;
  QString exports_dir_;
  QCheckBox* merge_;
  QComboBox* format_;
  QComboBox* type_;
  QLineEdit* folder_;
  QCheckBox* add_;
  QCheckBox* ollama_;
  QCheckBox* adapter_only_;
  QLineEdit* base_gguf_;
  QLabel* base_label_;
  QWidget* base_browse_;
  QProgressBar* busy_;
  QLabel* message_;
  QDialogButtonBox* buttons_;
  bool folder_edited_ = false;
  services::ExportDone done_;
  struct Result {
    services::ExportDone done;
    QString error;
  };
  QFutureWatcher<Result> watcher_;
};

}  // namespace tunedesk::ui
