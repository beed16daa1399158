// "Changes from the source…" from the validation tab: a version of a dataset
// (converted, cleaned or augmented: services/dataset_versions.h) against the
// file it was made from, row by row — changed (before and after), left out,
// added (marked when a model wrote it) — read in the background. "Open the
// source" is the undo: the earlier version, opened in the Data tab. The
// browser's report has the same box (versions.js).
#pragma once

#include <QDialog>
#include <QFutureWatcher>
#include <QString>

#include <memory>

#include <nlohmann/json.hpp>

class QLabel;
class QTableWidget;

namespace tunedesk::ui {

// How a version was made, as the UI says it: "converted", "cleaned", "augmented".
QString version_made_by_text(const QString& made_by);

class VersionDiffDialog : public QDialog {
  Q_OBJECT

 public:
  VersionDiffDialog(const QString& source, const QString& version, const QString& made_by, QWidget* parent = nullptr);

 Q_SIGNALS:
  void open_requested(const QString& path);  // the source, to use it again

 private:
  void show_diff(const nlohmann::json& diff);

  QString source_, version_;
  QLabel* summary_;
  QTableWidget* rows_;
  struct Outcome {
    nlohmann::json diff;
    QString error;
  };
  QFutureWatcher<std::shared_ptr<const Outcome>> watcher_;
};

}  // namespace tunedesk::ui
