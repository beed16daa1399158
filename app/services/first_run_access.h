// Who may create the first administrator over HTTP. While no account exists,
// POST /api/setup is taken from this machine (a loopback peer that no proxy
// forwarded) or with the one-time setup code that `tunedesk-cli serve`
// prints at start, as Jupyter and Grafana do: on a network, the first
// visitor is otherwise whoever finds the port, not the owner.
#pragma once

#include <QHostAddress>
#include <QString>

namespace tunedesk::services {

// A peer on this machine: all of 127.0.0.0/8, ::1, and IPv4 loopback
// mapped into IPv6 (::ffff:127.x.y.z, as a dual-stack socket sees it).
bool is_loopback_peer(const QHostAddress& peer);

// Whether a request comes from this machine itself: a loopback peer, and no
// Forwarded / X-Forwarded-For header (a reverse proxy on this machine
// relays requests from anywhere).
bool is_local_request(const QHostAddress& peer, bool forwarded_by_proxy);

class SetupCode {
 public:
  SetupCode();  // a fresh random code

  // 16 characters from an alphabet without look-alikes (0/O, 1/I/L), in
  // groups of four: "7KQ2-…", about 78 bits.
  const QString& text() const { return text_; }

  enum class Check { accepted, wrong, used_up };
  // Case, spaces and dashes do not matter; compared in constant time. After
  // kMaxWrongTries wrong codes the code is void until the server restarts
  // (a new one is printed then).
  Check check(const QString& offered);
  // Voids the code (once the administrator exists).
  void spend() { spent_ = true; }

  static constexpr int kMaxWrongTries = 10;

 private:
  QString text_;
  int wrong_tries_ = 0;
  bool spent_ = false;
};

}  // namespace tunedesk::services
