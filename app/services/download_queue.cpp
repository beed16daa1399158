#include "services/download_queue.h"

#include <QDir>
#include <QFileInfo>

#include "services/service_error.h"

namespace tunedesk::services {

struct DownloadQueue::Running {
  std::unique_ptr<ModelDownload> download;
  DownloadRecord record;  // with the latest figures
  DownloadProgress progress;
};

DownloadQueue::DownloadQueue(const QString& database_path, QObject* parent)
    : QObject(parent), store_(database_path), models_(database_path) {
  store_.mark_running_as_interrupted();
}

DownloadQueue::~DownloadQueue() {
  for (const auto& r : running_) {
    r->download->disconnect(this);
    r->record.state = DownloadState::interrupted;
    store_.save(r->record);
  }
  running_.clear();  // each ModelDownload stops its transfers as it goes
}

DownloadStatus DownloadQueue::start(const QString& owner, const HubRepo& repo, const QString& folder) {
  for (const auto& r : running_)
    if (r->record.folder == folder) throw ServiceError("hub.busy", {folder.toStdString()});
  DownloadRecord record;
  record.owner = owner;
  record.source = repo.kind == HubKind::huggingface ? "hf" : "modelscope";
  record.repo = repo.id;
  record.revision = repo.revision;
  record.folder = folder;
  record = store_.create(record);
  run(record, repo);
  return status_of(record);
}

bool DownloadQueue::cancel(const QString& id) {
  const auto r = running_.value(id);
  if (!r) return false;
  r->download->cancel();  // ends through failed(hub.cancelled)
  return true;
}

std::optional<DownloadStatus> DownloadQueue::resume(const QString& id) {
  std::optional<DownloadRecord> record = store_.find(id);
  if (!record || record->state == DownloadState::done || running_.contains(id)) return std::nullopt;
  for (const auto& r : running_)
    if (r->record.folder == record->folder) throw ServiceError("hub.busy", {record->folder.toStdString()});
  const HubRepo repo = make_hub_repo(parse_hub_kind(record->source), record->repo, record->revision);
  record->state = DownloadState::running;
  record->error.clear();
  record->error_kind.clear();
  record->error_args.clear();
  store_.save(*record);
  run(*record, repo);
  return status_of(*record);
}

void DownloadQueue::run(const DownloadRecord& record, const HubRepo& repo) {
  DownloadRequest request;
  request.repo = repo;
  request.folder = record.folder;
  QDir().mkpath(QFileInfo(record.folder).absolutePath());
  auto r = std::make_shared<Running>();
  r->record = record;
  r->download = std::make_unique<ModelDownload>(request);
  const QString id = record.id;
  const std::weak_ptr<Running> weak = r;
  connect(r->download.get(), &ModelDownload::progress, this, [this, weak, id](const DownloadProgress& p) {
    const std::shared_ptr<Running> raw = weak.lock();
    if (!raw) return;
    raw->progress = p;
    raw->record.bytes_done = p.bytes_done;
    raw->record.bytes_total = p.bytes_total;
    raw->record.files_done = p.files_done;
    raw->record.files_total = p.files_total;
    Q_EMIT downloadChanged(id, download_state_name(DownloadState::running));
  });
  connect(r->download.get(), &ModelDownload::finished, this, [this, id](const QString& folder) {
    end(id, [&](DownloadRecord& record) {
      record.bytes_done = record.bytes_total;
      record.files_done = record.files_total;
      try {
        record.model = models_.add(record.owner, folder).name;
        record.state = DownloadState::done;
      } catch (const std::exception& e) {  // whole, but not a model TuneDesk can train from
        record.state = DownloadState::failed;
        record.error = QString::fromStdString(e.what());
        if (const auto t = error_template(e)) record.error_kind = t->kind, record.error_args = t->args;
      }
    });
  });
  connect(r->download.get(), &ModelDownload::failed, this, [this, id](const DownloadFailure& f) {
    end(id, [&](DownloadRecord& record) {
      record.state = f.kind == "hub.cancelled" ? DownloadState::cancelled : DownloadState::failed;
      record.error = f.message;
      record.error_kind = f.kind;
      record.error_args = f.args;
    });
  });
  running_.insert(id, r);
  Q_EMIT downloadChanged(id, download_state_name(DownloadState::running));
  r->download->start();
}

void DownloadQueue::end(const QString& id, const std::function<void(DownloadRecord&)>& outcome) {
  const std::shared_ptr<Running> r = running_.take(id);
  if (!r) return;
  outcome(r->record);
  store_.save(r->record);
  r->download.release()->deleteLater();  // its signal is still being delivered
  Q_EMIT downloadChanged(id, download_state_name(r->record.state));
}

DownloadStatus DownloadQueue::status_of(const DownloadRecord& record) const {
  DownloadStatus s;
  s.record = record;
  if (const auto r = running_.value(record.id)) {
    s.record = r->record;
    s.bytes_per_second = r->progress.bytes_per_second;
    s.seconds_left = r->progress.seconds_left();
    s.stage = r->progress.stage;
  }
  return s;
}

std::optional<DownloadStatus> DownloadQueue::find(const QString& id) const {
  // A running download's figures are in memory (asked for at every progress report); the rest in the store.
  if (const auto r = running_.value(id)) return status_of(r->record);
  const std::optional<DownloadRecord> record = store_.find(id);
  if (!record) return std::nullopt;
  return status_of(*record);
}

std::vector<DownloadStatus> DownloadQueue::list(const QString& owner) const {
  std::vector<DownloadStatus> out;
  for (const DownloadRecord& record : store_.list(owner)) out.push_back(status_of(record));
  return out;
}

}  // namespace tunedesk::services
