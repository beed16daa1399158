#include "ui/export_dialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
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
  busy_->setRange(0, 0);  // how long a merge takes is not known in advance
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
  connect(merge_, &QCheckBox::toggled, this, [this] {
    suggest_folder();
    add_->setEnabled(complete_model());
  });
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
    buttons_->setEnabled(true);
    merge_->setEnabled(job_.method == "lora");
    folder_->setEnabled(true);
    if (!r.error.isEmpty()) {
      message_->setText(tr("Cannot export: %1").arg(r.error));
      return;
    }
    written_ = r.written;
    accept();
  });
  suggest_folder();
  add_->setEnabled(complete_model());
}

bool ExportDialog::complete_model() const { return merge_->isChecked() || job_.method == "sft"; }

bool ExportDialog::add_to_base_models() const { return complete_model() && add_->isChecked(); }

QString ExportDialog::folder() const { return QDir::fromNativeSeparators(folder_->text().trimmed()); }

void ExportDialog::suggest_folder() {
  if (folder_edited_) return;
  folder_->setText(QDir::toNativeSeparators(services::new_export_folder(exports_dir_, job_.id, merge_->isChecked())));
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
  message_->setText(merge_->isChecked() ? tr("Merging and writing the model…") : tr("Copying…"));
  busy_->show();
  buttons_->setEnabled(false);
  merge_->setEnabled(false);
  folder_->setEnabled(false);
  const std::string source = job_.output.toStdString(), target = out.toStdString();
  const bool merge = merge_->isChecked();
  watcher_.setFuture(QtConcurrent::run([source, target, merge] {
    try {
      return Result{QString::fromStdString(services::engine_bridge().export_result(source, target, merge)), {}};
    } catch (const std::exception& e) {
      return Result{{}, error_text(e)};
    }
  }));
}

}  // namespace tunedesk::ui
