#include "ui/validation_tab.h"

#include "data/finding_messages.h"

#include "ui/augment_dialog.h"
#include "ui/clean_dialog.h"
#include "ui/version_diff_dialog.h"
#include "services/dataset_versions.h"
#include "ui/finding_text.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QValueAxis>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <exception>

#include "data/model_types.h"
#include "services/dataset_conversion.h"
#include "ui/app_context.h"
#include "ui/settings.h"
#include "ui/error_text.h"

namespace tunedesk::ui {
namespace {

std::size_t code_points(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

QString severity_title(data::Severity s) {
  return s == data::Severity::error ? ValidationTab::tr("Error") : ValidationTab::tr("Warning");
}

QTableWidgetItem* item(const QString& text) {
  auto* it = new QTableWidgetItem(text);
  it->setFlags(it->flags() & ~Qt::ItemIsEditable);
  return it;
}

QTableWidget* make_table(const QStringList& headers, QWidget* parent) {
  auto* table = new QTableWidget(0, static_cast<int>(headers.size()), parent);
  table->setHorizontalHeaderLabels(headers);
  table->verticalHeader()->hide();
  table->setSelectionBehavior(QAbstractItemView::SelectRows);
  table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table->horizontalHeader()->setStretchLastSection(true);
  return table;
}

}  // namespace

// The rule's title from core's catalog (data/finding_messages.cpp), in the user's language.
QString rule_title(std::string_view rule) {
  const std::string_view english = find_template(data::rule_titles(), rule);
  if (english.empty()) return QString::fromUtf8(rule.data(), static_cast<qsizetype>(rule.size()));
  return QCoreApplication::translate(data::kRuleContext, std::string(english).c_str());
}

ValidationTab::ValidationTab(AppContext& context, QWidget* parent) : QWidget(parent), context_(context) {
  auto* layout = new QVBoxLayout(this);
  verdict_ = new QLabel(tr("Open a file in the Data tab to see its report."), this);
  verdict_->setObjectName("validation.verdict");
  verdict_->setStyleSheet("font-size: 15px; font-weight: 600; padding: 6px;");
  layout->addWidget(verdict_);
  details_ = new QLabel(this);
  details_->setObjectName("validation.details");
  details_->setWordWrap(true);
  details_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  layout->addWidget(details_);

  auto* splitter = new QSplitter(Qt::Horizontal, this);
  auto* left = new QWidget(splitter);
  auto* left_layout = new QVBoxLayout(left);
  left_layout->setContentsMargins(0, 0, 0, 0);
  left_layout->addWidget(new QLabel(tr("<b>Rules</b>"), left));
  rules_ = make_table({tr("Rule"), tr("Severity"), tr("Count")}, left);
  rules_->setObjectName("validation.rules");
  rules_->setMaximumHeight(170);
  left_layout->addWidget(rules_);
  left_layout->addWidget(new QLabel(tr("<b>Findings</b> (double-click to see the row)"), left));
  findings_ = make_table({tr("Line"), tr("Severity"), tr("Rule"), tr("Field"), tr("Message")}, left);
  findings_->setObjectName("validation.findings");
  connect(findings_, &QTableWidget::cellDoubleClicked, this, [this](int row, int) {
    const qulonglong line = findings_->item(row, 0)->data(Qt::UserRole).toULongLong();
    if (line > 0) Q_EMIT go_to_line(line);
  });
  left_layout->addWidget(findings_, 1);

  auto* right = new QWidget(splitter);
  auto* right_layout = new QVBoxLayout(right);
  right_layout->setContentsMargins(0, 0, 0, 0);
  histogram_ = new QChartView(right);
  histogram_->setObjectName("validation.histogram");
  histogram_->setRenderHint(QPainter::Antialiasing);
  histogram_->setMinimumHeight(260);
  right_layout->addWidget(histogram_, 1);
  stats_ = new QLabel(right);
  stats_->setObjectName("validation.stats");
  stats_->setTextFormat(Qt::RichText);
  right_layout->addWidget(stats_);
  splitter->setSizes({620, 520});
  layout->addWidget(splitter, 1);

  auto* box = new QGroupBox(tr("Convert to training data (JSONL: instruction / input / output)"), this);
  auto* form = new QHBoxLayout(box);
  form->addWidget(new QLabel(tr("Model type:"), box));
  model_type_ = new QComboBox(box);
  model_type_->setObjectName("validation.model_type");
  const QString language = ui_language();
  const data::ModelTypeCatalog catalog = data::ModelTypeCatalog::with_user_types();
  for (const data::ModelType& type : catalog.all()) {
    model_type_->addItem(QString::fromStdString(type.display_name(language.toStdString())), QString::fromStdString(type.id));
    model_type_->setItemData(model_type_->count() - 1, QString::fromStdString(type.instruction), Qt::ToolTipRole);
  }
  form->addWidget(model_type_);
  form->addWidget(new QLabel(tr("Validation share:"), box));
  val_ratio_ = new QDoubleSpinBox(box);
  val_ratio_->setRange(0.0, 0.5);
  val_ratio_->setSingleStep(0.05);
  val_ratio_->setValue(0.1);
  form->addWidget(val_ratio_);
  trim_ = new QCheckBox(tr("Trim white space"), box);
  trim_->setObjectName("validation.trim");
  dedupe_ = new QCheckBox(tr("Drop exact duplicates"), box);
  dedupe_->setObjectName("validation.dedupe");
  form->addWidget(trim_);
  form->addWidget(dedupe_);
  form->addWidget(new QLabel(tr("Save as:"), box));
  output_name_ = new QLineEdit(box);
  output_name_->setObjectName("validation.output_name");
  form->addWidget(output_name_, 1);
  convert_button_ = new QPushButton(tr("Convert"), box);
  convert_button_->setObjectName("validation.convert");
  convert_button_->setEnabled(false);
  connect(convert_button_, &QPushButton::clicked, this, &ValidationTab::convert);
  form->addWidget(convert_button_);
  clean_button_ = new QPushButton(tr("Clean into a new version…"), box);
  clean_button_->setObjectName("validation.clean");
  clean_button_->setToolTip(tr("Fix characters, the Chinese script, duplicates and personal data into a new version, "
                               "previewed first; this file stays as it is"));
  clean_button_->setEnabled(false);
  connect(clean_button_, &QPushButton::clicked, this, &ValidationTab::clean);
  form->addWidget(clean_button_);
  augment_button_ = new QPushButton(tr("Augment with a model…"), box);
  augment_button_->setObjectName("validation.augment");
  augment_button_->setToolTip(tr("A model writes paraphrases or new question/answer pairs; you review them before "
                                 "they go into a new version; this file stays as it is"));
  augment_button_->setEnabled(false);
  connect(augment_button_, &QPushButton::clicked, this, &ValidationTab::augment);
  form->addWidget(augment_button_);
  versions_button_ = new QPushButton(tr("Changes from the source…"), box);
  versions_button_->setObjectName("validation.versions");
  versions_button_->setToolTip(tr("This file was made from another (converted, cleaned or augmented): what changed, row by row"));
  versions_button_->setEnabled(false);
  connect(versions_button_, &QPushButton::clicked, this, &ValidationTab::show_versions);
  form->addWidget(versions_button_);
  layout->addWidget(box);
  convert_result_ = new QLabel(this);
  convert_result_->setObjectName("validation.convert_result");
  convert_result_->setWordWrap(true);
  layout->addWidget(convert_result_);

  connect(&convert_watcher_, &QFutureWatcher<std::pair<QString, QString>>::finished, this, [this] {
    convert_button_->setEnabled(true);
    const auto [path, message] = convert_watcher_.result();
    convert_result_->setText(message);
    if (!path.isEmpty()) Q_EMIT dataset_converted(path);
  });
}

void ValidationTab::show_file(std::shared_ptr<const LoadedFile> file) {
  file_ = std::move(file);
  rules_->setRowCount(0);
  findings_->setRowCount(0);
  convert_result_->clear();
  const QString name = QFileInfo(file_->path).fileName();
  if (!file_->error.isEmpty()) {
    verdict_->setText(tr("✘ %1 could not be read").arg(name));
    verdict_->setStyleSheet("font-size: 15px; font-weight: 600; padding: 6px; color: #b00020;");
    details_->setText(file_->error);
    convert_button_->setEnabled(false);
    clean_button_->setEnabled(false);
    augment_button_->setEnabled(false);
    versions_button_->setEnabled(false);
    histogram_->setChart(new QChart);
    stats_->clear();
    return;
  }
  const data::ValidationReport& r = file_->report;
  const QString verdict = r.passed ? tr("✔ %1 passed: %2 of %3 rows can be trained on (%4%)")
                                   : tr("✘ %1 has errors: %2 of %3 rows can be trained on (%4%)");
  verdict_->setText(verdict.arg(name).arg(r.valid_rows).arg(r.rows).arg(r.pass_rate() * 100, 0, 'f', 1));
  verdict_->setStyleSheet(r.passed ? "font-size: 15px; font-weight: 600; padding: 6px; color: #1b5e20; background: #e8f5e9;"
                                   : "font-size: 15px; font-weight: 600; padding: 6px; color: #b00020; background: #fdecea;");
  const QString columns = QString::fromStdString([&] {
    std::string s;
    for (const std::string& c : r.columns) s += (s.empty() ? "" : ", ") + c;
    return s;
  }());
  if (!r.sheet.empty())  // a workbook: no encoding, delimiter or line endings to speak of
    details_->setText(tr("Excel workbook · sheet \"%1\" (%2 in the workbook) · columns: %3 · %4 error(s), %5 warning(s)")
                          .arg(QString::fromStdString(r.sheet))
                          .arg(r.sheets.size())
                          .arg(columns)
                          .arg(r.errors)
                          .arg(r.warnings));
  else
    details_->setText(tr("Format %1 · encoding %2%3 · delimiter %4 · line endings %5 · columns: %6 · %7 error(s), %8 warning(s)")
                          .arg(QString::fromStdString(r.format), QString::fromStdString(r.encoding),
                               r.encoding_detected ? tr(" (detected)") : tr(" (chosen)"),
                               r.delimiter == "\t" ? tr("tab") : QString::fromStdString(r.delimiter),
                               QString::fromStdString(r.line_endings))
                          .arg(columns)
                          .arg(r.errors)
                          .arg(r.warnings));

  // Rule counts, errors first.
  std::map<std::string, data::Severity> severity_of;
  for (const data::Finding& f : r.findings) {
    auto [it, added] = severity_of.emplace(std::string(f.rule), f.severity);
    if (!added && f.severity == data::Severity::error) it->second = data::Severity::error;
  }
  std::vector<std::pair<std::string, std::size_t>> counts(r.count_by_rule.begin(), r.count_by_rule.end());
  std::stable_sort(counts.begin(), counts.end(), [&](const auto& a, const auto& b) {
    return severity_of[a.first] == data::Severity::error && severity_of[b.first] != data::Severity::error;
  });
  for (const auto& [rule, count] : counts) {
    const int row = rules_->rowCount();
    rules_->insertRow(row);
    rules_->setItem(row, 0, item(rule_title(rule)));
    rules_->item(row, 0)->setToolTip(QString::fromStdString(rule));
    rules_->setItem(row, 1, item(severity_title(severity_of[rule])));
    rules_->setItem(row, 2, item(QString::number(count)));
  }
  rules_->resizeColumnsToContents();

  // Findings: at most a few thousand rows in the table; the count says how many there are.
  constexpr std::size_t kShown = 5000;
  const std::size_t shown = std::min(r.findings.size(), kShown);
  findings_->setRowCount(static_cast<int>(shown));
  for (std::size_t i = 0; i < shown; ++i) {
    const data::Finding& f = r.findings[i];
    const int row = static_cast<int>(i);
    auto* line = item(f.line ? QString::number(f.line) : tr("file"));
    line->setData(Qt::UserRole, static_cast<qulonglong>(f.line));
    findings_->setItem(row, 0, line);
    auto* severity = item(severity_title(f.severity));
    severity->setForeground(f.severity == data::Severity::error ? QColor(176, 0, 32) : QColor(150, 100, 0));
    findings_->setItem(row, 1, severity);
    findings_->setItem(row, 2, item(rule_title(f.rule)));
    findings_->setItem(row, 3, item(f.field ? QString::fromStdString(*f.field) : QString()));
    const QString message = finding_text(f);
    findings_->setItem(row, 4, item(message));
    findings_->item(row, 4)->setToolTip(message);
  }
  findings_->resizeColumnsToContents();

  show_histogram();
  output_name_->setText(QFileInfo(file_->path).completeBaseName() + ".jsonl");
  convert_button_->setEnabled(r.valid_rows > 0);
  clean_button_->setEnabled(r.valid_rows > 0);
  augment_button_->setEnabled(r.valid_rows > 0);
  versions_button_->setEnabled(services::version_origin(file_->path).has_value());
}

void ValidationTab::show_histogram() {
  std::vector<std::size_t> inputs, outputs;
  for (const data::Example& ex : file_->dataset.examples) {
    inputs.push_back(code_points(ex.turn.user));
    outputs.push_back(code_points(ex.turn.assistant));
  }
  const std::size_t longest = std::max(inputs.empty() ? 0 : *std::max_element(inputs.begin(), inputs.end()),
                                       outputs.empty() ? 0 : *std::max_element(outputs.begin(), outputs.end()));
  constexpr int kBins = 12;
  const std::size_t width = std::max<std::size_t>(1, (longest + kBins) / kBins);
  auto* input_set = new QBarSet(tr("Question (text)"));
  auto* output_set = new QBarSet(tr("Answer (result)"));
  QStringList labels;
  std::vector<int> in_counts(kBins), out_counts(kBins);
  for (std::size_t n : inputs) ++in_counts[std::min<std::size_t>(n / width, kBins - 1)];
  for (std::size_t n : outputs) ++out_counts[std::min<std::size_t>(n / width, kBins - 1)];
  int highest = 1;
  for (int b = 0; b < kBins; ++b) {
    *input_set << in_counts[b];
    *output_set << out_counts[b];
    highest = std::max({highest, in_counts[b], out_counts[b]});
    if (b == kBins - 1) labels << QString("≥%1").arg(b * width);
    else if (width == 1) labels << QString::number(b);
    else labels << QString("%1–%2").arg(b * width).arg((b + 1) * width - 1);
  }
  auto* series = new QBarSeries;
  series->append(input_set);
  series->append(output_set);
  auto* chart = new QChart;
  chart->addSeries(series);
  chart->setTitle(tr("Length in characters"));
  auto* x = new QBarCategoryAxis;
  x->append(labels);
  x->setLabelsAngle(-45);
  chart->addAxis(x, Qt::AlignBottom);
  series->attachAxis(x);
  auto* y = new QValueAxis;
  y->setRange(0, highest);
  y->setLabelFormat("%d");
  y->setTitleText(tr("rows"));
  chart->addAxis(y, Qt::AlignLeft);
  series->attachAxis(y);
  chart->legend()->setAlignment(Qt::AlignBottom);
  QChart* old = histogram_->chart();
  histogram_->setChart(chart);
  delete old;

  const data::ValidationReport& r = file_->report;
  const auto row = [](const QString& what, const data::LengthStats& s) {
    return QString("<tr><td>%1</td><td align=right>%2</td><td align=right>%3</td><td align=right>%4</td>"
                   "<td align=right>%5</td><td align=right>%6</td></tr>")
        .arg(what)
        .arg(s.min)
        .arg(s.median)
        .arg(s.p95)
        .arg(s.max)
        .arg(s.mean, 0, 'f', 1);
  };
  stats_->setText(QString("<table cellspacing=6><tr><th></th><th>%1</th><th>%2</th><th>%3</th><th>%4</th><th>%5</th></tr>")
                      .arg(tr("min"), tr("median"), tr("p95"), tr("max"), tr("mean")) +
                  row(tr("Question, characters"), r.input_chars) + row(tr("Answer, characters"), r.output_chars) +
                  "</table>");
}

void ValidationTab::convert() {
  if (!file_ || !file_->error.isEmpty() || convert_watcher_.isRunning()) return;
  services::ConversionRequest request;
  request.model_type = model_type_->currentData().toString();
  request.val_ratio = val_ratio_->value();
  request.trim_whitespace = trim_->isChecked();
  request.drop_duplicates = dedupe_->isChecked();
  request.name = output_name_->text();
  convert_button_->setEnabled(false);
  convert_result_->setText(tr("Converting…"));
  const std::shared_ptr<const LoadedFile> file = file_;
  const QString datasets_dir = context_.workspace().datasets_dir();
  convert_watcher_.setFuture(QtConcurrent::run([file, datasets_dir, request]() -> std::pair<QString, QString> {
    try {
      const services::Conversion c = services::convert_dataset(file->dataset, file->report, datasets_dir, request);
      const data::ConvertResult& r = c.result;
      QString message = tr("Wrote %n training row(s) to %1", nullptr, static_cast<int>(r.train_rows)).arg(c.path);
      if (!r.val_path.empty())
        message += "; " + tr("%n validation row(s) to %1", nullptr, static_cast<int>(r.val_rows))
                              .arg(QString::fromStdString(r.val_path.string()));
      if (!r.skipped_lines.empty())
        message += ". " + tr("%n row(s) with errors left out", nullptr, static_cast<int>(r.skipped_lines.size()));
      if (!r.duplicate_lines.empty())
        message += ". " + tr("%n duplicate(s) dropped", nullptr, static_cast<int>(r.duplicate_lines.size()));
      if (r.trimmed_rows) message += ". " + tr("%n row(s) trimmed", nullptr, static_cast<int>(r.trimmed_rows));
      return {c.path, QString(QChar(0x2714)) + " " + message + "."};
    } catch (const std::exception& e) {
      return {QString(), tr("Conversion failed: %1").arg(error_text(e))};
    }
  }));
}

void ValidationTab::clean() {
  if (!file_ || !file_->error.isEmpty()) return;
  auto* dialog = new CleanDialog(context_, file_, this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &CleanDialog::dataset_cleaned, this, &ValidationTab::version_written);
  dialog->open();
}

void ValidationTab::augment() {
  if (!file_ || !file_->error.isEmpty()) return;
  auto* dialog = new AugmentDialog(context_, file_, model_type_->currentData().toString(), this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &AugmentDialog::dataset_written, this, &ValidationTab::version_written);
  dialog->open();
}

void ValidationTab::show_versions() {
  if (!file_) return;
  const std::optional<services::VersionOrigin> origin = services::version_origin(file_->path);
  if (!origin) return;
  auto* dialog = new VersionDiffDialog(origin->source, file_->path, origin->made_by, this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &VersionDiffDialog::open_requested, this, &ValidationTab::open_requested);
  dialog->open();
}

}  // namespace tunedesk::ui
