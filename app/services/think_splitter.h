// Separates a reasoning model's thinking (a leading <think>…</think> block,
// as Qwen3 writes even when empty) from its answer, also while the text
// streams in: OpenAI-style servers answer the first as `reasoning_content`
// and only the second as `content`.
#pragma once

#include <QString>

namespace tunedesk::services {

class ThinkSplitter {
 public:
  struct Parts {
    QString reasoning, content;  // what became known with this piece
  };
  Parts feed(const QString& piece);
  Parts finish();  // the end of the text: whatever is still held back

 private:
  enum class State { start, thinking, answering };
  State state_ = State::start;
  QString held_;          // undecided text
  bool answer_started_ = false;  // white space after </think> is dropped until the answer starts
  Parts answer(QString text);
};

}  // namespace tunedesk::services
