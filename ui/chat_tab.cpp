#include "ui/chat_tab.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QJsonObject>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSpinBox>
#include <QSplitter>
#include <QTimer>
#include <QVBoxLayout>

#include <exception>

#include "services/engine_bridge.h"
#include "services/think_splitter.h"
#include "ui/app_context.h"
#include "services/chat_worker.h"
#include "ui/settings.h"
#include "ui/error_text.h"
#include "ui/transcript_view.h"

namespace tunedesk::ui {
namespace {

// An answer as Markdown: a leading <think> block (Qwen3) as a quotation
// above the answer, the answer itself, or a note when there is no text.
QString as_markdown(const QString& text) {
  services::ThinkSplitter splitter;
  const services::ThinkSplitter::Parts head = splitter.feed(text), tail = splitter.finish();
  const QString reasoning = (head.reasoning + tail.reasoning).trimmed(), answer = head.content + tail.content;
  QString md;
  if (!reasoning.isEmpty()) md += "> " + QString(reasoning).replace("\n", "\n> ") + "\n\n";
  return md + (answer.trimmed().isEmpty() ? "*" + ChatTab::tr("(no text)") + "*" : answer);
}

}  // namespace

ChatTab::ChatTab(AppContext& context, QWidget* parent)
    : QWidget(parent), context_(context) {
  auto* layout = new QVBoxLayout(this);

  auto* top = new QHBoxLayout;
  top->addWidget(new QLabel(tr("Model:"), this));
  model_ = new QComboBox(this);
  model_->setObjectName("chat.model");
  model_->setMinimumContentsLength(30);
  model_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  top->addWidget(model_, 1);
  auto* open = new QPushButton(tr("Open folder…"), this);
  open->setToolTip(tr("An exported model, an adapter or a training run folder"));
  connect(open, &QPushButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open a model, adapter or run folder"));
    if (dir.isEmpty()) return;
    model_->addItem(QFileInfo(dir).fileName(), dir);
    model_->setCurrentIndex(model_->count() - 1);
  });
  top->addWidget(open);
  compare_ = new QCheckBox(tr("Side by side with"), this);
  compare_->setObjectName("chat.compare");
  compare_->setToolTip(tr("Ask a second model the same questions and show both answers next to each other"));
  top->addWidget(compare_);
  compare_with_ = new QComboBox(this);
  compare_with_->setObjectName("chat.compare_with");
  compare_with_->setMinimumContentsLength(20);
  compare_with_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  compare_with_->setEnabled(false);
  connect(compare_, &QCheckBox::toggled, compare_with_, &QWidget::setEnabled);
  top->addWidget(compare_with_);
  layout->addLayout(top);

  auto* controls = new QHBoxLayout;
  controls->addWidget(new QLabel(tr("System:"), this));
  system_ = new QLineEdit(this);
  system_->setObjectName("chat.system");
  system_->setPlaceholderText(tr("empty: the instruction the model was trained with"));
  controls->addWidget(system_, 1);
  controls->addWidget(new QLabel(tr("Temperature:"), this));
  temperature_ = new QDoubleSpinBox(this);
  temperature_->setRange(0, 2);
  temperature_->setSingleStep(0.1);
  temperature_->setSpecialValueText(tr("0 (greedy)"));
  temperature_->setToolTip(tr("0 always takes the most likely token; higher values vary the answers more."));
  controls->addWidget(temperature_);
  controls->addWidget(new QLabel(tr("Top-p:"), this));
  top_p_ = new QDoubleSpinBox(this);
  top_p_->setRange(0.05, 1);
  top_p_->setSingleStep(0.05);
  top_p_->setValue(0.9);
  controls->addWidget(top_p_);
  controls->addWidget(new QLabel(tr("Max tokens:"), this));
  max_tokens_ = new QSpinBox(this);
  max_tokens_->setRange(1, 8192);
  max_tokens_->setValue(256);
  controls->addWidget(max_tokens_);
  layout->addLayout(controls);

  auto* splitter = new QSplitter(Qt::Horizontal, this);
  for (int i = 0; i < 2; ++i) {
    auto* box = new QWidget(splitter);
    auto* box_layout = new QVBoxLayout(box);
    box_layout->setContentsMargins(0, 0, 0, 0);
    panes_[i].title = new QLabel(box);
    panes_[i].title->setStyleSheet("font-weight: 600; color: #444");
    box_layout->addWidget(panes_[i].title);
    panes_[i].view = new TranscriptView(box);
    panes_[i].view->setObjectName(i == 0 ? "chat.transcript" : "chat.base_transcript");
    box_layout->addWidget(panes_[i].view, 1);
  }
  splitter->widget(1)->setVisible(false);
  connect(compare_, &QCheckBox::toggled, splitter->widget(1), &QWidget::setVisible);
  layout->addWidget(splitter, 1);

  auto* bottom = new QHBoxLayout;
  input_ = new QPlainTextEdit(this);
  input_->setObjectName("chat.input");
  input_->setPlaceholderText(tr("Ask something… (Ctrl+Enter sends)"));
  input_->setMaximumHeight(90);
  bottom->addWidget(input_, 1);
  auto* buttons = new QVBoxLayout;
  send_ = new QPushButton(tr("Send"), this);
  send_->setObjectName("chat.send");
  send_->setDefault(true);
  connect(send_, &QPushButton::clicked, this, [this] { send(); });
  stop_ = new QPushButton(tr("Stop"), this);
  stop_->setEnabled(false);
  connect(stop_, &QPushButton::clicked, this, &ChatTab::stop);
  auto* clear = new QPushButton(tr("Clear history"), this);
  clear->setObjectName("chat.clear");
  connect(clear, &QPushButton::clicked, this, &ChatTab::clear_history);
  buttons->addWidget(send_);
  buttons->addWidget(stop_);
  buttons->addWidget(clear);
  bottom->addLayout(buttons);
  layout->addLayout(bottom);
  auto* shortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), input_);
  connect(shortcut, &QShortcut::activated, this, [this] { send(); });
  status_ = new QLabel(this);
  status_->setObjectName("chat.status");
  layout->addWidget(status_);

  render_timer_ = new QTimer(this);
  render_timer_->setSingleShot(true);
  render_timer_->setInterval(40);  // repaint a streaming answer at most 25 times a second
  connect(render_timer_, &QTimer::timeout, this, [this] {
    render(0);
    render(1);
  });

  worker_ = new services::ChatWorker;
  worker_->moveToThread(&thread_);
  connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
  connect(this, &ChatTab::ask, worker_, &services::ChatWorker::answer);
  connect(worker_, &services::ChatWorker::loading, this, [this](int, const QString& path) {
    status_->setText(tr("Answering with %1 …").arg(QFileInfo(path).fileName()));
  });
  connect(worker_, &services::ChatWorker::piece, this, [this](int request, const QString& text) {
    if (!pending_.contains(request)) return;
    panes_[pending_.value(request)].answer += text;
    if (!render_timer_->isActive()) render_timer_->start();
  });
  connect(worker_, &services::ChatWorker::finished, this, [this](int request, const QJsonObject& result) {
            if (!pending_.contains(request)) return;
            const int pane = pending_.take(request);
            const QString reason = result.value("finish_reason").toString();
            QStringList error_args;
            for (const QJsonValue& arg : result.value("error_args").toArray()) error_args.push_back(arg.toString());
            const QString error = result.value("error").toString().isEmpty()
                                      ? QString()
                                      : error_text(result.value("error_kind").toString(), error_args, result.value("error").toString());
            const int tokens = result.value("completion_tokens").toInt();
            const double seconds = result.value("seconds").toDouble();
            Pane& p = panes_[pane];
            p.streaming = false;
            if (!error.isEmpty()) {
              p.note = tr("Error: %1").arg(error);
              p.history.removeLast();  // the question stays unanswered; ask again after fixing it
            } else {
              p.history.append(QJsonObject{{"role", "assistant"}, {"content", p.answer}});
              p.note = tr("%n token(s) in %1 s (%2 tokens/s)", nullptr, tokens)
                           .arg(seconds, 0, 'f', 1)
                           .arg(seconds > 0 ? tokens / seconds : 0.0, 0, 'f', 1);
              if (reason == "length") p.note += " · " + tr("cut at the token limit");
              if (reason == "cancelled") p.note += " · " + tr("stopped");
            }
            render(pane);
            if (pending_.isEmpty()) {
              send_->setEnabled(true);
              stop_->setEnabled(false);
              status_->setText(error.isEmpty() ? tr("Ready.") : tr("The model could not answer: %1").arg(error));
              Q_EMIT answered();
            }
          });
  thread_.start();
  connect(model_, &QComboBox::currentIndexChanged, this, &ChatTab::clear_history);
  connect(compare_with_, &QComboBox::currentIndexChanged, this, &ChatTab::clear_history);
  refresh_models();
}

ChatTab::~ChatTab() {
  stop();
  thread_.quit();
  thread_.wait();
}

void ChatTab::refresh_models() {
  const QString keep = model_->currentData().toString();
  QSignalBlocker block(model_);
  model_->clear();
  for (const services::Job& job : context_.jobs().list_visible(context_.user())) {
    if (!services::has_trained_model(job)) continue;
    model_->addItem(tr("%1 · %2 on %3 (fine-tuned)").arg(job.id, job.method, QFileInfo(job.dataset).fileName()), job.output);
  }
  for (const services::BaseModel& m : context_.models().list(context_.user().name))
    model_->addItem(tr("%1 (base model)").arg(m.name), m.path);
  if (const int i = model_->findData(keep); i >= 0) model_->setCurrentIndex(i);
  // The second model: the first one's base by default, or any other (two fine-tuned jobs, say).
  const QString keep_second = compare_with_->currentData().toString();
  QSignalBlocker block_second(compare_with_);
  compare_with_->clear();
  compare_with_->addItem(tr("its base model"), QString());
  for (int i = 0; i < model_->count(); ++i) compare_with_->addItem(model_->itemText(i), model_->itemData(i));
  if (const int i = compare_with_->findData(keep_second); i >= 0 && !keep_second.isEmpty()) compare_with_->setCurrentIndex(i);
  block.unblock();
  clear_history();
}

bool ChatTab::select_model(const QString& path) {
  const int i = model_->findData(path);
  if (i < 0) return false;
  model_->setCurrentIndex(i);
  return true;
}

QString ChatTab::base_of(const QString& path) const {
  try {
    return QString::fromStdString(services::engine_bridge().base_model_of(path.toStdString()));
  } catch (const std::exception&) {
    return {};
  }
}

void ChatTab::send(const QString& text) {
  const QString question = (text.isEmpty() ? input_->toPlainText() : text).trimmed();
  const QString path = model_->currentData().toString();
  if (question.isEmpty() || path.isEmpty() || busy()) return;
  input_->clear();
  QJsonObject options{{"temperature", temperature_->value()},
                      {"top_p", top_p_->value()},
                      {"max_new_tokens", max_tokens_->value()},
                      {"device", AppSettings::load().device}};
  if (!system_->text().trimmed().isEmpty()) options["system"] = system_->text().trimmed();
  const QString second = compare_with_->currentData().toString();  // empty: the first model's base
  QString paths[2] = {path, !compare_->isChecked() ? QString() : second.isEmpty() ? base_of(path) : second};
  for (int i = 0; i < 2; ++i) {
    if (paths[i].isEmpty()) continue;
    Pane& p = panes_[i];
    p.history.append(QJsonObject{{"role", "user"}, {"content", question}});
    p.answer.clear();
    p.note.clear();
    p.streaming = true;
    p.title->setText(i == 0             ? model_->currentText()
                     : second.isEmpty() ? tr("Base model: %1").arg(QFileInfo(paths[i]).fileName())
                                        : compare_with_->currentText());
    const int request = next_request_++;
    pending_.insert(request, i);
    render(i);
    Q_EMIT ask(request, paths[i], p.history, options);
  }
  if (compare_->isChecked() && paths[1].isEmpty())
    status_->setText(tr("This is a base model: choose a second model to compare it with."));
  send_->setEnabled(false);
  stop_->setEnabled(true);
}

void ChatTab::stop() {
  for (int request : pending_.keys()) worker_->cancel(request);
}

void ChatTab::clear_history() {
  if (busy()) return;
  for (int i = 0; i < 2; ++i) {
    panes_[i].history = QJsonArray();
    panes_[i].answer.clear();
    panes_[i].note.clear();
    panes_[i].title->setText(i == 0 ? model_->currentText()
                                    : compare_with_->currentData().toString().isEmpty() ? tr("Base model")
                                                                                         : compare_with_->currentText());
    render(i);
  }
}

QString ChatTab::last_answer(int pane) const {
  const QJsonArray& h = panes_[pane].history;
  return !h.isEmpty() && h.last()["role"].toString() == "assistant" ? h.last()["content"].toString() : QString();
}

void ChatTab::render(int pane) {
  Pane& p = panes_[pane];
  QJsonArray turns;  // as shown: a model's thinking set apart as a quote
  for (const QJsonValue& m : p.history)
    turns.append(QJsonObject{{"role", m["role"]}, {"content", as_markdown(m["content"].toString())}});
  p.view->show_conversation(turns, as_markdown(p.answer), p.streaming, p.note,
                            {tr("You"), tr("Model"),
                             tr("Ask a question below. A fine-tuned model is asked with the instruction it was trained with.")});
}

}  // namespace tunedesk::ui
