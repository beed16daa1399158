#include "services/chat_worker.h"

#include <algorithm>
#include <chrono>
#include <exception>

#include "services/engine_bridge.h"
#include "services/service_error.h"

namespace tunedesk::services {

ChatWorker::ChatWorker() = default;
ChatWorker::~ChatWorker() = default;

void ChatWorker::cancel(int request) {
  std::lock_guard lock(mutex_);
  if (request == running_) stop_running_.store(true);
  else if (request > last_started_) cancelled_.insert(request);
}

ChatSession& ChatWorker::open(const QString& path, const QString& device) {
  for (auto it = open_.begin(); it != open_.end(); ++it)
    if (it->first == path) {
      std::rotate(it, it + 1, open_.end());  // now the most recent
      return *open_.back().second;
    }
  constexpr std::size_t kKeptOpen = 2;  // the tuned model and its base, for side-by-side answers
  if (open_.size() >= kKeptOpen) open_.erase(open_.begin());
  open_.emplace_back(path, engine_bridge().open_chat(path.toStdString(), device.toStdString()));
  return *open_.back().second;
}

void ChatWorker::answer(int request, const QString& model_path, const QJsonArray& messages, const QJsonObject& options) {
  {
    std::lock_guard lock(mutex_);
    running_ = request;
    last_started_ = std::max(last_started_, request);
    stop_running_.store(cancelled_.erase(request) > 0);
  }
  const struct Done {
    ChatWorker* worker;
    ~Done() {
      std::lock_guard lock(worker->mutex_);
      worker->running_ = -1;
    }
  } done{this};
  const auto start = std::chrono::steady_clock::now();
  const auto seconds = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  try {
    Q_EMIT loading(request, model_path);
    ChatSession& model = open(model_path, options.value("device").toString("auto"));
    std::vector<std::pair<std::string, std::string>> conversation;
    const QString system = options.value("system").toString();
    if (!system.isEmpty()) conversation.emplace_back("system", system.toStdString());
    for (const QJsonValue& m : messages)
      conversation.emplace_back(m["role"].toString().toStdString(), m["content"].toString().toStdString());
    ChatOptions chat;
    chat.max_new_tokens = options.value("max_new_tokens").toInt(256);
    chat.temperature = options.value("temperature").toDouble(0);
    chat.top_p = options.value("top_p").toDouble(1.0);
    chat.seed = static_cast<uint64_t>(options.value("seed").toInteger(0));
    for (const QJsonValue& stop : options.value("stop").toArray()) chat.stop.push_back(stop.toString().toStdString());
    const auto on_text = [&](const std::string& text) {
      Q_EMIT piece(request, QString::fromStdString(text));
      return true;
    };
    const ChatAnswer result = model.reply(conversation, chat, on_text, &stop_running_);
    Q_EMIT finished(request, QJsonObject{{"text", QString::fromStdString(result.text)},
                                         {"finish_reason", QString::fromStdString(result.finish_reason)},
                                         {"prompt_tokens", static_cast<qint64>(result.prompt_tokens)},
                                         {"completion_tokens", static_cast<qint64>(result.completion_tokens)},
                                         {"seconds", seconds()}});
  } catch (const std::exception& e) {
    QJsonObject failure{{"text", ""}, {"finish_reason", "error"}, {"seconds", seconds()}, {"error", QString::fromUtf8(e.what())}};
    if (const std::optional<ErrorTemplate> t = error_template(e)) {  // for a UI that says it in the user's language
      failure["error_kind"] = t->kind;
      failure["error_args"] = QJsonArray::fromStringList(t->args);
    }
    Q_EMIT finished(request, failure);
  }
}

}  // namespace tunedesk::services
