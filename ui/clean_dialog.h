// "Clean into a new version…" from the validation tab: the fixes of
// data/cleaning (characters, Chinese script, exact and near duplicates,
// personal data), a preview of every field they change (before and after)
// with what is left out — near-duplicates as groups, each kept as a whole,
// merged into the row the user picks, or by default left to its first row
// (and the rows answered otherwise) —, then the new version written in the workspace's
// datasets/ (services/dataset_cleaning.h). The loaded file is never changed,
// so going back is choosing it again. The browser's data page has the same
// panel (cleaning.js).
#pragma once

#include <QDialog>
#include <QFutureWatcher>

#include <memory>

#include "services/dataset_cleaning.h"
#include "ui/loaded_file.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace tunedesk::ui {

class AppContext;

class CleanDialog : public QDialog {
  Q_OBJECT

 public:
  CleanDialog(AppContext& context, std::shared_ptr<const LoadedFile> file, QWidget* parent = nullptr);

 public Q_SLOTS:
  void preview();  // in the background; the table fills when done
  void write();    // the new version; dataset_cleaned when written

 Q_SIGNALS:
  void dataset_cleaned(const QString& path);

 private:
  services::CleaningRequest request() const;
  void run(bool write);
  void show_result(const services::Cleaning& cleaning);
  // The near-duplicate groups of the last preview, each with the user's choice: keep the first
  // (and the rows answered otherwise), keep all, or merge into one line.
  void show_groups(const std::vector<data::cleaning::DuplicateGroupLines>& groups);

  AppContext& context_;
  std::shared_ptr<const LoadedFile> file_;
  QCheckBox* trim_;
  QCheckBox* collapse_;
  QCheckBox* invisible_;
  QCheckBox* duplicates_;
  QCheckBox* mask_;
  QComboBox* width_;
  QComboBox* script_;
  QDoubleSpinBox* near_;
  QLineEdit* names_;
  QLabel* summary_;
  QTableWidget* changes_;
  QTableWidget* groups_;
  std::map<std::size_t, std::size_t> group_choices_;  // by a group's first line (DatasetFixOptions::near_duplicate_keep)
  QPushButton* preview_button_;
  QPushButton* write_button_;
  struct Outcome {
    services::Cleaning cleaning;
    QString error;
  };
  QFutureWatcher<std::shared_ptr<const Outcome>> watcher_;  // shared: a cleaned dataset is not copied
};

}  // namespace tunedesk::ui
