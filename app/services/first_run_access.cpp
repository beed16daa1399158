#include "services/first_run_access.h"

#include <QRandomGenerator>

namespace tunedesk::services {
namespace {

constexpr char kAlphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";  // 31 symbols: log2(31) × 16 ≈ 79 bits

// The code as typed, normalised: upper case, without separators.
QByteArray normalised(const QString& code) {
  QByteArray out;
  for (const QChar c : code)
    if (c != '-' && !c.isSpace()) out += c.toUpper().toLatin1();
  return out;
}

bool same_in_constant_time(const QByteArray& a, const QByteArray& b) {
  unsigned char difference = a.size() == b.size() ? 0 : 1;
  const qsizetype n = std::min(a.size(), b.size());
  for (qsizetype i = 0; i < n; ++i) difference |= static_cast<unsigned char>(a[i] ^ b[i]);
  return difference == 0;
}

}  // namespace

bool is_loopback_peer(const QHostAddress& peer) {
  if (peer.isLoopback()) return true;
  bool mapped = false;
  const quint32 v4 = peer.toIPv4Address(&mapped);  // also reads ::ffff:a.b.c.d
  return mapped && (v4 >> 24) == 127;
}

bool is_local_request(const QHostAddress& peer, bool forwarded_by_proxy) {
  return is_loopback_peer(peer) && !forwarded_by_proxy;
}

SetupCode::SetupCode() {
  const int symbols = static_cast<int>(sizeof(kAlphabet)) - 1;
  for (int i = 0; i < 16; ++i) {
    if (i > 0 && i % 4 == 0) text_ += '-';
    text_ += QChar::fromLatin1(kAlphabet[QRandomGenerator::system()->bounded(symbols)]);
  }
}

SetupCode::Check SetupCode::check(const QString& offered) {
  if (spent_ || wrong_tries_ >= kMaxWrongTries) return Check::used_up;
  if (same_in_constant_time(normalised(offered), normalised(text_))) return Check::accepted;
  ++wrong_tries_;
  return wrong_tries_ >= kMaxWrongTries ? Check::used_up : Check::wrong;
}

}  // namespace tunedesk::services
