// Downloading a model repository from Hugging Face or ModelScope into a
// folder TuneDesk can train from, the way a careful person would:
//   1. the file list; only what a model needs (config, tokenizer and
//      generation files, safetensors weights: not .bin/.pth/.gguf/.onnx
//      copies, not sub-folders);
//   2. the small files first, so that an architecture TuneDesk does not run
//      is said before any weights are fetched;
//   3. free disk space checked against what is still to fetch;
//   4. the weights, several files at once; each into NAME.part, resumed with
//      an HTTP Range from where it stopped (this run or an earlier one), its
//      sha256 (or git blob sha1) checked against the hub's before it takes
//      its name, fetched once more on a mismatch;
//   5. everything lives in FOLDER.incomplete until the last file is whole,
//      then the folder takes its name: a half-downloaded folder is never a model.
// Cancelling keeps the .part files: starting the same download again resumes.
#pragma once

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QObject>
#include <QString>
#include <QStringList>

#include <deque>
#include <memory>
#include <vector>

#include "services/hub_api.h"

namespace tunedesk::services {

struct DownloadProgress {
  enum class Stage { listing, small_files, weights, done };
  Stage stage = Stage::listing;
  qint64 bytes_done = 0;   // of the files to fetch, on disk (what earlier runs fetched included)
  qint64 bytes_total = 0;  // 0 until the file list is known
  double bytes_per_second = 0;  // over the last seconds
  int files_done = 0, files_total = 0;
  qint64 seconds_left() const;  // -1 when unknown
};

struct DownloadFailure {
  QString message;  // English
  QString kind;     // the template (see util/user_error.cpp), for the UI's language
  QStringList args;
};

struct DownloadRequest {
  HubRepo repo;
  QString folder;    // where the model ends up; must not exist yet
  int parallel = 3;  // files fetched at once
  int stall_timeout_ms = 60000;  // no byte for this long: the connection counts as lost (and is resumed)
};

class ModelDownload : public QObject {
  Q_OBJECT

 public:
  explicit ModelDownload(DownloadRequest request, QObject* parent = nullptr);
  ~ModelDownload() override;

  // Runs in this thread's event loop: progress() while it runs, then
  // finished() or failed(), once.
  void start();
  // Stops; what was fetched stays for the next start.
  void cancel();

  const DownloadRequest& request() const { return request_; }
  const DownloadProgress& last_progress() const { return progress_; }

  // FOLDER.incomplete, where the files are until all are whole.
  static QString incomplete_folder(const QString& folder);

 Q_SIGNALS:
  void progress(const tunedesk::services::DownloadProgress& progress);
  void finished(const QString& folder);
  void failed(const tunedesk::services::DownloadFailure& failure);

 private:
  struct FileFetch;

  void begin();
  void list_files();
  void listing_done(class QNetworkReply* reply);
  void fetch_all(std::vector<HubFile> files, void (ModelDownload::*then)());
  void small_files_done();
  void weights_done();
  void start_next();
  void request_file(FileFetch& fetch);
  void watch(FileFetch& fetch, class QNetworkReply* reply);  // the fetch's current reply
  void file_headers(FileFetch& fetch);
  void file_data(FileFetch& fetch);
  void file_finished(FileFetch& fetch);
  void verify(FileFetch& fetch);
  void verified(FileFetch& fetch, const QString& digest);
  class QNetworkReply* get(const QUrl& url, qint64 range_start = 0);
  void fail(const std::exception& e);
  void report(bool force = false);

  DownloadRequest request_;
  QString incomplete_;
  QNetworkAccessManager network_;
  std::vector<HubFile> listing_;
  std::deque<std::unique_ptr<FileFetch>> pending_;
  std::vector<std::unique_ptr<FileFetch>> active_;
  void (ModelDownload::*then_)() = nullptr;
  DownloadProgress progress_;
  int listing_redirects_ = 0;
  QElapsedTimer clock_, since_report_;
  std::deque<std::pair<qint64, qint64>> samples_;  // (ms, bytes_done) for the speed
  bool over_ = false;
};

}  // namespace tunedesk::services

Q_DECLARE_METATYPE(tunedesk::services::DownloadProgress)
Q_DECLARE_METATYPE(tunedesk::services::DownloadFailure)
