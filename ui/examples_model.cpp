#include "ui/examples_model.h"

#include <QBrush>
#include <QColor>

#include <algorithm>

namespace tunedesk::ui {
namespace {

QString text_of(std::string_view s) {
  // Long cells are cut for the table; the tooltip shows the whole text.
  constexpr std::size_t kShown = 300;
  QString text = QString::fromUtf8(s.data(), static_cast<qsizetype>(std::min(s.size(), kShown * 4)));
  if (text.size() > static_cast<qsizetype>(kShown)) text = text.left(kShown) + QChar(0x2026);
  return text.replace('\n', QChar(0x21B5));
}

}  // namespace

ExamplesModel::ExamplesModel(QObject* parent) : QAbstractTableModel(parent) {}

void ExamplesModel::set_file(std::shared_ptr<const LoadedFile> file) {
  beginResetModel();
  file_ = std::move(file);
  worst_by_line_.clear();
  if (file_)
    for (const data::Finding& f : file_->report.findings) {
      if (f.line == 0) continue;
      auto [it, added] = worst_by_line_.emplace(f.line, f.severity);
      if (!added && f.severity == data::Severity::error) it->second = data::Severity::error;
    }
  endResetModel();
}

int ExamplesModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() || !file_ ? 0 : static_cast<int>(file_->dataset.examples.size());
}

int ExamplesModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : column_count; }

QVariant ExamplesModel::data(const QModelIndex& index, int role) const {
  if (!file_ || !index.isValid()) return {};
  const data::Example& ex = file_->dataset.examples[static_cast<std::size_t>(index.row())];
  const auto status = worst_by_line_.find(ex.line);
  if (role == Qt::BackgroundRole && status != worst_by_line_.end())
    return QBrush(status->second == data::Severity::error ? QColor(255, 228, 228) : QColor(255, 246, 214));
  const auto cell = [&](int column) -> std::string_view {
    switch (column) {
      case instruction_column: return ex.system;
      case input_column: return ex.turn.user;
      case output_column: return ex.turn.assistant;
      default: return {};
    }
  };
  if (role == Qt::ToolTipRole && index.column() != line_column && index.column() != status_column) {
    const std::string_view s = cell(index.column());
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
  }
  if (role != Qt::DisplayRole) return {};
  switch (index.column()) {
    case line_column: return static_cast<qulonglong>(ex.line);
    case status_column:
      if (status == worst_by_line_.end()) return tr("OK");
      return status->second == data::Severity::error ? tr("Error") : tr("Warning");
    default: return text_of(cell(index.column()));
  }
}

QVariant ExamplesModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case line_column: return tr("Line");
    case instruction_column: return tr("Instruction");
    case input_column: return tr("Input (text)");
    case output_column: return tr("Output (result)");
    case status_column: return tr("Status");
    default: return {};
  }
}

int ExamplesModel::row_of_line(std::size_t line) const {
  if (!file_ || file_->dataset.examples.empty()) return -1;
  const auto& examples = file_->dataset.examples;
  // Examples are in file order: the last one starting on or before `line`.
  const auto it = std::upper_bound(examples.begin(), examples.end(), line,
                                   [](std::size_t l, const data::Example& ex) { return l < ex.line; });
  return it == examples.begin() ? 0 : static_cast<int>(it - examples.begin() - 1);
}

}  // namespace tunedesk::ui
