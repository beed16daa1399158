// The desktop's tables of rows (cleaning changes and groups, augmentation
// candidates, a version's changes): made alike, and their cells, text the
// user reads (or, where asked, edits) with the whole text as a tooltip for
// what the column cuts.
#pragma once

#include <QHeaderView>
#include <QStringList>
#include <QTableWidget>
#include <QTableWidgetItem>

#include <initializer_list>

namespace tunedesk::ui {

// A table with `headers`, no row numbers, the `stretched` columns sharing the width, texts wrapped.
inline QTableWidget* row_table(const QString& object_name, const QStringList& headers, std::initializer_list<int> stretched,
                               QWidget* parent) {
  auto* table = new QTableWidget(0, static_cast<int>(headers.size()), parent);
  table->setObjectName(object_name);
  table->setHorizontalHeaderLabels(headers);
  for (const int column : stretched) table->horizontalHeader()->setSectionResizeMode(column, QHeaderView::Stretch);
  table->verticalHeader()->hide();
  table->setWordWrap(true);
  return table;
}

inline QTableWidgetItem* text_cell(const QString& text, bool editable = false) {
  auto* it = new QTableWidgetItem(text);
  if (!editable) it->setFlags(it->flags() & ~Qt::ItemIsEditable);
  it->setToolTip(text);
  return it;
}

}  // namespace tunedesk::ui
