// The built-in server attacked over real sockets, one named test per attack,
// each saying which line of defence it exercises (docs/SECURITY.md lists
// them). "Another machine" here is this machine's own non-loopback address
// (the peer the server sees is then not loopback); a network namespace does
// the same from a truly separate stack in setup_from_another_machine.sh.
#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QDirIterator>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkInterface>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTimer>

#include <memory>
#include <vector>

#include "services/api_keys.h"
#include "services/api/api_server.h"
#include "services/data_dir.h"
#include "services/first_run_access.h"
#include "services/raw_http.h"
#include "services/server_under_test.h"
#include "services/service_error.h"
#include "services/tls_identity.h"
#include "services/workspace.h"

using namespace tunedesk;
using namespace tunedesk::services;
using test::exchange;
using test::RawAnswer;
using test::RawOptions;

namespace {

void wait_ms(int ms) {
  QEventLoop wait;
  QTimer::singleShot(ms, &wait, &QEventLoop::quit);
  wait.exec();
}

QByteArray request(const QByteArray& method, const QByteArray& path, const QByteArray& body = {},
                   const QByteArray& extra_headers = {}, const QByteArray& type = "application/json") {
  QByteArray r = method + " " + path + " HTTP/1.1\r\nHost: tunedesk.test\r\n" + extra_headers;
  if (!body.isEmpty() || method != "GET") r += "Content-Type: " + type + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
  return r + "\r\n" + body;
}

QByteArray login_body(const QString& user, const QString& password) {
  return QJsonDocument(QJsonObject{{"username", user}, {"password", password}}).toJson(QJsonDocument::Compact);
}

// The session cookie's "name=value" of an answer's Set-Cookie.
QByteArray session_of(const RawAnswer& answer) { return answer.header("Set-Cookie").split(';').front(); }

// A signed-in browser: its cookie and CSRF token, as headers.
struct Browser {
  QByteArray cookie, csrf;
  QByteArray headers(bool with_csrf = true) const {
    return "Cookie: " + cookie + "\r\n" + (with_csrf ? "X-CSRF-Token: " + csrf + "\r\n" : QByteArray());
  }
};

// A server on a fresh data folder; `users` says whether alice (admin) and bob exist yet.
struct Server : test::ServerUnderTest {
  quint16 port = 0;

  explicit Server(bool users = true) {
    if (users) {
      AccountStore accounts(database_path(dir.path()));
      accounts.create_user("alice", "alice's password", Role::admin);
      accounts.create_user("bob", "bob's password", Role::user);
    }
    open();
  }
  quint16 listen(ApiServer::ListenOptions options = {QHostAddress::LocalHost, 0, std::nullopt, {}}) {
    options.port = 0;
    return port = api->listen(options);
  }
  RawAnswer send(const QByteArray& bytes, const RawOptions& options = {}, int patience_ms = 3000) const {
    return exchange(port, bytes, patience_ms, options);
  }
  Browser sign_in(const QString& user, const QString& password) const {
    const RawAnswer a = send(request("POST", "/api/login", login_body(user, password)));
    EXPECT_EQ(a.status(), 200) << a.bytes.toStdString();
    return {session_of(a), a.json()["csrf_token"].toString().toLatin1()};
  }
};

// An IPv4 address of this machine that is not loopback: to the server, a
// request to it comes from another machine. None: the test is skipped.
QHostAddress non_loopback_address() {
  for (const QHostAddress& a : QNetworkInterface::allAddresses())
    if (a.protocol() == QAbstractSocket::IPv4Protocol && !a.isLoopback()) return a;
  return {};
}

}  // namespace

// ---- the first run: who may create the administrator ------------------------------------------

// Defence: first_run_access.cpp's is_loopback_peer decides which peers are
// this machine; the whole of 127/8 and mapped IPv4 count, nothing else.
TEST(FirstRun, LoopbackIsAllOf127AndIpv6LoopbackAndTheirMappedForms) {
  for (const char* local : {"127.0.0.1", "127.5.6.7", "127.255.255.254", "::1", "::ffff:127.0.0.1", "::ffff:127.9.8.7"})
    EXPECT_TRUE(is_loopback_peer(QHostAddress(local))) << local;
  for (const char* remote : {"192.0.2.2", "10.0.0.1", "0.0.0.0", "::", "::ffff:10.0.0.1", "fe80::1", "2001:db8::1", "128.0.0.1"})
    EXPECT_FALSE(is_loopback_peer(QHostAddress(remote))) << remote;
  EXPECT_TRUE(is_local_request(QHostAddress("127.0.0.1"), false));
  EXPECT_FALSE(is_local_request(QHostAddress("127.0.0.1"), true)) << "a proxy on this machine relays requests from anywhere";
  EXPECT_FALSE(is_local_request(QHostAddress("192.0.2.2"), false));
}

// Defence: SetupCode — random, compared without regard to case or dashes,
// void once spent or after kMaxWrongTries wrong tries.
TEST(FirstRun, TheSetupCodeIsRandomSingleUseAndNotGuessable) {
  SetupCode a, b;
  EXPECT_NE(a.text(), b.text());
  EXPECT_EQ(a.text().size(), 19);
  EXPECT_EQ(a.text().count('-'), 3);
  QString typed = a.text().toLower();
  typed.remove('-');
  EXPECT_EQ(a.check(typed), SetupCode::Check::accepted);
  a.spend();
  EXPECT_EQ(a.check(a.text()), SetupCode::Check::used_up) << "single use";
  for (int i = 1; i < SetupCode::kMaxWrongTries; ++i) EXPECT_EQ(b.check("AAAA-AAAA-AAAA-AAAA"), SetupCode::Check::wrong);
  EXPECT_EQ(b.check("AAAA-AAAA-AAAA-AAAA"), SetupCode::Check::used_up);
  EXPECT_EQ(b.check(b.text()), SetupCode::Check::used_up) << "after too many wrong tries even the right code is refused";
}

// Attack: the first visitor from the network makes themselves administrator
// of a fresh server. Defence: first_run_setup asks a non-local peer for the setup code.
TEST(Attack, SetupTakeoverFromAnotherMachineNeedsTheCode) {
  const QHostAddress outside = non_loopback_address();
  if (outside.isNull()) GTEST_SKIP() << "this machine has no non-loopback IPv4 address to come from";
  Server s(/*users=*/false);
  ASSERT_NE(s.listen({QHostAddress::AnyIPv4, 0, std::nullopt, {}}), 0);
  const QString code = s.api->setup_code();
  ASSERT_FALSE(code.isEmpty());
  RawOptions from_outside;
  from_outside.server = outside;
  const QByteArray mallory = login_body("mallory", "a long passphrase");

  const RawAnswer info = s.send(request("GET", "/api/server"), from_outside);
  EXPECT_TRUE(info.json()["setup_code_required"].toBool()) << info.bytes.toStdString();
  EXPECT_TRUE(info.json()["beyond_loopback"].toBool());
  EXPECT_FALSE(s.send(request("GET", "/api/server")).json()["setup_code_required"].toBool()) << "loopback needs no code";

  const RawAnswer without = s.send(request("POST", "/api/setup", mallory), from_outside);
  EXPECT_EQ(without.status(), 403) << without.bytes.toStdString();
  EXPECT_EQ(without.json()["error"]["kind"].toString(), "server.setup_code_wrong");
  QJsonObject guess = QJsonDocument::fromJson(mallory).object();
  guess["setup_code"] = "2222-2222-2222-2222";
  EXPECT_EQ(s.send(request("POST", "/api/setup", QJsonDocument(guess).toJson()), from_outside).status(), 403);
  // Through a reverse proxy on this machine the peer is loopback, but the request is not local.
  EXPECT_EQ(s.send(request("POST", "/api/setup", mallory, "X-Forwarded-For: 203.0.113.9\r\n")).status(), 403);
  EXPECT_EQ(s.send(request("POST", "/api/setup", mallory, "Forwarded: for=203.0.113.9\r\n")).status(), 403);

  QJsonObject owner{{"username", "owner"}, {"password", "a long passphrase"}, {"setup_code", code}};
  const RawAnswer made = s.send(request("POST", "/api/setup", QJsonDocument(owner).toJson()), from_outside);
  ASSERT_EQ(made.status(), 200) << made.bytes.toStdString();
  EXPECT_EQ(made.json()["role"].toString(), "admin");
  EXPECT_TRUE(s.api->setup_code().isEmpty()) << "the code expires when the administrator exists";
  owner["username"] = "mallory";
  const RawAnswer again = s.send(request("POST", "/api/setup", QJsonDocument(owner).toJson()), from_outside);
  EXPECT_EQ(again.status(), 403) << "single use";
  EXPECT_EQ(s.send(request("POST", "/api/login", mallory)).status(), 401) << "no account was made for mallory";
}

// Attack: a cross-site form posts a JSON-looking text/plain body to sign the
// victim in as the attacker (login CSRF). Defence: login and setup take
// Content-Type: application/json only, which no form can send cross-site.
TEST(Attack, LoginAndSetupFromACrossSiteFormAreRefused) {
  Server s;
  s.listen();
  const QByteArray form_body = R"({"username":"alice","password":"alice's password","x":"="})";
  EXPECT_EQ(s.send(request("POST", "/api/login", form_body, {}, "text/plain")).status(), 415);
  EXPECT_EQ(s.send(request("POST", "/api/login", form_body, {}, "application/x-www-form-urlencoded")).status(), 415);
  EXPECT_EQ(s.send(request("POST", "/api/login", form_body)).status(), 200);
  Server fresh(false);
  fresh.listen();
  EXPECT_EQ(fresh.send(request("POST", "/api/setup", login_body("owner", "a long passphrase"), {}, "text/plain")).status(), 415);
}

// ---- HTTPS ----------------------------------------------------------------------------------------

// Defence: tls_identity.cpp makes a self-signed identity once (key 0600),
// reuses it, and the server completes a verified handshake with it; over TLS
// cookies are Secure and HSTS is sent.
TEST(Attack, TlsHandshakeWithTheGeneratedCertificate) {
  if (!tls_available()) GTEST_SKIP() << "Qt has no TLS backend here";
  Server s;
  const TlsIdentity made = self_signed_tls_identity(s.dir.path(), {QHostAddress::LocalHost});
  EXPECT_TRUE(made.created);
  EXPECT_TRUE(made.names.contains("127.0.0.1"));
  EXPECT_EQ(made.fingerprint.size(), 32 * 3 - 1);
  const QFileDevice::Permissions key_mode = QFile::permissions(s.dir.filePath("tls/tunedesk-key.pem"));
  EXPECT_FALSE(key_mode & (QFileDevice::ReadGroup | QFileDevice::ReadOther)) << "the private key is its owner's only";
  const TlsIdentity kept = self_signed_tls_identity(s.dir.path(), {QHostAddress::LocalHost});
  EXPECT_FALSE(kept.created);
  EXPECT_EQ(kept.fingerprint, made.fingerprint) << "kept across starts, so users check the fingerprint once";

  ASSERT_NE(s.listen({QHostAddress::LocalHost, 0, made.configuration, {}}), 0);
  RawOptions tls;
  tls.tls = true;
  tls.trusted = made.configuration.localCertificateChain();
  const RawAnswer login = s.send(request("POST", "/api/login", login_body("alice", "alice's password")), tls);
  EXPECT_TRUE(login.encrypted);
  ASSERT_EQ(login.status(), 200) << login.bytes.toStdString();
  ASSERT_FALSE(login.peer_chain.isEmpty());
  EXPECT_EQ(login.peer_chain.front(), made.configuration.localCertificate());
  EXPECT_TRUE(login.header("Set-Cookie").contains("; Secure"));
  EXPECT_TRUE(login.header("Strict-Transport-Security").startsWith("max-age=")) << login.bytes.toStdString();
  EXPECT_TRUE(s.send(request("GET", "/api/server"), tls).json()["tls"].toBool());

  // A client that does not trust the certificate gets no answer at all.
  RawOptions untrusting;
  untrusting.tls = true;
  const RawAnswer refused = s.send(request("GET", "/api/server"), untrusting, 1500);
  EXPECT_FALSE(refused.encrypted);
  EXPECT_TRUE(refused.bytes.isEmpty());
}

// Defence: load_tls_identity serves a given PEM pair and refuses, before the
// server starts, a key that is not the certificate's, or a file that is no PEM.
TEST(Attack, TlsWithAGivenCertificateAndAWrongPairRefusedAtStart) {
  if (!tls_available()) GTEST_SKIP() << "Qt has no TLS backend here";
  Server s;
  const PemPair first = make_self_signed_pem({"localhost", "127.0.0.1"}, 30), second = make_self_signed_pem({"localhost"}, 30);
  const auto write = [&](const QString& name, const QByteArray& bytes) {
    QFile f(s.dir.filePath(name));
    EXPECT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(bytes);
    return f.fileName();
  };
  const QString cert = write("cert.pem", first.certificate), key = write("key.pem", first.key),
                other_key = write("other-key.pem", second.key), junk = write("junk.pem", "not a certificate");
  try {
    load_tls_identity(cert, other_key);
    ADD_FAILURE() << "a key of another certificate was accepted";
  } catch (const ServiceError& e) {
    EXPECT_EQ(e.kind(), "tls.key_mismatch");
    EXPECT_NE(std::string(e.what()).find("other-key.pem"), std::string::npos) << e.what();
  }
  for (const auto& [c, k] : {std::pair{junk, key}, std::pair{cert, junk}, std::pair{cert, s.dir.filePath("missing.pem")}}) {
    try {
      load_tls_identity(c, k);
      ADD_FAILURE() << "accepted " << c.toStdString() << " / " << k.toStdString();
    } catch (const ServiceError& e) {
      EXPECT_EQ(e.kind(), "tls.unreadable") << e.what();
    }
  }
  const TlsIdentity given = load_tls_identity(cert, key);
  EXPECT_FALSE(given.created);
  ASSERT_NE(s.listen({QHostAddress::LocalHost, 0, given.configuration, {}}), 0);
  RawOptions tls;
  tls.tls = true;
  tls.trusted = given.configuration.localCertificateChain();
  EXPECT_EQ(s.send(request("GET", "/api/server"), tls).status(), 200);
}

// Attack: a browser (or a careless script) speaks plain HTTP to the TLS
// port. Defence: guarded_tcp_server.cpp sees no TLS handshake record and
// answers at once (301 to https:// with a Host, 400 without) and closes.
TEST(Attack, PlainHttpOnTheTlsPortIsAnsweredAndClosedAtOnce) {
  if (!tls_available()) GTEST_SKIP() << "Qt has no TLS backend here";
  Server s;
  const TlsIdentity identity = self_signed_tls_identity(s.dir.path(), {});
  ASSERT_NE(s.listen({QHostAddress::LocalHost, 0, identity.configuration, {}}), 0);
  RawOptions plain;
  plain.await_close_ms = 2000;
  const RawAnswer browser = s.send("GET /api/jobs?x=1 HTTP/1.1\r\nHost: tunedesk.test:8443\r\n\r\n", plain, 5000);
  EXPECT_EQ(browser.status(), 301) << browser.bytes.toStdString();
  EXPECT_EQ(browser.header("Location"), "https://tunedesk.test:8443/api/jobs?x=1");
  EXPECT_TRUE(browser.closed) << "closed, not left hanging";
  const RawAnswer script = s.send("HELLO\r\n\r\n", plain, 5000);
  EXPECT_EQ(script.status(), 400) << script.bytes.toStdString();
  EXPECT_TRUE(script.closed);
  const RawAnswer injected = s.send("GET / HTTP/1.1\r\nHost: evil\r\nX: \"><script>\r\n\r\n", plain, 5000);
  EXPECT_EQ(injected.header("Location"), "https://evil/");
}

// ---- sessions ---------------------------------------------------------------------------------------

// Attack: the attacker plants a session id in the victim's browser, waits
// for them to sign in, then uses it (session fixation). Defence: sign_in
// always issues a new random token; an unknown one is never adopted.
TEST(Attack, SessionFixationAPlantedSessionIdIsNeverAccepted) {
  Server s;
  s.listen();
  const QByteArray planted = "tunedesk_session=attacker-chosen-value";
  const RawAnswer login =
      s.send(request("POST", "/api/login", login_body("bob", "bob's password"), "Cookie: " + planted + "\r\n"));
  ASSERT_EQ(login.status(), 200);
  EXPECT_NE(session_of(login), planted);
  EXPECT_GE(session_of(login).size(), QByteArray("tunedesk_session=").size() + 40) << "256 random bits";
  EXPECT_EQ(s.send(request("GET", "/api/jobs", {}, "Cookie: " + planted + "\r\n")).status(), 401);
  EXPECT_EQ(s.send(request("GET", "/api/jobs", {}, "Cookie: " + session_of(login) + "\r\n")).status(), 200);
}

// Defence: session_of drops a session past its lifetime (set_session_lifetime; 12 h by default).
TEST(Attack, AnExpiredSessionIsRefused) {
  Server s;
  s.api->set_session_lifetime(1);
  s.listen();
  const Browser bob = s.sign_in("bob", "bob's password");
  EXPECT_EQ(s.send(request("GET", "/api/jobs", {}, bob.headers())).status(), 200);
  wait_ms(1500);
  const RawAnswer late = s.send(request("GET", "/api/jobs", {}, bob.headers()));
  EXPECT_EQ(late.status(), 401) << late.bytes.toStdString();
}

// Attack: a session cookie copied before sign-out is replayed after it.
// Defence: /api/logout removes the session on the server, and needs its CSRF
// token (a cross-site page cannot sign the user out).
TEST(Attack, LogoutEndsTheSessionOnTheServer) {
  Server s;
  s.listen();
  const Browser bob = s.sign_in("bob", "bob's password");
  EXPECT_EQ(s.send(request("POST", "/api/logout", {}, bob.headers(false))).status(), 403);
  EXPECT_EQ(s.send(request("GET", "/api/jobs", {}, bob.headers())).status(), 200) << "still signed in";
  const RawAnswer out = s.send(request("POST", "/api/logout", {}, bob.headers()));
  EXPECT_EQ(out.status(), 200);
  EXPECT_TRUE(out.header("Set-Cookie").contains("Max-Age=0"));
  EXPECT_EQ(s.send(request("GET", "/api/jobs", {}, bob.headers())).status(), 401) << "the copied cookie is dead";
}

// Attack: another site's page makes the signed-in browser send a write
// (CSRF). Defence: authorize() asks every state-changing route for the
// X-CSRF-Token of the login answer; the routes come from the server's own
// list, so a route added later is attacked too.
TEST(Attack, CsrfOnEveryStateChangingRoute) {
  Server s;
  s.listen();
  const Browser alice = s.sign_in("alice", "alice's password");
  // Writes that need no session (their own defences are tested above) and a read that takes a body.
  const QSet<QString> exempt = {"/api/login", "/api/setup", "/api/lengths"};
  int attacked = 0;
  for (const ApiServer::Route& route : s.api->routes()) {
    if (route.method == QHttpServerRequest::Method::Get || exempt.contains(route.path)) continue;
    const QByteArray method = route.method == QHttpServerRequest::Method::Post     ? "POST"
                              : route.method == QHttpServerRequest::Method::Put    ? "PUT"
                              : route.method == QHttpServerRequest::Method::Delete ? "DELETE"
                                                                                   : "PATCH";
    QByteArray path = route.path.toLatin1();
    path.replace("<arg>", "bob");
    const RawAnswer a = s.send(request(method, path, "{}", alice.headers(false)));
    EXPECT_EQ(a.status(), 403) << method.toStdString() << " " << path.toStdString() << ": " << a.bytes.toStdString();
    EXPECT_EQ(a.json()["error"]["code"].toString(), "csrf") << method.toStdString() << " " << path.toStdString();
    ++attacked;
  }
  EXPECT_GE(attacked, 20) << "the server's route list";
  EXPECT_EQ(s.send(request("GET", "/api/users", {}, alice.headers())).json().array().size(), 2) << "nothing changed";
}

// ---- API keys ----------------------------------------------------------------------------------------

// Attack: a key in a URL ends up in browser history, proxy logs and Referer
// headers. Defence: authorize() reads keys from the Authorization header only;
// the store keeps a hash; nothing the server writes or logs holds the key.
TEST(Attack, ApiKeysNeverFromTheQueryStringAndNeverLogged) {
  static QByteArray logged;
  logged.clear();
  const QtMessageHandler previous = qInstallMessageHandler([](QtMsgType, const QMessageLogContext&, const QString& message) {
    logged += message.toUtf8() + "\n";
  });
  Server s;
  s.listen();
  const Browser bob = s.sign_in("bob", "bob's password");
  const RawAnswer made = s.send(request("POST", "/api/keys", R"({"name": "script"})", bob.headers()));
  ASSERT_EQ(made.status(), 201) << made.bytes.toStdString();
  const QByteArray key = made.json()["key"].toString().toLatin1();
  ASSERT_GE(key.size(), 20);
  for (const char* parameter : {"api_key", "key", "access_token", "token", "apikey"}) {
    const RawAnswer a = s.send(request("GET", "/api/jobs?" + QByteArray(parameter) + "=" + key));
    EXPECT_EQ(a.status(), 401) << parameter;
  }
  EXPECT_EQ(s.send(request("GET", "/v1/models?api_key=" + key)).status(), 401);
  EXPECT_EQ(s.send(request("GET", "/api/jobs", {}, "Authorization: Bearer " + key + "\r\n")).status(), 200);
  EXPECT_EQ(s.send(request("GET", "/api/jobs", {}, "Authorization: Bearer " + key + "x\r\n")).status(), 401);
  qInstallMessageHandler(previous);
  EXPECT_FALSE(logged.contains(key)) << "the key was logged";
  QDirIterator files(s.dir.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
  while (files.hasNext()) {
    QFile f(files.next());
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    EXPECT_FALSE(f.readAll().contains(key.mid(11))) << f.fileName().toStdString() << " holds the key";
  }
}

// ---- ids that name files -------------------------------------------------------------------------

// Attack: an id that climbs out of its folder ("../../secret") to read,
// overwrite or delete a file elsewhere. Defence: ids are looked up in the
// stores (never joined to a path), Workspace::resolve keeps relative paths
// inside the workspace, web_file serves only the compiled-in files. Every
// route with an id is attacked with each spelling of "..".
TEST(Attack, PathTraversalInEveryIdBearingRoute) {
  Server s;
  s.listen();
  const QByteArray secret = "CANARY-" + QByteArray::number(QDateTime::currentMSecsSinceEpoch());
  for (const QString& place : {s.dir.filePath("canary.txt"), s.dir.filePath("users/canary.txt"),
                               s.dir.filePath("users/alice/canary.txt")}) {
    QDir().mkpath(QFileInfo(place).path());
    QFile f(place);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(secret);
  }
  const Browser alice = s.sign_in("alice", "alice's password");
  const QList<QByteArray> climbs = {"..%2F..%2Fcanary.txt", "..%2F..%2F..%2Fcanary.txt", "%2e%2e%2f%2e%2e%2fcanary.txt",
                                    "..%5C..%5Ccanary.txt", "..%252F..%252Fcanary.txt", "%2Fetc%2Fpasswd",
                                    "canary.txt%00.csv", "..", "."};
  int attacked = 0;
  for (const ApiServer::Route& route : s.api->routes()) {
    if (!route.path.contains("<arg>")) continue;
    const QByteArray method = route.method == QHttpServerRequest::Method::Get      ? "GET"
                              : route.method == QHttpServerRequest::Method::Post   ? "POST"
                              : route.method == QHttpServerRequest::Method::Put    ? "PUT"
                                                                                   : "DELETE";
    for (const QByteArray& climb : climbs) {
      QByteArray path = route.path.toLatin1();
      path.replace("<arg>", climb);
      const RawAnswer a = s.send(request(method, path, method == "GET" ? QByteArray() : "{}", alice.headers()));
      EXPECT_TRUE(a.status() >= 400 && a.status() < 500)
          << method.toStdString() << " " << path.toStdString() << " answered " << a.bytes.left(300).toStdString();
      EXPECT_FALSE(a.bytes.contains(secret)) << path.toStdString();
      EXPECT_FALSE(a.bytes.contains("root:x:0:0")) << path.toStdString();
      ++attacked;
    }
  }
  EXPECT_GE(attacked, 15 * climbs.size());
  for (const char* place : {"canary.txt", "users/canary.txt", "users/alice/canary.txt"})
    EXPECT_TRUE(QFile::exists(s.dir.filePath(place))) << place << " was deleted";
}

// ---- the connection ---------------------------------------------------------------------------------

// Attack: a request hidden in another's body, for a proxy and this server to
// split differently (request smuggling). Defence: RequestSizeGuard refuses
// any head whose framing is ambiguous, answers 400 once, and closes.
TEST(Attack, RequestSmugglingWithConflictingLengthsIsRefused) {
  Server s;
  s.listen();
  const Browser alice = s.sign_in("alice", "alice's password");
  const QByteArray hidden = "GET /api/users HTTP/1.1\r\n" + alice.headers() + "\r\n";
  const QList<QByteArray> framings = {
      "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n",
      "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n",
      "Content-Length: 5\r\nContent-Length: " + QByteArray::number(5 + hidden.size()) + "\r\n",
      "Transfer-Encoding: xchunked\r\n",
      "Transfer-Encoding : chunked\r\n",
      "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n",
  };
  RawOptions options;
  options.await_close_ms = 2000;
  for (const QByteArray& framing : framings) {
    const QByteArray attack = "POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + framing +
                              "\r\n0\r\n\r\n" + hidden;
    const RawAnswer a = s.send(attack, options, 3000);
    EXPECT_EQ(a.status(), 400) << framing.toStdString() << a.bytes.toStdString();
    EXPECT_EQ(a.json()["error"]["code"].toString(), "ambiguous_framing") << framing.toStdString();
    EXPECT_EQ(a.bytes.count("HTTP/1.1 "), 1) << "the hidden request was answered: " << a.bytes.toStdString();
    EXPECT_TRUE(a.closed) << framing.toStdString();
  }
}

// Attack: many connections that send their heads a byte at a time and never
// finish (slowloris). Defence: GuardedTcpServer bounds the half-open
// connections per address and closes each after head_seconds with 408; the
// event loop answers everyone else meanwhile.
TEST(Attack, SlowHeadersDoNotStarveOthers) {
  Server s;
  ConnectionLimits limits;
  limits.head_seconds = 2;
  limits.half_open_per_peer = 4;
  s.listen({QHostAddress::Any, 0, std::nullopt, limits});  // also reachable as 127.0.0.2
  std::vector<std::unique_ptr<QTcpSocket>> slow;
  for (int i = 0; i < 6; ++i) {
    auto socket = std::make_unique<QTcpSocket>();
    socket->connectToHost(QHostAddress::LocalHost, s.port);
    ASSERT_TRUE(socket->waitForConnected(2000));
    socket->write("GET /api/server HTTP/1.1\r\nX-Slow: a");
    socket->flush();
    slow.push_back(std::move(socket));
    wait_ms(50);
  }
  wait_ms(300);
  int closed_at_once = 0;
  for (const auto& socket : slow) closed_at_once += socket->state() != QAbstractSocket::ConnectedState;
  EXPECT_EQ(closed_at_once, 2) << "over the per-address bound of 4";

  // Meanwhile another address is answered at once, the slow ones trickling on.
  for (const auto& socket : slow) socket->write("b"), socket->flush();
  QElapsedTimer clock;
  clock.start();
  RawOptions other;
  other.from = QHostAddress("127.0.0.2");
  const RawAnswer answer = s.send(request("GET", "/api/server"), other, 1000);
  EXPECT_EQ(answer.status(), 200) << answer.bytes.toStdString();
  EXPECT_LT(clock.elapsed(), 1000);

  // The slow ones are answered 408 and closed once their time is up.
  wait_ms(2500);
  int timed_out = 0;
  for (const auto& socket : slow) {
    const QByteArray got = socket->readAll();
    timed_out += got.startsWith("HTTP/1.1 408");
  }
  EXPECT_EQ(timed_out, 4);
  EXPECT_EQ(s.send(request("GET", "/api/server")).status(), 200) << "and the address is served again";
}

// Attack: guessing a password by trying many. Defence: AccountStore locks the
// account after 3 failures for a growing time, the right password included;
// other accounts sign in meanwhile.
TEST(Attack, ALoginFloodLocksTheTargetAndNobodyElse) {
  Server s;
  s.listen();
  int refused = 0, locked = 0;
  for (int i = 0; i < 30; ++i) {
    const int status = s.send(request("POST", "/api/login", login_body("alice", "guess " + QString::number(i)))).status();
    refused += status == 401;
    locked += status == 429;
  }
  EXPECT_EQ(refused, 3);
  EXPECT_EQ(locked, 27);
  const RawAnswer right = s.send(request("POST", "/api/login", login_body("alice", "alice's password")));
  EXPECT_EQ(right.status(), 429) << "the lock-out holds for the right password too";
  EXPECT_FALSE(right.header("Retry-After").isEmpty());
  EXPECT_EQ(s.send(request("POST", "/api/login", login_body("bob", "bob's password"))).status(), 200) << "bob is unaffected";
}

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
