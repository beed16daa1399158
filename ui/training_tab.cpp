#include "ui/training_tab.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include <exception>

#include "services/job_submission.h"
#include "services/service_error.h"
#include "training/run_files.h"
#include "training/run_config_yaml.h"
#include "ui/app_context.h"
#include "ui/downloads_panel.h"
#include "ui/training_charts.h"
#include "ui/training_form.h"
#include "ui/error_text.h"
#include "ui/evaluation_dialog.h"
#include "ui/export_dialog.h"
#include "ui/runs_compare_dialog.h"

namespace tunedesk::ui {
namespace {

QString status_title(services::JobStatus s) {
  switch (s) {
    case services::JobStatus::queued: return TrainingTab::tr("queued");
    case services::JobStatus::running: return TrainingTab::tr("running");
    case services::JobStatus::completed: return TrainingTab::tr("completed");
    case services::JobStatus::failed: return TrainingTab::tr("failed");
    case services::JobStatus::cancelled: return TrainingTab::tr("cancelled");
    case services::JobStatus::interrupted: return TrainingTab::tr("interrupted");
  }
  return {};
}

QColor status_color(services::JobStatus s) {
  switch (s) {
    case services::JobStatus::running: return QColor(31, 95, 191);
    case services::JobStatus::completed: return QColor(27, 94, 32);
    case services::JobStatus::failed: return QColor(176, 0, 32);
    case services::JobStatus::interrupted: return QColor(150, 100, 0);
    default: return QColor(90, 90, 90);
  }
}

}  // namespace

TrainingTab::TrainingTab(AppContext& context, QWidget* parent) : QWidget(parent), context_(context) {
  auto* splitter = new QSplitter(Qt::Horizontal, this);

  // Left: the form and its buttons.
  auto* left = new QWidget(splitter);
  auto* left_layout = new QVBoxLayout(left);
  left_layout->setContentsMargins(0, 0, 0, 0);
  auto* scroll = new QScrollArea(left);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  form_ = new TrainingForm(context_, scroll);
  scroll->setWidget(form_);
  left_layout->addWidget(scroll, 1);
  auto* yaml_row = new QHBoxLayout;
  auto* load = new QPushButton(tr("Load YAML…"), left);
  auto* save = new QPushButton(tr("Save YAML…"), left);
  connect(load, &QPushButton::clicked, form_, &TrainingForm::load_yaml);
  connect(save, &QPushButton::clicked, form_, &TrainingForm::save_yaml);
  yaml_row->addWidget(load);
  yaml_row->addWidget(save);
  left_layout->addLayout(yaml_row);
  start_ = new QPushButton(tr("Start training"), left);
  start_->setObjectName("training.start");
  start_->setStyleSheet("QPushButton { font-weight: 600; padding: 6px; }");
  connect(start_, &QPushButton::clicked, this, &TrainingTab::start);
  left_layout->addWidget(start_);
  connect(form_, &TrainingForm::message, this, &TrainingTab::say);

  // Right: jobs, the job shown, its curves and log.
  auto* right = new QWidget(splitter);
  auto* layout = new QVBoxLayout(right);
  layout->setContentsMargins(0, 0, 0, 0);
  auto* lookup_row = new QHBoxLayout;
  lookup_row->addWidget(new QLabel(tr("<b>Jobs</b>"), right));
  lookup_row->addStretch();
  lookup_ = new QLineEdit(right);
  lookup_->setObjectName("training.lookup");
  lookup_->setPlaceholderText(tr("job id, e.g. j4f9a21c"));
  lookup_->setMaximumWidth(200);
  auto* find = new QPushButton(tr("Find"), right);
  compare_ = new QPushButton(tr("Compare…"), right);
  compare_->setObjectName("training.compare");
  compare_->setToolTip(tr("Select two or more jobs (Ctrl-click) to overlay their loss curves and list the settings that differ"));
  compare_->setEnabled(false);
  connect(compare_, &QPushButton::clicked, this, &TrainingTab::compare_selected);
  const auto look_up = [this] {
    const QString id = lookup_->text().trimmed();
    if (!id.isEmpty() && !show_job(id)) say(tr("No job %1 among yours.").arg(id));
  };
  connect(find, &QPushButton::clicked, this, look_up);
  connect(lookup_, &QLineEdit::returnPressed, this, look_up);
  lookup_row->addWidget(compare_);
  lookup_row->addWidget(lookup_);
  lookup_row->addWidget(find);
  layout->addLayout(lookup_row);

  jobs_ = new QTableWidget(0, 7, right);
  jobs_->setObjectName("training.jobs");
  jobs_->setHorizontalHeaderLabels({tr("Job id"), tr("Status"), tr("Method"), tr("Dataset"), tr("Base model"), tr("Progress"),
                                    tr("Created")});
  jobs_->verticalHeader()->hide();
  jobs_->setSelectionBehavior(QAbstractItemView::SelectRows);
  jobs_->setSelectionMode(QAbstractItemView::ExtendedSelection);  // several, to compare them
  jobs_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  jobs_->horizontalHeader()->setStretchLastSection(true);
  jobs_->setMaximumHeight(170);
  connect(jobs_, &QTableWidget::cellClicked, this, [this](int row, int) {
    if (jobs_->selectionModel()->selectedRows().size() <= 1) show_job(jobs_->item(row, kJobIdColumn)->text());
  });
  connect(jobs_, &QTableWidget::itemSelectionChanged, this, [this] {
    compare_->setEnabled(jobs_->selectionModel()->selectedRows().size() >= 2);
  });
  layout->addWidget(jobs_);
  downloads_ = new DownloadsPanel(context_, right);
  connect(downloads_, &DownloadsPanel::message, this, &TrainingTab::say);
  layout->addWidget(downloads_);

  auto* job_row = new QHBoxLayout;
  job_title_ = new QLabel(tr("No job shown."), right);
  job_title_->setObjectName("training.job_title");
  job_title_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  job_row->addWidget(job_title_, 1);
  stop_ = new QPushButton(tr("Stop"), right);
  stop_->setObjectName("training.stop");
  stop_->setToolTip(tr("Stops after the current step and keeps a checkpoint to resume from."));
  connect(stop_, &QPushButton::clicked, this, &TrainingTab::stop);
  resume_ = new QPushButton(tr("Resume"), right);
  resume_->setObjectName("training.resume");
  connect(resume_, &QPushButton::clicked, this, &TrainingTab::resume);
  export_ = new QPushButton(tr("Export…"), right);
  export_->setObjectName("training.export");
  export_->setToolTip(tr("Write the result out: the adapter as it is, or merged into the base model as a complete model."));
  connect(export_, &QPushButton::clicked, this, &TrainingTab::export_shown);
  evaluate_ = new QPushButton(tr("Evaluate…"), right);
  evaluate_->setObjectName("training.evaluate");
  evaluate_->setToolTip(tr("Compare the result with its base model: both answer the held-out rows (or a file), side by side."));
  connect(evaluate_, &QPushButton::clicked, this, &TrainingTab::evaluate_shown);
  job_row->addWidget(stop_);
  job_row->addWidget(resume_);
  job_row->addWidget(evaluate_);
  job_row->addWidget(export_);
  layout->addLayout(job_row);
  progress_ = new QProgressBar(right);
  progress_->setObjectName("training.progress");
  progress_->setRange(0, 1);
  progress_->setValue(0);
  layout->addWidget(progress_);
  progress_text_ = new QLabel(right);
  progress_text_->setObjectName("training.progress_text");
  layout->addWidget(progress_text_);
  charts_ = new TrainingCharts(right);
  layout->addWidget(charts_, 2);
  log_ = new QPlainTextEdit(right);
  log_->setObjectName("training.log");
  log_->setReadOnly(true);
  log_->setMaximumBlockCount(5000);
  log_->setFont(QFont("monospace", 9));
  layout->addWidget(log_, 1);
  message_ = new QLabel(right);
  message_->setObjectName("training.message");
  message_->setWordWrap(true);
  layout->addWidget(message_);

  splitter->setSizes({380, 900});
  auto* outer = new QVBoxLayout(this);
  outer->addWidget(splitter);

  services::JobRunner& runner = context_.runner();
  connect(&runner, &services::JobRunner::jobStarted, this, [this](const QString& id) {
    refresh_jobs();
    if (id == shown_id_) say(tr("Job %1 is running.").arg(id));  // no longer "queued"
  });
  connect(&runner, &services::JobRunner::jobProgress, this, [this](const QString& id, const QJsonObject& metrics) {
    const auto job = visible(id);
    if (job) show_step_cell(*job);  // every running job's row, shown or not
    if (id != shown_id_) return;
    charts_->add(metrics);
    if (job) show_progress(*job);
  });
  connect(&runner, &services::JobRunner::jobLog, this, [this](const QString& id, const QString& line) {
    if (id == shown_id_) log_->appendPlainText(line);
  });
  connect(&runner, &services::JobRunner::jobFinished, this, [this](const QString& id, const QString& status, const QString& error) {
    refresh_jobs();
    if (id == shown_id_) {
      const auto job = visible(id);
      if (job) show_progress(*job);
      if (!error.isEmpty()) say(tr("Job %1 failed: %2").arg(id, job ? error_text(job->error_kind, job->error_args, error) : error));
      else say(tr("Job %1 %2.").arg(id, status_title(*services::parse_status(status))));
    }
    Q_EMIT job_finished(id, status);
  });
  refresh_jobs();
  downloads_->refresh();
  update_buttons();
}

void TrainingTab::say(const QString& text) { message_->setText(text); }

std::optional<services::Job> TrainingTab::visible(const QString& id) const {
  return context_.jobs().find_visible(id, context_.user());
}

void TrainingTab::select_dataset(const QString& path) { form_->select_dataset(path); }

QString TrainingTab::start() {
  const training::RunConfig config = form_->config();
  if (form_->dataset().isEmpty()) {
    say(tr("Choose a dataset first (convert one in the Validation tab)."));
    return {};
  }
  if (form_->base_model().isEmpty()) {
    say(tr("Choose a base model first."));
    return {};
  }
  if (const std::optional<training::MemoryCheck>& m = form_->memory_check(); m && !m->fits && config.check_memory) {
    say(m->change ? tr("This run would need about %1 of memory, more than the %2 available: use the settings that fit (%3), "
                       "or tick \"Start anyway\".")
                        .arg(QString::fromStdString(training::format_gb(m->estimate.total)),
                             QString::fromStdString(training::format_gb(m->budget.available)),
                             TrainingForm::fit_change_text(*m->change))
                  : tr("This run would need about %1 of memory, more than the %2 available, even with the smallest "
                       "settings: choose a smaller model, or tick \"Start anyway\".")
                        .arg(QString::fromStdString(training::format_gb(m->estimate.total)),
                             QString::fromStdString(training::format_gb(m->budget.available))));
    return {};
  }
  services::Job job;
  try {  // checked as the trainer will check it (services/job_submission.h)
    job = services::checked_job({context_.user().name, form_->dataset(), form_->base_model(), form_->method(),
                                 form_->model_type(), QString::fromStdString(training::run_config_to_yaml(config))});
  } catch (const std::exception& e) {
    say(tr("These settings cannot be used: %1").arg(error_text(e)));
    return {};
  }
  const services::Job stored = context_.runner().submit(job, context_.workspace().runs_dir());
  refresh_jobs();
  show_job(stored.id);
  say(tr("Job %1 queued; it starts when the device is free.").arg(stored.id));
  return stored.id;
}

void TrainingTab::stop() {
  if (shown_id_.isEmpty()) return;
  if (context_.runner().cancel(shown_id_)) say(tr("Stopping %1 after the current step…").arg(shown_id_));
  refresh_jobs();
}

void TrainingTab::resume() {
  if (shown_id_.isEmpty()) return;
  if (context_.runner().resume(shown_id_)) {
    log_->appendPlainText(tr("— resumed —"));
    say(tr("Job %1 queued again; it continues from its newest checkpoint.").arg(shown_id_));
  } else {
    say(tr("Job %1 cannot be resumed.").arg(shown_id_));
  }
  refresh_jobs();
}

void TrainingTab::compare_selected() {
  std::vector<services::Job> chosen;
  for (const QModelIndex& index : jobs_->selectionModel()->selectedRows())
    if (const auto job = visible(jobs_->item(index.row(), kJobIdColumn)->text())) chosen.push_back(*job);
  if (chosen.size() < 2) return;
  auto* dialog = new RunsCompareDialog(chosen, this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->open();
}

void TrainingTab::evaluate_shown() {
  const auto job = shown_id_.isEmpty() ? std::nullopt : visible(shown_id_);
  if (!job || !services::has_trained_model(*job)) return;
  auto* dialog = new EvaluationDialog(*job, this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->open();
}

void TrainingTab::export_shown() {
  const auto job = shown_id_.isEmpty() ? std::nullopt : visible(shown_id_);
  if (!job || !services::has_trained_model(*job)) return;
  ExportDialog dialog(*job, context_.workspace().exports_dir(), this);
  if (dialog.exec() != QDialog::Accepted) return;
  const QString folder = QDir::toNativeSeparators(dialog.folder());
  const services::ExportDone& done = dialog.done();
  if (!done.file.empty() || !done.adapter_file.empty()) {
    const auto native = [](const std::string& path) { return QDir::toNativeSeparators(QString::fromStdString(path)); };
    const QString file = native(done.file);
    QString text = done.adapter_file.empty() ? tr("Wrote %1.").arg(file)
                   : done.written != "GGUF adapter alone"
                       ? tr("Wrote the LoRA adapter %1 and its base model %2.").arg(native(done.adapter_file), file)
                   : done.file.empty() ? tr("Wrote the LoRA adapter %1 alone.").arg(native(done.adapter_file))
                                       : tr("Wrote the LoRA adapter %1 for the base model %2.").arg(native(done.adapter_file), file);
    if (!done.modelfile.empty()) text += "\n" + tr("Wrote %1 for Ollama.").arg(native(done.modelfile));
    text += "\n\n" + tr("Run it:");
    for (const std::string& command : done.commands) text += "\n  " + QString::fromStdString(command);
    for (const std::string& note : done.notes) text += "\n\n" + tr("Note: %1").arg(QString::fromStdString(note));
    say(tr("Wrote %1.").arg(done.adapter_file.empty() ? file : native(done.adapter_file)));
    QMessageBox box(QMessageBox::Information, tr("GGUF export"), text, QMessageBox::Ok, this);
    box.setObjectName("export.done");
    box.setTextInteractionFlags(Qt::TextSelectableByMouse);
    box.exec();
    return;
  }
  QString said = done.written == "merged model" ? tr("Wrote the merged model to %1.").arg(folder)
                 : done.written == "model"      ? tr("Wrote the model to %1.").arg(folder)
                                                    : tr("Wrote the adapter to %1.").arg(folder);
  if (dialog.add_to_base_models() && form_->add_model_folder(dialog.folder())) said += ' ' + message_->text();  // "Added …"
  say(said);
}

void TrainingTab::refresh_jobs() {
  const std::vector<services::Job> jobs = context_.jobs().list_visible(context_.user());
  jobs_->setRowCount(static_cast<int>(jobs.size()));
  for (int row = 0; row < static_cast<int>(jobs.size()); ++row) {
    const services::Job& j = jobs[static_cast<std::size_t>(row)];
    const QStringList cells = {j.id,
                               status_title(j.status),
                               j.method,
                               QFileInfo(j.dataset).fileName(),
                               QFileInfo(j.base_model).fileName(),
                               step_cell_text(j),
                               QLocale().toString(j.created.toLocalTime(), QLocale::ShortFormat)};
    for (int c = 0; c < cells.size(); ++c) {
      auto* item = new QTableWidgetItem(cells[c]);
      if (c == 1) item->setForeground(status_color(j.status));
      jobs_->setItem(row, c, item);
    }
    if (j.id == shown_id_) jobs_->selectRow(row);
  }
  jobs_->resizeColumnsToContents();
  if (const auto job = shown_id_.isEmpty() ? std::nullopt : visible(shown_id_)) show_progress(*job);
  update_buttons();
}

QString TrainingTab::step_cell_text(const services::Job& job) {
  return job.total_steps ? QString("%1/%2").arg(job.step).arg(job.total_steps) : QString();
}

void TrainingTab::show_step_cell(const services::Job& job) {
  for (int row = 0; row < jobs_->rowCount(); ++row)
    if (jobs_->item(row, kJobIdColumn)->text() == job.id) {
      const bool widen = jobs_->item(row, kStepColumn)->text().isEmpty();
      jobs_->item(row, kStepColumn)->setText(step_cell_text(job));
      if (widen) jobs_->resizeColumnToContents(kStepColumn);  // once, not at every step
      return;
    }
}

bool TrainingTab::show_job(const QString& id) {
  const std::optional<services::Job> job = visible(id);
  if (!job) return false;
  shown_id_ = job->id;
  charts_->clear();
  log_->clear();
  // The history so far from the run folder; later steps arrive live.
  QFile metrics(job->output + "/metrics.jsonl");
  if (metrics.open(QIODevice::ReadOnly))
    while (!metrics.atEnd()) {
      const QJsonDocument doc = QJsonDocument::fromJson(metrics.readLine());
      if (doc.isObject()) charts_->add(doc.object());
    }
  QFile log(job->output + "/train.log");
  if (log.open(QIODevice::ReadOnly)) log_->setPlainText(QString::fromUtf8(log.readAll()));
  if (!job->error.isEmpty()) log_->appendPlainText(tr("error: %1").arg(error_text(job->error_kind, job->error_args, job->error)));
  for (int row = 0; row < jobs_->rowCount(); ++row)
    if (jobs_->item(row, kJobIdColumn)->text() == shown_id_) jobs_->selectRow(row);
  show_progress(*job);
  update_buttons();
  return true;
}

void TrainingTab::show_progress(const services::Job& job) {
  job_title_->setText(tr("<b>%1</b> · %2 · %3 on %4 · %5")
                          .arg(job.id, status_title(job.status), job.method, QFileInfo(job.dataset).fileName(),
                               QFileInfo(job.base_model).fileName()));
  progress_->setRange(0, static_cast<int>(std::max<qint64>(job.total_steps, 1)));
  progress_->setValue(static_cast<int>(job.status == services::JobStatus::completed ? std::max<qint64>(job.total_steps, 1) : job.step));
  QString text;
  if (services::is_augmentation(job)) {  // its steps are source rows (services/dataset_augmentation.h)
    if (job.total_steps) text = tr("row %1 of %2").arg(job.step).arg(job.total_steps);
    text += " · " + tr("%n candidate(s)", nullptr, job.metrics.value("candidates").toInt());
    if (job.status == services::JobStatus::completed || job.status == services::JobStatus::cancelled)
      text += " · " + tr("review them in the Data tab (Augment…)");
    progress_text_->setText(text);
    update_buttons();
    return;
  }
  if (job.total_steps) text = tr("step %1 of %2").arg(job.step).arg(job.total_steps);
  const QJsonObject& m = job.metrics;
  if (job.status == services::JobStatus::running && job.step > 0)
    text += " · " + tr("about %1 left").arg(QString::fromStdString(training::format_duration(job.eta_s)));
  if (m.contains("tokens_per_s")) text += " · " + tr("%1 tokens/s").arg(m.value("tokens_per_s").toDouble(), 0, 'f', 0);
  if (m.contains("loss")) text += " · " + tr("loss %1").arg(m.value("loss").toDouble(), 0, 'f', 4);
  if (job.status == services::JobStatus::completed) text += " · " + tr("result in %1").arg(job.output);
  progress_text_->setText(text);
  update_buttons();
}

void TrainingTab::update_buttons() {
  const auto job = shown_id_.isEmpty() ? std::nullopt : visible(shown_id_);
  const bool active = job && (job->status == services::JobStatus::queued || job->status == services::JobStatus::running);
  const bool resumable = job && (job->status == services::JobStatus::interrupted || job->status == services::JobStatus::cancelled);
  stop_->setEnabled(active);
  resume_->setEnabled(resumable);
  export_->setEnabled(job && services::has_trained_model(*job));
  evaluate_->setEnabled(job && services::has_trained_model(*job));
}

}  // namespace tunedesk::ui
