#include "ui/chat_worker.h"

#include <algorithm>
#include <chrono>
#include <exception>

#include "engine/device.h"
#include "training/chat_model.h"

namespace tunedesk::ui {

ChatWorker::ChatWorker(std::shared_ptr<std::atomic<bool>> cancel) : cancel_(std::move(cancel)) {}
ChatWorker::~ChatWorker() = default;

training::ChatModel& ChatWorker::open(const QString& path, const QString& device) {
  for (auto it = open_.begin(); it != open_.end(); ++it)
    if (it->first == path) {
      std::rotate(it, it + 1, open_.end());  // now the most recent
      return *open_.back().second;
    }
  constexpr std::size_t kKeptOpen = 2;  // the tuned model and its base, for side-by-side answers
  if (open_.size() >= kKeptOpen) open_.erase(open_.begin());
  engine::configure_cpu_threads();
  const engine::ComputeTarget target = engine::pick_target(device.toStdString(), "auto");
  open_.emplace_back(path, training::ChatModel::open(path.toStdString(), {}, target));
  return *open_.back().second;
}

void ChatWorker::answer(int pane, const QString& model_path, const QJsonArray& messages, const QJsonObject& options) {
  const auto start = std::chrono::steady_clock::now();
  const auto seconds = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  try {
    Q_EMIT loading(pane, model_path);
    const training::ChatModel& model = open(model_path, options.value("device").toString("auto"));
    std::vector<chat::Message> conversation;
    const QString system = options.value("system").toString();
    if (!system.isEmpty()) conversation.push_back({"system", system.toStdString()});
    for (const QJsonValue& m : messages)
      conversation.push_back({m["role"].toString().toStdString(), m["content"].toString().toStdString()});
    engine::GenerationOptions generation;
    generation.max_new_tokens = options.value("max_new_tokens").toInt(256);
    const double temperature = options.value("temperature").toDouble(0);
    generation.sampling.greedy = temperature <= 0;
    generation.sampling.temperature = temperature > 0 ? temperature : 1.0;
    generation.sampling.top_p = options.value("top_p").toDouble(1.0);
    generation.sampling.seed = static_cast<uint64_t>(options.value("seed").toInteger(0));
    generation.cancel = cancel_.get();
    generation.on_text = [&](const std::string& text) {
      Q_EMIT piece(pane, QString::fromStdString(text));
      return true;
    };
    const engine::GenerationResult result = model.reply(conversation, generation);
    Q_EMIT finished(pane, QString::fromStdString(result.finish_reason), static_cast<int>(result.ids.size()), seconds(), {});
  } catch (const std::exception& e) {
    Q_EMIT finished(pane, "error", 0, seconds(), QString::fromUtf8(e.what()));
  }
}

}  // namespace tunedesk::ui
