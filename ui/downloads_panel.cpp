#include "ui/downloads_panel.h"

#include <QDir>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include "services/download_queue.h"
#include "ui/app_context.h"
#include "ui/error_text.h"

namespace tunedesk::ui {
namespace {

enum Column { kModel, kSource, kFolder, kProgress, kStatus, kAction, kColumns };

QString bytes_text(double bytes) { return QLocale().formattedDataSize(static_cast<qint64>(bytes), 1, QLocale::DataSizeTraditionalFormat); }

QString duration_text(qint64 seconds) {
  if (seconds < 0) return QStringLiteral("–");
  if (seconds >= 3600) return QString("%1:%2:%3").arg(seconds / 3600).arg((seconds / 60) % 60, 2, 10, QChar('0')).arg(seconds % 60, 2, 10, QChar('0'));
  return QString("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QChar('0'));
}

// Per mille of the bytes on disk.
int share(const services::DownloadRecord& r) {
  return r.bytes_total > 0 ? static_cast<int>(1000.0 * static_cast<double>(r.bytes_done) / static_cast<double>(r.bytes_total)) : 0;
}

// What a download's status cell says.
QString progress_text(const services::DownloadStatus& d) {
  const services::DownloadRecord& r = d.record;
  switch (r.state) {
    case services::DownloadState::running:
      if (r.bytes_total == 0) return DownloadsPanel::tr("asking the hub for its files…");
      return DownloadsPanel::tr("%1 of %2 · %3/s · %4 left · %5 of %6 files")
          .arg(bytes_text(static_cast<double>(r.bytes_done)), bytes_text(static_cast<double>(r.bytes_total)),
               bytes_text(d.bytes_per_second), duration_text(d.seconds_left))
          .arg(r.files_done)
          .arg(r.files_total);
    case services::DownloadState::done: return DownloadsPanel::tr("Downloaded: on your base models as %1.").arg(r.model);
    case services::DownloadState::interrupted:
      return DownloadsPanel::tr("Stopped when TuneDesk closed, at %1 of %2; Resume fetches what is missing.")
          .arg(bytes_text(static_cast<double>(r.bytes_done)), bytes_text(static_cast<double>(r.bytes_total)));
    case services::DownloadState::failed:
    case services::DownloadState::cancelled: return error_text(r.error_kind, r.error_args, r.error);
  }
  return {};
}

}  // namespace

DownloadsPanel::DownloadsPanel(AppContext& context, QWidget* parent) : QWidget(parent), context_(context) {
  setObjectName("training.downloads_panel");
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(new QLabel(tr("<b>Model downloads</b>"), this));
  table_ = new QTableWidget(0, kColumns, this);
  table_->setObjectName("training.downloads");
  table_->setHorizontalHeaderLabels({tr("Model"), tr("From"), tr("Folder"), tr("Progress"), tr("Status"), QString()});
  table_->verticalHeader()->hide();
  table_->setSelectionMode(QAbstractItemView::NoSelection);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->horizontalHeader()->setSectionResizeMode(kStatus, QHeaderView::Stretch);
  table_->horizontalHeader()->setSectionResizeMode(kProgress, QHeaderView::Fixed);
  table_->setColumnWidth(kProgress, 110);
  for (int c : {kModel, kSource, kFolder, kAction}) table_->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
  table_->setMaximumHeight(130);
  layout->addWidget(table_);
  connect(&context_.downloads(), &services::DownloadQueue::downloadChanged, this, &DownloadsPanel::update_row);
  hide();
}

void DownloadsPanel::refresh() {
  table_->setRowCount(0);
  rows_.clear();
  states_.clear();
  const std::vector<services::DownloadStatus> all = context_.downloads().list(context_.user().name);
  for (auto it = all.rbegin(); it != all.rend(); ++it) {  // newest first, as the jobs
    const int row = table_->rowCount();
    table_->insertRow(row);
    rows_.insert(it->record.id, row);
    fill_row(row, *it);
  }
  setVisible(!all.empty());
}

void DownloadsPanel::update_row(const QString& id, const QString& state) {
  const auto row = rows_.find(id);
  // A new download, or one that changed state: its button changes too.
  if (row == rows_.end() || states_.value(id) != state) {
    const std::optional<services::DownloadStatus> d = context_.downloads().find(id);
    if (!d || d->record.owner != context_.user().name) return;
    if (row == rows_.end()) {
      refresh();
      return;
    }
    fill_row(*row, *d);
    return;
  }
  // Progress only: the bar and its text.
  const std::optional<services::DownloadStatus> d = context_.downloads().find(id);
  if (!d) return;
  if (auto* bar = qobject_cast<QProgressBar*>(table_->cellWidget(*row, kProgress))) bar->setValue(share(d->record));
  if (QTableWidgetItem* status = table_->item(*row, kStatus)) status->setText(progress_text(*d));
}

void DownloadsPanel::fill_row(int row, const services::DownloadStatus& d) {
  const services::DownloadRecord& r = d.record;
  states_.insert(r.id, services::download_state_name(r.state));
  auto* model = new QTableWidgetItem(r.repo);
  model->setData(Qt::UserRole, r.id);
  if (!r.revision.isEmpty()) model->setToolTip(tr("revision %1").arg(r.revision));
  table_->setItem(row, kModel, model);
  table_->setItem(row, kSource, new QTableWidgetItem(r.source == "hf" ? tr("Hugging Face") : tr("ModelScope (魔搭)")));
  // In the workspace: its path there ("models/Qwen2.5-0.5B"); the whole path on hover.
  const QString root = context_.workspace().root() + "/";
  auto* folder = new QTableWidgetItem(QDir::toNativeSeparators(r.folder.startsWith(root) ? r.folder.mid(root.size()) : r.folder));
  folder->setToolTip(QDir::toNativeSeparators(r.folder));
  table_->setItem(row, kFolder, folder);

  auto* bar = new QProgressBar(table_);
  bar->setObjectName("download.progress");
  bar->setRange(0, 1000);
  bar->setValue(r.state == services::DownloadState::done ? 1000 : share(r));
  bar->setFormat("%p%");
  bar->setProperty("state", services::download_state_name(r.state));
  table_->setCellWidget(row, kProgress, bar);
  auto* status = new QTableWidgetItem(progress_text(d));
  status->setToolTip(status->text());
  if (r.state == services::DownloadState::failed || r.state == services::DownloadState::cancelled)
    status->setForeground(QColor(176, 0, 32));
  table_->setItem(row, kStatus, status);

  QPushButton* action = nullptr;
  const QString id = r.id;
  if (r.state == services::DownloadState::running) {
    action = new QPushButton(tr("Cancel"), table_);
    action->setObjectName("download.cancel");
    action->setToolTip(tr("Stops; what was fetched stays, and Resume goes on from there"));
    // Queued: the row (and this button) is rebuilt when the state changes.
    connect(action, &QPushButton::clicked, this, [this, id] { context_.downloads().cancel(id); }, Qt::QueuedConnection);
  } else if (r.state != services::DownloadState::done) {
    action = new QPushButton(tr("Resume"), table_);
    action->setObjectName("download.resume");
    action->setToolTip(tr("Fetches only what is missing"));
    connect(
        action, &QPushButton::clicked, this,
        [this, id] {
          try {
            context_.downloads().resume(id);
          } catch (const std::exception& e) {
            Q_EMIT message(error_text(e));
          }
        },
        Qt::QueuedConnection);
  }
  if (action) table_->setCellWidget(row, kAction, action);
  else table_->removeCellWidget(row, kAction);
}

}  // namespace tunedesk::ui
