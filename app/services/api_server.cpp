#include "services/api_server.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QUrlQuery>

#include "services/job_submission.h"
#include "data/dataset_reader.h"
#include "services/data_dir.h"
#include "services/guarded_tcp_server.h"
#include "services/http_helpers.h"
#include "services/service_error.h"
#include "services/workspace.h"
#include <nlohmann/json.hpp>

#include "data/model_types.h"
#include "data/validator.h"
#include "training/length_report.h"
#include "training/memory_estimate.h"
#include "training/run_comparison.h"
#include "training/run_config.h"

namespace tunedesk::services {
namespace {

using Status = HttpStatus;

QString random_token() {
  QByteArray bytes(32, '\0');
  QRandomGenerator::system()->generate(reinterpret_cast<quint32*>(bytes.data()),
                                       reinterpret_cast<quint32*>(bytes.data() + bytes.size()));
  return QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString cookie(const QHttpServerRequest& request, const QByteArray& name) {
  for (const QByteArray& part : header(request, "Cookie").split(';')) {
    const QByteArray kv = part.trimmed();
    if (kv.startsWith(name + "=")) return QString::fromLatin1(kv.mid(name.size() + 1));
  }
  return {};
}


// The series for charts: every logged step of a run's metrics.jsonl, in order.
QJsonArray metrics_series(const QString& run_dir) {
  QJsonArray series;
  QFile file(QDir(run_dir).filePath("metrics.jsonl"));
  if (file.open(QIODevice::ReadOnly))
    for (const QByteArray& line : file.readAll().split('\n'))
      if (const QJsonDocument d = QJsonDocument::fromJson(line); d.isObject()) series.append(d.object());
  return series;
}

}  // namespace

ApiServer::ApiServer(const QString& data_dir, JobRunner& runner, DownloadQueue& downloads)
    : data_dir_(data_dir),
      runner_(runner),
      downloads_(downloads),
      accounts_(database_path(data_dir)),
      keys_(database_path(data_dir)),
      datasets_(database_path(data_dir)),
      jobs_(database_path(data_dir)),
      models_(database_path(data_dir)) {
  export_pool_.setMaxThreadCount(1);
  add_routes();
  add_dataset_routes();
  add_user_routes();
  add_account_routes();
  add_model_routes();
  add_evaluation_routes();
  add_augmentation_routes();
  add_web_routes();
  connect_chat_worker();
}

ApiServer::~ApiServer() {
  for (const auto& evaluation : evaluations_) evaluation->cancel = true;
  export_pool_.waitForDone();  // its answers go through http_
  for (int request : completions_.keys()) chat_->cancel(request);
  chat_thread_.quit();
  chat_thread_.wait();
  completions_.clear();
}

quint16 ApiServer::listen(const ListenOptions& options) {
  // Sizes and framing are checked from each request's head, before Qt HttpServer reads its body.
  auto* tcp = new GuardedTcpServer(
      [](QByteArrayView method, QByteArrayView path) {
        return method == "POST" && path == "/api/datasets" ? kMaxUploadBytes : kMaxRequestBytes;
      },
      options.limits, options.tls, &http_);
  if (!tcp->listen(options.address, options.port)) {
    delete tcp;
    return 0;
  }
  http_.bind(tcp);
  tls_ = tls_ || options.tls.has_value();
  beyond_loopback_ = beyond_loopback_ || !is_loopback_peer(options.address);
  return tcp->serverPort();
}

QString ApiServer::setup_code() const { return accounts_.has_users() ? QString() : setup_code_.text(); }

QByteArray ApiServer::session_cookie(const QString& token, int max_age) const {
  // Secure over TLS: the browser then never sends it over plain HTTP.
  return QString("tunedesk_session=%1; HttpOnly; SameSite=Strict; Path=/; Max-Age=%2%3")
      .arg(token)
      .arg(max_age)
      .arg(tls_ ? "; Secure" : "")
      .toLatin1();
}

const ApiServer::Session* ApiServer::session_of(const QHttpServerRequest& request) {
  const QString token = cookie(request, "tunedesk_session");
  auto it = sessions_.find(token);
  if (token.isEmpty() || it == sessions_.end()) return nullptr;
  if (it->expires < QDateTime::currentDateTimeUtc()) {
    sessions_.erase(it);
    return nullptr;
  }
  return &*it;
}

void ApiServer::end_sessions(const QString& user, const QHttpServerRequest& request) {
  const QString own = cookie(request, "tunedesk_session");
  for (auto it = sessions_.begin(); it != sessions_.end();)
    it = it->user.name == user && it.key() != own ? sessions_.erase(it) : std::next(it);
}

std::optional<Job> ApiServer::visible_job(const QString& id, const Session& session) const {
  return jobs_.find_visible(id, session.user);  // another user's job is answered like one that does not exist
}

std::optional<ApiServer::Session> ApiServer::authorize(const QHttpServerRequest& request, bool write, Refusal& refusal) {
  const QByteArray authorization = header(request, "Authorization");
  if (!authorization.isEmpty()) {
    // A program with an API key: no cookie, so no cross-site form can forge it and no CSRF token is needed.
    const QByteArray scheme = "Bearer ";
    const std::optional<QString> owner =
        authorization.startsWith(scheme) ? keys_.owner_of(QString::fromLatin1(authorization.mid(scheme.size()).trimmed()))
                                         : std::nullopt;
    const std::optional<User> user = owner ? accounts_.find(*owner) : std::nullopt;
    if (!user) {
      refusal = {Status::Unauthorized, "invalid_api_key", "unknown or revoked API key (Authorization: Bearer KEY)"};
      return std::nullopt;
    }
    return Session{*user, QString(), QDateTime::currentDateTimeUtc().addSecs(60), true};
  }
  const Session* s = session_of(request);
  if (!s) {
    refusal = {Status::Unauthorized, "unauthorized", "log in first (POST /api/login) or send an API key"};
    return std::nullopt;
  }
  // Browser writes carry the token from the login answer: a cookie alone could come from another site's form.
  if (write && QString::fromLatin1(header(request, "X-CSRF-Token")) != s->csrf) {
    refusal = {Status::Forbidden, "csrf", "missing or wrong X-CSRF-Token header (from the login answer)"};
    return std::nullopt;
  }
  return *s;
}

QHttpServerResponse ApiServer::with_session(const QHttpServerRequest& request, bool write,
                                           const std::function<QHttpServerResponse(const Session&)>& handle) {
  Refusal refusal;
  const std::optional<Session> s = authorize(request, write, refusal);
  if (!s) return error(refusal.status, refusal.code, refusal.message);
  return handle(*s);
}

QString ApiServer::dataset_file(const QString& asked, const Session& s) const {
  if (const std::optional<DatasetRecord> d = visible_dataset(asked, s)) return d->path;
  QString path;
  try {
    path = Workspace(data_dir_, s.user.name).resolve(asked);
  } catch (const ServiceError&) {
    return {};
  }
  return QFileInfo(path).isFile() ? path : QString();
}

QHttpServerResponse ApiServer::submit_job(const QHttpServerRequest& request, const Session& s) {
  const QJsonDocument body = QJsonDocument::fromJson(request.body());
  const QJsonObject o = body.object();
  if (!body.isObject() || !o["dataset"].isString() || !o["base_model"].isString())
    return error(Status::BadRequest, "bad_request",
                 "expected JSON {\"dataset\": \"ID or uploads/NAME\", \"base_model\": \"NAME\", \"method\": "
                 "\"lora|ptuning_v2|sft\", \"model_type\": \"general\", \"yaml\": \"...\"}");
  const QString dataset = dataset_file(o["dataset"].toString(), s);
  if (dataset.isEmpty()) return error(Status::NotFound, "not_found", "no dataset '" + o["dataset"].toString() + "'");
  // The base model: one of the user's list (GET /v1/models), by name.
  const std::optional<BaseModel> base = models_.find(s.user.name, o["base_model"].toString());
  if (!base)
    return error(Status::BadRequest, "bad_request", "unknown base model '" + o["base_model"].toString() + "' (see GET /v1/models)");
  if ((o.contains("method") && !o["method"].isString()) || (o.contains("model_type") && !o["model_type"].isString()) ||
      (o.contains("yaml") && !o["yaml"].isString()))
    return error(Status::BadRequest, "bad_request", "method, model_type and yaml are strings");
  Job job;
  try {  // checked now, not when the job comes up (services/job_submission.h)
    job = checked_job({s.user.name, dataset, base->path, o["method"].toString(), o["model_type"].toString(), o["yaml"].toString()});
  } catch (const std::exception& e) {
    return error(Status::BadRequest, "bad_request", e);
  }
  return QHttpServerResponse(to_json(runner_.submit(job, Workspace(data_dir_, s.user.name).runs_dir())), Status::Created);
}

// What the length limits will do to a dataset before a job starts: every row
// counted with the base model's tokenizer and chat template, as the trainer
// renders it (training::count_lengths; `data check --model --json`'s
// token_lengths); and with the job's method and settings, whether the run
// fits the device's memory ("memory": training::memory_check_to_json).
QHttpServerResponse ApiServer::count_lengths(const QHttpServerRequest& request, const Session& s) {
  const QJsonDocument body = QJsonDocument::fromJson(request.body());
  const QJsonObject o = body.object();
  if (!body.isObject() || !o["dataset"].isString() || !o["base_model"].isString() ||
      (o.contains("yaml") && !o["yaml"].isString()) || (o.contains("model_type") && !o["model_type"].isString()) ||
      (o.contains("method") && !o["method"].isString()))
    return error(Status::BadRequest, "bad_request",
                 "expected JSON {\"dataset\": \"ID or uploads/NAME\", \"base_model\": \"NAME\", \"model_type\": \"general\", "
                 "\"method\": \"lora\", \"yaml\": \"...\"} (the job's settings: their length limits and overlength apply)");
  const QString dataset = dataset_file(o["dataset"].toString(), s);
  if (dataset.isEmpty()) return error(Status::NotFound, "not_found", "no dataset '" + o["dataset"].toString() + "'");
  const std::optional<BaseModel> base = models_.find(s.user.name, o["base_model"].toString());
  if (!base) return error(Status::BadRequest, "bad_request", "unknown base model '" + o["base_model"].toString() + "'");
  try {
    training::RunConfig config = training::load_run_config_text(o["yaml"].toString().toStdString(), "yaml");
    config.model = base->path.toStdString();
    if (o.contains("method")) {
      const std::optional<training::Method> method = training::parse_method(o["method"].toString().toStdString());
      if (!method) return error(Status::BadRequest, "bad_request", "unknown method '" + o["method"].toString() + "'");
      config.train.method = *method;
    }
    const data::ModelTypeCatalog catalog = data::ModelTypeCatalog::with_user_types();
    const std::string type_name = o["model_type"].toString(QString::fromStdString(config.model_type)).toStdString();
    const data::ModelType* type = catalog.find(type_name);
    if (!type) return error(Status::BadRequest, "bad_request", QString::fromStdString("unknown model type '" + type_name + "'"));
    const training::TruncationOptions& t = config.truncation;
    const QFileInfo file(dataset);
    const QString key = QStringList{dataset, QString::number(file.size()), file.lastModified().toString(Qt::ISODateWithMs), base->path,
                                    QString::fromStdString(type->instruction), QString::number(t.max_input_length),
                                    QString::number(t.max_output_length), QString::number(t.cutoff_len),
                                    QString::fromUtf8(training::overlength_name(t.overlength).data()),
                                    QString::fromStdString(config.chat_template)}
                            .join('\n');
    if (!last_lengths_ || last_lengths_->key != key) {
      const data::Dataset ds = data::read_dataset(dataset.toStdString());
      const data::ValidationReport report = data::validate(ds);
      last_lengths_ = CountedLengths{
          key, training::count_lengths(ds, report, base->path.toStdString(), type->instruction, t, config.chat_template)};
    }
    const training::LengthReport& lengths = last_lengths_->report;
    nlohmann::json out = training::length_report_to_json(lengths);
    const training::MemoryDevice device = training::memory_device_for(config.device);
    out["memory"] = training::memory_check_to_json(
        training::check_run_memory(config, lengths.kept, device, training::computes_in_bf16(config.dtype, device)));
    return QHttpServerResponse("application/json", QByteArray::fromStdString(out.dump()));
  } catch (const std::exception& e) {
    return error(Status::BadRequest, "bad_request", e);
  }
}

QJsonObject ApiServer::session_json(const Session& session) {
  QJsonArray suffixes;  // the files the upload form offers
  for (const std::string& suffix : data::dataset_file_suffixes()) suffixes.append(QString::fromStdString(suffix));
  return QJsonObject{{"username", session.user.name},
                     {"role", role_name(session.user.role)},
                     {"csrf_token", session.csrf},
                     {"expires", session.expires.toString(Qt::ISODate)},
                     {"dataset_suffixes", suffixes}};
}

QHttpServerResponse ApiServer::sign_in(const User& user) {
  // Always a new random token: a session id an attacker planted in the browser beforehand is never one of ours.
  const QString token = random_token();
  Session session{user, random_token(), QDateTime::currentDateTimeUtc().addSecs(session_seconds_)};
  sessions_.insert(token, session);
  QHttpServerResponse response(session_json(session));
  response.setHeader("Set-Cookie", session_cookie(token, session_seconds_));
  return response;
}

void ApiServer::add_routes() {
  using Method = QHttpServerRequest::Method;

  route("/api/login", Method::Post, [this](const QHttpServerRequest& request) {
    if (auto refused = unless_json(request)) return std::move(*refused);
    const QJsonDocument body = QJsonDocument::fromJson(request.body());
    const QJsonObject o = body.object();
    if (!body.isObject() || !o["username"].isString() || !o["password"].isString())
      return error(Status::BadRequest, "bad_request", "expected JSON {\"username\": \"...\", \"password\": \"...\"}");
    const LoginOutcome outcome = accounts_.login(o["username"].toString(), o["password"].toString());
    if (outcome.result == LoginResult::locked) return locked_out(outcome.retry_after_s, "failed logins");
    if (outcome.result != LoginResult::ok) return error(Status::Unauthorized, "unauthorized", "wrong user name or password");
    return sign_in(*outcome.user);
  });

  // Ends the session on the server, not only in the browser; a live session's
  // logout needs its CSRF token, as every other write.
  route("/api/logout", Method::Post, [this](const QHttpServerRequest& request) {
    const QString token = cookie(request, "tunedesk_session");
    if (const Session* s = session_of(request); s && QString::fromLatin1(header(request, "X-CSRF-Token")) != s->csrf)
      return error(Status::Forbidden, "csrf", "missing or wrong X-CSRF-Token header (from the login answer)");
    sessions_.remove(token);
    QHttpServerResponse response(QJsonObject{{"ok", true}});
    response.setHeader("Set-Cookie", session_cookie(QString(), 0));
    return response;
  });

  // Over TLS, browsers are told to use nothing else for a year (HSTS).
  http_.afterRequest([this](QHttpServerResponse&& response) {
    if (tls_) response.setHeader("Strict-Transport-Security", "max-age=31536000");
    return std::move(response);
  });

  route("/api/jobs", Method::Get, [this](const QHttpServerRequest& request) {
    return with_session(request, false, [&](const Session& s) {
      QJsonArray out;
      for (const Job& j : jobs_.list_visible(s.user)) out.append(to_json(j));
      return QHttpServerResponse(out);
    });
  });

  route("/api/jobs/<arg>", Method::Get, [this](const QString& id, const QHttpServerRequest& request) {
    return with_session(request, false, [&](const Session& s) {
      const std::optional<Job> job = visible_job(id, s);
      if (!job) return error(Status::NotFound, "not_found", "no job '" + id + "'");
      return QHttpServerResponse(to_json(*job));
    });
  });

  const auto job_action = [this](const QString& id, const QHttpServerRequest& request, bool cancel) {
    return with_session(request, true, [&](const Session& s) {
      const std::optional<Job> job = visible_job(id, s);
      if (!job) return error(Status::NotFound, "not_found", "no job '" + id + "'");
      const bool done = cancel ? runner_.cancel(id) : runner_.resume(id);
      if (!done)
        return error(Status::Conflict, "conflict",
                     QString("job %1 is %2; it cannot be %3").arg(id, status_name(job->status), cancel ? "cancelled" : "resumed"));
      return QHttpServerResponse(to_json(*jobs_.find(id)));
    });
  };
  route("/api/jobs/<arg>/cancel", Method::Post,
              [job_action](const QString& id, const QHttpServerRequest& r) { return job_action(id, r, true); });
  route("/api/jobs/<arg>/resume", Method::Post,
              [job_action](const QString& id, const QHttpServerRequest& r) { return job_action(id, r, false); });

  route("/api/jobs/<arg>/export", Method::Post,
              [this](const QString& id, const QHttpServerRequest& request, QHttpServerResponder&& responder) {
                export_job(id, request, std::move(responder));
              });

  route("/api/jobs", Method::Post, [this](const QHttpServerRequest& request) {
    return with_session(request, true, [&](const Session& s) { return submit_job(request, s); });
  });
  // Runs compared: ?jobs=ID,ID,… → each run's loss series and the settings in which their config.json differ.
  route("/api/compare", Method::Get, [this](const QHttpServerRequest& request) {
    return with_session(request, false, [&](const Session& s) {
      const QStringList ids = QUrlQuery(request.url()).queryItemValue("jobs").split(',', Qt::SkipEmptyParts);
      if (ids.size() < 2 || ids.size() > 10) return error(Status::BadRequest, "bad_request", "?jobs=ID,ID,… names 2 to 10 jobs");
      QJsonArray runs;
      std::vector<nlohmann::json> configs;
      for (const QString& id : ids) {
        const std::optional<Job> job = visible_job(id.trimmed(), s);
        if (!job) return error(Status::NotFound, "not_found", "no job '" + id + "'");
        runs.append(QJsonObject{{"id", job->id}, {"method", job->method}, {"status", status_name(job->status)},
                                {"series", metrics_series(job->output)}});
        QFile config(QDir(job->output).filePath("config.json"));
        configs.push_back(config.open(QIODevice::ReadOnly) ? nlohmann::json::parse(config.readAll().toStdString(), nullptr, false)
                                                           : nlohmann::json::object());
      }
      QJsonArray differences;
      for (const training::SettingDifference& d : training::differing_settings(configs)) {
        QJsonArray values;
        for (const std::string& v : d.values) values.append(QString::fromStdString(v));
        differences.append(QJsonObject{{"key", QString::fromStdString(d.key)}, {"values", values}});
      }
      return QHttpServerResponse(QJsonObject{{"jobs", runs}, {"differences", differences}});
    });
  });
  // A read that needs a body; it changes nothing, so no CSRF token is asked.
  route("/api/lengths", Method::Post, [this](const QHttpServerRequest& request) {
    return with_session(request, false, [&](const Session& s) { return count_lengths(request, s); });
  });

  route("/api/jobs/<arg>/metrics", Method::Get, [this](const QString& id, const QHttpServerRequest& request) {
    return with_session(request, false, [&](const Session& s) {
      const std::optional<Job> job = visible_job(id, s);
      if (!job) return error(Status::NotFound, "not_found", "no job '" + id + "'");
      return QHttpServerResponse(metrics_series(job->output));
    });
  });

  route("/v1/models", Method::Get, [this](const QHttpServerRequest& request) {
    return with_session(request, false, [&](const Session& s) {
      QJsonArray data;
      for (const BaseModel& m : models_.list(s.user.name))
        data.append(QJsonObject{{"id", m.name}, {"object", "model"}, {"owned_by", m.builtin ? "tunedesk" : s.user.name},
                                {"architecture", m.architecture}, {"parameters", m.parameters}});
      // Fine-tuned results, by job id: chat with them as with any model.
      for (const Job& j : jobs_.list_visible(s.user))
        if (has_trained_model(j))
          data.append(QJsonObject{{"id", j.id}, {"object", "model"}, {"owned_by", j.owner},
                                  {"root", QFileInfo(j.base_model).fileName()}, {"method", j.method},
                                  {"created", j.finished.toSecsSinceEpoch()}});
      return QHttpServerResponse(QJsonObject{{"object", "list"}, {"data", data}});
    });
  });

  route("/v1/chat/completions", Method::Post, [this](const QHttpServerRequest& request, QHttpServerResponder&& responder) {
    chat_completion(request, std::move(responder));
  });

  http_.setMissingHandler([](const QHttpServerRequest& request, QHttpServerResponder&& responder) {
    responder.write(QJsonDocument(error_body("not_found", "no such endpoint: " + request.url().path())), Status::NotFound);
  });
}

}  // namespace tunedesk::services
