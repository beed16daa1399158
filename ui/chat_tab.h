// 对话 / Chat: talk to a base model, a fine-tuned job's result or an
// exported model; answers stream in and are rendered as Markdown (code
// blocks included) in a web view (transcript_view.h). Several turns, a button that clears the history, the
// sampling controls, and side by side a second model's answer to the same
// question: the base model's, to see what fine-tuning changed, or any other
// (two fine-tuned jobs, say).
#pragma once

#include <QHash>
#include <QJsonArray>
#include <QThread>
#include <QWidget>


class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTimer;

namespace tunedesk::services {
class ChatWorker;
}

namespace tunedesk::ui {

class AppContext;
class TranscriptView;

class ChatTab : public QWidget {
  Q_OBJECT

 public:
  explicit ChatTab(AppContext& context, QWidget* parent = nullptr);
  ~ChatTab() override;

  bool busy() const { return !pending_.isEmpty(); }
  // For tests: the last answer shown in a pane (0 = the chosen model, 1 = its base).
  QString last_answer(int pane = 0) const;
  bool select_model(const QString& path);  // false when not listed

 public Q_SLOTS:
  void refresh_models();
  void send(const QString& text = {});  // the input box's text when empty
  void stop();
  void clear_history();

 Q_SIGNALS:
  void ask(int pane, const QString& model_path, const QJsonArray& messages, const QJsonObject& options);
  void answered();

 private:
  struct Pane {
    TranscriptView* view = nullptr;
    QLabel* title = nullptr;
    QJsonArray history;  // {"role", "content"} turns so far
    QString answer;      // the answer streaming in
    QString note;        // how the last answer finished
    bool streaming = false;
  };
  void render(int pane);
  QString base_of(const QString& path) const;  // the base model of a fine-tuned result, or empty

  AppContext& context_;
  QComboBox* model_;
  QCheckBox* compare_;
  QComboBox* compare_with_;  // the second model: its base (empty data), or another model
  QLineEdit* system_;
  QDoubleSpinBox* temperature_;
  QDoubleSpinBox* top_p_;
  QSpinBox* max_tokens_;
  Pane panes_[2];
  QPlainTextEdit* input_;
  QPushButton* send_;
  QPushButton* stop_;
  QLabel* status_;
  QTimer* render_timer_;
  QThread thread_;
  services::ChatWorker* worker_ = nullptr;
  QHash<int, int> pending_;  // request number -> pane
  int next_request_ = 0;
};

}  // namespace tunedesk::ui
