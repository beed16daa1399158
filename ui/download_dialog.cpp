#include "ui/download_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "ui/error_text.h"

namespace tunedesk::ui {
namespace {

QString bytes_text(double bytes) { return QLocale().formattedDataSize(static_cast<qint64>(bytes), 1, QLocale::DataSizeTraditionalFormat); }

QString duration_text(qint64 seconds) {
  if (seconds < 0) return QStringLiteral("–");
  if (seconds >= 3600) return QString("%1:%2:%3").arg(seconds / 3600).arg((seconds / 60) % 60, 2, 10, QChar('0')).arg(seconds % 60, 2, 10, QChar('0'));
  return QString("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QChar('0'));
}

services::HubKind source_kind(const QComboBox* source) {
  return source->currentData().toString() == "modelscope" ? services::HubKind::modelscope : services::HubKind::huggingface;
}

}  // namespace

DownloadDialog::DownloadDialog(const QString& models_dir, QWidget* parent) : QDialog(parent), models_dir_(models_dir) {
  setWindowTitle(tr("Download a base model"));
  setObjectName("download.dialog");
  auto* layout = new QVBoxLayout(this);
  auto* form = new QFormLayout;
  source_ = new QComboBox(this);
  source_->setObjectName("download.source");
  source_->addItem(tr("Hugging Face"), "hf");
  source_->addItem(tr("ModelScope (魔搭)"), "modelscope");
  form->addRow(tr("From:"), source_);
  repo_ = new QLineEdit(this);
  repo_->setObjectName("download.repo");
  repo_->setPlaceholderText("Qwen/Qwen2.5-0.5B-Instruct");
  repo_->setToolTip(tr("The model's id on the hub, owner/name, as in its address"));
  form->addRow(tr("Model:"), repo_);
  revision_ = new QLineEdit(this);
  revision_->setObjectName("download.revision");
  form->addRow(tr("Revision:"), revision_);
  auto* folder_row = new QHBoxLayout;
  folder_ = new QLineEdit(this);
  folder_->setObjectName("download.folder");
  auto* browse = new QPushButton(tr("Browse…"), this);
  connect(browse, &QPushButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Where the model's folder goes"), models_dir_);
    if (dir.isEmpty()) return;
    folder_edited_ = true;
    folder_->setText(QDir(dir).filePath(repo_->text().section('/', -1).trimmed()));
  });
  folder_row->addWidget(folder_, 1);
  folder_row->addWidget(browse);
  form->addRow(tr("Save to:"), folder_row);
  layout->addLayout(form);
  where_ = new QLabel(this);
  where_->setObjectName("download.where");
  where_->setWordWrap(true);
  where_->setStyleSheet("color: palette(placeholder-text);");
  layout->addWidget(where_);

  bar_ = new QProgressBar(this);
  bar_->setObjectName("download.progress");
  bar_->setRange(0, 1000);
  bar_->setTextVisible(false);
  bar_->hide();
  layout->addWidget(bar_);
  status_ = new QLabel(this);
  status_->setObjectName("download.status");
  status_->setWordWrap(true);
  status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  layout->addWidget(status_);

  auto* buttons = new QHBoxLayout;
  download_button_ = new QPushButton(tr("Download"), this);
  download_button_->setObjectName("download.start");
  download_button_->setDefault(true);
  cancel_button_ = new QPushButton(tr("Cancel download"), this);
  cancel_button_->setObjectName("download.cancel");
  cancel_button_->setToolTip(tr("Stops; what was fetched stays, and downloading again into the same folder resumes"));
  cancel_button_->hide();
  auto* close = new QPushButton(tr("Close"), this);
  connect(download_button_, &QPushButton::clicked, this, &DownloadDialog::start);
  connect(cancel_button_, &QPushButton::clicked, this, &DownloadDialog::cancel);
  connect(close, &QPushButton::clicked, this, &DownloadDialog::reject);
  buttons->addWidget(download_button_);
  buttons->addWidget(cancel_button_);
  buttons->addStretch(1);
  buttons->addWidget(close);
  layout->addLayout(buttons);

  layout->addWidget(new QLabel(tr("<b>Already on this computer</b> (the Hugging Face and ModelScope caches):"), this));
  cached_ = new QTreeWidget(this);
  cached_->setObjectName("download.cached");
  cached_->setHeaderLabels({tr("Model"), tr("Cache"), tr("Architecture"), QString()});
  cached_->setRootIsDecorated(false);
  cached_->header()->setStretchLastSection(false);
  cached_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
  for (int column : {1, 2, 3}) cached_->header()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
  cached_->setMinimumHeight(110);
  layout->addWidget(cached_);

  connect(repo_, &QLineEdit::textChanged, this, &DownloadDialog::suggest_folder);
  connect(folder_, &QLineEdit::textEdited, this, [this] { folder_edited_ = true; });
  connect(source_, &QComboBox::currentIndexChanged, this, &DownloadDialog::show_source);
  show_source();
  suggest_folder();
  show_cached();
  resize(640, 480);
}

DownloadDialog::~DownloadDialog() = default;

void DownloadDialog::suggest_folder() {
  if (folder_edited_) return;
  const QString name = repo_->text().section('/', -1).trimmed();
  folder_->setText(name.isEmpty() ? models_dir_ : QDir(models_dir_).filePath(name));
}

void DownloadDialog::show_source() {
  const services::HubKind kind = source_kind(source_);
  revision_->setPlaceholderText(kind == services::HubKind::huggingface ? "main" : "master");
  try {
    const services::HubRepo repo = services::make_hub_repo(kind, "owner/name");
    const QString variable = kind == services::HubKind::huggingface ? "HF_ENDPOINT" : "MODELSCOPE_DOMAIN";
    const QString token = kind == services::HubKind::huggingface ? "HF_TOKEN" : "MODELSCOPE_API_TOKEN";
    where_->setText(tr("From %1 (%2 names another address, such as a mirror). %3")
                        .arg(repo.endpoint, variable,
                             repo.token.isEmpty() ? tr("No token: gated and private models need %1.").arg(token)
                                                  : tr("A token is set.")));
  } catch (const std::exception& e) {
    where_->setText(error_text(e));
  }
}

void DownloadDialog::show_cached() {
  cached_models_ = services::find_cached_models();
  cached_->clear();
  if (cached_models_.empty()) {
    auto* none = new QTreeWidgetItem(cached_, {tr("none found in %1 or %2").arg(services::huggingface_cache_dir(), services::modelscope_cache_dir())});
    none->setFirstColumnSpanned(true);
    return;
  }
  for (const services::CachedModel& m : cached_models_) {
    auto* item = new QTreeWidgetItem(cached_, {m.id, m.hub == services::HubKind::huggingface ? tr("Hugging Face") : tr("ModelScope (魔搭)"),
                                               m.model.architecture});
    item->setToolTip(0, m.model.path);
    auto* add = new QPushButton(tr("Add"), cached_);
    add->setObjectName("download.add_cached");
    const QString path = m.model.path;
    connect(add, &QPushButton::clicked, this, [this, path] { Q_EMIT model_ready(path); });
    cached_->setItemWidget(item, 3, add);
  }
}

void DownloadDialog::set_busy(bool busy) {
  for (QWidget* w : std::initializer_list<QWidget*>{source_, repo_, revision_, folder_, download_button_}) w->setEnabled(!busy);
  cancel_button_->setVisible(busy);
  bar_->setVisible(busy || bar_->value() > 0);
}

void DownloadDialog::start() {
  if (download_) return;
  services::DownloadRequest request;
  try {
    request.repo = services::make_hub_repo(source_kind(source_), repo_->text().trimmed(), revision_->text().trimmed());
  } catch (const std::exception& e) {
    status_->setText(error_text(e));
    return;
  }
  request.folder = QDir::cleanPath(folder_->text().trimmed());
  if (request.folder.isEmpty() || request.folder == QDir::cleanPath(models_dir_)) {
    status_->setText(tr("Choose the folder the model goes to."));
    return;
  }
  QDir().mkpath(QFileInfo(request.folder).absolutePath());
  download_ = std::make_unique<services::ModelDownload>(request);
  connect(download_.get(), &services::ModelDownload::progress, this, &DownloadDialog::show_progress);
  connect(download_.get(), &services::ModelDownload::finished, this, [this](const QString& folder) {
    download_.release()->deleteLater();
    bar_->setValue(1000);
    set_busy(false);
    status_->setText(tr("Downloaded to %1.").arg(QDir::toNativeSeparators(folder)));
    Q_EMIT model_ready(folder);
  });
  connect(download_.get(), &services::ModelDownload::failed, this, [this](const services::DownloadFailure& failure) {
    download_.release()->deleteLater();
    set_busy(false);
    status_->setText(error_text(failure.kind, failure.args, failure.message));
  });
  bar_->setValue(0);
  set_busy(true);
  status_->setText(tr("Asking %1 for the files of %2 …").arg(services::hub_display_name(request.repo.kind), request.repo.id));
  download_->start();
}

void DownloadDialog::show_progress(const services::DownloadProgress& p) {
  if (p.bytes_total > 0) bar_->setValue(static_cast<int>(1000.0 * static_cast<double>(p.bytes_done) / static_cast<double>(p.bytes_total)));
  const QString stage = p.stage == services::DownloadProgress::Stage::small_files ? tr("config and tokenizer")
                        : p.stage == services::DownloadProgress::Stage::weights   ? tr("weights")
                                                                                   : QString();
  if (p.stage == services::DownloadProgress::Stage::listing || p.stage == services::DownloadProgress::Stage::done) return;
  status_->setText(tr("%1: %2 of %3 · %4/s · %5 left · %6 of %7 files")
                       .arg(stage, bytes_text(static_cast<double>(p.bytes_done)), bytes_text(static_cast<double>(p.bytes_total)),
                            bytes_text(p.bytes_per_second), duration_text(p.seconds_left()))
                       .arg(p.files_done)
                       .arg(p.files_total));
}

void DownloadDialog::cancel() {
  if (download_) download_->cancel();
}

void DownloadDialog::reject() {
  if (download_) {
    const auto answer = QMessageBox::question(this, tr("Stop the download?"),
                                              tr("The download stops; what was fetched stays, and downloading the same model "
                                                 "into the same folder later resumes."));
    if (answer != QMessageBox::Yes) return;
    download_->cancel();
  }
  QDialog::reject();
}

}  // namespace tunedesk::ui
