// The services: accounts (argon2id hashes, back-off, roles, import),
// workspaces (uploads kept as uploaded, nothing outside reachable) and the
// job store (survives a restart, interrupted jobs, queue order).
#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>

#include "services/account_store.h"
#include "services/job_store.h"
#include "services/job_submission.h"
#include "services/model_registry.h"
#include "services/multipart.h"
#include "services/think_splitter.h"
#include "model/tiny_model.h"
#include "services/service_error.h"
#include "services/workspace.h"

using namespace tunedesk::services;
using namespace std::chrono_literals;

namespace {

struct Dir {
  QTemporaryDir dir;
  QString db() const { return dir.filePath("tunedesk.db"); }
};

}  // namespace

TEST(Accounts, PasswordsAreStoredAsArgon2idHashes) {
  Dir d;
  AccountStore store(d.db());
  EXPECT_FALSE(store.has_users());
  store.create_user("alice", "correct horse", Role::admin);
  EXPECT_TRUE(store.has_users());
  QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", "peek");
  {
    db.setDatabaseName(d.db());
    ASSERT_TRUE(db.open());
    QSqlQuery q("SELECT password_hash FROM users WHERE name = 'alice'", db);
    ASSERT_TRUE(q.next());
    EXPECT_TRUE(q.value(0).toString().startsWith("$argon2id$")) << q.value(0).toString().toStdString();
    EXPECT_FALSE(q.value(0).toString().contains("correct horse"));
    db.close();
  }
  db = QSqlDatabase();
  QSqlDatabase::removeDatabase("peek");
  EXPECT_EQ(store.login("alice", "correct horse").result, LoginResult::ok);
  EXPECT_EQ(store.login("alice", "correct horse").user->role, Role::admin);
  EXPECT_EQ(store.login("alice", "Correct horse").result, LoginResult::wrong_credentials);
  EXPECT_EQ(store.login("nobody", "correct horse").result, LoginResult::wrong_credentials);  // the same answer
}

TEST(Accounts, RepeatedFailuresLockTheAccountForGrowingTimes) {
  Dir d;
  AccountStore store(d.db());
  store.create_user("bob", "long enough", Role::user);
  const auto t0 = AccountStore::Clock::now();
  EXPECT_EQ(store.login("bob", "wrong1", t0).result, LoginResult::wrong_credentials);
  EXPECT_EQ(store.login("bob", "wrong2", t0).result, LoginResult::wrong_credentials);
  EXPECT_EQ(store.login("bob", "wrong3", t0).result, LoginResult::wrong_credentials);  // third: locked 2 s
  const LoginOutcome locked = store.login("bob", "long enough", t0 + 1s);                 // even the right password
  EXPECT_EQ(locked.result, LoginResult::locked);
  EXPECT_GE(locked.retry_after_s, 1);
  EXPECT_EQ(store.login("bob", "wrong4", t0 + 3s).result, LoginResult::wrong_credentials);  // now locked 4 s
  EXPECT_EQ(store.login("bob", "long enough", t0 + 6s).result, LoginResult::locked);
  EXPECT_EQ(store.login("bob", "long enough", t0 + 8s).result, LoginResult::ok);  // a success resets the count
  EXPECT_EQ(store.login("bob", "wrong", t0 + 9s).result, LoginResult::wrong_credentials);
  EXPECT_EQ(store.login("bob", "long enough", t0 + 9s).result, LoginResult::ok);
}

TEST(Accounts, NamesPasswordsAndRolesAreChecked) {
  Dir d;
  AccountStore store(d.db());
  EXPECT_THROW(store.create_user("ab", "short", Role::user), ServiceError);
  EXPECT_THROW(store.create_user("../etc", "long enough", Role::user), ServiceError);
  EXPECT_THROW(store.create_user("a b", "long enough", Role::user), ServiceError);
  EXPECT_NO_THROW(store.create_user("张三", "long enough", Role::admin));
  EXPECT_THROW(store.create_user("张三", "long enough", Role::user), ServiceError);
  // The last administrator can be neither removed nor demoted.
  EXPECT_THROW(store.remove_user("张三"), ServiceError);
  EXPECT_THROW(store.set_role("张三", Role::user), ServiceError);
  store.create_user("li", "long enough", Role::user);
  store.set_role("li", Role::admin);
  EXPECT_NO_THROW(store.remove_user("张三"));
  store.set_password("li", "another one");
  EXPECT_EQ(store.login("li", "another one").result, LoginResult::ok);
  ASSERT_EQ(store.users().size(), 1u);
}

TEST(Accounts, ImportsTheSeedsUsersCsvHashingEveryPassword) {
  Dir d;
  AccountStore store(d.db());
  QFile csv(d.dir.filePath("users.csv"));
  ASSERT_TRUE(csv.open(QIODevice::WriteOnly));
  csv.write("username,password\nadmin,123456\nwang,pass word\n");
  csv.close();
  EXPECT_EQ(store.import_csv(csv.fileName()), 2);
  EXPECT_EQ(store.find("admin")->role, Role::admin);  // the first row of an empty store
  EXPECT_EQ(store.find("wang")->role, Role::user);
  EXPECT_EQ(store.login("wang", "pass word").result, LoginResult::ok);
  // A name already present: an error naming the line, and nothing imported.
  ASSERT_TRUE(csv.open(QIODevice::WriteOnly));
  csv.write("zhao,abcdef\nwang,x\n");
  csv.close();
  try {
    store.import_csv(csv.fileName());
    FAIL() << "no error";
  } catch (const ServiceError& e) {
    EXPECT_NE(std::string(e.what()).find("users.csv:2: the user 'wang' already exists"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(store.find("zhao"));
}

TEST(Workspaces, UploadsAreKeptAsUploadedUnderSafeNames) {
  QTemporaryDir root;
  Workspace ws(root.path(), "alice");
  const QByteArray gbk("text,result\n\xc4\xe3\xba\xc3,1\n");  // GBK bytes stay GBK bytes
  const QString first = ws.store_upload("../../qa.csv", gbk);
  EXPECT_EQ(QFileInfo(first).fileName(), "qa.csv");
  EXPECT_EQ(QFileInfo(first).path(), ws.uploads_dir());
  const QString second = ws.store_upload("qa.csv", "other");
  EXPECT_EQ(QFileInfo(second).fileName(), "qa (2).csv");
  QFile f(first);
  ASSERT_TRUE(f.open(QIODevice::ReadOnly));
  EXPECT_EQ(f.readAll(), gbk);
  QStringList listed;
  for (const Workspace::DatasetFile& file : ws.dataset_files()) {
    EXPECT_TRUE(file.upload);
    listed << file.info.fileName();
  }
  EXPECT_EQ(listed, (QStringList{"qa.csv", "qa (2).csv"}));
}

TEST(Workspaces, NothingOutsideTheWorkspaceIsReachable) {
  QTemporaryDir root;
  Workspace alice(root.path(), "alice");
  Workspace bob(root.path(), "bob");
  EXPECT_EQ(alice.resolve("runs/r1"), alice.runs_dir() + "/r1");
  EXPECT_THROW(alice.resolve("../bob/uploads"), ServiceError);
  EXPECT_THROW(alice.resolve("runs/../../bob"), ServiceError);
  EXPECT_THROW(alice.resolve(bob.uploads_dir()), ServiceError);
  EXPECT_THROW(alice.resolve(""), ServiceError);
  // A link planted inside that points out does not lead out.
  ASSERT_TRUE(QFile::link(bob.root(), QDir(alice.root()).filePath("datasets/bobs")));
  EXPECT_THROW(alice.resolve("datasets/bobs/uploads"), ServiceError);
  EXPECT_THROW(Workspace(root.path(), "../x"), ServiceError);
}

TEST(Jobs, SurviveARestartAndRunningOnesBecomeInterrupted) {
  Dir d;
  QString id;
  {
    JobStore store(d.db());
    Job j;
    j.owner = "alice";
    j.dataset = "/data/qa.csv";
    j.base_model = "/models/demo";
    j.method = "lora";
    j.config = QJsonObject{{"learning_rate", 2e-4}};
    const Job created = store.create(j);
    id = created.id;
    EXPECT_EQ(created.status, JobStatus::queued);
    EXPECT_TRUE(id.startsWith('j'));
    EXPECT_EQ(id.size(), 8);
    store.set_status(id, JobStatus::running);
    store.set_progress(id, 12, 100, 42.5, QJsonObject{{"loss", 1.25}});
  }  // the app dies here
  JobStore reopened(d.db());
  EXPECT_EQ(reopened.mark_running_as_interrupted(), std::vector<QString>{id});
  const Job j = *reopened.find(id);
  EXPECT_EQ(j.status, JobStatus::interrupted);
  EXPECT_EQ(j.step, 12);
  EXPECT_EQ(j.total_steps, 100);
  EXPECT_DOUBLE_EQ(j.metrics["loss"].toDouble(), 1.25);
  EXPECT_DOUBLE_EQ(j.config["learning_rate"].toDouble(), 2e-4);
  EXPECT_TRUE(j.started.isValid());
  reopened.set_status(id, JobStatus::failed, "out of memory");
  EXPECT_EQ(reopened.find(id)->error, "out of memory");
  EXPECT_TRUE(reopened.find(id)->finished.isValid());
  EXPECT_FALSE(reopened.find("j0000000"));
}

TEST(Jobs, QueueOrderAndOwners) {
  Dir d;
  JobStore store(d.db());
  Job j;
  j.dataset = "d";
  j.base_model = "m";
  j.method = "lora";
  j.owner = "alice";
  const QString a = store.create(j).id;
  j.owner = "bob";
  const QString b = store.create(j).id;
  EXPECT_EQ(store.next_queued()->id, a);
  store.set_status(a, JobStatus::running);
  EXPECT_EQ(store.next_queued()->id, b);
  ASSERT_EQ(store.list("alice").size(), 1u);
  EXPECT_EQ(store.list("alice")[0].id, a);
  EXPECT_EQ(store.list().size(), 2u);
  EXPECT_EQ(store.list()[0].id, b);  // newest first
}

TEST(Models, FoldersAreCheckedWhenAddedAndBuiltinsAreSharedByAll) {
  QTemporaryDir dir;
  const QString demo = dir.filePath("demo"), mine = dir.filePath("mine");
  tunedesk::model::TinyModelSpec spec;
  spec.arch = tunedesk::model::Arch::qwen3;
  tunedesk::model::write_tiny_model(demo.toStdString(), spec);
  spec.arch = tunedesk::model::Arch::glm4;
  tunedesk::model::write_tiny_model(mine.toStdString(), spec);
  ModelRegistry models(dir.filePath("tunedesk.db"));
  models.add_builtin(demo, "Demo (Qwen3, random)");
  models.add_builtin(demo, "again");  // idempotent
  const BaseModel added = models.add("alice", mine);
  EXPECT_EQ(added.architecture, "Glm4ForCausalLM");
  EXPECT_EQ(added.chat_template, "glm4");
  EXPECT_GT(added.parameters, 0);
  ASSERT_EQ(models.list("alice").size(), 2u);
  EXPECT_TRUE(models.list("alice")[0].builtin);
  EXPECT_EQ(models.list("alice")[0].name, "Demo (Qwen3, random)");
  ASSERT_EQ(models.list("bob").size(), 1u);  // alice's model is hers
  EXPECT_THROW(models.add("alice", mine), ServiceError);  // already there
  EXPECT_THROW(models.remove("alice", demo), ServiceError);  // built-in
  models.remove("alice", mine);
  EXPECT_EQ(models.list("alice").size(), 1u);
  // A folder that is not a model says why.
  QDir().mkpath(dir.filePath("empty"));
  try {
    models.add("alice", dir.filePath("empty"));
    FAIL() << "no error";
  } catch (const ServiceError& e) {
    EXPECT_NE(std::string(e.what()).find("config.json"), std::string::npos) << e.what();
  }
  QFile::remove(QDir(mine).filePath("tokenizer.json"));
  EXPECT_THROW(models.add("alice", mine), ServiceError);
}

// One check for every front end's job (services/job_submission.h): what the
// trainer would refuse is refused when asked, with its template.
TEST(Jobs, ARequestIsCheckedBeforeItIsStored) {
  QTemporaryDir dir;
  const QString model = dir.filePath("model"), data = dir.filePath("data.csv");
  tunedesk::model::TinyModelSpec spec;
  spec.arch = tunedesk::model::Arch::qwen3;
  tunedesk::model::write_tiny_model(model.toStdString(), spec);
  QFile file(data);
  ASSERT_TRUE(file.open(QIODevice::WriteOnly));
  file.write("text,result\n1+1,2\n");
  file.close();
  const auto kind_of = [&](const JobRequest& r) -> std::string {
    try {
      checked_job(r);
    } catch (const tunedesk::UserError& e) {
      return e.kind();
    }
    return "accepted";
  };
  const JobRequest good{"alice", data, model, "", "", "method: sft\ntraining_args:\n  max_steps: 2\n"};
  const Job job = checked_job(good);
  EXPECT_EQ(job.method, "sft");  // the settings' method when the request names none
  EXPECT_EQ(job.config["model_type"].toString(), "general");
  EXPECT_EQ(job.dataset, QFileInfo(data).absoluteFilePath());
  JobRequest r = good;
  r.method = "LORA";  // PEFT's spelling
  EXPECT_EQ(checked_job(r).method, "lora");
  r.method = "qlora";
  EXPECT_EQ(kind_of(r), "job.method");
  r = good;
  r.model_type = "astrology";
  EXPECT_EQ(kind_of(r), "job.model_type");
  r = good;
  r.yaml = "training_args:\n  learning_rate: 5\n";
  EXPECT_EQ(kind_of(r), "config.range");
  r = good;
  r.dataset = dir.filePath("none.csv");
  EXPECT_EQ(kind_of(r), "job.no_dataset");
  r = good;
  r.base_model = dir.filePath("nowhere");
  EXPECT_EQ(kind_of(r), "model.no_folder");
  r.base_model = dir.path();  // a folder without config.json
  EXPECT_EQ(kind_of(r), "model.no_config");
}


// Thinking and answer apart, whichever way the text is cut into pieces.
TEST(ThinkSplitter, SeparatesALeadingThinkBlockAtAnyPieceBoundary) {
  const QString text = "<think>\nadd them\n</think>\n\n5";
  for (int cut = 0; cut <= text.size(); ++cut) {
    ThinkSplitter s;
    QString reasoning, content;
    for (const QString& piece : {text.left(cut), text.mid(cut)}) {
      const ThinkSplitter::Parts p = s.feed(piece);
      reasoning += p.reasoning;
      content += p.content;
    }
    const ThinkSplitter::Parts end = s.finish();
    reasoning += end.reasoning;
    content += end.content;
    EXPECT_EQ(reasoning, "\nadd them\n") << cut;
    EXPECT_EQ(content, "5") << cut;
  }
  ThinkSplitter plain;  // no think block: everything is the answer, as it comes
  EXPECT_EQ(plain.feed("<b>5").content, "<b>5");
  ThinkSplitter empty;
  EXPECT_EQ(empty.feed("<think>\n\n</think>\n\n").content, "");
  EXPECT_EQ(empty.feed("2").content, "2");
  ThinkSplitter unfinished;  // cut off while thinking
  EXPECT_EQ(unfinished.feed("<thi").reasoning, "");
  EXPECT_EQ(unfinished.feed("nk>hmm").reasoning, "hmm");
  EXPECT_EQ(unfinished.finish().content, "");
}

TEST(Multipart, PartsWithTheirNamesAndBytes) {
  const QByteArray body = "preamble\r\n--b1\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n"
                          "--b1\r\nContent-Disposition: form-data; name=\"file\"; filename=\"qa \\\"1\\\".csv\"\r\n"
                          "Content-Type: text/csv\r\n\r\ntext,result\r\n1+1,2\r\n\r\n--b1--\r\n";
  const std::vector<FormPart> parts = parse_multipart("multipart/form-data; boundary=b1", body);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].name, "note");
  EXPECT_EQ(parts[0].data, "hello");
  EXPECT_EQ(parts[1].name, "file");
  EXPECT_EQ(parts[1].file_name, "qa \"1\".csv");
  EXPECT_EQ(parts[1].content_type, "text/csv");
  EXPECT_EQ(parts[1].data, "text,result\r\n1+1,2\r\n");  // line ends inside the file are the file's
  const auto fails = [](const QByteArray& type, const QByteArray& b) {
    try {
      parse_multipart(type, b);
    } catch (const ServiceError& e) {
      return std::string(e.what());
    }
    return std::string("(no error)");
  };
  EXPECT_NE(fails("multipart/form-data", body).find("boundary"), std::string::npos);
  EXPECT_NE(fails("application/json", body).find("multipart/form-data"), std::string::npos);
  EXPECT_NE(fails("multipart/form-data; boundary=b1", body.left(body.size() - 12)).find("closing delimiter"), std::string::npos);
  EXPECT_NE(fails("multipart/form-data; boundary=zz", body).find("no multipart delimiter"), std::string::npos);
}

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);  // Qt Sql needs an application object
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
