// "Augment with a model…" from the validation tab: a model the user picks
// (a base model or a finished fine-tuning) writes candidate rows for the file
// shown — paraphrases of its questions, or new question/answer pairs from its
// answers — as a job in the queue (progress, stop), then a review table:
// each candidate kept or not, its question and answer editable, all kept or
// none at once, and the kept ones written with the file's rows into a new
// version (services/dataset_augmentation.h), marked generated. The file
// itself never changes. Opening the dialog again shows the file's latest
// augmentation, running or done. The browser's data page has the same panel
// (augment.js).
#pragma once

#include <QDialog>
#include <QJsonObject>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

#include "services/dataset_augmentation.h"
#include "ui/loaded_file.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace tunedesk::ui {

class AppContext;

class AugmentDialog : public QDialog {
  Q_OBJECT

 public:
  // `model_type`: the instruction of rows without one and the prompts' type (the validation tab's choice).
  AugmentDialog(AppContext& context, std::shared_ptr<const LoadedFile> file, const QString& model_type,
                QWidget* parent = nullptr);

 public Q_SLOTS:
  void start();       // queues the job
  void stop();        // the running job stops after its current generation; what it made can be reviewed
  void keep_all(bool keep);
  void write();       // the new version with the kept candidates; dataset_written when written

 Q_SIGNALS:
  void dataset_written(const QString& path);

 private:
  void show_job(const services::Job& job);  // progress, then the candidates when it is done
  void show_candidates(const services::Job& job);
  std::vector<services::AcceptedCandidate> kept() const;
  void update_counts();

  AppContext& context_;
  std::shared_ptr<const LoadedFile> file_;
  QString model_type_;
  QString job_id_;  // the augmentation shown
  bool job_stopped_ = false;  // its candidates are what it made before Stop
  std::vector<services::Candidate> candidates_;
  QComboBox* model_;
  QComboBox* kind_;
  QPlainTextEdit* prompt_;  // the template for the kind and model type, editable for this job
  QString builtin_prompt_;  // as resources/augmentation.yaml has it: sent only when edited
  QSpinBox* per_row_;
  QSpinBox* limit_;
  QDoubleSpinBox* temperature_;
  QPushButton* start_button_;
  QPushButton* stop_button_;
  QProgressBar* progress_;
  QLabel* status_;
  QTableWidget* review_;
  QPushButton* keep_all_button_;
  QPushButton* keep_none_button_;
  QPushButton* write_button_;
};

}  // namespace tunedesk::ui
