// 校验 / Validation: the report of the loaded file — whether it passed, rule
// counts by severity, every finding (double-click jumps to its row in the
// data tab), histograms of question and answer lengths, the statistics —
// and conversion to training JSONL with the model type's instruction and
// the fix-ups the user asks for. Conversion writes a new dataset in the
// workspace; the upload is never touched.
#pragma once

#include <QFutureWatcher>
#include <QWidget>

#include <memory>
#include <utility>

#include "ui/loaded_file.h"

class QCheckBox;
class QChartView;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace tunedesk::ui {

class AppContext;

class ValidationTab : public QWidget {
  Q_OBJECT

 public:
  explicit ValidationTab(AppContext& context, QWidget* parent = nullptr);

 public Q_SLOTS:
  void show_file(std::shared_ptr<const LoadedFile> file);
  void convert();
  void clean();    // the cleaning dialog for the file shown (clean_dialog.h)
  void augment();  // the augmentation dialog for the file shown (augment_dialog.h)
  void show_versions();  // what changed from the file it was made from (version_diff_dialog.h)

 Q_SIGNALS:
  void go_to_line(qulonglong line);
  void dataset_converted(const QString& path);
  void open_requested(const QString& path);  // a file to open in the Data tab (a version's source)
  void version_written(const QString& path);  // a new version from the cleaning or augmentation dialog

 private:
  void show_histogram();

  AppContext& context_;
  std::shared_ptr<const LoadedFile> file_;
  QLabel* verdict_;
  QLabel* details_;
  QTableWidget* rules_;
  QTableWidget* findings_;
  QChartView* histogram_;
  QLabel* stats_;
  QComboBox* model_type_;
  QDoubleSpinBox* val_ratio_;
  QCheckBox* trim_;
  QCheckBox* dedupe_;
  QLineEdit* output_name_;
  QPushButton* convert_button_;
  QPushButton* clean_button_;
  QPushButton* augment_button_;
  QPushButton* versions_button_;
  QLabel* convert_result_;
  QFutureWatcher<std::pair<QString, QString>> convert_watcher_;  // {the file written or empty, the message}
};

// "text", "result" … a rule id as the user reads it, in their language.
QString rule_title(std::string_view rule);

}  // namespace tunedesk::ui
