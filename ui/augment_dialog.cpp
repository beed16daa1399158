#include "ui/augment_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include "services/job_submission.h"
#include "ui/app_context.h"
#include "ui/error_text.h"
#include "ui/table_cells.h"

namespace tunedesk::ui {
namespace {

enum Column { kKeep, kLine, kQuestion, kAnswer };

}  // namespace

AugmentDialog::AugmentDialog(AppContext& context, std::shared_ptr<const LoadedFile> file, const QString& model_type,
                             QWidget* parent)
    : QDialog(parent), context_(context), file_(std::move(file)), model_type_(model_type) {
  setWindowTitle(tr("Augment %1 with a model").arg(QFileInfo(file_->path).fileName()));
  resize(960, 660);
  auto* layout = new QVBoxLayout(this);
  auto* form = new QFormLayout;
  model_ = new QComboBox(this);
  model_->setObjectName("augment.model");
  for (const services::BaseModel& m : context_.models().list(context_.user().name))
    model_->addItem(tr("%1 (base model)").arg(m.name), m.path);
  for (const services::Job& job : context_.jobs().list_visible(context_.user()))
    if (services::has_trained_model(job))
      model_->addItem(tr("%1: %2 on %3").arg(job.id, job.method, QFileInfo(job.dataset).fileName()), job.output);
  model_->setToolTip(tr("The model that writes the candidates: a base model, or one you fine-tuned"));
  form->addRow(tr("Model:"), model_);
  kind_ = new QComboBox(this);
  kind_->setObjectName("augment.kind");
  kind_->addItem(tr("Paraphrases of each question (the answer kept)"), "paraphrase");
  kind_->addItem(tr("New question/answer pairs from each answer"), "pairs");
  form->addRow(tr("Write:"), kind_);
  prompt_ = new QPlainTextEdit(this);
  prompt_->setObjectName("augment.prompt");
  prompt_->setFixedHeight(90);
  prompt_->setToolTip(tr("What the model is asked for each row: {question} is the row's question, {answer} its answer. "
                         "Edit it for this job; the templates are in resources/augmentation.yaml"));
  form->addRow(tr("Prompt:"), prompt_);
  const auto show_template = [this] {
    const auto kind = data::parse_augmentation_kind(kind_->currentData().toString().toStdString());
    builtin_prompt_ = QString::fromStdString(data::AugmentationPrompts::load().template_for(*kind, model_type_.toStdString())).trimmed();
    prompt_->setPlainText(builtin_prompt_);
  };
  show_template();
  connect(kind_, &QComboBox::currentIndexChanged, this, show_template);
  auto* numbers = new QHBoxLayout;
  per_row_ = new QSpinBox(this);
  per_row_->setObjectName("augment.per_row");
  per_row_->setRange(1, static_cast<int>(data::AugmentationRequest::kMaxPerRow));
  per_row_->setValue(2);
  numbers->addWidget(new QLabel(tr("Per row:"), this));
  numbers->addWidget(per_row_);
  limit_ = new QSpinBox(this);
  limit_->setObjectName("augment.limit");
  limit_->setRange(0, 1000000);
  limit_->setSpecialValueText(tr("all"));
  limit_->setToolTip(tr("Only the first rows without errors (all: every one)"));
  numbers->addWidget(new QLabel(tr("Rows:"), this));
  numbers->addWidget(limit_);
  temperature_ = new QDoubleSpinBox(this);
  temperature_->setObjectName("augment.temperature");
  temperature_->setRange(0.05, 2.0);
  temperature_->setSingleStep(0.05);
  temperature_->setValue(data::AugmentationRequest().temperature);
  temperature_->setToolTip(tr("Higher: more varied candidates, and more of them unusable"));
  numbers->addWidget(new QLabel(tr("Temperature:"), this));
  numbers->addWidget(temperature_);
  numbers->addStretch(1);
  start_button_ = new QPushButton(tr("Start"), this);
  start_button_->setObjectName("augment.start");
  stop_button_ = new QPushButton(tr("Stop"), this);
  stop_button_->setObjectName("augment.stop");
  stop_button_->setEnabled(false);
  numbers->addWidget(start_button_);
  numbers->addWidget(stop_button_);
  form->addRow(numbers);
  layout->addLayout(form);

  progress_ = new QProgressBar(this);
  progress_->setObjectName("augment.progress");
  progress_->setRange(0, 1);
  progress_->setValue(0);
  layout->addWidget(progress_);
  status_ = new QLabel(tr("The candidates are not added to your data: you review them first."), this);
  status_->setObjectName("augment.status");
  status_->setWordWrap(true);
  layout->addWidget(status_);

  review_ = row_table("augment.review", {tr("Keep"), tr("From line"), tr("Question"), tr("Answer")}, {kQuestion, kAnswer}, this);
  layout->addWidget(review_, 1);
  connect(review_, &QTableWidget::itemChanged, this, [this] { update_counts(); });

  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  keep_all_button_ = buttons->addButton(tr("Keep all"), QDialogButtonBox::ActionRole);
  keep_all_button_->setObjectName("augment.keep_all");
  keep_none_button_ = buttons->addButton(tr("Keep none"), QDialogButtonBox::ActionRole);
  keep_none_button_->setObjectName("augment.keep_none");
  write_button_ = buttons->addButton(tr("Write the new version"), QDialogButtonBox::ApplyRole);
  write_button_->setObjectName("augment.write");
  write_button_->setEnabled(false);
  connect(keep_all_button_, &QPushButton::clicked, this, [this] { keep_all(true); });
  connect(keep_none_button_, &QPushButton::clicked, this, [this] { keep_all(false); });
  connect(write_button_, &QPushButton::clicked, this, &AugmentDialog::write);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(buttons);
  connect(start_button_, &QPushButton::clicked, this, &AugmentDialog::start);
  connect(stop_button_, &QPushButton::clicked, this, &AugmentDialog::stop);

  // The job's progress and end, from the runner (queued into this thread).
  const auto refresh = [this](const QString& id) {
    if (id != job_id_) return;
    if (const auto job = context_.jobs().find_visible(id, context_.user())) show_job(*job);
  };
  connect(&context_.runner(), &services::JobRunner::jobStarted, this, refresh);
  connect(&context_.runner(), &services::JobRunner::jobProgress, this, [refresh](const QString& id, const QJsonObject&) { refresh(id); });
  connect(&context_.runner(), &services::JobRunner::jobFinished, this,
          [refresh](const QString& id, const QString&, const QString&) { refresh(id); });

  // The file's latest augmentation, if any: still running, or waiting for its review.
  const QString dataset = QFileInfo(file_->path).absoluteFilePath();
  for (const services::Job& job : context_.jobs().list_visible(context_.user()))  // newest first
    if (services::is_augmentation(job) && job.dataset == dataset) {
      job_id_ = job.id;
      show_job(job);
      break;
    }
}

void AugmentDialog::start() {
  if (model_->count() == 0) {
    status_->setText(tr("No model to write with: add a base model in the Models tab first."));
    return;
  }
  services::AugmentationJobRequest request;
  request.owner = context_.user().name;
  request.dataset = file_->path;
  request.model = model_->currentData().toString();
  data::AugmentationRequest& o = request.options;
  o.kind = *data::parse_augmentation_kind(kind_->currentData().toString().toStdString());
  o.per_row = static_cast<std::size_t>(per_row_->value());
  if (limit_->value() > 0) o.limit = static_cast<std::size_t>(limit_->value());
  o.temperature = temperature_->value();
  o.model_type = model_type_.toStdString();
  if (const QString prompt = prompt_->toPlainText().trimmed(); prompt != builtin_prompt_) o.prompt_template = prompt.toStdString();
  try {
    const services::Job job = context_.runner().submit(services::checked_augmentation_job(request),
                                                       context_.workspace().runs_dir());
    job_id_ = job.id;
    candidates_.clear();
    review_->setRowCount(0);
    show_job(job);
  } catch (const std::exception& e) {
    status_->setText(tr("Cannot start: %1").arg(error_text(e)));
  }
}

void AugmentDialog::stop() {
  if (!job_id_.isEmpty()) context_.runner().cancel(job_id_);
}

void AugmentDialog::show_job(const services::Job& job) {
  const bool active = job.status == services::JobStatus::queued || job.status == services::JobStatus::running;
  start_button_->setEnabled(!active);
  stop_button_->setEnabled(active);
  progress_->setRange(0, static_cast<int>(std::max<qint64>(job.total_steps, 1)));
  progress_->setValue(static_cast<int>(job.status == services::JobStatus::completed ? std::max<qint64>(job.total_steps, 1) : job.step));
  const int made = job.metrics.value("candidates").toInt();
  switch (job.status) {
    case services::JobStatus::queued:
      status_->setText(tr("Job %1 is waiting for the job ahead of it in the queue.").arg(job.id));
      break;
    case services::JobStatus::running:
      status_->setText(job.total_steps ? tr("Job %1: row %2 of %3, %n candidate(s) so far.", nullptr, made)
                                             .arg(job.id).arg(job.step).arg(job.total_steps)
                                       : tr("Job %1: opening the model…").arg(job.id));
      break;
    case services::JobStatus::failed:
      status_->setText(tr("Job %1 failed: %2").arg(job.id, error_text(job.error_kind, job.error_args, job.error)));
      break;
    case services::JobStatus::interrupted:
      status_->setText(tr("Job %1 was interrupted when TuneDesk closed; start again.").arg(job.id));
      break;
    case services::JobStatus::completed:
    case services::JobStatus::cancelled:
      show_candidates(job);
      break;
  }
}

void AugmentDialog::show_candidates(const services::Job& job) {
  try {
    candidates_ = services::read_candidates(job);
  } catch (const std::exception& e) {
    status_->setText(tr("The candidates of job %1 cannot be read: %2").arg(job.id, error_text(e)));
    return;
  }
  job_stopped_ = job.status == services::JobStatus::cancelled;
  const QSignalBlocker quiet(review_);
  review_->setRowCount(static_cast<int>(candidates_.size()));
  for (int i = 0; i < review_->rowCount(); ++i) {
    const services::Candidate& c = candidates_[static_cast<std::size_t>(i)];
    auto* keep = new QTableWidgetItem;
    keep->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    keep->setCheckState(Qt::Checked);
    review_->setItem(i, kKeep, keep);
    review_->setItem(i, kLine, text_cell(QString::number(c.from_line), false));
    review_->setItem(i, kQuestion, text_cell(c.question, true));
    review_->setItem(i, kAnswer, text_cell(c.answer, true));
  }
  review_->resizeColumnToContents(kKeep);
  review_->resizeColumnToContents(kLine);
  update_counts();
}

std::vector<services::AcceptedCandidate> AugmentDialog::kept() const {
  std::vector<services::AcceptedCandidate> out;
  for (int i = 0; i < review_->rowCount(); ++i) {
    if (review_->item(i, kKeep)->checkState() != Qt::Checked) continue;
    const services::Candidate& c = candidates_[static_cast<std::size_t>(i)];
    services::AcceptedCandidate a{c.index, std::nullopt, std::nullopt};
    if (const QString q = review_->item(i, kQuestion)->text(); q != c.question) a.question = q;
    if (const QString answer = review_->item(i, kAnswer)->text(); answer != c.answer) a.answer = answer;
    out.push_back(std::move(a));
  }
  return out;
}

void AugmentDialog::keep_all(bool keep) {
  const QSignalBlocker quiet(review_);
  for (int i = 0; i < review_->rowCount(); ++i) review_->item(i, kKeep)->setCheckState(keep ? Qt::Checked : Qt::Unchecked);
  update_counts();
}

void AugmentDialog::update_counts() {
  std::size_t edited = 0;
  const std::vector<services::AcceptedCandidate> keep = kept();
  for (const services::AcceptedCandidate& a : keep) edited += a.question || a.answer ? 1 : 0;
  const QString how = job_stopped_ ? tr("Job %1 was stopped; ").arg(job_id_) : tr("Job %1 is done; ").arg(job_id_);
  status_->setText(how + tr("%n candidate(s) to review: ", nullptr, static_cast<int>(candidates_.size())) +
                   tr("%n kept", nullptr, static_cast<int>(keep.size())) + tr(" (%n edited). ", nullptr, static_cast<int>(edited)) +
                   tr("Untick what is wrong, correct what is almost right, then write the new version."));
  write_button_->setEnabled(!candidates_.empty());
}

void AugmentDialog::write() {
  const auto job = context_.jobs().find_visible(job_id_, context_.user());
  if (!job) return;
  try {
    const services::AugmentedVersion done = services::accept_candidates(*job, kept(), context_.workspace().datasets_dir());
    status_->setText(tr("Wrote %1: %2 row(s) of %3 and %n generated row(s); %3 stays as it was.", nullptr,
                        static_cast<int>(done.generated_rows))
                         .arg(QFileInfo(done.path).fileName())
                         .arg(done.source_rows)
                         .arg(QFileInfo(file_->path).fileName()));
    Q_EMIT dataset_written(done.path);
  } catch (const std::exception& e) {
    status_->setText(tr("Writing failed: %1").arg(error_text(e)));
  }
}

}  // namespace tunedesk::ui
