// libFuzzer target: the parts of the HTTP server that read what a client
// sends — a multipart/form-data upload (Content-Type line, then body), the
// connection's raw bytes through the request size guard, and the model's
// streamed text through the thinking/answer splitter at arbitrary piece
// boundaries. Nothing may crash or read out of bounds; a parsed part must lie
// inside the body; the guard and the splitter must come to the same result
// however their input is cut. Built and run by scripts/fuzz.sh.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include <QByteArray>
#include <QString>

#include "services/multipart.h"
#include "services/request_size_guard.h"
#include "services/service_error.h"
#include "services/think_splitter.h"

using namespace tunedesk::services;

namespace {

void require(bool condition) {
  if (!condition) std::abort();
}

void fuzz_multipart(const QByteArray& input) {
  const qsizetype newline = input.indexOf('\n');
  const QByteArray content_type = newline < 0 ? input : input.left(newline);
  const QByteArray body = newline < 0 ? QByteArray() : input.mid(newline + 1);
  try {
    for (const FormPart& part : parse_multipart(content_type, body)) {
      require(part.data.size() <= body.size());
      require(part.data.isEmpty() || body.contains(part.data));
    }
  } catch (const ServiceError&) {
    // A clear refusal is the right answer to malformed input.
  }
}

void fuzz_size_guard(const QByteArray& input) {
  const auto limit = [](QByteArrayView method, QByteArrayView) -> qint64 { return method == "POST" ? 64 : 16; };
  RequestSizeGuard whole(limit), pieces(limit);
  const RequestSizeGuard::Verdict expected = whole.feed(input);
  RequestSizeGuard::Verdict verdict = RequestSizeGuard::Verdict::fine;
  qsizetype at = 0;
  for (qsizetype i = 0; at < input.size(); ++i) {
    const qsizetype n = std::min<qsizetype>(input.size() - at, 1 + static_cast<unsigned char>(input[i % input.size()]) % 16);
    verdict = pieces.feed(QByteArrayView(input).sliced(at, n));
    at += n;
  }
  require(verdict == expected);
  require(pieces.following() == whole.following());
}

void fuzz_splitter(const QByteArray& input) {
  const QString text = QString::fromUtf8(input);
  ThinkSplitter whole, pieces;
  const ThinkSplitter::Parts a = whole.feed(text), a_end = whole.finish();
  QString reasoning, content;
  // Cut where the input's bytes say (each byte: a piece length of 1..8 characters).
  qsizetype at = 0;
  for (qsizetype i = 0; at < text.size(); ++i) {
    const qsizetype n = 1 + (static_cast<unsigned char>(input[i % input.size()]) % 8);
    const ThinkSplitter::Parts p = pieces.feed(text.mid(at, n));
    reasoning += p.reasoning;
    content += p.content;
    at += n;
  }
  const ThinkSplitter::Parts end = pieces.finish();
  reasoning += end.reasoning;
  content += end.content;
  // However the text arrives, the same thinking and the same answer come out.
  require(reasoning == a.reasoning + a_end.reasoning);
  require(content == a.content + a_end.content);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const QByteArray input(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
  fuzz_multipart(input);
  fuzz_size_guard(input);
  fuzz_splitter(input);
  return 0;
}
