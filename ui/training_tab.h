// 训练 / Training: the settings form, start / stop / resume, the user's jobs
// with their ids and states (look one up by id), and for the job shown its
// live curves, progress with ETA and tokens/s, and log. Jobs run in the job
// runner's worker thread; this tab only listens to its queued signals.
#pragma once

#include <QJsonObject>
#include <QWidget>

#include <optional>

#include "services/job_store.h"

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace tunedesk::ui {

class AppContext;
class DownloadsPanel;
class TrainingCharts;
class TrainingForm;

class TrainingTab : public QWidget {
  Q_OBJECT

 public:
  explicit TrainingTab(AppContext& context, QWidget* parent = nullptr);

  TrainingForm& form() { return *form_; }
  TrainingCharts& charts() { return *charts_; }
  const QString& shown_job() const { return shown_id_; }

 public Q_SLOTS:
  QString start();           // submits a job from the form; returns its id (empty when refused)
  void stop();               // cancels the job shown
  void resume();             // resumes the job shown
  void export_shown();       // the export dialog for the job shown, when it has completed
  void evaluate_shown();     // base model vs fine-tuned, for the job shown when it has completed
  void compare_selected();   // the selected jobs' curves overlaid and their settings' differences
  void refresh_jobs();
  bool show_job(const QString& id);  // false when there is no such job for this user
  void select_dataset(const QString& path);

 Q_SIGNALS:
  void job_finished(const QString& id, const QString& status);

 private:
  // The jobs table's columns that are looked up by number.
  static constexpr int kJobIdColumn = 0;
  static constexpr int kStepColumn = 5;  // "step/total", or empty before the run has counted its steps

  std::optional<services::Job> visible(const QString& id) const;
  void show_progress(const services::Job& job);
  static QString step_cell_text(const services::Job& job);
  void show_step_cell(const services::Job& job);  // that job's row, when the table lists it
  void update_buttons();
  void say(const QString& text);

  AppContext& context_;
  TrainingForm* form_;
  TrainingCharts* charts_;
  QPushButton* start_;
  QPushButton* stop_;
  QPushButton* resume_;
  QPushButton* export_;
  QPushButton* evaluate_;
  QPushButton* compare_;
  QLineEdit* lookup_;
  QTableWidget* jobs_;
  DownloadsPanel* downloads_;
  QLabel* job_title_;
  QProgressBar* progress_;
  QLabel* progress_text_;
  QPlainTextEdit* log_;
  QLabel* message_;
  QString shown_id_;
};

}  // namespace tunedesk::ui
