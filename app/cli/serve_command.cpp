#include "serve_command.h"

#include <QCoreApplication>

#include <csignal>
#include <iostream>

#include "arg_parser.h"
#include "data_dir_option.h"
#include "exit_codes.h"
#include "services/api/api_server.h"
#include "services/download_queue.h"
#include "services/data_dir.h"
#include "services/serving.h"

namespace tunedesk::cli {
namespace {
extern "C" void quit_on_signal(int) { QCoreApplication::quit(); }
}  // namespace

int run_serve_command(const std::vector<std::string>& args) {
  ArgParser p("tunedesk-cli serve",
              "Run TuneDesk's HTTP API (the same accounts and jobs as the desktop app). Serving to a network: "
              "docs/SECURITY.md.");
  p.option("--host", "ADDR", "the address to bind (default 127.0.0.1; anything else is reachable from other machines)")
      .option("--port", "N", "the port (default 5000, as the original web app; 0 = any free one)")
      .option("--demo-model", "DIR", "offer this model folder to every user (the bundled demo)")
      .option("--tls-cert", "FILE", "serve HTTPS with this certificate (PEM; the server's first, then intermediates)")
      .option("--tls-key", "FILE", "the certificate's private key (PEM, unencrypted)")
      .flag("--tls-self-signed", "serve HTTPS with a certificate made once and kept in the data folder (tls/)")
      .option("--session-hours", "N", "how long a browser stays signed in (default 12)");
  add_data_dir_option(p);
  if (!p.parse(args)) {
    std::cout << p.help();
    return kExitOk;
  }
  const QString host = QString::fromStdString(p.value_or("--host", "127.0.0.1"));
  const QHostAddress address(host);
  if (address.isNull()) throw UsageError("--host: '" + host.toStdString() + "' is not an IP address");
  const auto port = static_cast<quint16>(p.count("--port").value_or(5000));
  const QString dir = data_dir_option(p);
  const std::optional<std::string> cert = p.value("--tls-cert"), key = p.value("--tls-key");
  const bool self_signed = p.has("--tls-self-signed");
  if (cert.has_value() != key.has_value()) throw UsageError("--tls-cert and --tls-key go together");
  if (cert && self_signed) throw UsageError("--tls-self-signed or --tls-cert/--tls-key, not both");

  services::ServingChoice choice{address, port, services::TlsChoice::off, {}, {}};
  if (cert) choice = {address, port, services::TlsChoice::files, QString::fromStdString(*cert), QString::fromStdString(*key)};
  if (self_signed) choice.tls = services::TlsChoice::self_signed;
  const services::Serving serving = services::prepare_serving(choice, dir);
  const std::optional<services::TlsIdentity>& identity = serving.identity;

  services::JobRunner runner(services::database_path(dir));
  if (auto demo = p.value("--demo-model"))
    services::ModelRegistry(services::database_path(dir)).add_builtin(QString::fromStdString(*demo), "demo-qwen3");
  services::DownloadQueue downloads(services::database_path(dir));
  services::ApiServer server(dir, runner, downloads);
  if (auto hours = p.count("--session-hours")) {
    if (*hours < 1 || *hours > 24 * 90) throw UsageError("--session-hours: 1 to 2160");
    server.set_session_lifetime(static_cast<int>(*hours) * 3600);
  }
  const quint16 bound = server.listen(serving.listen);
  if (!bound) {
    std::cerr << "tunedesk-cli serve: cannot listen on " << host.toStdString() << ":" << port << " (in use?)\n";
    return kExitUsage;
  }
  const std::string url = services::served_url(address, bound, identity.has_value()).toStdString();
  std::cout << "TuneDesk (browser UI and API) on " << url << " (data in " << dir.toStdString() << "); Ctrl-C stops\n";
  if (identity) {
    std::cout << (identity->created ? "made a self-signed certificate: " : "certificate: ")
              << identity->certificate_file.toStdString() << " (valid for " << identity->names.join(", ").toStdString()
              << ", until " << identity->expires.toString(Qt::ISODate).toStdString() << ")\n"
              << "its SHA-256 fingerprint, to compare with what the browser shows:\n  " << identity->fingerprint.toStdString()
              << "\n";
  }
  if (services::reachable_from_network(address)) {
    std::cerr << "warning: serving on " << host.toStdString() << ": other machines can reach TuneDesk";
    if (!identity)
      std::cerr << ", and without TLS passwords, sessions and API keys cross the network readable to anyone on the way; "
                   "use --tls-self-signed (or --tls-cert/--tls-key) unless the network is yours alone";
    std::cerr << " (docs/SECURITY.md)\n";
  }
  if (const QString code = server.setup_code(); !code.isEmpty())
    std::cout << "no account exists yet: open the address above on this machine to create the administrator; from another "
                 "machine the page asks for this one-time setup code:\n  "
              << code.toStdString() << "\n  (or open " << url << "#setup=" << code.toStdString() << ")\n";
  std::cout << std::flush;
  std::signal(SIGINT, quit_on_signal);
  std::signal(SIGTERM, quit_on_signal);
  return QCoreApplication::exec();
}

}  // namespace tunedesk::cli
