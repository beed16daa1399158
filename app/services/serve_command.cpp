#include "serve_command.h"

#include <QCoreApplication>

#include <csignal>
#include <iostream>

#include "arg_parser.h"
#include "exit_codes.h"
#include "services/api_server.h"
#include "services/download_queue.h"
#include "services/data_dir.h"

namespace tunedesk::cli {
namespace {
extern "C" void quit_on_signal(int) { QCoreApplication::quit(); }
}  // namespace

int run_serve_command(const std::vector<std::string>& args) {
  ArgParser p("tunedesk-cli serve", "Run TuneDesk's HTTP API (the same accounts and jobs as the desktop app).");
  p.option("--host", "ADDR", "the address to bind (default 127.0.0.1; anything else is reachable from other machines)")
      .option("--port", "N", "the port (default 5000, as the original web app; 0 = any free one)")
      .option("--data-dir", "DIR", "TuneDesk's data folder (default: $TUNEDESK_DATA_DIR or ~/.local/share/TuneDesk)")
      .option("--demo-model", "DIR", "offer this model folder to every user (the bundled demo)");
  if (!p.parse(args)) {
    std::cout << p.help();
    return kExitOk;
  }
  const QString host = QString::fromStdString(p.value_or("--host", "127.0.0.1"));
  const QHostAddress address(host);
  if (address.isNull()) throw UsageError("--host: '" + host.toStdString() + "' is not an IP address");
  if (!address.isLoopback())
    std::cerr << "warning: serving on " << host.toStdString()
              << ": other machines can reach TuneDesk; use it only on a network you trust\n";
  const auto port = static_cast<quint16>(p.count("--port").value_or(5000));
  const QString dir = services::data_dir(QString::fromStdString(p.value_or("--data-dir", "")));
  services::JobRunner runner(services::database_path(dir));
  if (auto demo = p.value("--demo-model"))
    services::ModelRegistry(services::database_path(dir)).add_builtin(QString::fromStdString(*demo), "demo-qwen3");
  services::DownloadQueue downloads(services::database_path(dir));
  services::ApiServer server(dir, runner, downloads);
  const quint16 bound = server.listen(address, port);
  if (!bound) {
    std::cerr << "tunedesk-cli serve: cannot listen on " << host.toStdString() << ":" << port << " (in use?)\n";
    return kExitUsage;
  }
  std::cout << "TuneDesk (browser UI and API) on http://" << (address.protocol() == QAbstractSocket::IPv6Protocol ? "[" + host.toStdString() + "]" : host.toStdString())
            << ":" << bound << "/ (data in " << dir.toStdString() << "); Ctrl-C stops\n" << std::flush;
  std::signal(SIGINT, quit_on_signal);
  std::signal(SIGTERM, quit_on_signal);
  return QCoreApplication::exec();
}

}  // namespace tunedesk::cli
