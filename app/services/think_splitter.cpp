#include "services/think_splitter.h"

#include <algorithm>

namespace tunedesk::services {
namespace {

const QString kOpen = "<think>", kClose = "</think>";

// How many characters at the end of `text` could begin `tag` (so must wait for more).
qsizetype partial_suffix(const QString& text, const QString& tag) {
  for (qsizetype n = std::min(text.size(), tag.size() - 1); n > 0; --n)
    if (tag.startsWith(text.right(n))) return n;
  return 0;
}

}  // namespace

ThinkSplitter::Parts ThinkSplitter::answer(QString text) {
  if (!answer_started_) {
    qsizetype i = 0;
    while (i < text.size() && text[i].isSpace()) ++i;
    text.remove(0, i);
    answer_started_ = !text.isEmpty();
  }
  return {QString(), text};
}

ThinkSplitter::Parts ThinkSplitter::feed(const QString& piece) {
  held_ += piece;
  Parts out;
  if (state_ == State::start) {
    qsizetype i = 0;
    while (i < held_.size() && held_[i].isSpace()) ++i;
    const QString rest = held_.mid(i);
    if (rest.size() < kOpen.size() && kOpen.startsWith(rest)) return out;  // could still become <think>
    if (rest.startsWith(kOpen)) {
      state_ = State::thinking;
      held_ = rest.mid(kOpen.size());
    } else {
      state_ = State::answering;
      answer_started_ = true;
      out.content = held_;
      held_.clear();
      return out;
    }
  }
  if (state_ == State::thinking) {
    const qsizetype close = held_.indexOf(kClose);
    if (close < 0) {
      const qsizetype keep = partial_suffix(held_, kClose);
      out.reasoning = held_.left(held_.size() - keep);
      held_ = held_.right(keep);
      return out;
    }
    out.reasoning = held_.left(close);
    const QString after = held_.mid(close + kClose.size());
    held_.clear();
    state_ = State::answering;
    out.content = answer(after).content;
    return out;
  }
  out.content = answer(held_).content;
  held_.clear();
  return out;
}

ThinkSplitter::Parts ThinkSplitter::finish() {
  Parts out;
  if (state_ == State::thinking) out.reasoning = held_;  // never closed: it was all thinking
  else out.content = held_;
  held_.clear();
  return out;
}

}  // namespace tunedesk::services
