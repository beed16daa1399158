#include "ui/download_dialog.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "ui/app_context.h"
#include "ui/error_text.h"

namespace tunedesk::ui {
namespace {

services::HubKind source_kind(const QComboBox* source) {
  return source->currentData().toString() == "modelscope" ? services::HubKind::modelscope : services::HubKind::huggingface;
}

}  // namespace

DownloadDialog::DownloadDialog(AppContext& context, QWidget* parent)
    : QDialog(parent), context_(context), models_dir_(context.workspace().models_dir()) {
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

  status_ = new QLabel(this);
  status_->setObjectName("download.status");
  status_->setWordWrap(true);
  status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  layout->addWidget(status_);

  auto* buttons = new QHBoxLayout;
  auto* download = new QPushButton(tr("Download"), this);
  download->setObjectName("download.start");
  download->setDefault(true);
  download->setToolTip(tr("Runs in the background under the training jobs; you can close this window and go on working"));
  auto* close = new QPushButton(tr("Close"), this);
  connect(download, &QPushButton::clicked, this, &DownloadDialog::start);
  connect(close, &QPushButton::clicked, this, &DownloadDialog::reject);
  buttons->addWidget(download);
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

void DownloadDialog::start() {
  services::HubRepo repo;
  try {
    repo = services::make_hub_repo(source_kind(source_), repo_->text().trimmed(), revision_->text().trimmed());
  } catch (const std::exception& e) {
    status_->setText(error_text(e));
    return;
  }
  const QString folder = QDir::cleanPath(folder_->text().trimmed());
  if (folder.isEmpty() || folder == QDir::cleanPath(models_dir_)) {
    status_->setText(tr("Choose the folder the model goes to."));
    return;
  }
  try {
    const services::DownloadStatus started = context_.downloads().start(context_.user().name, repo, folder);
    Q_EMIT download_started(started.record.id);
  } catch (const std::exception& e) {
    status_->setText(error_text(e));
    return;
  }
  accept();
}

}  // namespace tunedesk::ui
