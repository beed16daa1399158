// 数据 / Data: open a CSV or JSONL (file dialog or drag-and-drop), keep it in
// the user's workspace exactly as it was, read it with the detected (or
// chosen) encoding off the UI thread, and preview its rows. The user's
// uploads and converted datasets are listed with their state.
#pragma once

#include <QDateTime>
#include <QFutureWatcher>
#include <QHash>
#include <QWidget>

#include <memory>

#include "ui/loaded_file.h"

class QComboBox;
class QLabel;
class QTableView;
class QTreeWidget;
class QTreeWidgetItem;
class QPushButton;

namespace tunedesk::ui {

class AppContext;
class ExamplesModel;

class DataTab : public QWidget {
  Q_OBJECT

 public:
  explicit DataTab(AppContext& context, QWidget* parent = nullptr);

  const std::shared_ptr<const LoadedFile>& current() const { return current_; }
  bool busy() const;

 public Q_SLOTS:
  // A file from outside the workspace is first kept as an upload; then it is read and validated.
  void open_file(const QString& path);
  void choose_file();        // the file dialog
  void refresh_file_list();
  void select_line(qulonglong line);  // scrolls the preview to the row starting on `line`

 Q_SIGNALS:
  void file_loaded(std::shared_ptr<const LoadedFile> file);
  void clean_requested();    // "Clean…" for the file shown
  void augment_requested();  // "Augment…" for the file shown

 protected:
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  // Read + validate in the background; `sheet`: a workbook's sheet (empty: the first).
  void read(const QString& path, const QString& sheet = {});
  void show_loaded();
  void show_sheets(const data::ValidationReport& report);  // the sheet choice, for a workbook with several

  // Each listed file's verdict, checked in the background (files up to
  // kAutoCheckBytes; larger ones when opened) and kept while the file is unchanged.
  struct FileCheck {
    qint64 size = -1;
    QDateTime modified;
    bool readable = true;
    std::size_t errors = 0, warnings = 0, valid_rows = 0;
  };
  static FileCheck check_of(const LoadedFile& file);
  void check_listed_files();
  void show_checks();
  QHash<QString, FileCheck> checks_;  // by path
  QFutureWatcher<QHash<QString, FileCheck>> check_watcher_;
  bool check_again_ = false;

  AppContext& context_;
  QTreeWidget* files_;
  QTreeWidgetItem* uploads_item_;
  QTreeWidgetItem* datasets_item_;
  QPushButton* open_button_;
  QPushButton* clean_button_;
  QPushButton* augment_button_;
  QComboBox* encoding_;
  QLabel* sheet_label_;
  QComboBox* sheet_;
  QLabel* summary_;
  QTableView* table_;
  ExamplesModel* model_;
  QFutureWatcher<std::shared_ptr<const LoadedFile>> watcher_;
  std::shared_ptr<const LoadedFile> current_;
  QString reading_path_;
};

}  // namespace tunedesk::ui
