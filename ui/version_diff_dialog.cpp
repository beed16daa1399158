#include "ui/version_diff_dialog.h"

#include <QDialogButtonBox>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent>

#include "services/dataset_versions.h"
#include "ui/error_text.h"
#include "ui/table_cells.h"

namespace tunedesk::ui {
namespace {

// The changes shown; the summary counts them all.
constexpr std::size_t kRowsShown = 2000;

enum Column { kChange, kLine, kQuestion, kAnswer };

QString text_of(const nlohmann::json& j) { return QString::fromStdString(j.get<std::string>()); }


}  // namespace

QString version_made_by_text(const QString& made_by) {
  if (made_by == "clean") return VersionDiffDialog::tr("cleaned");
  if (made_by == "augment") return VersionDiffDialog::tr("augmented");
  return VersionDiffDialog::tr("converted");
}

VersionDiffDialog::VersionDiffDialog(const QString& source, const QString& version, const QString& made_by, QWidget* parent)
    : QDialog(parent), source_(source), version_(version) {
  setWindowTitle(tr("%1: changes from %2 (%3)")
                     .arg(QFileInfo(version).fileName(), QFileInfo(source).fileName(), version_made_by_text(made_by)));
  resize(960, 620);
  auto* layout = new QVBoxLayout(this);
  summary_ = new QLabel(tr("Comparing the rows…"), this);
  summary_->setObjectName("versions.summary");
  summary_->setWordWrap(true);
  layout->addWidget(summary_);
  rows_ = row_table("versions.rows", {tr("Change"), tr("Line"), tr("Question"), tr("Answer")}, {kQuestion, kAnswer}, this);
  layout->addWidget(rows_, 1);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  QPushButton* open_source = buttons->addButton(tr("Open the source (undo)"), QDialogButtonBox::ActionRole);
  open_source->setObjectName("versions.open_source");
  open_source->setToolTip(tr("%1 stays as it is; training on %2 again is the undo").arg(QFileInfo(version).fileName(),
                                                                                          QFileInfo(source).fileName()));
  connect(open_source, &QPushButton::clicked, this, [this] {
    Q_EMIT open_requested(source_);
    accept();
  });
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(buttons);

  connect(&watcher_, &QFutureWatcher<std::shared_ptr<const Outcome>>::finished, this, [this] {
    const std::shared_ptr<const Outcome> done = watcher_.result();
    if (!done->error.isEmpty()) summary_->setText(tr("The versions cannot be compared: %1").arg(done->error));
    else show_diff(done->diff);
  });
  watcher_.setFuture(QtConcurrent::run([source, version]() -> std::shared_ptr<const Outcome> {
    auto out = std::make_shared<Outcome>();
    try {
      out->diff = services::version_diff(source, version, kRowsShown);
    } catch (const std::exception& e) {
      out->error = error_text(e);
    }
    return out;
  }));
}

void VersionDiffDialog::show_diff(const nlohmann::json& d) {
  const auto n = [&](const char* key) { return static_cast<int>(d.at(key).get<std::size_t>()); };
  summary_->setText(tr("%1 rows before, %2 after: %3 the same, %4 changed, %5 left out, %6 added.")
                        .arg(n("rows_before")).arg(n("rows_after")).arg(n("same")).arg(n("changed")).arg(n("removed")).arg(n("added")) +
                    (n("entries_total") > static_cast<int>(d.at("entries").size())
                         ? " " + tr("The first %1 are listed.").arg(d.at("entries").size()) : QString()));
  const nlohmann::json& entries = d.at("entries");
  rows_->setRowCount(static_cast<int>(entries.size()));
  for (int i = 0; i < rows_->rowCount(); ++i) {
    const nlohmann::json& e = entries[static_cast<std::size_t>(i)];
    const std::string kind = e.at("kind");
    const bool generated = e.contains("after") && e["after"].value("generated", false);
    QString change = kind == "changed" ? tr("changed") : kind == "removed" ? tr("left out") : tr("added");
    if (generated) change += " · " + tr("generated");
    rows_->setItem(i, kChange, text_cell(change));
    QStringList lines;
    if (e.contains("before")) lines << QString::number(e["before"].at("line").get<std::size_t>());
    if (e.contains("after")) lines << QString::number(e["after"].at("line").get<std::size_t>());
    rows_->setItem(i, kLine, text_cell(lines.join(" → ")));
    for (const auto& [column, field] : {std::pair{kQuestion, "question"}, std::pair{kAnswer, "answer"}}) {
      QString text;
      if (kind == "changed" && e["before"].at(field) != e["after"].at(field))
        text = text_of(e["before"].at(field)) + "\n→ " + text_of(e["after"].at(field));
      else
        text = text_of((e.contains("after") ? e["after"] : e["before"]).at(field));
      rows_->setItem(i, column, text_cell(text));
    }
    const QColor tint = kind == "added" ? QColor(232, 245, 233) : kind == "removed" ? QColor(255, 235, 238) : QColor();
    if (tint.isValid())
      for (int c = 0; c < 4; ++c) rows_->item(i, c)->setBackground(tint);
  }
  rows_->resizeColumnToContents(kChange);
  rows_->resizeColumnToContents(kLine);
  rows_->resizeRowsToContents();
}

}  // namespace tunedesk::ui
