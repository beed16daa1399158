#include "services/api/api_server.h"

#include <QJsonDocument>

#include "services/api/http_helpers.h"
#include "services/first_run_access.h"
#include "services/guarded_tcp_server.h"

namespace tunedesk::services {

ApiServer::ApiServer(const QString& data_dir, JobRunner& runner, DownloadQueue& downloads)
    : api_(data_dir, runner, downloads, http_) {
  // Over TLS, browsers are told to use nothing else for a year (HSTS).
  http_.afterRequest([this](QHttpServerResponse&& response) {
    if (api_.tls) response.setHeader("Strict-Transport-Security", "max-age=31536000");
    return std::move(response);
  });
  http_.setMissingHandler([](const QHttpServerRequest& request, QHttpServerResponder&& responder) {
    responder.write(QJsonDocument(error_body("not_found", "no such endpoint: " + request.url().path())), HttpStatus::NotFound);
  });
}

ApiServer::~ApiServer() {
  evaluation_.cancel_all();
  api_.engine_tasks.waitForDone();  // their answers go through http_
}

quint16 ApiServer::listen(const ListenOptions& options) {
  // Sizes and framing are checked from each request's head, before Qt HttpServer reads its body.
  auto* tcp = new GuardedTcpServer(
      [](QByteArrayView method, QByteArrayView path) {
        return method == "POST" && path == "/api/datasets" ? ApiContext::kMaxUploadBytes : ApiContext::kMaxRequestBytes;
      },
      options.limits, options.tls, &http_);
  if (!tcp->listen(options.address, options.port)) {
    delete tcp;
    return 0;
  }
  http_.bind(tcp);
  api_.tls = api_.tls || options.tls.has_value();
  api_.sessions.set_secure_cookies(api_.tls);
  api_.beyond_loopback = api_.beyond_loopback || !is_loopback_peer(options.address);
  return tcp->serverPort();
}

}  // namespace tunedesk::services
