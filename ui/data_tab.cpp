#include "ui/data_tab.h"

#include <QColor>
#include <QComboBox>
#include <QDir>
#include <QDragEnterEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMimeData>
#include <QPalette>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

#include "data/dataset_reader.h"
#include "services/dataset_versions.h"
#include "services/service_error.h"
#include "ui/app_context.h"
#include "ui/examples_model.h"
#include "ui/error_text.h"
#include "ui/version_diff_dialog.h"

namespace tunedesk::ui {
namespace {

// Files up to this size are checked as soon as they are listed; larger ones when opened.
constexpr qint64 kAutoCheckBytes = qint64{20} << 20;

bool is_dataset_file(const QString& path) {
  const std::string suffix = QFileInfo(path).suffix().toLower().toStdString();
  const auto& known = data::dataset_file_suffixes();
  return std::find(known.begin(), known.end(), suffix) != known.end();
}

}  // namespace

DataTab::DataTab(AppContext& context, QWidget* parent) : QWidget(parent), context_(context) {
  setAcceptDrops(true);
  auto* splitter = new QSplitter(this);

  files_ = new QTreeWidget(splitter);
  files_->setObjectName("data.files");
  files_->setHeaderLabels({tr("Your files"), tr("Size"), tr("Check"), tr("Made from")});
  files_->headerItem()->setToolTip(2, tr("The verdict of each file's validation: ✔ usable, ✘ with errors"));
  files_->setRootIsDecorated(true);
  // Names take what the size and the verdict leave (elided when long).
  files_->header()->setStretchLastSection(false);
  files_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
  files_->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
  files_->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
  files_->header()->setSectionResizeMode(3, QHeaderView::ResizeToContents);
  uploads_item_ = new QTreeWidgetItem(files_, {tr("Uploads (kept as uploaded)")});
  datasets_item_ = new QTreeWidgetItem(files_, {tr("Converted datasets")});
  connect(files_, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) {
    const QString path = item->data(0, Qt::UserRole).toString();
    if (!path.isEmpty()) read(path);
  });

  auto* right = new QWidget(splitter);
  auto* layout = new QVBoxLayout(right);
  auto* bar = new QHBoxLayout;
  open_button_ = new QPushButton(tr("Open CSV, Excel or JSONL…"), right);
  open_button_->setObjectName("data.open");
  connect(open_button_, &QPushButton::clicked, this, &DataTab::choose_file);
  bar->addWidget(open_button_);
  bar->addWidget(new QLabel(tr("Encoding:"), right));
  encoding_ = new QComboBox(right);
  encoding_->setObjectName("data.encoding");
  encoding_->addItem(tr("Detect automatically"), "auto");
  for (const char* name : {"utf-8", "gbk", "gb18030", "utf-16le", "utf-16be", "big5"}) encoding_->addItem(name, name);
  encoding_->setToolTip(tr("Excel saves CSV as GBK, UTF-8 with BOM or UTF-16; TuneDesk detects which. "
                           "Choose one here if the preview shows garbled text."));
  connect(encoding_, &QComboBox::activated, this, [this] {
    if (current_) read(current_->path);
  });
  bar->addWidget(encoding_);
  // A workbook with several sheets: which one to read (hidden otherwise).
  sheet_label_ = new QLabel(tr("Sheet:"), right);
  sheet_ = new QComboBox(right);
  sheet_->setObjectName("data.sheet");
  sheet_->setToolTip(tr("The workbook's sheet to read: the first row with values names the columns text and result."));
  connect(sheet_, &QComboBox::activated, this, [this] {
    if (current_) read(current_->path, sheet_->currentText());
  });
  bar->addWidget(sheet_label_);
  bar->addWidget(sheet_);
  sheet_label_->hide();
  sheet_->hide();
  bar->addStretch();
  // The file's new versions: cleaned, or grown with a model (the dialogs are the validation tab's).
  clean_button_ = new QPushButton(tr("Clean…"), right);
  clean_button_->setObjectName("data.clean");
  clean_button_->setToolTip(tr("Fix characters, the Chinese script, duplicates and personal data into a new version"));
  augment_button_ = new QPushButton(tr("Augment…"), right);
  augment_button_->setObjectName("data.augment");
  augment_button_->setToolTip(tr("A model writes paraphrases or new question/answer pairs, for you to review"));
  for (QPushButton* b : {clean_button_, augment_button_}) {
    b->setEnabled(false);
    bar->addWidget(b);
  }
  connect(clean_button_, &QPushButton::clicked, this, &DataTab::clean_requested);
  connect(augment_button_, &QPushButton::clicked, this, &DataTab::augment_requested);
  layout->addLayout(bar);

  summary_ = new QLabel(tr("Open a CSV or Excel file with the columns <b>text</b> (the question) and <b>result</b> "
                           "(the answer), or a JSONL file, or drop one here."),
                        right);
  summary_->setObjectName("data.summary");
  summary_->setWordWrap(true);
  layout->addWidget(summary_);

  table_ = new QTableView(right);
  table_->setObjectName("data.preview");
  model_ = new ExamplesModel(this);
  table_->setModel(model_);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setAlternatingRowColors(true);
  table_->setWordWrap(false);
  table_->verticalHeader()->hide();
  table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 8);
  table_->horizontalHeader()->setStretchLastSection(false);
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
  layout->addWidget(table_, 1);

  splitter->setStretchFactor(1, 3);
  splitter->setSizes({380, 900});
  auto* outer = new QVBoxLayout(this);
  outer->addWidget(splitter);

  connect(&watcher_, &QFutureWatcher<std::shared_ptr<const LoadedFile>>::finished, this, [this] {
    current_ = watcher_.result();
    reading_path_.clear();
    open_button_->setEnabled(true);
    if (current_) checks_.insert(current_->path, check_of(*current_));
    show_checks();
    show_loaded();
    Q_EMIT file_loaded(current_);
  });
  connect(&check_watcher_, &QFutureWatcher<QHash<QString, FileCheck>>::finished, this, [this] {
    checks_.insert(check_watcher_.result());
    show_checks();
    if (check_again_) {
      check_again_ = false;
      check_listed_files();
    }
  });
  refresh_file_list();
}

bool DataTab::busy() const { return watcher_.isRunning(); }

void DataTab::refresh_file_list() {
  qDeleteAll(uploads_item_->takeChildren());
  qDeleteAll(datasets_item_->takeChildren());
  for (const services::Workspace::DatasetFile& f : context_.workspace().dataset_files()) {
    auto* item = new QTreeWidgetItem(f.upload ? uploads_item_ : datasets_item_,
                                     {f.info.fileName(), QLocale().formattedDataSize(f.info.size())});
    item->setData(0, Qt::UserRole, f.info.filePath());
    item->setToolTip(0, f.info.filePath());
    // A version made from another file (services/dataset_versions.h): the validation tab shows what changed.
    if (const std::optional<services::VersionOrigin> origin = services::version_origin(f.info.filePath())) {
      item->setText(3, tr("%1, %2").arg(QFileInfo(origin->source).fileName(), version_made_by_text(origin->made_by)));
      item->setToolTip(3, origin->source);
    }
  }
  uploads_item_->setExpanded(true);
  datasets_item_->setExpanded(true);
  show_checks();
  check_listed_files();
}

DataTab::FileCheck DataTab::check_of(const LoadedFile& file) {
  const QFileInfo info(file.path);
  FileCheck c;
  c.size = info.size();
  c.modified = info.lastModified();
  c.readable = file.error.isEmpty();
  c.errors = file.report.errors;
  c.warnings = file.report.warnings;
  c.valid_rows = file.report.valid_rows;
  return c;
}

void DataTab::check_listed_files() {
  if (check_watcher_.isRunning()) {
    check_again_ = true;
    return;
  }
  QStringList pending;
  for (QTreeWidgetItem* parent : {uploads_item_, datasets_item_})
    for (int i = 0; i < parent->childCount(); ++i) {
      const QString path = parent->child(i)->data(0, Qt::UserRole).toString();
      const QFileInfo info(path);
      const auto known = checks_.constFind(path);
      const bool current = known != checks_.constEnd() && known->size == info.size() && known->modified == info.lastModified();
      if (!current && info.size() <= kAutoCheckBytes) pending << path;
    }
  if (pending.isEmpty()) return;
  check_watcher_.setFuture(QtConcurrent::run([pending] {
    QHash<QString, FileCheck> found;
    for (const QString& path : pending)
      if (const auto loaded = load_and_validate(path, "auto")) found.insert(path, check_of(*loaded));
    return found;
  }));
}

void DataTab::show_checks() {
  for (QTreeWidgetItem* parent : {uploads_item_, datasets_item_})
    for (int i = 0; i < parent->childCount(); ++i) {
      QTreeWidgetItem* item = parent->child(i);
      const QString path = item->data(0, Qt::UserRole).toString();
      const QFileInfo info(path);
      const auto c = checks_.constFind(path);
      if (c == checks_.constEnd() || c->size != info.size() || c->modified != info.lastModified()) {
        item->setText(2, info.size() > kAutoCheckBytes ? tr("open to check") : QString());
        item->setForeground(2, palette().color(QPalette::PlaceholderText));
        continue;
      }
      QString text;
      QColor color;
      if (!c->readable) {
        text = "✘ " + tr("unreadable");
        color = QColor(0xb0, 0x20, 0x20);
      } else if (c->errors) {
        text = "✘ " + tr("%n error(s)", nullptr, static_cast<int>(c->errors));
        color = QColor(0xb0, 0x20, 0x20);
      } else if (c->warnings) {
        text = "✔ " + tr("%n warning(s)", nullptr, static_cast<int>(c->warnings));
        color = QColor(0x9a, 0x67, 0x00);
      } else {
        text = "✔ " + tr("passed");
        color = QColor(0x1b, 0x7a, 0x2f);
      }
      item->setText(2, text);
      item->setForeground(2, color);
      item->setToolTip(2, tr("%n usable row(s)", nullptr, static_cast<int>(c->valid_rows)));
    }
}

void DataTab::choose_file() {
  const QString path = QFileDialog::getOpenFileName(this, tr("Open a dataset"), QDir::homePath(),
                                                    tr("Datasets (%1);;All files (*)").arg(dataset_name_filters()));
  if (!path.isEmpty()) open_file(path);
}

void DataTab::open_file(const QString& path) {
  QString target = path;
  const QString workspace = QDir(context_.workspace().root()).canonicalPath();
  const QString canonical = QFileInfo(path).canonicalFilePath();
  if (!canonical.startsWith(workspace + "/")) {
    // Kept byte for byte: conversions and fix-ups write new files, never this one.
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
      summary_->setText(tr("Cannot open %1: %2").arg(path, file.errorString()));
      return;
    }
    try {
      target = context_.workspace().store_upload(QFileInfo(path).fileName(), file.readAll());
    } catch (const services::ServiceError& e) {
      summary_->setText(tr("Cannot keep %1 in your workspace: %2").arg(path, error_text(e)));
      return;
    }
    refresh_file_list();
  }
  encoding_->setCurrentIndex(0);
  read(target);
}

void DataTab::read(const QString& path, const QString& sheet) {
  if (watcher_.isRunning()) return;
  reading_path_ = path;
  open_button_->setEnabled(false);
  summary_->setText(tr("Reading and checking %1 …").arg(QFileInfo(path).fileName()));
  const QString encoding = encoding_->currentData().toString();
  watcher_.setFuture(QtConcurrent::run([path, encoding, sheet] { return load_and_validate(path, encoding, sheet); }));
}

void DataTab::show_loaded() {
  model_->set_file(current_);
  const bool rows = current_ && current_->error.isEmpty() && current_->report.valid_rows > 0;
  clean_button_->setEnabled(rows);
  augment_button_->setEnabled(rows);
  if (!current_) return;
  const QString name = QFileInfo(current_->path).fileName();
  if (!current_->error.isEmpty()) {
    sheet_label_->hide();
    sheet_->hide();
    summary_->setText(tr("<b>%1</b> could not be read: %2").arg(name.toHtmlEscaped(), current_->error.toHtmlEscaped()));
    return;
  }
  const data::ValidationReport& r = current_->report;
  const bool workbook = current_->dataset.format == data::SourceFormat::xlsx;
  const QString encoding = workbook ? tr("sheet \"%1\"").arg(QString::fromStdString(r.sheet))
                                    : QString::fromStdString(r.encoding) + (r.had_bom ? tr(" with BOM") : QString()) +
                                          (r.encoding_detected ? tr(" (detected)") : tr(" (chosen)"));
  show_sheets(r);
  summary_->setText(tr("<b>%1</b> — %2, %3 · %n row(s), %4 without errors · %5 error(s), %6 warning(s)", nullptr,
                       static_cast<int>(r.rows))
                        .arg(name.toHtmlEscaped(), QString::fromStdString(r.format), encoding)
                        .arg(r.valid_rows)
                        .arg(r.errors)
                        .arg(r.warnings));
  table_->resizeColumnToContents(ExamplesModel::line_column);
  table_->setColumnWidth(ExamplesModel::instruction_column, 220);
  table_->setColumnWidth(ExamplesModel::input_column, 320);
  table_->setColumnWidth(ExamplesModel::output_column, 320);
  // CSV rows have no instruction of their own: the model type's is added at conversion.
  table_->setColumnHidden(ExamplesModel::instruction_column,
                          current_->dataset.format == data::SourceFormat::csv || workbook);
}

void DataTab::show_sheets(const data::ValidationReport& r) {
  const bool choice = r.sheets.size() > 1;
  sheet_label_->setVisible(choice);
  sheet_->setVisible(choice);
  encoding_->setEnabled(r.sheet.empty());  // a workbook's text is Unicode already
  if (!choice) return;
  sheet_->clear();
  for (const std::string& name : r.sheets) sheet_->addItem(QString::fromStdString(name));
  sheet_->setCurrentText(QString::fromStdString(r.sheet));
}

void DataTab::select_line(qulonglong line) {
  const int row = model_->row_of_line(line);
  if (row < 0) return;
  const QModelIndex index = model_->index(row, ExamplesModel::input_column);
  table_->setCurrentIndex(index);
  table_->scrollTo(index, QAbstractItemView::PositionAtCenter);
  table_->setFocus();
}

void DataTab::dragEnterEvent(QDragEnterEvent* event) {
  if (!event->mimeData()->hasUrls()) return;
  for (const QUrl& url : event->mimeData()->urls())
    if (url.isLocalFile() && is_dataset_file(url.toLocalFile())) return event->acceptProposedAction();
}

void DataTab::dropEvent(QDropEvent* event) {
  for (const QUrl& url : event->mimeData()->urls())
    if (url.isLocalFile() && is_dataset_file(url.toLocalFile())) {
      open_file(url.toLocalFile());
      event->acceptProposedAction();
      return;
    }
}

}  // namespace tunedesk::ui
