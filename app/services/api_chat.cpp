// POST /v1/chat/completions, in OpenAI's shape, so that any OpenAI client
// library can talk to a base model or a fine-tuned job by name. Answers come
// from the ChatWorker's thread; the server's thread only writes them out:
// all at once, or (stream: true) as server-sent events in a chunked response.
// A leading <think> block (Qwen3) is answered as reasoning_content.
#include <QDateTime>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QTcpSocket>

#include "services/api_server.h"
#include "services/http_helpers.h"
#include "services/think_splitter.h"

namespace tunedesk::services {

struct ApiServer::Completion {
  Completion(QHttpServerResponder&& r, bool stream_, QString model_)
      : responder(std::move(r)), socket(responder.socket()), stream(stream_), model(std::move(model_)) {}

  bool connected() const { return socket && socket->state() == QAbstractSocket::ConnectedState; }
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

  QHttpServerResponder responder;
  QPointer<QTcpSocket> socket;  // gone when the client hangs up
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

QString ApiServer::chat_model_path(const QString& name, const Session& session) const {
  if (const std::optional<BaseModel> base = models_.find(session.user.name, name)) return base->path;
  if (const std::optional<Job> job = visible_job(name, session); job && has_trained_model(*job)) return job->output;
  return {};
}

void ApiServer::connect_chat_worker() {
  chat_ = new ChatWorker;
  chat_->moveToThread(&chat_thread_);
  QObject::connect(&chat_thread_, &QThread::finished, chat_, &QObject::deleteLater);
  QObject::connect(chat_, &ChatWorker::piece, &http_, [this](int request, const QString& text) {
    const std::shared_ptr<Completion> c = completions_.value(request);
    if (!c || !c->stream) return;
    if (!c->connected()) {  // the client left: stop generating for nobody
      chat_->cancel(request);
      completions_.remove(request);
      return;
    }
    c->write_parts(c->splitter.feed(text));
  });
  QObject::connect(chat_, &ChatWorker::finished, &http_, [this](int request, const QJsonObject& result) {
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
    if (!failure.isEmpty()) return refuse(c->responder, HttpStatus::InternalServerError, "engine_error", failure);
    const qint64 prompt = result.value("prompt_tokens").toInteger(), completion = result.value("completion_tokens").toInteger();
    ThinkSplitter splitter;
    const ThinkSplitter::Parts head = splitter.feed(result.value("text").toString()), tail = splitter.finish();
    QJsonObject message{{"role", "assistant"}, {"content", head.content + tail.content}};
    if (const QString reasoning = (head.reasoning + tail.reasoning).trimmed(); !reasoning.isEmpty())
      message["reasoning_content"] = reasoning;
    c->responder.write(QJsonDocument(QJsonObject{
        {"id", c->id},
        {"object", "chat.completion"},
        {"created", c->created},
        {"model", c->model},
        {"choices", QJsonArray{QJsonObject{{"index", 0},
                                           {"message", message},
                                           {"finish_reason", openai_finish_reason(result.value("finish_reason").toString())}}}},
        {"usage", QJsonObject{{"prompt_tokens", prompt}, {"completion_tokens", completion}, {"total_tokens", prompt + completion}}}}));
  });
  chat_thread_.setObjectName("tunedesk-chat");
  chat_thread_.start();
}

void ApiServer::chat_completion(const QHttpServerRequest& request, QHttpServerResponder&& responder) {
  Refusal refusal;
  const std::optional<Session> s = authorize(request, true, refusal);
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
  const QString path = chat_model_path(model, *s);
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
  QMetaObject::invokeMethod(chat_, [worker = chat_, request_number, path, messages, options] {
    worker->answer(request_number, path, messages, options);
  }, Qt::QueuedConnection);
}

}  // namespace tunedesk::services
