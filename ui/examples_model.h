// The rows of a dataset as a table (line, instruction, input, output,
// status). Cells are made only when the view asks for them, so a file of
// 100,000 rows scrolls as smoothly as one of ten.
#pragma once

#include <QAbstractTableModel>

#include <map>
#include <memory>

#include "ui/loaded_file.h"

namespace tunedesk::ui {

class ExamplesModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column { line_column, instruction_column, input_column, output_column, status_column, column_count };

  explicit ExamplesModel(QObject* parent = nullptr);
  void set_file(std::shared_ptr<const LoadedFile> file);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

  // The row of the example that starts on `line`, or the nearest one before it; -1 when there is none.
  int row_of_line(std::size_t line) const;

 private:
  std::shared_ptr<const LoadedFile> file_;
  std::map<std::size_t, data::Severity> worst_by_line_;  // findings per line
};

}  // namespace tunedesk::ui
