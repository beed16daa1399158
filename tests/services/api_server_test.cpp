// The HTTP API over real HTTP on loopback: login and its errors (401, 429,
// 400), sessions by cookie, CSRF on writes, another user's job as 404,
// unknown endpoints as JSON 404, and OpenAI's model list shape.
#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTemporaryDir>

#include "model/tiny_model.h"
#include "services/api_server.h"
#include "services/data_dir.h"

using namespace tunedesk;
using namespace tunedesk::services;

namespace {

struct Reply {
  int status = 0;
  QJsonDocument json;
  QByteArray cookie;  // Set-Cookie
};

class Api {
 public:
  explicit Api(quint16 port) : base_(QString("http://127.0.0.1:%1").arg(port)) {}
  Reply send(const QByteArray& verb, const QString& path, const QByteArray& body = {}, const QByteArray& csrf = {}) {
    QNetworkRequest request(QUrl(base_ + path));
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    if (!cookie_.isEmpty()) request.setRawHeader("Cookie", cookie_);
    if (!csrf.isEmpty()) request.setRawHeader("X-CSRF-Token", csrf);
    QNetworkReply* reply = manager_.sendCustomRequest(request, verb, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    Reply r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.json = QJsonDocument::fromJson(reply->readAll());
    r.cookie = reply->rawHeader("Set-Cookie");
    reply->deleteLater();
    return r;
  }
  void use_cookie(const QByteArray& set_cookie) { cookie_ = set_cookie.split(';').front(); }

 private:
  QString base_;
  QByteArray cookie_;
  QNetworkAccessManager manager_;
};

struct Server {
  QTemporaryDir dir;
  std::unique_ptr<JobRunner> runner;
  std::unique_ptr<ApiServer> api;
  quint16 port = 0;
  QString alice_job, bob_job;
  Server() {
    {
      AccountStore accounts(database_path(dir.path()));
      accounts.create_user("alice", "alice's password", Role::user);
      accounts.create_user("bob", "bob's password", Role::user);
      JobStore jobs(database_path(dir.path()));
      Job j;
      j.dataset = "d.csv";
      j.base_model = "m";
      j.method = "lora";
      j.owner = "alice";
      alice_job = jobs.create(j).id;
      j.owner = "bob";
      bob_job = jobs.create(j).id;
      jobs.set_status(alice_job, JobStatus::completed);  // nothing for the runner to pick up
      jobs.set_status(bob_job, JobStatus::completed);
      model::TinyModelSpec spec;
      model::write_tiny_model(dir.filePath("demo").toStdString(), spec);
      ModelRegistry(database_path(dir.path())).add_builtin(dir.filePath("demo"), "demo-qwen3");
    }
    runner = std::make_unique<JobRunner>(database_path(dir.path()));
    api = std::make_unique<ApiServer>(dir.path(), *runner);
    port = api->listen(QHostAddress::LocalHost, 0);
  }
};

QByteArray login_body(const QString& user, const QString& password) {
  return QJsonDocument(QJsonObject{{"username", user}, {"password", password}}).toJson();
}

}  // namespace

TEST(Api, LoginSessionsAndTheirErrors) {
  Server s;
  ASSERT_NE(s.port, 0);
  Api api(s.port);
  EXPECT_EQ(api.send("GET", "/api/jobs").status, 401);  // no session
  const Reply bad = api.send("POST", "/api/login", "not json");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json["error"]["code"].toString(), "bad_request");
  const Reply wrong = api.send("POST", "/api/login", login_body("alice", "nope"));
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.json["error"]["code"].toString(), "unauthorized");
  const Reply ok = api.send("POST", "/api/login", login_body("alice", "alice's password"));
  ASSERT_EQ(ok.status, 200);
  EXPECT_TRUE(ok.cookie.contains("HttpOnly"));
  EXPECT_TRUE(ok.cookie.contains("SameSite=Strict"));
  EXPECT_FALSE(ok.json["csrf_token"].toString().isEmpty());
  api.use_cookie(ok.cookie);
  const Reply jobs = api.send("GET", "/api/jobs");
  ASSERT_EQ(jobs.status, 200);
  ASSERT_EQ(jobs.json.array().size(), 1);  // hers only
  EXPECT_EQ(jobs.json.array()[0].toObject()["id"].toString(), s.alice_job);
  EXPECT_EQ(api.send("POST", "/api/logout").status, 200);
  EXPECT_EQ(api.send("GET", "/api/jobs").status, 401);  // the session is gone
  api.use_cookie("tunedesk_session=forged");
  EXPECT_EQ(api.send("GET", "/api/jobs").status, 401);
}

TEST(Api, RepeatedFailuresAre429WithRetryAfter) {
  Server s;
  Api api(s.port);
  for (int i = 0; i < 3; ++i) api.send("POST", "/api/login", login_body("bob", "wrong"));
  const Reply locked = api.send("POST", "/api/login", login_body("bob", "bob's password"));
  EXPECT_EQ(locked.status, 429);
  EXPECT_EQ(locked.json["error"]["code"].toString(), "locked");
}

TEST(Api, AnotherUsersJobIsNotFoundAndWritesNeedTheCsrfToken) {
  Server s;
  Api api(s.port);
  const Reply ok = api.send("POST", "/api/login", login_body("alice", "alice's password"));
  api.use_cookie(ok.cookie);
  const QByteArray csrf = ok.json["csrf_token"].toString().toLatin1();
  EXPECT_EQ(api.send("GET", "/api/jobs/" + s.alice_job).json["status"].toString(), "completed");
  const Reply other = api.send("GET", "/api/jobs/" + s.bob_job);
  EXPECT_EQ(other.status, 404);  // exactly like a job that does not exist
  const Reply none = api.send("GET", "/api/jobs/j0000000");
  EXPECT_EQ(none.status, 404);
  EXPECT_EQ(other.json["error"]["code"], none.json["error"]["code"]);
  EXPECT_EQ(api.send("POST", "/api/jobs/" + s.alice_job + "/cancel").status, 403);  // no CSRF token
  EXPECT_EQ(api.send("POST", "/api/jobs/" + s.alice_job + "/cancel", {}, "wrong").status, 403);
  EXPECT_EQ(api.send("POST", "/api/jobs/" + s.bob_job + "/cancel", {}, csrf).status, 404);
  const Reply finished = api.send("POST", "/api/jobs/" + s.alice_job + "/cancel", {}, csrf);
  EXPECT_EQ(finished.status, 409);  // it is completed
  EXPECT_EQ(finished.json["error"]["code"].toString(), "conflict");
}

TEST(Api, ModelsInOpenAisShapeAndJsonErrorsForUnknownPaths) {
  Server s;
  Api api(s.port);
  api.use_cookie(api.send("POST", "/api/login", login_body("bob", "bob's password")).cookie);
  const Reply models = api.send("GET", "/v1/models");
  ASSERT_EQ(models.status, 200);
  EXPECT_EQ(models.json["object"].toString(), "list");
  ASSERT_EQ(models.json["data"].toArray().size(), 1);
  EXPECT_EQ(models.json["data"].toArray()[0].toObject()["id"].toString(), "demo-qwen3");
  const Reply missing = api.send("GET", "/api/nothing/here");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.json["error"]["code"].toString(), "not_found");
}

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
