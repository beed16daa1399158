#include "ui/evaluation_dialog.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <nlohmann/json.hpp>

#include "services/engine_bridge.h"
#include "training/evaluation.h"
#include "ui/error_text.h"
#include "ui/loaded_file.h"
#include "util/file_io.h"

namespace tunedesk::ui {
namespace {

enum Column { kLine, kQuestion, kExpected, kBase, kTuned, kBaseScore, kTunedScore, kChange, kColumns };

// A number cell that sorts as a number.
QTableWidgetItem* number_item(double value, int decimals) {
  auto* item = new QTableWidgetItem;
  item->setData(Qt::DisplayRole, QString::number(value, 'f', decimals).toDouble());
  item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
  return item;
}

QTableWidgetItem* text_item(const std::string& text, bool exact = false) {
  auto* item = new QTableWidgetItem(QString::fromStdString(text).simplified());
  item->setToolTip(QString::fromStdString(text));
  if (exact) item->setForeground(QColor(27, 94, 32));
  return item;
}

}  // namespace

EvaluationDialog::EvaluationDialog(const services::Job& job, QWidget* parent) : QDialog(parent), job_(job) {
  setObjectName("evaluation.dialog");
  setWindowTitle(tr("Evaluate job %1 against its base model").arg(job.id));
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(new QLabel(tr("The base model and the fine-tuned one answer the same questions (greedy); "
                                  "each answer is scored against the expected one (ROUGE-L and BLEU-4 over characters)."),
                               this));
  auto* rows = new QHBoxLayout;
  held_out_ = new QRadioButton(tr("The rows the run held out"), this);
  held_out_->setObjectName("evaluation.held_out");
  held_out_->setChecked(true);
  from_file_ = new QRadioButton(tr("A file:"), this);
  from_file_->setObjectName("evaluation.from_file");
  file_ = new QLineEdit(this);
  file_->setObjectName("evaluation.file");
  file_->setPlaceholderText(tr("CSV, Excel or JSONL with the run's columns"));
  auto* browse = new QPushButton(tr("Browse…"), this);
  connect(browse, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("Rows to evaluate on"), QFileInfo(job_.dataset).absolutePath(),
                                                      tr("Datasets (%1)").arg(dataset_name_filters()));
    if (path.isEmpty()) return;
    file_->setText(QDir::toNativeSeparators(path));
    from_file_->setChecked(true);
  });
  rows->addWidget(held_out_);
  rows->addWidget(from_file_);
  rows->addWidget(file_, 1);
  rows->addWidget(browse);
  layout->addLayout(rows);

  auto* run_row = new QHBoxLayout;
  run_row->addWidget(new QLabel(tr("Longest answer:"), this));
  max_tokens_ = new QSpinBox(this);
  max_tokens_->setRange(1, 4096);
  max_tokens_->setValue(128);
  max_tokens_->setSuffix(tr(" tokens"));
  run_row->addWidget(max_tokens_);
  start_ = new QPushButton(tr("Evaluate"), this);
  start_->setObjectName("evaluation.start");
  start_->setDefault(true);
  cancel_ = new QPushButton(tr("Cancel"), this);
  cancel_->setObjectName("evaluation.cancel");
  cancel_->setEnabled(false);
  progress_ = new QProgressBar(this);
  progress_->setObjectName("evaluation.progress");
  progress_->setFormat(tr("%v of %m answers"));
  progress_->setValue(0);
  run_row->addWidget(start_);
  run_row->addWidget(cancel_);
  run_row->addWidget(progress_, 1);
  layout->addLayout(run_row);

  totals_ = new QLabel(this);
  totals_->setObjectName("evaluation.totals");
  totals_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  layout->addWidget(totals_);
  table_ = new QTableWidget(0, kColumns, this);
  table_->setObjectName("evaluation.table");
  table_->setHorizontalHeaderLabels({tr("Line"), tr("Question"), tr("Expected"), tr("Base model"), tr("Fine-tuned"),
                                     tr("Base ROUGE-L"), tr("Tuned ROUGE-L"), tr("Change")});
  table_->verticalHeader()->hide();
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setWordWrap(false);
  for (int c : {kQuestion, kExpected, kBase, kTuned}) table_->horizontalHeader()->setSectionResizeMode(c, QHeaderView::Stretch);
  for (int c : {kLine, kBaseScore, kTunedScore, kChange}) table_->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
  layout->addWidget(table_, 1);

  auto* bottom = new QHBoxLayout;
  message_ = new QLabel(this);
  message_->setObjectName("evaluation.message");
  message_->setWordWrap(true);
  bottom->addWidget(message_, 1);
  export_csv_ = new QPushButton(tr("Export CSV…"), this);
  export_csv_->setObjectName("evaluation.export_csv");
  export_jsonl_ = new QPushButton(tr("Export JSONL…"), this);
  auto* close = new QPushButton(tr("Close"), this);
  bottom->addWidget(export_csv_);
  bottom->addWidget(export_jsonl_);
  bottom->addWidget(close);
  layout->addLayout(bottom);
  export_csv_->setEnabled(false);
  export_jsonl_->setEnabled(false);

  connect(start_, &QPushButton::clicked, this, &EvaluationDialog::start);
  connect(cancel_, &QPushButton::clicked, this, &EvaluationDialog::cancel);
  connect(close, &QPushButton::clicked, this, &EvaluationDialog::reject);
  connect(export_csv_, &QPushButton::clicked, this, [this] { export_table("csv"); });
  connect(export_jsonl_, &QPushButton::clicked, this, [this] { export_table("jsonl"); });
  connect(&watcher_, &QFutureWatcher<Result>::finished, this, [this] {
    const Result r = watcher_.result();
    const bool cancelled = cancel_flag_ && cancel_flag_->load();
    set_running(false);
    if (cancelled) {
      message_->setText(tr("Cancelled; the last evaluation is kept."));
      return;
    }
    if (!r.error.isEmpty()) {
      message_->setText(tr("Cannot evaluate: %1").arg(r.error));
      return;
    }
    show_evaluation(training::evaluation_from_json(nlohmann::json::parse(r.json)));
    message_->setText(tr("Kept with the run: %1").arg(QDir::toNativeSeparators(
        QString::fromStdString(training::evaluation_file(job_.output.toStdString()).string()))));
  });

  // The last evaluation of this run, if there is one.
  try {
    if (const std::optional<training::Evaluation> kept = training::load_evaluation(job_.output.toStdString())) {
      show_evaluation(*kept);
      message_->setText(tr("The last evaluation, kept with the run."));
    }
  } catch (const std::exception& e) {
    message_->setText(tr("The kept evaluation cannot be read (%1); evaluate again.").arg(QString::fromStdString(e.what())));
  }
  resize(1100, 640);
}

EvaluationDialog::~EvaluationDialog() {
  if (cancel_flag_) cancel_flag_->store(true);
  watcher_.waitForFinished();
}

void EvaluationDialog::set_running(bool running) {
  for (QWidget* w : std::initializer_list<QWidget*>{start_, held_out_, from_file_, file_, max_tokens_}) w->setEnabled(!running);
  cancel_->setEnabled(running);
  export_csv_->setEnabled(!running && shown_);
  export_jsonl_->setEnabled(!running && shown_);
}

void EvaluationDialog::start() {
  if (watcher_.isRunning()) return;
  services::EvaluationSpec spec;
  if (from_file_->isChecked()) {
    spec.data = QDir::fromNativeSeparators(file_->text().trimmed()).toStdString();
    if (spec.data.empty()) {
      message_->setText(tr("Choose the file to evaluate on."));
      return;
    }
  }
  spec.max_new_tokens = max_tokens_->value();
  cancel_flag_ = std::make_shared<std::atomic<bool>>(false);
  spec.cancel = cancel_flag_.get();
  QPointer<QProgressBar> bar = progress_;
  spec.progress = [bar](std::size_t done, std::size_t total) {
    QMetaObject::invokeMethod(bar, [bar, done, total] {
      if (!bar) return;
      bar->setRange(0, static_cast<int>(total));
      bar->setValue(static_cast<int>(done));
    }, Qt::QueuedConnection);
  };
  progress_->setRange(0, 0);  // loading the models
  set_running(true);
  message_->setText(tr("Loading the models…"));
  const std::string source = job_.output.toStdString();
  const std::shared_ptr<std::atomic<bool>> flag = cancel_flag_;  // outlives the dialog's member while the task runs
  watcher_.setFuture(QtConcurrent::run([source, spec, flag] {
    try {
      return Result{services::engine_bridge().compare_with_base(source, spec), {}};
    } catch (const std::exception& e) {
      return Result{{}, error_text(e)};
    }
  }));
}

void EvaluationDialog::cancel() {
  if (cancel_flag_) cancel_flag_->store(true);
  message_->setText(tr("Stopping after the answer being written…"));
}

void EvaluationDialog::reject() {
  if (watcher_.isRunning()) {
    cancel();
    watcher_.waitForFinished();
  }
  QDialog::reject();
}

void EvaluationDialog::show_evaluation(const training::Evaluation& e) {
  shown_ = std::make_unique<training::Evaluation>(e);
  const auto total = [&](const training::AnswerTotals& t) {
    return tr("exact %1 of %2 (%3%), ROUGE-L %4, BLEU-4 %5")
        .arg(t.exact)
        .arg(e.rows.size())
        .arg(QString::number(100.0 * t.exact_share, 'f', 0), QString::number(t.rouge_l, 'f', 1), QString::number(t.bleu_4, 'f', 1));
  };
  totals_->setText(tr("<b>%1</b> of %2 · <b>Base model</b>: %3 · <b>Fine-tuned</b>: %4")
                       .arg(e.rows_from == "file" ? tr("Rows") : tr("Held-out rows"),
                            QFileInfo(QString::fromStdString(e.data)).fileName(), total(e.base), total(e.tuned)));
  table_->setSortingEnabled(false);
  table_->setRowCount(static_cast<int>(e.rows.size()));
  for (int i = 0; i < static_cast<int>(e.rows.size()); ++i) {
    const training::EvaluatedRow& r = e.rows[static_cast<std::size_t>(i)];
    auto* line = new QTableWidgetItem;
    line->setData(Qt::DisplayRole, static_cast<qulonglong>(r.line));
    table_->setItem(i, kLine, line);
    table_->setItem(i, kQuestion, text_item(r.question));
    table_->setItem(i, kExpected, text_item(r.expected));
    table_->setItem(i, kBase, text_item(r.base, r.base_scores.exact));
    table_->setItem(i, kTuned, text_item(r.tuned, r.tuned_scores.exact));
    table_->setItem(i, kBaseScore, number_item(r.base_scores.rouge_l, 1));
    table_->setItem(i, kTunedScore, number_item(r.tuned_scores.rouge_l, 1));
    table_->setItem(i, kChange, number_item(r.tuned_scores.rouge_l - r.base_scores.rouge_l, 1));
  }
  table_->setSortingEnabled(true);
  table_->sortItems(kChange, Qt::DescendingOrder);
  set_running(false);
}

void EvaluationDialog::export_table(const QString& suffix) {
  if (!shown_) return;
  const QString suggested = QDir(QFileInfo(job_.output).absolutePath()).filePath(job_.id + "-evaluation." + suffix);
  const QString path = QFileDialog::getSaveFileName(this, tr("Export the evaluation"), suggested,
                                                    suffix == "csv" ? tr("CSV (*.csv)") : tr("JSON Lines (*.jsonl)"));
  if (path.isEmpty()) return;
  try {
    util::write_file_atomically(path.toStdString(), suffix == "csv" ? training::evaluation_csv(*shown_) : training::evaluation_jsonl(*shown_));
    message_->setText(tr("Written: %1").arg(QDir::toNativeSeparators(path)));
  } catch (const std::exception& e) {
    message_->setText(tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), error_text(e)));
  }
}

}  // namespace tunedesk::ui
