#include "services/model_download.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QStorageInfo>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <utility>
#include <set>

#include "model/model_config.h"

namespace tunedesk::services {
namespace {

std::string s(const QString& q) { return q.toStdString(); }

constexpr int kMaxRedirects = 5;
constexpr int kRetriesPerFile = 3;         // a connection lost mid-file is resumed this often
constexpr qint64 kDiskMargin = 64 << 20;   // left free beyond what the files need

// Files a model folder needs besides its weights (top level only).
bool is_small_model_file(const QString& path) {
  if (path.contains('/')) return false;
  const QString name = path.toLower();
  static const std::set<QString> names = {
      "config.json",         "generation_config.json", "tokenizer.json",         "tokenizer_config.json",
      "special_tokens_map.json", "added_tokens.json",  "vocab.json",             "merges.txt",
      "tokenizer.model",     "model.safetensors.index.json", "chat_template.json", "chat_template.jinja"};
  return names.count(name) || name.endsWith(".tiktoken") || name.startsWith("license") || name.startsWith("notice") ||
         name == "readme.md";
}

bool is_top_level_safetensors(const QString& path) { return !path.contains('/') && path.toLower().endsWith(".safetensors"); }

// The weights when there is no index: every top-level safetensors file,
// without Mistral's "consolidated" copy in its own layout when others exist.
std::vector<HubFile> weights_without_index(const std::vector<HubFile>& listing) {
  std::vector<HubFile> all, hf_layout;
  for (const HubFile& f : listing)
    if (is_top_level_safetensors(f.path)) {
      all.push_back(f);
      if (!f.path.startsWith("consolidated")) hf_layout.push_back(f);
    }
  return hf_layout.empty() ? all : hf_layout;
}

QString human_bytes(qint64 bytes) {
  const double gib = static_cast<double>(bytes) / (1024.0 * 1024.0 * 1024.0);
  if (gib >= 1) return QString::number(gib, 'f', 2) + " GiB";
  return QString::number(static_cast<double>(bytes) / (1024.0 * 1024.0), 'f', 1) + " MiB";
}

bool same_origin(const QUrl& a, const QUrl& b) {
  return a.scheme() == b.scheme() && a.host() == b.host() && a.port(a.scheme() == "https" ? 443 : 80) == b.port(b.scheme() == "https" ? 443 : 80);
}

// sha256 of the file (hex), or its git blob sha1 when `git` (Hugging Face's blobId).
QString file_digest(const QString& path, bool git) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) return {};
  QCryptographicHash hash(git ? QCryptographicHash::Sha1 : QCryptographicHash::Sha256);
  if (git) hash.addData(QByteArray("blob ") + QByteArray::number(file.size()) + '\0');
  if (!hash.addData(&file)) return {};
  return QString::fromLatin1(hash.result().toHex());
}

}  // namespace

qint64 DownloadProgress::seconds_left() const {
  if (bytes_per_second <= 0 || bytes_total <= 0) return -1;
  return static_cast<qint64>(static_cast<double>(bytes_total - bytes_done) / bytes_per_second + 0.5);
}

struct ModelDownload::FileFetch {
  HubFile file;
  QString final_path, part_path;
  QFile part;
  QNetworkReply* reply = nullptr;
  QUrl url;
  qint64 on_disk = 0;      // bytes in the .part file
  qint64 range_start = 0;  // where the current request starts
  bool writing = false;    // the response being read is the file's bytes
  int redirects = 0, retries = 0, refetches = 0;
};

QString ModelDownload::incomplete_folder(const QString& folder) {
  QString f = QDir::cleanPath(folder);
  return f + ".incomplete";
}

ModelDownload::ModelDownload(DownloadRequest request, QObject* parent)
    : QObject(parent), request_(std::move(request)), incomplete_(incomplete_folder(request_.folder)) {
  request_.parallel = std::max(1, request_.parallel);
}

ModelDownload::~ModelDownload() {
  over_ = true;
  for (auto& f : active_)
    if (QNetworkReply* reply = std::exchange(f->reply, nullptr)) {
      reply->disconnect(this);
      reply->abort();
    }
}

void ModelDownload::start() {
  // Everything, its first failure included, happens once the caller is listening.
  QTimer::singleShot(0, this, &ModelDownload::begin);
}

void ModelDownload::begin() {
  clock_.start();
  since_report_.start();
  try {
    if (QFileInfo::exists(request_.folder)) throw ServiceError("hub.exists", {s(request_.folder)});
    if (!QDir().mkpath(incomplete_)) throw ServiceError("workspace.store_failed", {s(incomplete_), "cannot create the folder"});
  } catch (const std::exception& e) {
    fail(e);
    return;
  }
  report(true);
  list_files();
}

void ModelDownload::cancel() { fail(ServiceError("hub.cancelled", {s(request_.repo.id)})); }

QNetworkReply* ModelDownload::get(const QUrl& url, qint64 range_start) {
  QNetworkRequest request(url);
  request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
  request.setHeader(QNetworkRequest::UserAgentHeader, "TuneDesk");
  request.setTransferTimeout(request_.stall_timeout_ms);  // a stalled connection counts as lost
  // The token goes to the hub only, never to the CDN it redirects a file to.
  if (!request_.repo.token.isEmpty() && same_origin(url, QUrl(request_.repo.endpoint)))
    request.setRawHeader("Authorization", "Bearer " + request_.repo.token.toUtf8());
  if (range_start >= 0) {
    // Byte offsets must be the file's: no transparent gzip.
    request.setRawHeader("Accept-Encoding", "identity");
    if (range_start > 0) request.setRawHeader("Range", "bytes=" + QByteArray::number(range_start) + "-");
  }
  return network_.get(request);
}

// ---- the file list --------------------------------------------------------

void ModelDownload::list_files() {
  QNetworkReply* reply = get(request_.repo.listing_url(), -1);
  connect(reply, &QNetworkReply::finished, this, [this, reply] { listing_done(reply); });
}

void ModelDownload::listing_done(QNetworkReply* reply) {
  reply->deleteLater();
  if (over_) return;
  const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
  try {
    if (status >= 300 && status < 400) {  // a renamed repository
      const QUrl next = reply->url().resolved(reply->header(QNetworkRequest::LocationHeader).toUrl());
      if (++listing_redirects_ > kMaxRedirects) throw ServiceError("hub.http", {s(hub_display_name(request_.repo.kind)), std::to_string(status), "too many redirects"});
      QNetworkReply* again = get(next, -1);
      connect(again, &QNetworkReply::finished, this, [this, again] { listing_done(again); });
      return;
    }
    if (status == 0)
      throw ServiceError("hub.network", {s(request_.repo.endpoint), "the file list", s(reply->errorString())});
    if (status != 200) throw hub_http_error(request_.repo, status, reply->rawHeader("X-Error-Code"), {});
    listing_ = parse_hub_listing(request_.repo.kind, reply->readAll());
    std::vector<HubFile> small;
    for (const HubFile& f : listing_)
      if (is_small_model_file(f.path)) small.push_back(f);
    const std::vector<HubFile> weights = weights_without_index(listing_);
    if (weights.empty()) {
      QStringList names;
      for (const HubFile& f : listing_) names << f.path;
      if (names.size() > 12) names = names.mid(0, 12) << "…";
      throw ServiceError("hub.no_safetensors", {s(request_.repo.id), s(names.join(", "))});
    }
    // The total as the listing says; made exact once the index is read.
    progress_.files_total = static_cast<int>(small.size() + weights.size());
    for (const HubFile& f : small) progress_.bytes_total += std::max<qint64>(0, f.size);
    for (const HubFile& f : weights) progress_.bytes_total += std::max<qint64>(0, f.size);
    progress_.stage = DownloadProgress::Stage::small_files;
    fetch_all(small, &ModelDownload::small_files_done);
  } catch (const std::exception& e) {
    fail(e);
  }
}

// ---- fetching files ---------------------------------------------------------

void ModelDownload::fetch_all(std::vector<HubFile> files, void (ModelDownload::*then)()) {
  then_ = then;
  for (HubFile& f : files) {
    auto fetch = std::make_unique<FileFetch>();
    fetch->final_path = incomplete_ + "/" + f.path;
    fetch->part_path = fetch->final_path + ".part";
    fetch->file = std::move(f);
    pending_.push_back(std::move(fetch));
  }
  start_next();
}

void ModelDownload::start_next() {
  if (over_) return;
  while (static_cast<int>(active_.size()) < request_.parallel && !pending_.empty()) {
    active_.push_back(std::move(pending_.front()));
    pending_.pop_front();
    FileFetch& fetch = *active_.back();
    // Whole from an earlier run: it was checked before it took its name.
    const QFileInfo whole(fetch.final_path);
    if (whole.exists() && (fetch.file.size < 0 || whole.size() == fetch.file.size)) {
      progress_.bytes_done += whole.size();
      ++progress_.files_done;
      active_.pop_back();
      continue;
    }
    request_file(fetch);
    if (over_) return;
  }
  report();
  if (active_.empty() && pending_.empty()) (this->*then_)();
}

void ModelDownload::request_file(FileFetch& fetch) {
  QDir().mkpath(QFileInfo(fetch.part_path).path());
  fetch.part.setFileName(fetch.part_path);
  if (!fetch.part.open(QIODevice::ReadWrite)) {
    fail(ServiceError("workspace.store_failed", {s(fetch.part_path), s(fetch.part.errorString())}));
    return;
  }
  fetch.on_disk = fetch.part.size();
  if (fetch.file.size >= 0 && fetch.on_disk > fetch.file.size) {  // longer than the file: start again
    fetch.part.resize(0);
    fetch.on_disk = 0;
  }
  fetch.part.seek(fetch.on_disk);
  if (fetch.file.size >= 0 && fetch.on_disk == fetch.file.size) {  // fetched whole before, not yet checked
    fetch.part.close();
    verify(fetch);
    return;
  }
  fetch.range_start = fetch.on_disk;
  fetch.url = request_.repo.file_url(fetch.file.path);
  fetch.redirects = 0;
  fetch.writing = false;
  watch(fetch, get(fetch.url, fetch.range_start));
}

void ModelDownload::watch(FileFetch& fetch, QNetworkReply* reply) {
  fetch.reply = reply;
  // A reply's signals arrive from Qt's network thread as events: one may come
  // after the fetch has moved on (finished, aborted, redirected). Only the
  // fetch's current reply is listened to.
  FileFetch* f = &fetch;
  connect(reply, &QNetworkReply::metaDataChanged, this, [this, f, reply] {
    if (f->reply == reply) file_headers(*f);
  });
  connect(reply, &QNetworkReply::readyRead, this, [this, f, reply] {
    if (f->reply == reply) file_data(*f);
  });
  connect(reply, &QNetworkReply::finished, this, [this, f, reply] {
    if (f->reply == reply) file_finished(*f);
    else reply->deleteLater();
  });
}

void ModelDownload::file_headers(FileFetch& fetch) {
  const int status = fetch.reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
  fetch.writing = false;
  if (status == 200) {
    if (fetch.range_start > 0) {  // the server sends it all: write it from the start
      fetch.part.resize(0);
      fetch.part.seek(0);
      fetch.on_disk = 0;
    }
    fetch.writing = true;
  } else if (status == 206) {
    // "bytes START-END/TOTAL" must start where the .part ends.
    static const QRegularExpression range("^bytes (\\d+)-");
    const auto m = range.match(QString::fromLatin1(fetch.reply->rawHeader("Content-Range")));
    if (m.hasMatch() && m.captured(1).toLongLong() == fetch.range_start) fetch.writing = true;
    else fetch.reply->abort();  // retried from what is on disk
  }
}

void ModelDownload::file_data(FileFetch& fetch) {
  const QByteArray bytes = fetch.reply->readAll();
  if (!fetch.writing || over_) return;
  if (fetch.part.write(bytes) != bytes.size()) {
    fail(ServiceError("workspace.store_failed", {s(fetch.part_path), s(fetch.part.errorString())}));
    return;
  }
  fetch.on_disk += bytes.size();
  report();
}

void ModelDownload::file_finished(FileFetch& fetch) {
  QNetworkReply* reply = fetch.reply;
  fetch.reply = nullptr;
  reply->disconnect(this);
  reply->deleteLater();
  if (over_) return;
  if (reply->bytesAvailable() > 0) {  // what arrived with the end
    fetch.reply = reply;
    file_data(fetch);
    fetch.reply = nullptr;
    if (over_) return;
  }
  const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
  const QString hub = hub_display_name(request_.repo.kind);
  try {
    if (status >= 300 && status < 400) {
      if (++fetch.redirects > kMaxRedirects) throw ServiceError("hub.http", {s(hub), std::to_string(status), s(fetch.file.path) + ": too many redirects"});
      fetch.url = reply->url().resolved(reply->header(QNetworkRequest::LocationHeader).toUrl());
      watch(fetch, get(fetch.url, fetch.range_start));
      return;
    }
    const bool whole = status == 416 || ((status == 200 || status == 206) && reply->error() == QNetworkReply::NoError &&
                                         (fetch.file.size < 0 || fetch.on_disk == fetch.file.size));
    if (status != 0 && status != 200 && status != 206 && status != 416)
      throw hub_http_error(request_.repo, status, reply->rawHeader("X-Error-Code"), fetch.file.path);
    if (!whole) {
      // The connection was lost (or a range came back wrong): go on from what is on disk.
      if (++fetch.retries > kRetriesPerFile)
        throw ServiceError("hub.network", {s(reply->url().host()), s(fetch.file.path), s(reply->errorString())});
      fetch.part.close();
      FileFetch* f = &fetch;
      QTimer::singleShot(500 * fetch.retries, this, [this, f] {
        if (!over_) request_file(*f);
      });
      return;
    }
    fetch.part.close();
    verify(fetch);
  } catch (const std::exception& e) {
    fail(e);
  }
}

// ---- checking what arrived --------------------------------------------------

void ModelDownload::verify(FileFetch& fetch) {
  const bool git = fetch.file.sha256.isEmpty() && !fetch.file.git_sha1.isEmpty();
  if (fetch.file.sha256.isEmpty() && !git) {  // the hub gave no checksum: the size is all there is
    verified(fetch, {});
    return;
  }
  auto* watcher = new QFutureWatcher<QString>(this);
  FileFetch* f = &fetch;
  connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, f] {
    watcher->deleteLater();
    if (!over_) verified(*f, watcher->result());
  });
  watcher->setFuture(QtConcurrent::run(file_digest, fetch.part_path, git));
}

void ModelDownload::verified(FileFetch& fetch, const QString& digest) {
  const QString expected = fetch.file.sha256.isEmpty() ? fetch.file.git_sha1 : fetch.file.sha256;
  if (!expected.isEmpty() && digest != expected) {
    if (++fetch.refetches > 1) {
      fail(ServiceError("hub.checksum", {s(fetch.file.path), (fetch.file.sha256.isEmpty() ? "git sha1 " : "sha256 ") + s(expected)}));
      return;
    }
    QFile::remove(fetch.part_path);  // fetched once more, from the start
    request_file(fetch);
    return;
  }
  QFile::remove(fetch.final_path);
  if (!QFile::rename(fetch.part_path, fetch.final_path)) {
    fail(ServiceError("workspace.store_failed", {s(fetch.final_path), "cannot rename the finished .part file"}));
    return;
  }
  progress_.bytes_done += fetch.on_disk;
  ++progress_.files_done;
  const auto at = std::find_if(active_.begin(), active_.end(), [&](const auto& p) { return p.get() == &fetch; });
  active_.erase(at);  // `fetch` is gone from here on
  start_next();
}

// ---- the stages -------------------------------------------------------------

void ModelDownload::small_files_done() {
  try {
    // A family TuneDesk does not run is said now, before gigabytes of weights.
    if (!QFileInfo::exists(incomplete_ + "/config.json")) throw ServiceError("model.no_config", {s(request_.repo.id)});
    model::load_model_config(incomplete_.toStdString());

    std::vector<HubFile> weights;
    QFile index_file(incomplete_ + "/model.safetensors.index.json");
    if (index_file.open(QIODevice::ReadOnly)) {
      const QJsonObject map = QJsonDocument::fromJson(index_file.readAll()).object()["weight_map"].toObject();
      std::set<QString> names;
      for (const QJsonValue& v : map) names.insert(v.toString());
      for (const QString& name : names) {
        const auto it = std::find_if(listing_.begin(), listing_.end(), [&](const HubFile& f) { return f.path == name; });
        if (it == listing_.end())
          throw ServiceError("hub.file_not_found", {s(hub_display_name(request_.repo.kind)), s(request_.repo.id), s(name), s(request_.repo.revision)});
        weights.push_back(*it);
      }
    } else {
      weights = weights_without_index(listing_);
    }
    // What is left to fetch against the free space (what .part files hold already counts).
    qint64 total = 0, left = 0;
    for (const HubFile& f : weights) {
      const qint64 size = std::max<qint64>(0, f.size);
      total += size;
      const QString final_path = incomplete_ + "/" + f.path;
      const qint64 have = QFileInfo::exists(final_path) ? QFileInfo(final_path).size() : QFileInfo(final_path + ".part").size();
      left += std::max<qint64>(0, size - have);
    }
    const qint64 free_bytes = QStorageInfo(incomplete_).bytesAvailable();
    if (free_bytes >= 0 && left + kDiskMargin > free_bytes)
      throw ServiceError("hub.no_space", {s(QFileInfo(incomplete_).absolutePath()), s(human_bytes(left + kDiskMargin)), s(human_bytes(free_bytes))});
    progress_.bytes_total = progress_.bytes_done + total;
    progress_.files_total = progress_.files_done + static_cast<int>(weights.size());
    progress_.stage = DownloadProgress::Stage::weights;
    report(true);
    fetch_all(weights, &ModelDownload::weights_done);
  } catch (const std::exception& e) {
    fail(e);
  }
}

void ModelDownload::weights_done() {
  if (!QDir().rename(incomplete_, request_.folder)) {
    fail(ServiceError("workspace.store_failed", {s(request_.folder), "cannot rename " + s(incomplete_)}));
    return;
  }
  over_ = true;
  progress_.stage = DownloadProgress::Stage::done;
  progress_.bytes_total = progress_.bytes_done;
  Q_EMIT progress(progress_);
  Q_EMIT finished(request_.folder);
}

// ---- reporting --------------------------------------------------------------

void ModelDownload::report(bool force) {
  if (!force && since_report_.elapsed() < 200) return;
  since_report_.restart();
  DownloadProgress now = progress_;
  for (const auto& f : active_) now.bytes_done += f->on_disk;
  const qint64 ms = clock_.elapsed();
  samples_.emplace_back(ms, now.bytes_done);
  while (samples_.size() > 2 && samples_.front().first < ms - 5000) samples_.pop_front();
  const auto& [first_ms, first_bytes] = samples_.front();
  if (ms > first_ms) now.bytes_per_second = static_cast<double>(now.bytes_done - first_bytes) * 1000.0 / static_cast<double>(ms - first_ms);
  Q_EMIT progress(now);
}

void ModelDownload::fail(const std::exception& e) {
  if (over_) return;
  over_ = true;
  for (auto& f : active_) {
    if (QNetworkReply* reply = std::exchange(f->reply, nullptr)) {
      reply->disconnect(this);
      reply->abort();
      reply->deleteLater();
    }
    f->part.close();
  }
  DownloadFailure failure{QString::fromStdString(e.what()), {}, {}};
  if (const auto t = error_template(e)) {
    failure.kind = t->kind;
    failure.args = t->args;
  }
  Q_EMIT failed(failure);
}

}  // namespace tunedesk::services
