// Answers chat messages in a thread of its own, through the engine plugin
// (services/engine_bridge.h): opens the model (a base
// model, a fine-tuned run or adapter, an exported model) once and keeps the
// last two open, streams the answer piece by piece through queued signals,
// and stops when asked. Neither the window nor the server ever waits on it:
// the desktop chat tab and /v1/chat/completions both answer through it.
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <mutex>
#include <set>
#include <utility>
#include <vector>

namespace tunedesk::services {

class ChatSession;

class ChatWorker : public QObject {
  Q_OBJECT

 public:
  ChatWorker();
  ~ChatWorker() override;

  // Stops request `request` (numbers are the caller's, increasing): at once
  // when it is being answered, before it starts when it is still queued.
  // Safe from any thread.
  void cancel(int request);

 public Q_SLOTS:
  // `request`: the caller's number for this answer, passed back in the signals.
  // `messages`: [{"role", "content"}, …] ending with the user's turn.
  // `options`: {"temperature" (0 = greedy), "top_p", "max_new_tokens", "seed", "stop": [..],
  //             "system" (optional), "device"}.
  void answer(int request, const QString& model_path, const QJsonArray& messages, const QJsonObject& options);

 Q_SIGNALS:
  void loading(int request, const QString& model_path);
  void piece(int request, const QString& text);
  // {"text", "finish_reason" ("stop", "length", "cancelled", "error"), "prompt_tokens",
  //  "completion_tokens", "seconds", "error" (when it failed)}
  void finished(int request, const QJsonObject& result);

 private:
  ChatSession& open(const QString& path, const QString& device);

  std::mutex mutex_;             // guards the three below
  int running_ = -1, last_started_ = -1;
  std::set<int> cancelled_;      // queued requests to skip
  std::atomic<bool> stop_running_{false};
  std::vector<std::pair<QString, std::unique_ptr<ChatSession>>> open_;  // most recent last
};

}  // namespace tunedesk::services
