// A conversation rendered as a web page (QWebEngineView): each turn's
// Markdown through marked (Debian's libjs-marked, compiled in), code blocks
// set apart, the answer that is streaming in updated in place. The page
// engine is heavy (a Chromium process), so it starts the first time the view
// is shown: the window opens and idles without it. Links open in the
// system's browser; nothing is fetched from the network.
#pragma once

#include <QJsonArray>
#include <QString>
#include <QWidget>

class QWebEngineView;

namespace tunedesk::ui {

class TranscriptView : public QWidget {
  Q_OBJECT

 public:
  explicit TranscriptView(QWidget* parent = nullptr);
  ~TranscriptView() override;

  struct Labels {
    QString you, model, empty;  // the speakers' names; what an empty conversation says
  };
  // The conversation: {"role", "content"} turns, then the answer streaming
  // in (when `streaming`), then a note on how the last answer ended.
  void show_conversation(const QJsonArray& turns, const QString& streaming_answer, bool streaming, const QString& note,
                         const Labels& labels);

  // The page's text as last rendered (for tests and accessibility); empty until the page has drawn.
  const QString& rendered_text() const { return rendered_text_; }

 protected:
  void showEvent(QShowEvent* event) override;

 private:
  void start_page();
  void push();  // hands the conversation to the page, when it is ready

  QWebEngineView* web_ = nullptr;  // created when first shown
  bool page_ready_ = false;
  bool closing_ = false;           // the page calls back as it is destroyed: not into a half-destroyed view
  QString conversation_json_;      // what the page is to show
  QString rendered_text_;
};

}  // namespace tunedesk::ui
