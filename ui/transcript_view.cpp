#include "ui/transcript_view.h"

#include <QDesktopServices>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QVBoxLayout>
#include <QWebEnginePage>
#include <QWebEngineSettings>
#include <QWebEngineView>

namespace tunedesk::ui {
namespace {

// The page keeps to itself: a link a model wrote opens in the system's browser.
class TranscriptPage : public QWebEnginePage {
 public:
  using QWebEnginePage::QWebEnginePage;

 protected:
  bool acceptNavigationRequest(const QUrl& url, NavigationType type, bool main_frame) override {
    if (type == NavigationTypeLinkClicked) {
      QDesktopServices::openUrl(url);
      return false;
    }
    return QWebEnginePage::acceptNavigationRequest(url, type, main_frame);
  }
};

QString page_html() {
  QFile file(":/chat/transcript.html");
  return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

}  // namespace

TranscriptView::TranscriptView(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  setMinimumHeight(120);
}

TranscriptView::~TranscriptView() {
  // Qt WebEngine runs pending runJavaScript callbacks while the page is destroyed;
  // here, while this view's members still exist, and told to leave them alone.
  closing_ = true;
  delete web_;
}

void TranscriptView::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  if (!web_) start_page();
}

void TranscriptView::start_page() {
  web_ = new QWebEngineView(this);
  auto* page = new TranscriptPage(web_);
  page->settings()->setAttribute(QWebEngineSettings::LocalContentCanAccessRemoteUrls, false);
  page->settings()->setAttribute(QWebEngineSettings::JavascriptCanOpenWindows, false);
  web_->setPage(page);
  web_->setContextMenuPolicy(Qt::NoContextMenu);
  layout()->addWidget(web_);
  connect(web_, &QWebEngineView::loadFinished, this, [this](bool ok) {
    page_ready_ = ok;
    push();
  });
  // From the resources: the page's script (marked) sits beside it there.
  web_->setHtml(page_html(), QUrl("qrc:/chat/"));
}

void TranscriptView::show_conversation(const QJsonArray& turns, const QString& streaming_answer, bool streaming,
                                       const QString& note, const Labels& labels) {
  const QJsonObject conversation{{"turns", turns},
                                 {"streaming", streaming ? QJsonValue(streaming_answer) : QJsonValue()},
                                 {"note", note},
                                 {"you", labels.you},
                                 {"model", labels.model},
                                 {"empty", labels.empty}};
  conversation_json_ = QString::fromUtf8(QJsonDocument(conversation).toJson(QJsonDocument::Compact));
  push();
}

void TranscriptView::push() {
  if (!web_ || !page_ready_ || conversation_json_.isEmpty()) return;
  // JSON is JavaScript: the conversation goes in as a literal, never as code.
  web_->page()->runJavaScript("showConversation(" + conversation_json_ + ")", [this](const QVariant& text) {
    if (!closing_) rendered_text_ = text.toString();
  });
}

}  // namespace tunedesk::ui
