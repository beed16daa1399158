// Answers chat messages in a thread of its own, through the engine plugin
// (services/engine_bridge.h): opens the model (a base
// model, a fine-tuned run or adapter, an exported model) once and keeps the
// last two open, streams the answer piece by piece through queued signals,
// and stops when asked. The UI thread never waits on it.
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <utility>
#include <vector>

namespace tunedesk::services {
class ChatSession;
}

namespace tunedesk::ui {

class ChatWorker : public QObject {
  Q_OBJECT

 public:
  explicit ChatWorker(std::shared_ptr<std::atomic<bool>> cancel);
  ~ChatWorker() override;

 public Q_SLOTS:
  // `messages`: [{"role", "content"}, …] ending with the user's turn.
  // `options`: {"temperature" (0 = greedy), "top_p", "max_new_tokens", "system" (optional), "device"}.
  void answer(int pane, const QString& model_path, const QJsonArray& messages, const QJsonObject& options);

 Q_SIGNALS:
  void loading(int pane, const QString& model_path);
  void piece(int pane, const QString& text);
  void finished(int pane, const QString& finish_reason, int tokens, double seconds, const QString& error);

 private:
  services::ChatSession& open(const QString& path, const QString& device);

  std::shared_ptr<std::atomic<bool>> cancel_;
  std::vector<std::pair<QString, std::unique_ptr<services::ChatSession>>> open_;  // most recent last
};

}  // namespace tunedesk::ui
