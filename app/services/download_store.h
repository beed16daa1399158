// Model downloads as the database keeps them, so that they outlive the window
// and the process: who asked for which repository from which hub, into which
// folder, how far it got and how it ended. The download itself is
// DownloadQueue's (download_queue.h); this is only its record.
#pragma once

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

#include "services/sqlite_connection.h"

namespace tunedesk::services {

// running → done | failed | cancelled; running → interrupted when the process
// that ran it ended first. All but done may be resumed.
enum class DownloadState { running, done, failed, cancelled, interrupted };
QString download_state_name(DownloadState s);
std::optional<DownloadState> parse_download_state(const QString& name);

struct DownloadRecord {
  QString id;        // "d" + 7 hex digits
  QString owner;
  QString source;    // "hf" or "modelscope"
  QString repo;      // "Qwen/Qwen2.5-0.5B-Instruct"
  QString revision;  // empty: the hub's default branch
  QString folder;    // where the model ends up (absolute)
  DownloadState state = DownloadState::running;
  qint64 bytes_done = 0, bytes_total = 0;  // as last recorded (a running one's live figures are the queue's)
  int files_done = 0, files_total = 0;
  QString error, error_kind;  // English, and the template (util/user_error.h) for the UI's language
  QStringList error_args;
  QString model;     // the base model's name once added
  QDateTime created, finished;
};

class DownloadStore {
 public:
  explicit DownloadStore(const QString& database_path);  // creates the table; throws ServiceError

  DownloadRecord create(DownloadRecord record);  // assigns id, state running, creation time
  std::optional<DownloadRecord> find(const QString& id) const;
  std::vector<DownloadRecord> list(const QString& owner) const;  // oldest first
  // Records left running by a process that is gone become interrupted.
  void mark_running_as_interrupted();
  void save(const DownloadRecord& record);  // state, figures, error, model (and finished, for a final state)

 private:
  SqliteConnection db_;
};

}  // namespace tunedesk::services
