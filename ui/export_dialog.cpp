#include "ui/export_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <exception>

#include "services/engine_bridge.h"
#include "services/workspace.h"
#include "ui/error_text.h"

namespace tunedesk::ui {

ExportDialog::ExportDialog(const services::Job& job, const QString& exports_dir, QWidget* parent)
    : QDialog(parent), job_(job), exports_dir_(exports_dir) {
  setWindowTitle(tr("Export %1").arg(job.id));
  setObjectName("export.dialog");
  auto* layout = new QVBoxLayout(this);
  auto* about = new QLabel(tr("Job <b>%1</b>: %2 on %3.").arg(job.id, job.method, QFileInfo(job.base_model).fileName()), this);
  layout->addWidget(about);

  merge_ = new QCheckBox(tr("Merge the LoRA adapter into the base model (a complete model)"), this);
  merge_->setObjectName("export.merge");
  merge_->setToolTip(tr("Unticked: the adapter alone, in PEFT's layout (loads in Python PEFT on top of the base model)."));
  merge_->setEnabled(job.method == "lora");  // a P-Tuning v2 prefix changes no weight; full fine-tuning is a model already
  merge_->setChecked(job.method == "lora");
  layout->addWidget(merge_);

  auto* form = new QFormLayout;
  format_ = new QComboBox(this);
  format_->setObjectName("export.format");
  format_->addItem(tr("Hugging Face folder (safetensors)"), "hf");
  format_->addItem(tr("GGUF file for llama.cpp and Ollama"), "gguf");
  form->addRow(tr("Format:"), format_);
  type_ = new QComboBox(this);
  type_->setObjectName("export.type");
  type_->addItem(tr("F16 (half the size of F32, no loss to speak of)"), "f16");
  type_->addItem(tr("Q8_0 (8-bit, a quarter of F32)"), "q8_0");
  type_->addItem(tr("Q4_K_M (4-bit, about a seventh of F32; Ollama's usual choice)"), "q4_k_m");
  type_->addItem(tr("Q4_0 (4-bit, the simplest)"), "q4_0");
  type_->addItem(tr("BF16"), "bf16");
  type_->addItem(tr("F32 (exact)"), "f32");
  type_->setToolTip(tr("The weight matrices' type in the GGUF file; norms and biases stay F32."));
  form->addRow(tr("GGUF type:"), type_);
  ollama_ = new QCheckBox(tr("Also write an Ollama Modelfile"), this);
  ollama_->setObjectName("export.ollama");
  ollama_->setToolTip(tr("The chat template, the model type's system instruction and the stop tokens, "
                         "so that \"ollama create NAME -f Modelfile\" is the only step left."));
  ollama_->setChecked(true);
  form->addRow(QString(), ollama_);
  // A LoRA adapter alone, for a base model converted to GGUF once before.
  adapter_only_ = new QCheckBox(tr("The adapter alone (its base model's GGUF is converted already)"), this);
  adapter_only_->setObjectName("export.adapter_only");
  adapter_only_->setToolTip(tr("Writes only the small adapter file; name the base model's GGUF file to have it checked "
                               "against the adapter and used in the commands and the Modelfile."));
  form->addRow(QString(), adapter_only_);
  auto* base_row = new QHBoxLayout;
  base_gguf_ = new QLineEdit(this);
  base_gguf_->setObjectName("export.base_gguf");
  base_gguf_->setPlaceholderText(tr("the base model's .gguf file (optional; needed for Ollama)"));
  auto* base_browse = new QPushButton(tr("Browse…"), this);
  connect(base_browse, &QPushButton::clicked, this, [this] {
    const QString file = QFileDialog::getOpenFileName(this, tr("The base model's GGUF file"), exports_dir_, tr("GGUF files (*.gguf)"));
    if (!file.isEmpty()) base_gguf_->setText(QDir::toNativeSeparators(file));
  });
  base_row->addWidget(base_gguf_, 1);
  base_row->addWidget(base_browse);
  base_label_ = new QLabel(tr("Base GGUF:"), this);
  form->addRow(base_label_, base_row);
  base_browse_ = base_browse;
  auto* row = new QHBoxLayout;
  folder_ = new QLineEdit(this);
  folder_->setObjectName("export.folder");
  folder_->setMinimumWidth(420);
  auto* browse = new QPushButton(tr("Browse…"), this);
  row->addWidget(folder_, 1);
  row->addWidget(browse);
  form->addRow(tr("Write to:"), row);
  layout->addLayout(form);
  add_ = new QCheckBox(tr("Add it to my base models"), this);
  add_->setObjectName("export.add");
  add_->setChecked(true);
  layout->addWidget(add_);

  busy_ = new QProgressBar(this);
  busy_->setObjectName("export.progress");
  busy_->setRange(0, 0);  // how long a merge takes is not known in advance; GGUF writing reports its bytes
  busy_->hide();
  layout->addWidget(busy_);
  message_ = new QLabel(this);
  message_->setObjectName("export.message");
  message_->setWordWrap(true);
  layout->addWidget(message_);
  buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  buttons_->button(QDialogButtonBox::Ok)->setText(tr("Export"));
  layout->addWidget(buttons_);

  connect(buttons_, &QDialogButtonBox::accepted, this, &ExportDialog::start);
  connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(merge_, &QCheckBox::toggled, this, &ExportDialog::update_choices);
  connect(adapter_only_, &QCheckBox::toggled, this, &ExportDialog::update_choices);
  connect(format_, &QComboBox::currentIndexChanged, this, &ExportDialog::update_choices);
  connect(folder_, &QLineEdit::textEdited, this, [this] { folder_edited_ = true; });
  connect(browse, &QPushButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Export to a new or empty folder"), folder_->text());
    if (dir.isEmpty()) return;
    folder_->setText(QDir::toNativeSeparators(dir));
    folder_edited_ = true;
  });
  connect(&watcher_, &QFutureWatcher<Result>::finished, this, [this] {
    const Result r = watcher_.result();
    busy_->hide();
    if (!r.error.isEmpty()) {  // the controls back as they were, the folder as chosen
      buttons_->setEnabled(true);
      folder_->setEnabled(true);
      format_->setEnabled(true);
      merge_->setEnabled(job_.method == "lora");
      type_->setEnabled(gguf());
      ollama_->setEnabled(gguf());
      message_->setText(tr("Cannot export: %1").arg(r.error));
      return;
    }
    done_ = r.done;
    accept();
  });
  update_choices();
}

void ExportDialog::update_choices() {
  // GGUF holds a model, or a LoRA adapter (merged, or as a GGUF adapter beside its base); a P-Tuning v2 prefix not at all.
  const bool to_gguf = gguf();
  type_->setEnabled(to_gguf && job_.method != "ptuning_v2");
  ollama_->setEnabled(to_gguf && job_.method != "ptuning_v2");
  const bool adapter = to_gguf && job_.method == "lora" && !merge_->isChecked();
  adapter_only_->setEnabled(adapter);
  for (QWidget* w : std::initializer_list<QWidget*>{base_gguf_, base_browse_, base_label_}) w->setEnabled(adapter && adapter_only_->isChecked());
  suggest_folder();
  add_->setEnabled(complete_model());
  message_->setText(to_gguf && job_.method == "ptuning_v2"
                        ? tr("A P-Tuning v2 prefix has no place in a GGUF file: llama.cpp has no prefix tuning.")
                        : QString());
  buttons_->button(QDialogButtonBox::Ok)->setEnabled(!(to_gguf && job_.method == "ptuning_v2"));
}

bool ExportDialog::gguf() const { return format_->currentData().toString() == "gguf"; }

bool ExportDialog::adapter_only() const {
  return gguf() && job_.method == "lora" && !merge_->isChecked() && adapter_only_->isChecked();
}

bool ExportDialog::complete_model() const { return !gguf() && (merge_->isChecked() || job_.method == "sft"); }

bool ExportDialog::add_to_base_models() const { return complete_model() && add_->isChecked(); }

QString ExportDialog::folder() const { return QDir::fromNativeSeparators(folder_->text().trimmed()); }

void ExportDialog::suggest_folder() {
  if (folder_edited_) return;
  folder_->setText(QDir::toNativeSeparators(services::new_export_folder(exports_dir_, job_.id, merge_->isChecked(), gguf())));
}

void ExportDialog::reject() {
  if (!watcher_.isRunning()) QDialog::reject();
}

void ExportDialog::start() {
  const QString out = folder();
  if (out.isEmpty() || QDir::isRelativePath(out)) {
    message_->setText(tr("Choose the folder to write (a full path)."));
    return;
  }
  message_->setText(gguf()                 ? (merge_->isChecked() ? tr("Merging, then writing the GGUF file…")
                                                                  : adapter_only() ? tr("Writing the adapter as GGUF…")
                                                                  : job_.method == "lora" ? tr("Writing the base model and the adapter as GGUF…")
                                                                                          : tr("Writing the GGUF file…"))
                    : merge_->isChecked() ? tr("Merging and writing the model…")
                                          : tr("Copying…"));
  busy_->setRange(0, 0);
  busy_->show();
  buttons_->setEnabled(false);
  merge_->setEnabled(false);
  format_->setEnabled(false);
  type_->setEnabled(false);
  ollama_->setEnabled(false);
  folder_->setEnabled(false);
  const std::string source = job_.output.toStdString(), target = out.toStdString();
  services::ExportSpec spec;
  spec.merge = merge_->isChecked();
  spec.gguf = gguf();
  spec.gguf_type = type_->currentData().toString().toStdString();
  spec.ollama = gguf() && ollama_->isChecked();
  spec.adapter_only = adapter_only();
  if (spec.adapter_only) spec.base_gguf = QDir::fromNativeSeparators(base_gguf_->text().trimmed()).toStdString();
  // Bytes written, from the writing thread: the bar is set on the UI thread, in permille.
  QPointer<QProgressBar> bar = busy_;
  spec.progress = [bar](uint64_t done, uint64_t total) {
    const int permille = total ? static_cast<int>(done * 1000 / total) : 1000;
    QMetaObject::invokeMethod(bar, [bar, permille] {
      if (!bar) return;
      bar->setRange(0, 1000);
      bar->setValue(permille);
    }, Qt::QueuedConnection);
  };
  watcher_.setFuture(QtConcurrent::run([source, target, spec] {
    try {
      return Result{services::engine_bridge().export_result(source, target, spec), {}};
    } catch (const std::exception& e) {
      return Result{{}, error_text(e)};
    }
  }));
}

}  // namespace tunedesk::ui
