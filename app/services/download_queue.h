// Model downloads as background jobs: started from the desktop's download
// dialog or over HTTP, each runs in this thread's event loop (network-bound,
// so beside training rather than behind it), is recorded in the data
// directory's database (download_store.h) and, when whole, is added to its
// owner's base models. They outlive a closed window: one that was running
// when the process ended is `interrupted` at the next start, and resuming it
// (or a cancelled or failed one) fetches only what is missing (ModelDownload
// keeps its .part files). The desktop and its built-in server share one queue.
#pragma once

#include <QHash>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "services/download_store.h"
#include "services/hub_api.h"
#include "services/model_download.h"
#include "services/model_registry.h"

namespace tunedesk::services {

// A download as shown: its record, with a running one's live figures.
struct DownloadStatus {
  DownloadRecord record;
  double bytes_per_second = 0;
  qint64 seconds_left = -1;  // unknown
  DownloadProgress::Stage stage = DownloadProgress::Stage::listing;
};

class DownloadQueue : public QObject {
  Q_OBJECT

 public:
  explicit DownloadQueue(const QString& database_path, QObject* parent = nullptr);
  ~DownloadQueue() override;  // running downloads stop, their files kept, and stay `interrupted`

  // Starts downloading `repo` into `folder` (absolute; it must not exist) for
  // `owner`. Throws ServiceError("hub.busy") when a download into that folder
  // runs already.
  DownloadStatus start(const QString& owner, const HubRepo& repo, const QString& folder);
  // Stops a running download (what was fetched stays); false when it is not running.
  bool cancel(const QString& id);
  // Starts a failed, cancelled or interrupted download again, with the hub
  // settings of now (endpoint, token). nullopt when there is no such download
  // or it is done or running; throws ServiceError("hub.busy") as start().
  std::optional<DownloadStatus> resume(const QString& id);

  std::optional<DownloadStatus> find(const QString& id) const;
  std::vector<DownloadStatus> list(const QString& owner) const;  // oldest first

 Q_SIGNALS:
  // Progress (at most a few times a second) or a new state.
  void downloadChanged(const QString& id, const QString& state);

 private:
  struct Running;
  void run(const DownloadRecord& record, const HubRepo& repo);
  void end(const QString& id, const std::function<void(DownloadRecord&)>& outcome);
  DownloadStatus status_of(const DownloadRecord& record) const;

  DownloadStore store_;
  ModelRegistry models_;
  QHash<QString, std::shared_ptr<Running>> running_;  // by id
};

}  // namespace tunedesk::services
