#include "ui/clean_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QHash>
#include <QSet>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent>

#include "data/cleaning/chinese_script.h"
#include "ui/app_context.h"
#include "ui/error_text.h"
#include "ui/table_cells.h"

namespace tunedesk::ui {
namespace clean = data::cleaning;

namespace {

// The changes shown in the table; the summary counts them all.
constexpr std::size_t kChangesShown = 2000;


}  // namespace

CleanDialog::CleanDialog(AppContext& context, std::shared_ptr<const LoadedFile> file, QWidget* parent)
    : QDialog(parent), context_(context), file_(std::move(file)) {
  setWindowTitle(tr("Clean %1 into a new version").arg(QFileInfo(file_->path).fileName()));
  resize(900, 620);
  auto* layout = new QVBoxLayout(this);
  auto* checks = new QHBoxLayout;
  const auto check = [&](const QString& text, const char* name) {
    auto* box = new QCheckBox(text, this);
    box->setObjectName(QString("clean.") + name);
    checks->addWidget(box);
    return box;
  };
  trim_ = check(tr("Trim white space"), "trim");
  collapse_ = check(tr("Collapse runs of spaces"), "collapse");
  invisible_ = check(tr("Remove invisible characters"), "invisible");
  duplicates_ = check(tr("Drop exact duplicates"), "duplicates");
  mask_ = check(tr("Mask personal data"), "mask");
  mask_->setToolTip(tr("ID, phone and bank card numbers, e-mail addresses, licence plates and the names below become "
                       "numbered placeholders, the same value the same everywhere ([手机号1])"));
  checks->addStretch(1);
  layout->addLayout(checks);

  auto* form = new QFormLayout;
  width_ = new QComboBox(this);
  width_->setObjectName("clean.width");
  width_->addItem(tr("as they are"), "keep");
  width_->addItem(tr("half width (ABC123)"), "half");
  width_->addItem(tr("full width (ＡＢＣ１２３)"), "full");
  form->addRow(tr("Letters and digits:"), width_);
  script_ = new QComboBox(this);
  script_->setObjectName("clean.script");
  script_->addItem(tr("as it is"), QString());
  for (const clean::ScriptConversion& c : clean::script_conversions())
    script_->addItem(QString("%1 — %2").arg(c.name, c.description), QString(c.name));
  form->addRow(tr("Chinese script:"), script_);
  near_ = new QDoubleSpinBox(this);
  near_->setObjectName("clean.near");
  near_->setRange(0, 1);
  near_->setSingleStep(0.05);
  near_->setSpecialValueText(tr("keep them"));
  near_->setToolTip(tr("Rows whose question and answer are at least this similar to an earlier row's are left out "
                       "(character 3-grams); the same question answered differently is kept and named"));
  form->addRow(tr("Near-duplicates (similarity):"), near_);
  names_ = new QLineEdit(this);
  names_->setObjectName("clean.names");
  names_->setPlaceholderText(tr("names to find as personal data, separated by commas"));
  form->addRow(tr("Names:"), names_);
  layout->addLayout(form);

  summary_ = new QLabel(tr("Preview to see every change before the new version is written."), this);
  summary_->setObjectName("clean.summary");
  summary_->setWordWrap(true);
  layout->addWidget(summary_);
  changes_ = row_table("clean.changes", {tr("Line"), tr("Field"), tr("Before"), tr("After")}, {2, 3}, this);
  layout->addWidget(changes_, 1);
  groups_ = row_table("clean.groups", {tr("Near-duplicate lines"), tr("Keep"), tr("First question")}, {2}, this);
  groups_->setMaximumHeight(160);
  groups_->hide();
  layout->addWidget(groups_);
  // Another threshold makes other groups: the choices made for these no longer apply.
  connect(near_, &QDoubleSpinBox::valueChanged, this, [this] { group_choices_.clear(); });

  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  preview_button_ = buttons->addButton(tr("Preview"), QDialogButtonBox::ActionRole);
  preview_button_->setObjectName("clean.preview");
  write_button_ = buttons->addButton(tr("Write the new version"), QDialogButtonBox::ApplyRole);
  write_button_->setObjectName("clean.write");
  connect(preview_button_, &QPushButton::clicked, this, &CleanDialog::preview);
  connect(write_button_, &QPushButton::clicked, this, &CleanDialog::write);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(buttons);

  connect(&watcher_, &QFutureWatcher<std::shared_ptr<const Outcome>>::finished, this, [this] {
    preview_button_->setEnabled(true);
    write_button_->setEnabled(true);
    const std::shared_ptr<const Outcome> done = watcher_.result();
    const Outcome& o = *done;
    if (!o.error.isEmpty()) {
      summary_->setText(tr("Cleaning failed: %1").arg(o.error));
      return;
    }
    show_result(o.cleaning);
    if (!o.cleaning.path.isEmpty()) Q_EMIT dataset_cleaned(o.cleaning.path);
  });
}

services::CleaningRequest CleanDialog::request() const {
  services::CleaningRequest r;
  clean::TextFixes fixes;
  fixes.trim = trim_->isChecked();
  fixes.collapse = collapse_->isChecked();
  fixes.invisible = invisible_->isChecked();
  clean::parse_width(width_->currentData().toString().toStdString(), fixes.width);
  r.fixes.question = r.fixes.answer = fixes;
  r.fixes.script = script_->currentData().toString().toStdString();
  r.fixes.drop_duplicates = duplicates_->isChecked();
  r.fixes.near_duplicates = near_->value();
  if (r.fixes.near_duplicates > 0) r.fixes.near_duplicate_keep = group_choices_;
  r.fixes.mask_personal_data = mask_->isChecked();
  for (const QString& name : names_->text().split(QRegularExpression("[,，]"), Qt::SkipEmptyParts))
    if (!name.trimmed().isEmpty()) r.fixes.names.push_back(name.trimmed().toStdString());
  return r;
}

void CleanDialog::preview() { run(false); }
void CleanDialog::write() { run(true); }

void CleanDialog::run(bool write) {
  if (watcher_.isRunning()) return;
  preview_button_->setEnabled(false);
  write_button_->setEnabled(false);
  summary_->setText(write ? tr("Writing the new version…") : tr("Cleaning…"));
  const std::shared_ptr<const LoadedFile> file = file_;
  const services::CleaningRequest asked = request();
  const QString datasets_dir = context_.workspace().datasets_dir();
  watcher_.setFuture(QtConcurrent::run([file, asked, datasets_dir, write]() -> std::shared_ptr<const Outcome> {
    auto out = std::make_shared<Outcome>();
    try {
      out->cleaning = services::clean_dataset(file->dataset, file->report, datasets_dir, asked, write);
    } catch (const std::exception& e) {
      out->error = error_text(e);
    }
    return out;
  }));
}

void CleanDialog::show_result(const services::Cleaning& c) {
  const clean::DatasetFixResult& r = c.result;
  QSet<std::size_t> rows;
  for (const clean::FieldChange& change : r.changes) rows.insert(change.line);
  QStringList parts;
  parts << tr("%1 field(s) changed in %2 row(s)").arg(r.changes.size()).arg(rows.size());
  if (!r.exact_duplicate_lines.empty()) parts << tr("%1 exact duplicate(s) left out").arg(r.exact_duplicate_lines.size());
  if (!r.near_duplicate_lines.empty()) parts << tr("%1 near-duplicate(s) left out").arg(r.near_duplicate_lines.size());
  if (r.rows_with_personal_data)
    parts << (mask_->isChecked() ? tr("%1 row(s) with personal data, masked") : tr("%1 row(s) with personal data, not masked"))
                 .arg(r.rows_with_personal_data);
  parts << tr("%1 of %2 rows kept").arg(r.fixed.examples.size()).arg(r.rows_in);
  QString text = parts.join(tr(" · "));
  for (const clean::DuplicateGroupLines& g : r.near_duplicate_groups)
    if (!g.conflicting_lines.empty() && !group_choices_.contains(g.lines.front())) {  // not decided yet
      QStringList others;
      for (std::size_t line : g.conflicting_lines) others << QString::number(line);
      text += "\n" + tr("Line %1 and %2: the same question, answered differently (kept for you to decide)")
                         .arg(g.lines.front())
                         .arg(others.join(", "));
    }
  if (!c.path.isEmpty())
    text = tr("Wrote %1; %2 stays as it was.").arg(c.path, QFileInfo(file_->path).fileName()) + "\n" + text;
  summary_->setText(text);
  const int shown = static_cast<int>(std::min(r.changes.size(), kChangesShown));
  changes_->setRowCount(shown);
  for (int i = 0; i < shown; ++i) {
    const clean::FieldChange& change = r.changes[static_cast<std::size_t>(i)];
    changes_->setItem(i, 0, text_cell(QString::number(change.line)));
    changes_->setItem(i, 1, text_cell(QString::fromStdString(change.field)));
    changes_->setItem(i, 2, text_cell(QString::fromStdString(change.before)));
    changes_->setItem(i, 3, text_cell(QString::fromStdString(change.after)));
  }
  changes_->resizeColumnToContents(0);
  changes_->resizeColumnToContents(1);
  show_groups(r.near_duplicate_groups);
}

void CleanDialog::show_groups(const std::vector<clean::DuplicateGroupLines>& groups) {
  groups_->setVisible(!groups.empty());
  groups_->setRowCount(static_cast<int>(groups.size()));
  QHash<std::size_t, QString> questions;  // by line, for the groups' first rows
  for (const data::Example& e : file_->dataset.examples) questions.insert(e.line, QString::fromUtf8(e.turn.user.data(), static_cast<qsizetype>(e.turn.user.size())));
  for (int i = 0; i < groups_->rowCount(); ++i) {
    const clean::DuplicateGroupLines& g = groups[static_cast<std::size_t>(i)];
    QStringList lines;
    for (std::size_t line : g.lines) lines << QString::number(line);
    groups_->setItem(i, 0, text_cell(lines.join(", ")));
    auto* keep = new QComboBox(groups_);
    keep->setObjectName(QString("clean.group.%1").arg(g.lines.front()));
    keep->addItem(g.conflicting_lines.empty() ? tr("line %1 (the first)").arg(g.lines.front())
                                              : tr("line %1 and those answered otherwise").arg(g.lines.front()),
                  -1);
    keep->addItem(tr("all of them"), 0);
    for (std::size_t line : g.lines) keep->addItem(tr("only line %1").arg(line), static_cast<qulonglong>(line));
    const auto chosen = group_choices_.find(g.lines.front());
    if (chosen != group_choices_.end()) keep->setCurrentIndex(keep->findData(static_cast<qulonglong>(chosen->second)));
    if (chosen != group_choices_.end() && chosen->second == 0) keep->setCurrentIndex(1);
    const std::size_t first = g.lines.front();
    connect(keep, &QComboBox::currentIndexChanged, this, [this, keep, first] {
      const qlonglong v = keep->currentData().toLongLong();
      if (v < 0) group_choices_.erase(first);
      else group_choices_[first] = static_cast<std::size_t>(v);
      QTimer::singleShot(0, this, &CleanDialog::preview);  // the choice's effect at once (the table is made again)
    });
    groups_->setCellWidget(i, 1, keep);
    groups_->setItem(i, 2, text_cell(questions.value(first)));
  }
  groups_->resizeColumnToContents(0);
  groups_->resizeColumnToContents(1);
}

}  // namespace tunedesk::ui
