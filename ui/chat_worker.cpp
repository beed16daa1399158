#include "ui/chat_worker.h"

#include <algorithm>
#include <chrono>
#include <exception>

#include "services/engine_bridge.h"

namespace tunedesk::ui {

ChatWorker::ChatWorker(std::shared_ptr<std::atomic<bool>> cancel) : cancel_(std::move(cancel)) {}
ChatWorker::~ChatWorker() = default;

services::ChatSession& ChatWorker::open(const QString& path, const QString& device) {
  for (auto it = open_.begin(); it != open_.end(); ++it)
    if (it->first == path) {
      std::rotate(it, it + 1, open_.end());  // now the most recent
      return *open_.back().second;
    }
  constexpr std::size_t kKeptOpen = 2;  // the tuned model and its base, for side-by-side answers
  if (open_.size() >= kKeptOpen) open_.erase(open_.begin());
  open_.emplace_back(path, services::engine_bridge().open_chat(path.toStdString(), device.toStdString()));
  return *open_.back().second;
}

void ChatWorker::answer(int pane, const QString& model_path, const QJsonArray& messages, const QJsonObject& options) {
  const auto start = std::chrono::steady_clock::now();
  const auto seconds = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  try {
    Q_EMIT loading(pane, model_path);
    services::ChatSession& model = open(model_path, options.value("device").toString("auto"));
    std::vector<std::pair<std::string, std::string>> conversation;
    const QString system = options.value("system").toString();
    if (!system.isEmpty()) conversation.emplace_back("system", system.toStdString());
    for (const QJsonValue& m : messages)
      conversation.emplace_back(m["role"].toString().toStdString(), m["content"].toString().toStdString());
    services::ChatOptions chat;
    chat.max_new_tokens = options.value("max_new_tokens").toInt(256);
    chat.temperature = options.value("temperature").toDouble(0);
    chat.top_p = options.value("top_p").toDouble(1.0);
    chat.seed = static_cast<uint64_t>(options.value("seed").toInteger(0));
    const auto on_text = [&](const std::string& text) {
      Q_EMIT piece(pane, QString::fromStdString(text));
      return true;
    };
    const services::ChatAnswer result = model.reply(conversation, chat, on_text, cancel_.get());
    Q_EMIT finished(pane, QString::fromStdString(result.finish_reason), static_cast<int>(result.completion_tokens), seconds(), {});
  } catch (const std::exception& e) {
    Q_EMIT finished(pane, "error", 0, seconds(), QString::fromUtf8(e.what()));
  }
}

}  // namespace tunedesk::ui
