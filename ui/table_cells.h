// Cells of the desktop's tables of rows (findings, cleaning changes, candidates, versions): text the
// user reads, not edits, with the whole text as a tooltip for what the column cuts.
#pragma once

#include <QTableWidgetItem>

namespace tunedesk::ui {

inline QTableWidgetItem* text_cell(const QString& text, bool editable = false) {
  auto* it = new QTableWidgetItem(text);
  if (!editable) it->setFlags(it->flags() & ~Qt::ItemIsEditable);
  it->setToolTip(text);
  return it;
}

}  // namespace tunedesk::ui
