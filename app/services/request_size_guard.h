// Follows the bytes of one HTTP/1.1 connection as they arrive and says as soon
// as a request is too big: Qt HttpServer 6.4 reads a whole body into memory
// before any handler runs, so a size check in a handler answers 413 only
// after the server has held the gigabyte. This scanner sees the head (the
// Content-Length, or each chunk size of a chunked body) and decides first.
//
// It is also the one reader of where a request ends: a head whose framing
// two parsers could read differently (Content-Length beside
// Transfer-Encoding, two different lengths, a coding other than chunked, a
// folded or space-padded header name) is refused, so that no request can be
// smuggled inside another past a proxy in front of the server.
//
// It only reads; what it does not understand (an upgrade, a malformed
// request line) it stops following and leaves to Qt's parser, which refuses
// it itself.
#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <functional>

namespace tunedesk::services {

class RequestSizeGuard {
 public:
  // The largest body allowed for a request (method, path without the query).
  using BodyLimit = std::function<qint64(QByteArrayView method, QByteArrayView path)>;
  static constexpr qsizetype kMaxHeadBytes = 64 << 10;

  enum class Verdict {
    fine,           // nothing too big so far
    body_too_large, // 413: see limit()
    head_too_large, // 431: the request line and headers exceed kMaxHeadBytes
    ambiguous_framing, // 400: where the body ends is not plain (see above)
  };

  explicit RequestSizeGuard(BodyLimit limit) : limit_of_(std::move(limit)) {}

  // Takes the connection's next bytes; once a verdict other than `fine` is
  // given, every later call gives it again.
  Verdict feed(QByteArrayView bytes);
  // The limit the refused request went over (body_too_large).
  qint64 limit() const { return limit_; }
  // Whether it is still following the stream (not handed over to Qt's parser).
  bool following() const { return state_ != State::off; }
  // Request heads read whole so far, and whether the next one has begun but
  // not ended (the time a slow client can hold: guarded_tcp_server.h).
  int heads_read() const { return heads_read_; }
  bool inside_head() const { return state_ == State::head && !head_.isEmpty(); }

 private:
  enum class State { head, body, chunk_size, chunk_data, chunk_data_end, trailer, off };

  // Reads the complete head in head_; sets the state for its body.
  Verdict start_request();
  // Consumes one line ending in "\n" from `bytes` into line_; true once complete.
  bool take_line(QByteArrayView& bytes);

  BodyLimit limit_of_;
  State state_ = State::head;
  Verdict verdict_ = Verdict::fine;
  QByteArray head_, line_;
  qint64 remaining_ = 0;  // body or chunk bytes still to skip
  qint64 body_seen_ = 0;  // a chunked body's bytes so far
  qint64 limit_ = 0;
  int heads_read_ = 0;
};

}  // namespace tunedesk::services
