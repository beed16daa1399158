// OpenAI's API, so that any OpenAI client library can talk to a base model
// or a fine-tuned job by name:
//   GET  /v1/models              OpenAI's list shape: base models and finished fine-tuned jobs
//   POST /v1/chat/completions    OpenAI's chat completions, `stream: true` as server-sent events
// Answers come from the ChatWorker's thread; the server's thread only writes
// them out: all at once, or (stream: true) as server-sent events in a chunked response.
// A leading <think> block (Qwen3) is answered as reasoning_content.
#include <QDateTime>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include "services/api/api_controllers.h"
#include "services/api/http_helpers.h"
#include "services/chat_worker.h"
#include "services/think_splitter.h"

namespace tunedesk::services {

struct ChatController::Completion : HeldResponder {
  Completion(QHttpServerResponder&& r, bool stream_, QString model_)
      : HeldResponder(std::move(r)), stream(stream_), model(std::move(model_)) {}

  // One piece of a chunked body (Transfer-Encoding: chunked).
  void write_chunk(const QByteArray& data) {
    responder.writeBody(QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n");
  }
  void write_event(const QJsonObject& o) {
    write_chunk("data: " + QJsonDocument(o).toJson(QJsonDocument::Compact) + "\n\n");
  }
  QJsonObject chunk(const QJsonObject& delta, const QJsonValue& finish_reason) const {
    return QJsonObject{{"id", id},
                       {"object", "chat.completion.chunk"},
                       {"created", created},
                       {"model", model},
                       {"choices", QJsonArray{QJsonObject{{"index", 0}, {"delta", delta}, {"finish_reason", finish_reason}}}}};
  }

  // Streams what a piece made known: thinking as reasoning_content, the answer as content.
  void write_parts(const ThinkSplitter::Parts& parts) {
    if (!parts.reasoning.isEmpty()) write_event(chunk(QJsonObject{{"reasoning_content", parts.reasoning}}, QJsonValue::Null));
    if (!parts.content.isEmpty()) write_event(chunk(QJsonObject{{"content", parts.content}}, QJsonValue::Null));
  }

  ThinkSplitter splitter;
  bool stream;
  QString model;
  QString id = "chatcmpl-" + QString::number(QDateTime::currentMSecsSinceEpoch(), 36);
  qint64 created = QDateTime::currentSecsSinceEpoch();
};

namespace {

QString openai_finish_reason(const QString& ours) { return ours == "length" ? "length" : "stop"; }

void refuse(QHttpServerResponder& responder, HttpStatus status, const QString& code, const QString& message) {
  responder.write(QJsonDocument(error_body(code, message)), status);
}

}  // namespace

ChatController::ChatController(ApiContext& api) : api_(api) {
  api_.route("/v1/models", HttpMethod::Get, [this](const QHttpServerRequest& request) {
    return api_.with_session(request, false, [&](const ApiSession& s) {
      QJsonArray data;
      for (const BaseModel& m : api_.models.list(s.user.name))
        data.append(QJsonObject{{"id", m.name}, {"object", "model"}, {"owned_by", m.builtin ? "tunedesk" : s.user.name},
                                {"architecture", m.architecture}, {"parameters", m.parameters}});
      // Fine-tuned results, by job id: chat with them as with any model.
      for (const Job& j : api_.jobs.list_visible(s.user))
        if (has_trained_model(j))
          data.append(QJsonObject{{"id", j.id}, {"object", "model"}, {"owned_by", j.owner},
                                  {"root", QFileInfo(j.base_model).fileName()}, {"method", j.method},
                                  {"created", j.finished.toSecsSinceEpoch()}});
      return QHttpServerResponse(QJsonObject{{"object", "list"}, {"data", data}});
    });
  });
  api_.route("/v1/chat/completions", HttpMethod::Post, [this](const QHttpServerRequest& request, QHttpServerResponder&& responder) {
    complete(request, std::move(responder));
  });

  worker_ = new ChatWorker;
  worker_->moveToThread(&thread_);
  QObject::connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
  QObject::connect(worker_, &ChatWorker::piece, &api_.server_thread(), [this](int request, const QString& text) { write_piece(request, text); });
  QObject::connect(worker_, &ChatWorker::finished, &api_.server_thread(),
                   [this](int request, const QJsonObject& result) { finish(request, result); });
  thread_.setObjectName("tunedesk-chat");
  thread_.start();
}

ChatController::~ChatController() {
  for (int request : completions_.keys()) worker_->cancel(request);
  thread_.quit();
  thread_.wait();
  completions_.clear();
}

void ChatController::write_piece(int request, const QString& text) {
  const std::shared_ptr<Completion> c = completions_.value(request);
  if (!c || !c->stream) return;
  if (!c->connected()) {  // the client left: stop generating for nobody
    worker_->cancel(request);
    completions_.remove(request);
    return;
  }
  c->write_parts(c->splitter.feed(text));
}

void ChatController::finish(int request, const QJsonObject& result) {
  const std::shared_ptr<Completion> c = completions_.take(request);
  if (!c || !c->connected()) return;
  const QString failure = result.value("error").toString();
  if (c->stream) {
    // The status line went out with the first byte; an error can only be an event now.
    if (!failure.isEmpty()) {
      c->write_event(error_body("engine_error", failure));
    } else {
      c->write_parts(c->splitter.finish());
      c->write_event(c->chunk(QJsonObject{}, openai_finish_reason(result.value("finish_reason").toString())));
    }
    c->write_chunk("data: [DONE]\n\n");
    c->responder.writeBody("0\r\n\r\n");  // the end of the chunked body
    return;
  }
  if (!failure.isEmpty()) return c->write(error_body("engine_error", failure), HttpStatus::InternalServerError);
  const qint64 prompt = result.value("prompt_tokens").toInteger(), completion = result.value("completion_tokens").toInteger();
  ThinkSplitter splitter;
  const ThinkSplitter::Parts head = splitter.feed(result.value("text").toString()), tail = splitter.finish();
  QJsonObject message{{"role", "assistant"}, {"content", head.content + tail.content}};
  if (const QString reasoning = (head.reasoning + tail.reasoning).trimmed(); !reasoning.isEmpty())
    message["reasoning_content"] = reasoning;
  c->write(QJsonObject{
      {"id", c->id},
      {"object", "chat.completion"},
      {"created", c->created},
      {"model", c->model},
      {"choices", QJsonArray{QJsonObject{{"index", 0},
                                         {"message", message},
                                         {"finish_reason", openai_finish_reason(result.value("finish_reason").toString())}}}},
      {"usage", QJsonObject{{"prompt_tokens", prompt}, {"completion_tokens", completion}, {"total_tokens", prompt + completion}}}});
}

void ChatController::complete(const QHttpServerRequest& request, QHttpServerResponder&& responder) {
  ApiRefusal refusal;
  const std::optional<ApiSession> s = api_.sessions.authorize(request, true, refusal);
  if (!s) return refuse(responder, refusal.status, refusal.code, refusal.message);
  const QJsonDocument doc = QJsonDocument::fromJson(request.body());
  const QJsonObject o = doc.object();
  const auto bad = [&](const QString& message) { refuse(responder, HttpStatus::BadRequest, "invalid_request_error", message); };
  if (!doc.isObject()) return bad("expected a JSON object {\"model\", \"messages\", ...}");
  if (!o["model"].isString()) return bad("\"model\" is required (GET /v1/models lists them)");
  if (!o["messages"].isArray() || o["messages"].toArray().isEmpty()) return bad("\"messages\" must be a non-empty array");
  QJsonArray messages;
  int index = 0;
  for (const QJsonValue& m : o["messages"].toArray()) {
    const QString role = m["role"].toString();
    if (role != "system" && role != "user" && role != "assistant")
      return bad(QString("messages[%1].role must be system, user or assistant").arg(index));
    if (!m["content"].isString()) return bad(QString("messages[%1].content must be a string").arg(index));
    messages.append(QJsonObject{{"role", role}, {"content", m["content"]}});
    ++index;
  }
  if (messages.last()["role"].toString() != "user") return bad("the last message must be the user's");
  QJsonObject options;
  const double temperature = o["temperature"].toDouble(0);
  if (temperature < 0 || temperature > 2) return bad("\"temperature\" must be between 0 and 2");
  options["temperature"] = temperature;
  const double top_p = o["top_p"].toDouble(1.0);
  if (top_p <= 0 || top_p > 1) return bad("\"top_p\" must be above 0 and at most 1");
  options["top_p"] = top_p;
  const int max_tokens = o.contains("max_completion_tokens") ? o["max_completion_tokens"].toInt(256) : o["max_tokens"].toInt(256);
  if (max_tokens < 1 || max_tokens > 32768) return bad("\"max_tokens\" must be between 1 and 32768");
  options["max_new_tokens"] = max_tokens;
  if (o.contains("seed")) options["seed"] = o["seed"].toInteger();
  QJsonArray stop;
  if (o["stop"].isString()) stop.append(o["stop"]);
  else if (o["stop"].isArray()) stop = o["stop"].toArray();
  else if (!o["stop"].isNull() && !o["stop"].isUndefined()) return bad("\"stop\" must be a string or an array of strings");
  options["stop"] = stop;

  const QString model = o["model"].toString();
  const QString path = api_.chat_model_path(model, *s);
  if (path.isEmpty())
    return refuse(responder, HttpStatus::NotFound, "model_not_found", "no model '" + model + "' (GET /v1/models lists them)");

  const bool stream = o["stream"].toBool(false);
  auto completion = std::make_shared<Completion>(std::move(responder), stream, model);
  if (stream) {
    completion->responder.writeStatusLine(HttpStatus::Ok);
    completion->responder.writeHeaders({{"Content-Type", "text/event-stream"},
                                        {"Cache-Control", "no-cache"},
                                        {"Transfer-Encoding", "chunked"}});
    completion->write_event(completion->chunk(QJsonObject{{"role", "assistant"}, {"content", ""}}, QJsonValue::Null));
  }
  const int request_number = next_request_++;
  completions_.insert(request_number, completion);
  QMetaObject::invokeMethod(worker_, [worker = worker_, request_number, path, messages, options] {
    worker->answer(request_number, path, messages, options);
  }, Qt::QueuedConnection);
}

}  // namespace tunedesk::services
