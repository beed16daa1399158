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
#include <QFile>
#include <QTemporaryDir>
#include <QTimer>

#include "model/tiny_model.h"
#include "services/api_server.h"
#include "services/data_dir.h"
#include "services/workspace.h"
#include "test_paths.h"

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
      spec.arch = model::Arch::qwen3;
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

TEST(Api, AJobStartedOverHttpRunsAndItsMetricsAreTheChartsSeries) {
  Server s;
  {
    Workspace alice(s.dir.path(), "alice");
    QFile csv(QString(TUNEDESK_SOURCE_DIR) + "/resources/samples/arithmetic.csv");
    ASSERT_TRUE(csv.open(QIODevice::ReadOnly));
    alice.store_upload("arithmetic.csv", csv.readAll());
    Workspace bob(s.dir.path(), "bob");
    bob.store_upload("secret.csv", "text,result\na,b\n");
  }
  Api api(s.port);
  const Reply login = api.send("POST", "/api/login", login_body("alice", "alice's password"));
  api.use_cookie(login.cookie);
  const QByteArray csrf = login.json["csrf_token"].toString().toLatin1();
  const auto job_body = [](const QString& dataset, const QString& model) {
    return QJsonDocument(QJsonObject{{"dataset", dataset}, {"base_model", model}, {"method", "lora"},
                                     {"yaml", "training_args:\n  max_steps: 2\n"}})
        .toJson();
  };
  EXPECT_EQ(api.send("POST", "/api/jobs", job_body("uploads/arithmetic.csv", "demo-qwen3")).status, 403);  // no CSRF
  EXPECT_EQ(api.send("POST", "/api/jobs", job_body("../bob/uploads/secret.csv", "demo-qwen3"), csrf).status, 404);
  EXPECT_EQ(api.send("POST", "/api/jobs", job_body("uploads/none.csv", "demo-qwen3"), csrf).status, 404);
  EXPECT_EQ(api.send("POST", "/api/jobs", job_body("uploads/arithmetic.csv", "/etc"), csrf).status, 400);
  const Reply typo = api.send("POST", "/api/jobs",
                              QJsonDocument(QJsonObject{{"dataset", "uploads/arithmetic.csv"}, {"base_model", "demo-qwen3"},
                                                        {"yaml", "training_args:\n  max_stepz: 2\n"}}).toJson(),
                              csrf);
  EXPECT_EQ(typo.status, 400);
  EXPECT_TRUE(typo.json["error"]["message"].toString().contains("did you mean max_steps")) << typo.json.toJson().toStdString();

  const Reply created = api.send("POST", "/api/jobs", job_body("uploads/arithmetic.csv", "demo-qwen3"), csrf);
  ASSERT_EQ(created.status, 201) << created.json.toJson().toStdString();
  const QString id = created.json["id"].toString();
  QString status;
  for (int i = 0; i < 600 && status != "completed" && status != "failed"; ++i) {
    status = api.send("GET", "/api/jobs/" + id).json["status"].toString();
    QEventLoop wait;
    QTimer::singleShot(50, &wait, &QEventLoop::quit);
    wait.exec();
  }
  ASSERT_EQ(status, "completed");
  const Reply metrics = api.send("GET", "/api/jobs/" + id + "/metrics");
  ASSERT_EQ(metrics.status, 200);
  ASSERT_EQ(metrics.json.array().size(), 2);
  EXPECT_EQ(metrics.json.array()[1].toObject()["step"].toInt(), 2);
  EXPECT_TRUE(metrics.json.array()[1].toObject().contains("loss"));
  // Bob sees neither the job nor its metrics.
  Api bob(s.port);
  bob.use_cookie(bob.send("POST", "/api/login", login_body("bob", "bob's password")).cookie);
  EXPECT_EQ(bob.send("GET", "/api/jobs/" + id + "/metrics").status, 404);
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
