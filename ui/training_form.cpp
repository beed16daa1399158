#include "ui/training_form.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QDoubleValidator>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSaveFile>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <exception>

#include "data/model_types.h"
#include "training/run_config_yaml.h"
#include "ui/app_context.h"
#include "ui/download_dialog.h"
#include "ui/lengths_dialog.h"
#include "ui/length_check.h"
#include "ui/settings.h"
#include "ui/setting_field.h"
#include "ui/error_text.h"

namespace tunedesk::ui {
namespace {

// The method's defaults: the commented config shipped for it.
training::RunConfig method_defaults(const QString& method) {
  QFile file(QString(":/configs/%1.yaml").arg(method));
  if (!file.open(QIODevice::ReadOnly)) {  // compiled in: missing only when the resources were not registered
    qWarning("TuneDesk: no built-in defaults for %s; using the trainer's", qPrintable(method));
    return training::default_run_config();
  }
  return training::load_run_config_text(file.readAll().toStdString(), method.toStdString() + ".yaml");
}

QString human_count(qint64 n) {
  if (n >= 1'000'000'000) return QString::number(n / 1e9, 'f', 1) + "B";
  if (n >= 1'000'000) return QString::number(n / 1e6, 'f', 1) + "M";
  if (n >= 1'000) return QString::number(n / 1e3, 'f', 1) + "K";
  return QString::number(n);
}

}  // namespace

TrainingForm::TrainingForm(AppContext& context, QWidget* parent) : QWidget(parent), context_(context) {
  connect(&context_.downloads(), &services::DownloadQueue::downloadChanged, this, &TrainingForm::download_changed);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);

  auto* what = new QGroupBox(tr("What to train"), this);
  auto* what_form = new QFormLayout(what);
  dataset_ = new QComboBox(what);
  dataset_->setObjectName("training.dataset");
  dataset_->setMinimumContentsLength(18);
  dataset_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  what_form->addRow(tr("Dataset:"), dataset_);
  model_ = new QComboBox(what);
  model_->setObjectName("training.model");
  model_->setMinimumContentsLength(18);
  model_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  what_form->addRow(tr("Base model:"), model_);
  // Under the list rather than beside it: the form stays as narrow as before.
  auto* model_row = new QHBoxLayout;
  auto* add_model = new QPushButton(tr("Add…"), what);
  add_model->setObjectName("training.add_model");
  add_model->setToolTip(tr("Add a model folder in Hugging Face layout: config.json, *.safetensors and tokenizer.json"));
  connect(add_model, &QPushButton::clicked, this, &TrainingForm::choose_model_folder);
  model_row->addWidget(add_model);
  auto* download_model = new QPushButton(tr("Download…"), what);
  download_model->setObjectName("training.download_model");
  download_model->setToolTip(tr("Download a model from Hugging Face or ModelScope, or add one already in their caches"));
  connect(download_model, &QPushButton::clicked, this, &TrainingForm::download_model);
  model_row->addWidget(download_model);
  remove_model_ = new QPushButton(tr("Remove"), what);
  remove_model_->setObjectName("training.remove_model");
  remove_model_->setToolTip(tr("Take the selected model off your list (its folder stays as it is)"));
  connect(remove_model_, &QPushButton::clicked, this, &TrainingForm::remove_model);
  model_row->addWidget(remove_model_);
  model_row->addStretch(1);
  model_info_ = new QLabel(what);
  model_info_->setObjectName("training.model_info");
  model_info_->setWordWrap(true);
  model_info_->setStyleSheet("color: #555");
  what_form->addRow(QString(), model_info_);
  what_form->addRow(QString(), model_row);
  connect(model_, &QComboBox::currentIndexChanged, this, &TrainingForm::show_model_info);
  model_type_ = new QComboBox(what);
  model_type_->setObjectName("setting.model_type");
  const std::string language = ui_language().toStdString();
  const data::ModelTypeCatalog catalog = data::ModelTypeCatalog::with_user_types();
  for (const data::ModelType& type : catalog.all()) {
    model_type_->addItem(QString::fromStdString(type.display_name(language)), QString::fromStdString(type.id));
    model_type_->setItemData(model_type_->count() - 1, QString::fromStdString(type.instruction), Qt::ToolTipRole);
  }
  what_form->addRow(tr("%1:").arg(SettingField::translated(training::find_training_setting("model_type")->label)), model_type_);
  // The method's and the device's choices are their rows' (training/training_settings.h).
  const training::TrainingSetting& method_row = *training::find_training_setting("method");
  method_ = new QComboBox(what);
  method_->setObjectName("setting.method");
  method_->setToolTip(SettingField::translated(method_row.help));
  for (const training::SettingChoice& c : method_row.choices)
    method_->addItem(SettingField::translated(c.label), QString::fromUtf8(c.value.data(), static_cast<qsizetype>(c.value.size())));
  connect(method_, &QComboBox::activated, this, &TrainingForm::apply_method_defaults);
  what_form->addRow(tr("%1:").arg(SettingField::translated(method_row.label)), method_);
  const training::TrainingSetting& device_row = *training::find_training_setting("device");
  device_ = new QComboBox(what);
  device_->setObjectName("setting.device");
  device_->setToolTip(SettingField::translated(device_row.help));
  const int gpus = nvidia_gpu_count();
  for (const training::SettingChoice& c : device_row.choices) {
    const QString value = QString::fromUtf8(c.value.data(), static_cast<qsizetype>(c.value.size()));
    const bool gpu = value == "cuda";  // said with how many this machine has
    device_->addItem(!gpu ? SettingField::translated(c.label)
                          : gpus ? tr("GPU (CUDA, %n device(s))", nullptr, gpus) : tr("GPU (none found)"),
                     value);
    if (gpu && !gpus) qobject_cast<QStandardItemModel*>(device_->model())->item(device_->count() - 1)->setEnabled(false);
  }
  what_form->addRow(tr("%1:").arg(SettingField::translated(device_row.label)), device_);
  // Data parallel over the GPUs of this machine (one training thread per GPU);
  // offered only where there is more than one.
  gpus_ = new QSpinBox(what);
  gpus_->setObjectName("training.gpus");
  gpus_->setRange(1, std::max(1, gpus));
  gpus_->setToolTip(tr("Train on this many GPUs at once (data parallel): each takes its share of every batch, "
                       "so the global batch is batch size × accumulation × GPUs."));
  what_form->addRow(tr("GPUs:"), gpus_);
  what_form->setRowVisible(gpus_, gpus > 1);
  add_fields(what_form, what, training::FormSection::data);
  layout->addWidget(what);

  // The settings' fields, each made from its row: how long and how fast, the lengths, evaluation.
  auto* hyper = new QGroupBox(tr("Hyper-parameters"), this);
  auto* form = new QFormLayout(hyper);
  add_fields(form, hyper, training::FormSection::training);
  add_fields(form, hyper, training::FormSection::lengths);
  lengths_ = new QLabel(hyper);
  lengths_->setObjectName("training.lengths");
  lengths_->setWordWrap(true);
  lengths_details_ = new QPushButton(tr("Lengths…"), hyper);
  lengths_details_->setObjectName("training.lengths_details");
  lengths_details_->setToolTip(tr("Histograms of the rows' prompt, answer and total tokens, and the rows over the limits"));
  lengths_details_->setEnabled(false);
  connect(lengths_details_, &QPushButton::clicked, this, [this] {
    if (!lengths_shown_) return;
    auto* dialog = new LengthsDialog(*lengths_shown_, dataset(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
  });
  auto* lengths_row = new QHBoxLayout;
  lengths_row->addWidget(lengths_, 1);
  lengths_row->addWidget(lengths_details_, 0, Qt::AlignTop);
  form->addRow(QString(), lengths_row);
  add_fields(form, hyper, training::FormSection::evaluation);
  // Will it fit: the estimate of the run's peak memory against what the device has free.
  memory_ = new QLabel(hyper);
  memory_->setObjectName("training.memory");
  memory_->setWordWrap(true);
  memory_apply_ = new QPushButton(tr("Use these settings"), hyper);
  memory_apply_->setObjectName("training.memory_apply");
  memory_apply_->setToolTip(tr("Change the form to the settings the estimate says would fit"));
  memory_apply_->setVisible(false);
  connect(memory_apply_, &QPushButton::clicked, this, &TrainingForm::apply_memory_change);
  memory_override_ = new QCheckBox(tr("Start anyway"), hyper);
  memory_override_->setObjectName("training.memory_override");
  memory_override_->setToolTip(tr("Start the run even though the estimate is over the memory available (it may fail for lack of memory)"));
  memory_override_->setVisible(false);
  auto* memory_actions = new QHBoxLayout;
  memory_actions->addWidget(memory_apply_);
  memory_actions->addWidget(memory_override_);
  memory_actions->addStretch(1);
  form->addRow(memory_);
  form->addRow(memory_actions);
  layout->addWidget(hyper);

  lora_group_ = new QGroupBox(tr("LoRA"), this);
  add_fields(new QFormLayout(lora_group_), lora_group_, training::FormSection::lora);
  layout->addWidget(lora_group_);
  prefix_group_ = new QGroupBox(tr("P-Tuning v2"), this);
  add_fields(new QFormLayout(prefix_group_), prefix_group_, training::FormSection::prefix);
  layout->addWidget(prefix_group_);
  // The optimizer's finer settings, precision, chat template, memory limit: folded away until asked for.
  auto* more = new QGroupBox(tr("More settings"), this);
  more->setObjectName("training.more");
  more->setCheckable(true);
  more->setChecked(false);
  auto* more_layout = new QVBoxLayout(more);
  auto* more_fields = new QWidget(more);
  more_layout->addWidget(more_fields);
  add_fields(new QFormLayout(more_fields), more_fields, training::FormSection::advanced);
  more_fields->setVisible(false);
  connect(more, &QGroupBox::toggled, more_fields, &QWidget::setVisible);
  layout->addWidget(more);
  layout->addStretch();

  // The lengths are counted again a moment after the dataset, model, type or limits change.
  length_timer_ = new QTimer(this);
  length_timer_->setSingleShot(true);
  length_timer_->setInterval(300);
  connect(length_timer_, &QTimer::timeout, this, &TrainingForm::check_lengths);
  connect(&length_watcher_, &QFutureWatcher<LengthCheck>::finished, this, [this] {
    show_lengths(length_watcher_.result());
    if (length_again_) {
      length_again_ = false;
      check_lengths();
    }
  });
  for (QComboBox* box : {dataset_, model_, model_type_})
    connect(box, &QComboBox::currentIndexChanged, length_timer_, qOverload<>(&QTimer::start));
  for (const char* limit : {"max_input_length", "max_output_length", "cutoff_len", "overlength"})
    connect(field(limit), &SettingField::changed, length_timer_, qOverload<>(&QTimer::start));
  // The estimate follows every setting it depends on (the rows' lengths come with each count).
  for (QComboBox* box : {method_, device_})
    connect(box, &QComboBox::currentIndexChanged, this, &TrainingForm::show_memory);
  connect(gpus_, &QSpinBox::valueChanged, this, &TrainingForm::show_memory);
  for (const char* name : {"batch_size", "gradient_checkpointing", "dtype", "lora_r", "target_modules", "num_virtual_tokens",
                           "prefix_projection", "encoder_hidden_size", "memory_limit_gb"})
    connect(field(name), &SettingField::changed, this, &TrainingForm::show_memory);

  refresh_datasets();
  refresh_models();
  set_config(method_defaults("lora"));
  const QString device = AppSettings::load().device;
  if (const int i = device_->findData(device); i >= 0 && device_->model()->flags(device_->model()->index(i, 0)) & Qt::ItemIsEnabled)
    device_->setCurrentIndex(i);
}

void TrainingForm::refresh_datasets() {
  const QString keep = dataset_->currentData().toString();
  dataset_->clear();
  // Converted datasets first, then uploads, newest first in each; not the
  // held-out part of a conversion (.val.jsonl), which trains nothing.
  const std::vector<services::Workspace::DatasetFile> files = context_.workspace().dataset_files();
  for (const bool upload : {false, true})
    for (auto f = files.rbegin(); f != files.rend(); ++f) {
      const QString name = f->info.fileName();
      if (f->upload != upload || name.endsWith(".json") || name.endsWith(".val.jsonl") || (!upload && !name.endsWith(".jsonl")))
        continue;
      dataset_->addItem(upload ? tr("%1 (upload)").arg(name) : name, f->info.filePath());
    }
  if (const int i = dataset_->findData(keep); i >= 0) dataset_->setCurrentIndex(i);
}

void TrainingForm::select_dataset(const QString& path) {
  refresh_datasets();
  if (const int i = dataset_->findData(path); i >= 0) dataset_->setCurrentIndex(i);
}

void TrainingForm::refresh_models() {
  const QString keep = model_->currentData().toString();
  model_->clear();
  for (const services::BaseModel& m : context_.models().list(context_.user().name)) {
    model_->addItem(m.builtin ? tr("%1 (bundled)").arg(m.name) : m.name, m.path);
    model_->setItemData(model_->count() - 1, m.builtin, Qt::UserRole + 1);
    model_->setItemData(model_->count() - 1,
                        tr("%1 · %2 parameters · template %3\n%4")
                            .arg(m.architecture, human_count(m.parameters), m.chat_template, m.path),
                        Qt::ToolTipRole);
  }
  if (const int i = model_->findData(keep); i >= 0) model_->setCurrentIndex(i);
  show_model_info();
}

void TrainingForm::show_model_info() {
  model_info_->setText(model_->currentData(Qt::ToolTipRole).toString());
  remove_model_->setEnabled(model_->currentIndex() >= 0 && !model_->currentData(Qt::UserRole + 1).toBool());
}

void TrainingForm::choose_model_folder() {
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Add a base model folder"), QDir::homePath());
  if (!dir.isEmpty()) add_model_folder(dir);
}

bool TrainingForm::add_model_folder(const QString& dir) {
  QApplication::setOverrideCursor(Qt::WaitCursor);  // every weight file's header is read
  try {
    const services::BaseModel m = context_.models().add(context_.user().name, dir);
    QApplication::restoreOverrideCursor();
    refresh_models();
    if (const int i = model_->findData(m.path); i >= 0) model_->setCurrentIndex(i);
    Q_EMIT message(tr("Added %1: %2, %3 parameters.").arg(m.name, m.architecture, human_count(m.parameters)));
    Q_EMIT models_changed();
    return true;
  } catch (const std::exception& e) {
    QApplication::restoreOverrideCursor();
    Q_EMIT message(tr("Cannot add %1: %2").arg(QDir::toNativeSeparators(dir), error_text(e)));
    return false;
  }
}

void TrainingForm::check_lengths() {
  if (length_watcher_.isRunning()) {
    length_again_ = true;
    return;
  }
  const QString dataset_path = dataset(), model_dir = base_model();
  if (dataset_path.isEmpty() || model_dir.isEmpty()) {
    lengths_->clear();
    lengths_shown_.reset();
    lengths_details_->setEnabled(false);
    return;
  }
  const QString instruction = model_type_->currentData(Qt::ToolTipRole).toString();
  const training::TruncationOptions limits = config().truncation;
  lengths_->setText(tr("Counting the rows in tokens…"));
  length_watcher_.setFuture(QtConcurrent::run([dataset_path, model_dir, instruction, limits] {
    return ui::check_lengths(dataset_path, model_dir, instruction, limits);
  }));
}

void TrainingForm::show_lengths(const LengthCheck& c) {
  lengths_shown_ = c.report;
  show_memory();
  lengths_details_->setEnabled(c.report.has_value());
  const bool over = c.report && !c.report->cut.empty();
  lengths_->setStyleSheet(over ? "color: #9a6700" : "color: #555");
  if (!c.report) {
    lengths_->setText(tr("Lengths not counted: %1").arg(c.error));
    return;
  }
  const training::LengthReport& r = *c.report;
  if (!over) {
    lengths_->setText(tr("All %n row(s) fit the length limits (the longest is %1 tokens).", nullptr, static_cast<int>(r.total.count))
                          .arg(r.total.max));
    return;
  }
  QString lines;
  for (std::size_t i = 0; i < r.cut.size() && i < 12; ++i) lines += (i ? ", " : "") + QString::number(r.cut[i].line);
  if (r.cut.size() > 12) lines += ", …";
  const int n = static_cast<int>(r.cut.size());
  const QString head = r.limits.overlength == training::TruncationOptions::Overlength::drop
                           ? tr("%n row(s) over the length limits will be left out", nullptr, n)
                           : tr("%n row(s) will be truncated", nullptr, n);
  lengths_->setText(tr("%1 (%2 prompt and %3 answer tokens past the limits): lines %4")
                        .arg(head)
                        .arg(r.prompt_tokens_lost)
                        .arg(r.answer_tokens_lost)
                        .arg(lines));
}

void TrainingForm::show_memory() {
  memory_shown_.reset();
  const bool counted = lengths_shown_.has_value() && !base_model().isEmpty();
  if (counted) {
    const training::RunConfig c = config();
    try {
      const training::MemoryDevice device = training::memory_device_for(c.device);
      memory_shown_ = training::check_run_memory(c, lengths_shown_->kept, device, training::computes_in_bf16(c.dtype, device));
    } catch (const std::exception& e) {
      memory_->setText(tr("Memory not estimated: %1").arg(error_text(e)));
    }
  } else {
    memory_->clear();
  }
  const bool over = memory_shown_ && !memory_shown_->fits;
  memory_apply_->setVisible(over && memory_shown_->change.has_value());
  memory_override_->setVisible(over);
  if (!memory_shown_) return;
  const training::MemoryCheck& m = *memory_shown_;
  const training::MemoryEstimate& e = m.estimate;
  const auto gb = [](std::uint64_t bytes) { return QString::fromStdString(training::format_gb(bytes)); };
  memory_->setToolTip(tr("Estimated peak: weights %1, optimizer state %2, activations and gradients %3, logits %4, runtime %5")
                          .arg(gb(e.weights), gb(e.trainable), gb(e.activations), gb(e.logits), gb(e.runtime)));
  memory_->setStyleSheet(over ? "color: #b42318" : "color: #555");
  if (!m.budget.known) {
    memory_->setText(tr("Memory: about %1 (what the device has free is unknown).").arg(gb(e.total)));
    return;
  }
  const QString where = m.budget.limited ? tr("your limit") : m.device == training::MemoryDevice::cuda ? tr("GPU") : tr("RAM");
  if (!over) {
    memory_->setText(tr("Memory: about %1 of %2 available (%3).").arg(gb(e.total), gb(m.budget.available), where));
    return;
  }
  QString text = tr("Memory: about %1, more than the %2 available (%3).").arg(gb(e.total), gb(m.budget.available), where);
  if (m.change) text += " " + tr("It would fit with %1 (about %2).").arg(fit_change_text(*m.change), gb(m.change->total));
  else text += " " + tr("Even the smallest settings would not fit: choose a smaller model.");
  memory_->setText(text);
}

QString TrainingForm::fit_change_text(const training::FitChange& change) {
  QStringList parts;
  if (change.gradient_checkpointing) parts << tr("gradient checkpointing");
  if (change.batch_size > 0)
    parts << tr("batch size %1 with gradient accumulation %2").arg(change.batch_size).arg(change.grad_accumulation);
  if (change.lora) parts << tr("LoRA instead of full fine-tuning");
  if (change.cutoff_len > 0) parts << tr("at most %1 tokens per row").arg(change.cutoff_len);
  return parts.join(tr(", "));
}

void TrainingForm::apply_memory_change() {
  if (!memory_shown_ || !memory_shown_->change) return;
  const training::FitChange change = *memory_shown_->change;
  if (change.lora) {  // LoRA's shipped settings, the memory limit kept
    const nlohmann::json limit = field("memory_limit_gb")->value();
    method_->setCurrentIndex(method_->findData("lora"));
    apply_method_defaults();
    field("memory_limit_gb")->set_value(limit);
  }
  if (change.gradient_checkpointing) field("gradient_checkpointing")->set_value(true);
  if (change.batch_size > 0) {
    field("batch_size")->set_value(change.batch_size);
    field("grad_accumulation")->set_value(change.grad_accumulation);
  }
  if (change.cutoff_len > 0) {
    field("max_input_length")->set_value(0);
    field("max_output_length")->set_value(0);
    field("cutoff_len")->set_value(change.cutoff_len);
  }
  show_memory();
  Q_EMIT message(tr("Changed the settings to %1.").arg(fit_change_text(change)));
}

void TrainingForm::download_model() {
  auto* dialog = new DownloadDialog(context_, this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &DownloadDialog::model_ready, this, [this, dialog](const QString& folder) {
    if (add_model_folder(folder)) dialog->accept();
  });
  connect(dialog, &DownloadDialog::download_started, this, [this](const QString& id) {
    if (const auto d = context_.downloads().find(id))
      Q_EMIT message(tr("Downloading %1 in the background (under the jobs); it joins your base models when whole.").arg(d->record.repo));
  });
  dialog->open();
}

void TrainingForm::download_changed(const QString& id, const QString& state) {
  if (state != services::download_state_name(services::DownloadState::done)) return;
  const std::optional<services::DownloadStatus> d = context_.downloads().find(id);
  if (!d || d->record.owner != context_.user().name) return;
  refresh_models();
  if (const int i = model_->findData(d->record.folder); i >= 0) model_->setCurrentIndex(i);
  Q_EMIT message(tr("Downloaded %1: on your base models as %2.").arg(d->record.repo, d->record.model));
  Q_EMIT models_changed();
}

void TrainingForm::remove_model() {
  const QString path = model_->currentData().toString();
  if (path.isEmpty() || model_->currentData(Qt::UserRole + 1).toBool()) return;
  try {
    context_.models().remove(context_.user().name, path);
  } catch (const std::exception& e) {
    Q_EMIT message(error_text(e));
    return;
  }
  refresh_models();
  Q_EMIT message(tr("%1 is off your list; its folder is untouched.").arg(QDir::toNativeSeparators(path)));
  Q_EMIT models_changed();
}

void TrainingForm::show_method_groups() {
  lora_group_->setVisible(method() == "lora");
  prefix_group_->setVisible(method() == "ptuning_v2");
}

void TrainingForm::apply_method_defaults() {
  training::RunConfig c = method_defaults(method());
  c.model_type = model_type().toStdString();
  c.device = device_->currentData().toString().toStdString();
  set_config(c);
  Q_EMIT message(tr("Filled in the defaults for %1.").arg(method_->currentText()));
}

QString TrainingForm::dataset() const { return dataset_->currentData().toString(); }
QString TrainingForm::base_model() const { return model_->currentData().toString(); }
QString TrainingForm::method() const { return method_->currentData().toString(); }
QString TrainingForm::model_type() const { return model_type_->currentData().toString(); }

training::RunConfig TrainingForm::config() const {
  training::RunConfig c = loaded_;
  c.model = base_model().toStdString();
  c.train_file = dataset().toStdString();
  c.val_file.clear();
  if (dataset().endsWith(".jsonl")) {
    const QString val = dataset().chopped(6) + ".val.jsonl";  // written beside it by conversion
    if (QFileInfo::exists(val)) c.val_file = val.toStdString();
  }
  c.model_type = model_type().toStdString();
  c.device = device_->currentData().toString().toStdString();
  c.processes = c.device == "cpu" ? 1 : gpus_->value();
  c.train.method = *training::parse_method(method().toStdString());
  for (const SettingField* f : fields_) f->setting().set(c, f->value());
  c.check_memory = !(!memory_override_->isHidden() && memory_override_->isChecked());
  return c;
}

void TrainingForm::set_config(const training::RunConfig& c) {
  loaded_ = c;
  const training::TrainConfig& t = c.train;
  method_->setCurrentIndex(method_->findData(QString(training::method_name(t.method))));
  if (const int i = model_type_->findData(QString::fromStdString(c.model_type)); i >= 0) model_type_->setCurrentIndex(i);
  if (const int i = device_->findData(QString::fromStdString(c.device)); i >= 0) device_->setCurrentIndex(i);
  gpus_->setValue(c.processes);
  if (!c.model.empty())
    if (const int i = model_->findData(QString::fromStdString(c.model.string())); i >= 0) model_->setCurrentIndex(i);
  if (!c.train_file.empty())
    if (const int i = dataset_->findData(QString::fromStdString(c.train_file.string())); i >= 0) dataset_->setCurrentIndex(i);
  for (SettingField* f : fields_) f->set_value(f->setting().get(c));
  memory_override_->setChecked(!c.check_memory);
  show_method_groups();
  show_memory();
}

void TrainingForm::add_fields(QFormLayout* form, QWidget* parent, training::FormSection section) {
  for (const training::TrainingSetting& s : training::training_settings()) {
    if (s.section != section) continue;
    auto* f = new SettingField(s, parent);
    fields_.push_back(f);
    if (f->label().isEmpty()) form->addRow(f->widget());
    else form->addRow(f->label(), f->widget());
  }
}

SettingField* TrainingForm::field(std::string_view name) const {
  for (SettingField* f : fields_)
    if (f->setting().name == name) return f;
  qFatal("TuneDesk: the training form has no field %s", std::string(name).c_str());  // a misspelt name in this file
}

void TrainingForm::load_yaml() {
  const QString path = QFileDialog::getOpenFileName(this, tr("Load a training config"), QDir::homePath(),
                                                    tr("YAML configs (*.yaml *.yml)"));
  if (path.isEmpty()) return;
  try {
    training::RunConfig c = training::load_run_config(path.toStdString());
    set_config(c);
    QString text = tr("Loaded %1.").arg(path);
    for (const std::string& w : c.warnings) text += "\n" + QString::fromStdString(w);
    Q_EMIT message(text);
  } catch (const std::exception& e) {
    Q_EMIT message(tr("Cannot load %1: %2").arg(path, error_text(e)));
  }
}

void TrainingForm::save_yaml() {
  QString path = QFileDialog::getSaveFileName(this, tr("Save the training config"), QDir::homePath() + "/train.yaml",
                                              tr("YAML configs (*.yaml *.yml)"));
  if (path.isEmpty()) return;
  QSaveFile file(path);  // atomic: written, flushed, then renamed
  const std::string yaml = training::run_config_to_yaml(config());
  if (!file.open(QIODevice::WriteOnly) || file.write(yaml.data(), static_cast<qint64>(yaml.size())) < 0 || !file.commit()) {
    Q_EMIT message(tr("Cannot save %1: %2").arg(path, file.errorString()));
    return;
  }
  Q_EMIT message(tr("Saved %1 (run it with: tunedesk-cli train %1).").arg(path));
}

}  // namespace tunedesk::ui
