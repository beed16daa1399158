// Did it get better? For a finished job: the base model and the fine-tuned
// one answer the rows the run held out (or a file the person picks), greedily,
// off the UI thread, with progress and Cancel; then a table of question,
// expected answer, both answers and per-row ROUGE-L (sortable, by the change
// too), totals and the share of exact answers for both, and export as CSV or
// JSONL. The result is kept with the run (evaluation.json), so the dialog
// opens on the last one.
#pragma once

#include <QDialog>
#include <QFutureWatcher>
#include <QString>

#include <atomic>
#include <memory>

#include "services/job_store.h"

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QTableWidget;

namespace tunedesk::training {
struct Evaluation;
}

namespace tunedesk::ui {

class EvaluationDialog : public QDialog {
  Q_OBJECT

 public:
  explicit EvaluationDialog(const services::Job& job, QWidget* parent = nullptr);
  ~EvaluationDialog() override;

 public Q_SLOTS:
  void start();   // both models answer; the table follows
  void cancel();  // stops between answers
  void reject() override;  // cancels first when it runs

 private:
  struct Result {
    std::string json;  // evaluation.json's text
    QString error;
  };
  void show_evaluation(const training::Evaluation& e);
  void export_table(const QString& suffix);
  void set_running(bool running);

  services::Job job_;
  QRadioButton* held_out_;
  QRadioButton* from_file_;
  QLineEdit* file_;
  QSpinBox* max_tokens_;
  QPushButton* start_;
  QPushButton* cancel_;
  QProgressBar* progress_;
  QLabel* totals_;
  QTableWidget* table_;
  QPushButton* export_csv_;
  QPushButton* export_jsonl_;
  QLabel* message_;
  std::unique_ptr<training::Evaluation> shown_;
  std::shared_ptr<std::atomic<bool>> cancel_flag_;
  QFutureWatcher<Result> watcher_;
};

}  // namespace tunedesk::ui
