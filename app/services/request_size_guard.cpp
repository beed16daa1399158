#include "services/request_size_guard.h"

#include <QList>

#include <algorithm>

namespace tunedesk::services {
namespace {

constexpr qsizetype kMaxLineBytes = 4096;  // a chunk-size or trailer line

QByteArray trimmed_line(QByteArrayView line) { return line.toByteArray().trimmed(); }

// A non-negative decimal, or -1.
qint64 decimal(QByteArrayView text) {
  if (text.isEmpty() || text.size() > 18) return -1;
  qint64 value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  return value;
}

// A chunk size ("1a2b", maybe followed by ";extension"), or -1.
qint64 chunk_size(QByteArrayView line) {
  const qsizetype semicolon = line.indexOf(';');
  const QByteArray digits = trimmed_line(semicolon < 0 ? line : line.first(semicolon));
  if (digits.isEmpty() || digits.size() > 15) return -1;
  bool ok = false;
  const qint64 value = digits.toLongLong(&ok, 16);
  return ok && value >= 0 ? value : -1;
}

}  // namespace

RequestSizeGuard::Verdict RequestSizeGuard::feed(QByteArrayView bytes) {
  while (verdict_ == Verdict::fine && state_ != State::off && !bytes.isEmpty()) {
    switch (state_) {
      case State::head: {
        if (head_.isEmpty()) {  // line breaks between requests are allowed
          while (!bytes.isEmpty() && (bytes.front() == '\r' || bytes.front() == '\n')) bytes = bytes.sliced(1);
          if (bytes.isEmpty()) break;
        }
        const qsizetype before = head_.size();
        const qsizetype take = std::min(bytes.size(), kMaxHeadBytes + 4 - before);
        head_.append(bytes.first(take));
        // The head ends with an empty line: "\r\n\r\n", or "\n\n" from a client that omits the "\r".
        const qsizetype from = std::max<qsizetype>(0, before - 2);
        qsizetype end = head_.indexOf("\n\r\n", from);
        end = end < 0 ? -1 : end + 3;
        const qsizetype bare = head_.indexOf("\n\n", from);
        if (bare >= 0 && (end < 0 || bare + 2 < end)) end = bare + 2;
        if (end < 0) {
          bytes = bytes.sliced(take);
          if (head_.size() > kMaxHeadBytes) verdict_ = Verdict::head_too_large;
          break;
        }
        bytes = bytes.sliced(end - before);
        head_.truncate(end);
        verdict_ = start_request();
        break;
      }
      case State::body:
      case State::chunk_data: {
        const qint64 skip = std::min<qint64>(remaining_, bytes.size());
        bytes = bytes.sliced(static_cast<qsizetype>(skip));
        remaining_ -= skip;
        if (remaining_ == 0) state_ = state_ == State::body ? State::head : State::chunk_data_end;
        break;
      }
      case State::chunk_size: {
        if (!take_line(bytes)) break;
        const qint64 size = chunk_size(line_);
        line_.clear();
        if (size < 0) {
          state_ = State::off;
        } else if (size == 0) {
          state_ = State::trailer;
        } else {
          body_seen_ += size;
          if (body_seen_ > limit_) verdict_ = Verdict::body_too_large;
          remaining_ = size;
          state_ = State::chunk_data;
        }
        break;
      }
      case State::chunk_data_end:
        if (!take_line(bytes)) break;
        state_ = trimmed_line(line_).isEmpty() ? State::chunk_size : State::off;
        line_.clear();
        break;
      case State::trailer:
        if (!take_line(bytes)) break;
        if (trimmed_line(line_).isEmpty()) state_ = State::head;
        line_.clear();
        break;
      case State::off:
        break;
    }
  }
  return verdict_;
}

bool RequestSizeGuard::take_line(QByteArrayView& bytes) {
  const qsizetype newline = bytes.indexOf('\n');
  const qsizetype take = newline < 0 ? bytes.size() : newline + 1;
  line_.append(bytes.first(take));
  bytes = bytes.sliced(take);
  if (line_.size() > kMaxLineBytes) state_ = State::off;  // Qt's parser will refuse it
  return newline >= 0 && state_ != State::off;
}

RequestSizeGuard::Verdict RequestSizeGuard::start_request() {
  const QList<QByteArray> lines = head_.split('\n');
  head_.clear();
  ++heads_read_;
  const QList<QByteArray> request_line = lines.front().trimmed().split(' ');
  if (request_line.size() != 3) {
    state_ = State::off;
    return Verdict::fine;
  }
  const QByteArray& method = request_line[0];
  QByteArrayView path = request_line[1];
  if (const qsizetype query = path.indexOf('?'); query >= 0) path = path.first(query);

  qint64 length = -1;
  int lengths = 0, encodings = 0;
  QByteArray transfer_encoding;
  bool ambiguous = false, upgrade = method == "CONNECT";
  for (qsizetype i = 1; i < lines.size(); ++i) {
    const QByteArray& line = lines[i];
    if (line.trimmed().isEmpty()) continue;
    // A line folded onto the previous header, or a name padded before its
    // colon ("Content-Length : 5"): parsers disagree on both (RFC 9112 §5).
    if (line.front() == ' ' || line.front() == '\t') {
      ambiguous = true;
      continue;
    }
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0) continue;
    const QByteArray raw_name = line.first(colon);
    const QByteArray name = raw_name.trimmed().toLower();
    const QByteArray value = line.sliced(colon + 1).trimmed();
    const bool framing = name == "content-length" || name == "transfer-encoding";
    if (framing && raw_name.size() != raw_name.trimmed().size()) ambiguous = true;
    if (name == "content-length") {
      const qint64 n = decimal(value);
      ambiguous = ambiguous || n < 0 || (length >= 0 && n != length);
      length = n;
      ++lengths;
    } else if (name == "transfer-encoding") {
      transfer_encoding = value.toLower();
      ++encodings;
    } else if (name == "upgrade") {
      upgrade = true;
    }
  }
  // Only one way to say where the body ends, and only the coding both ends know.
  if (encodings > 0 && (lengths > 0 || encodings > 1 || transfer_encoding != "chunked")) ambiguous = true;
  if (ambiguous) return Verdict::ambiguous_framing;
  if (upgrade) {  // Qt's parser decides; nothing here to follow
    state_ = State::off;
    return Verdict::fine;
  }
  limit_ = limit_of_(method, path);
  if (encodings > 0) {
    body_seen_ = 0;
    state_ = State::chunk_size;
    return Verdict::fine;
  }
  if (length > limit_) return Verdict::body_too_large;
  remaining_ = std::max<qint64>(length, 0);
  state_ = remaining_ > 0 ? State::body : State::head;
  return Verdict::fine;
}

}  // namespace tunedesk::services
