// The scanner that finds an oversize request from its head: it follows
// pipelined requests with and without bodies, chunked bodies with trailers,
// however the bytes are split, and refuses at the first byte that proves a
// request too big.
#include <gtest/gtest.h>

#include <random>

#include "services/request_size_guard.h"

namespace tunedesk::services {
namespace {

using Verdict = RequestSizeGuard::Verdict;

RequestSizeGuard guard() {
  return RequestSizeGuard([](QByteArrayView method, QByteArrayView path) -> qint64 {
    return method == "POST" && path == "/upload" ? 1000 : 100;
  });
}

// Feeds `bytes` in pieces cut at random places; returns the last verdict.
Verdict feed_in_pieces(RequestSizeGuard& g, const QByteArray& bytes, std::mt19937& rng) {
  Verdict v = Verdict::fine;
  for (qsizetype at = 0; at < bytes.size();) {
    const qsizetype n = std::min<qsizetype>(bytes.size() - at, 1 + static_cast<qsizetype>(rng() % 40));
    v = g.feed(QByteArrayView(bytes).sliced(at, n));
    at += n;
  }
  return v;
}

const QByteArray kFineRequests =
    "GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
    "\r\n"  // a stray line break between requests
    "POST /upload?x=1 HTTP/1.1\r\ncontent-length: 1000\r\n\r\n" + QByteArray(1000, 'u') +
    "POST /b HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
    "32;ext=1\r\n" + QByteArray(50, 'c') + "\r\n32\r\n" + QByteArray(50, 'c') + "\r\n0\r\nX-Trailer: 1\r\n\r\n"
    "GET /c HTTP/1.1\n\n";  // bare line feeds

TEST(RequestSizeGuard, FollowsPipelinedRequestsWithinTheirLimitsHoweverSplit) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 200; ++trial) {
    RequestSizeGuard g = guard();
    ASSERT_EQ(feed_in_pieces(g, kFineRequests, rng), Verdict::fine) << "trial " << trial;
    ASSERT_TRUE(g.following());
    // Still in step: the next request's head is read as a head.
    ASSERT_EQ(g.feed("POST /b HTTP/1.1\r\nContent-Length: 101\r\n\r\n"), Verdict::body_too_large) << "trial " << trial;
    EXPECT_EQ(g.limit(), 100);
  }
  RequestSizeGuard whole = guard();
  EXPECT_EQ(whole.feed(kFineRequests), Verdict::fine);
  EXPECT_EQ(whole.feed("POST /upload HTTP/1.1\r\nContent-Length: 1001\r\n\r\n"), Verdict::body_too_large);
  EXPECT_EQ(whole.limit(), 1000);
  EXPECT_EQ(whole.feed("GET / HTTP/1.1\r\n\r\n"), Verdict::body_too_large);  // the verdict stands
}

TEST(RequestSizeGuard, RefusesAChunkedBodyAtTheChunkThatGoesOver) {
  RequestSizeGuard g = guard();
  EXPECT_EQ(g.feed("POST /b HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3c\r\n"), Verdict::fine);
  EXPECT_EQ(g.feed(QByteArray(60, 'c') + "\r\n"), Verdict::fine);
  EXPECT_EQ(g.feed("28\r\n"), Verdict::fine);  // 100 in all: still allowed
  EXPECT_EQ(g.feed(QByteArray(40, 'c') + "\r\n1\r\n"), Verdict::body_too_large);
}

TEST(RequestSizeGuard, RefusesAHeadThatNeverEnds) {
  RequestSizeGuard g = guard();
  EXPECT_EQ(g.feed("GET / HTTP/1.1\r\n"), Verdict::fine);
  const QByteArray cookie = "Cookie: " + QByteArray(1000, 'k') + "\r\n";
  Verdict v = Verdict::fine;
  for (int i = 0; i < 70 && v == Verdict::fine; ++i) v = g.feed(cookie);
  EXPECT_EQ(v, Verdict::head_too_large);
}

TEST(RequestSizeGuard, LeavesWhatItCannotFollowToQtsParser) {
  for (const QByteArray& head : {QByteArray("GARBAGE\r\n\r\n"),
                                QByteArray("GET / HTTP/1.1\r\nUpgrade: websocket\r\n\r\n"),
                                QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")}) {
    RequestSizeGuard g = guard();
    EXPECT_EQ(g.feed(head), Verdict::fine) << head.toStdString();
    EXPECT_FALSE(g.following()) << head.toStdString();
    EXPECT_EQ(g.feed("POST / HTTP/1.1\r\nContent-Length: 999999\r\n\r\n"), Verdict::fine);
  }
}

// Heads that two parsers could split into requests differently (the ground
// of request smuggling) are refused, not passed on for Qt's parser to guess.
TEST(RequestSizeGuard, RefusesFramingTwoParsersCouldReadDifferently) {
  for (const QByteArray& head : {
           QByteArray("POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"),
           QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n"),
           QByteArray("POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n"),
           QByteArray("POST / HTTP/1.1\r\nContent-Length: -5\r\n\r\n"),
           QByteArray("POST / HTTP/1.1\r\nContent-Length: 5, 5\r\n\r\n"),
           QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n"),
           QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"),
           QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n"),
           QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding : chunked\r\n\r\n"),
           QByteArray("POST / HTTP/1.1\r\nContent-Length : 5\r\n\r\n"),
           QByteArray("POST / HTTP/1.1\r\nX-Pad: a\r\n Transfer-Encoding: chunked\r\n\r\n"),
       }) {
    RequestSizeGuard g = guard();
    EXPECT_EQ(g.feed(head), Verdict::ambiguous_framing) << head.toStdString();
    EXPECT_EQ(g.feed("GET / HTTP/1.1\r\n\r\n"), Verdict::ambiguous_framing) << "the verdict stays";
  }
  // One clear length, or chunked alone, in any letter case, passes.
  RequestSizeGuard g = guard();
  EXPECT_EQ(g.feed("POST / HTTP/1.1\r\ncontent-length: 2\r\n\r\n{}"), Verdict::fine);
  EXPECT_EQ(g.feed("POST / HTTP/1.1\r\nTRANSFER-ENCODING: Chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"), Verdict::fine);
  EXPECT_EQ(g.heads_read(), 2);
  EXPECT_FALSE(g.inside_head());
  EXPECT_EQ(g.feed("GET / HT"), Verdict::fine);
  EXPECT_TRUE(g.inside_head());
}

}  // namespace
}  // namespace tunedesk::services
