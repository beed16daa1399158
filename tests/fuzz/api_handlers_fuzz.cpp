// libFuzzer target: the HTTP server's request handlers, coverage-guided.
// Each input is raw bytes sent over loopback to a real ApiServer that has a
// signed-in user (alice) and administrator (carol), an uploaded and a
// converted dataset, a finished job with metrics, another user's job and a
// base model. Placeholders in the input are replaced by live values, so that
// the fuzzer gets past authorization into every handler:
//   @COOKIE@ @CSRF@ (alice)  @ADMIN_COOKIE@ @ADMIN_CSRF@ (carol)
//   @JOB@ (alice's finished job)  @OTHER_JOB@ (bob's)  @DATASET@ (an upload's id)
// Nothing may crash (ASan/UBSan), and no answer may be a 5xx other than the
// engine's own failures (no engine is loaded here). Accounts a request
// changes (logout, a new password, a removed user) are put back afterwards.
// A request the server waits on (a body shorter than announced) is given up
// after 150 ms, so the pass runs at tens of requests a second, not thousands.
// Built and run by scripts/fuzz.sh.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <memory>

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTemporaryDir>

#include "model/tiny_model.h"
#include "services/account_store.h"
#include "services/api/api_server.h"
#include "services/data_dir.h"
#include "services/dataset_store.h"
#include "services/job_runner.h"
#include "services/job_store.h"
#include "services/model_registry.h"
#include "services/workspace.h"

using namespace tunedesk;
using namespace tunedesk::services;

namespace {

struct Answer {
  int status = 0;  // 0: none (the connection closed, or the server waits for more)
  QByteArray head, body;
};

// Sends `request` and reads the first answer: its head, then Content-Length
// bytes (or until the connection closes). The server runs on this thread, so
// the wait turns the event loop instead of blocking.
Answer exchange(quint16 port, const QByteArray& request, int timeout_ms = 150) {
  QTcpSocket socket;
  socket.connectToHost(QHostAddress::LocalHost, port);
  socket.write(request);
  QByteArray received;
  QElapsedTimer clock;
  clock.start();
  Answer answer;
  while (clock.elapsed() < timeout_ms) {
    QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    received += socket.readAll();
    const qsizetype head_end = received.indexOf("\r\n\r\n");
    if (head_end >= 0 && received.startsWith("HTTP/1.1 ")) {
      answer.status = received.mid(9, 3).toInt();
      answer.head = received.left(head_end);
      const QByteArray head = answer.head.toLower();
      const qsizetype at = head.indexOf("content-length: ");
      const qint64 length = at < 0 ? -1 : head.mid(at + 16, head.indexOf("\r\n", at) - at - 16).toLongLong();
      answer.body = received.mid(head_end + 4);
      if (length >= 0 && answer.body.size() >= length) break;
      if (head.contains("text/event-stream") && answer.body.contains("[DONE]")) break;
    }
    if (socket.state() == QAbstractSocket::UnconnectedState) break;
  }
  socket.abort();
  return answer;
}

QByteArray json_request(const QByteArray& method, const QByteArray& path, const QByteArray& body) {
  return method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " +
         QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

struct Fixture {
  QTemporaryDir dir;
  std::unique_ptr<JobRunner> runner;
  std::unique_ptr<DownloadQueue> downloads;
  std::unique_ptr<ApiServer> api;
  quint16 port = 0;
  QByteArray job, other_job, dataset;
  QByteArray cookie, csrf, admin_cookie, admin_csrf;

  Fixture() {
    const QString db = database_path(dir.path());
    {
      AccountStore accounts(db);
      accounts.create_user("alice", "alice's password", Role::user);
      accounts.create_user("bob", "bob's password", Role::user);
      accounts.create_user("carol", "carol's password", Role::admin);
      Workspace alices(dir.path(), "alice");
      const QString upload = alices.store_upload("qa.csv", "text,result\n1+1,2\n2+2,4\n3+3,6\n");
      dataset = DatasetStore(db).ensure("alice", upload, "upload").id.toUtf8();
      JobStore jobs(db);
      Job j;
      j.dataset = upload;
      j.base_model = dir.filePath("demo");
      j.method = "lora";
      j.owner = "alice";
      const Job made = jobs.create(j);
      job = made.id.toUtf8();
      jobs.set_status(made.id, JobStatus::completed);
      QDir().mkpath(made.output);
      QFile metrics(made.output + "/metrics.jsonl");
      if (metrics.open(QIODevice::WriteOnly)) metrics.write("{\"step\": 1, \"loss\": 2.5}\nnot json\n{\"step\": 2}\n");
      j.owner = "bob";
      other_job = jobs.create(j).id.toUtf8();
      model::TinyModelSpec spec;
      spec.arch = model::Arch::qwen3;
      model::write_tiny_model(dir.filePath("demo").toStdString(), spec);
      ModelRegistry(db).add_builtin(dir.filePath("demo"), "demo-qwen3");
    }
    runner = std::make_unique<JobRunner>(db);
    downloads = std::make_unique<DownloadQueue>(db);
    api = std::make_unique<ApiServer>(dir.path(), *runner, *downloads);
    port = api->listen(QHostAddress::LocalHost, 0);
    if (port == 0) std::abort();
    sign_in();
  }

  void sign_in() {
    for (auto [name, password, c, t] : {std::tuple{"alice", "alice's password", &cookie, &csrf},
                                        std::tuple{"carol", "carol's password", &admin_cookie, &admin_csrf}}) {
      const QByteArray body = QJsonDocument(QJsonObject{{"username", name}, {"password", password}}).toJson();
      const Answer a = exchange(port, json_request("POST", "/api/login", body), 5000);
      const qsizetype at = a.head.indexOf("tunedesk_session=");
      if (a.status != 200 || at < 0) std::abort();
      *c = a.head.mid(at, a.head.indexOf(';', at) - at);
      *t = QJsonDocument::fromJson(a.body)["csrf_token"].toString().toUtf8();
    }
  }

  // Whether both sessions still work with their roles (a request may have
  // signed one out, changed a password, a role, or removed the account).
  bool sessions_intact() {
    for (auto [c, role] : {std::pair{&cookie, "user"}, std::pair{&admin_cookie, "admin"}}) {
      const Answer a = exchange(port, "GET /api/session HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + *c + "\r\n\r\n", 2000);
      if (a.status != 200 || QJsonDocument::fromJson(a.body)["role"].toString() != role) return false;
    }
    return true;
  }

  // What a request may have changed about the two accounts, put back (this
  // also lifts a lock-out from failed logins).
  void restore_accounts() {
    AccountStore accounts(database_path(dir.path()));
    for (auto [name, password, role] : {std::tuple{"alice", "alice's password", Role::user},
                                        std::tuple{"carol", "carol's password", Role::admin}}) {
      if (!accounts.find(name)) accounts.create_user(name, password, role);
      accounts.set_password(name, password);
    }
    accounts.set_role("carol", Role::admin);
    accounts.set_role("alice", Role::user);
    sign_in();
  }
};

Fixture* fixture = nullptr;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  qputenv("TUNEDESK_ENGINE_PLUGIN", "/nonexistent/libtunedesk_engine_plugin.so");  // no libtorch in here
  qputenv("QT_LOGGING_RULES", "*.debug=false;*.warning=false");
  new QCoreApplication(*argc, *argv);
  fixture = new Fixture;
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  QByteArray request(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
  Fixture& f = *fixture;
  request.replace("@ADMIN_COOKIE@", f.admin_cookie)
      .replace("@ADMIN_CSRF@", f.admin_csrf)
      .replace("@COOKIE@", f.cookie)
      .replace("@CSRF@", f.csrf)
      .replace("@OTHER_JOB@", f.other_job)
      .replace("@JOB@", f.job)
      .replace("@DATASET@", f.dataset);
  const Answer answer = exchange(f.port, request);
  if (answer.status >= 500) {
    // The engine's failures (it is not loaded here) are the only 5xx a request may cause.
    const QString code = QJsonDocument::fromJson(answer.body)["error"]["code"].toString();
    if (code != "engine_error" && code != "export_failed" && code != "conversion_failed") {
      std::fprintf(stderr, "answered %d: %s\n", answer.status, answer.body.left(300).constData());
      std::abort();
    }
  }
  if (!f.sessions_intact()) f.restore_accounts();
  return 0;
}
