// tunedesk-cli-services: the commands that need TuneDesk's services (Qt Core,
// Sql and Network): `users`, `jobs`, `serve`, `model download` and `model cached`. tunedesk-cli hands them over, as it does the
// libtorch commands to tunedesk-cli-engine.
#include <QCoreApplication>

#include <iostream>
#include <string>
#include <vector>

#include "arg_parser.h"
#include "exit_codes.h"
#include "jobs_command.h"
#include "model_hub_command.h"
#include "serve_command.h"
#include "users_command.h"

int main(int argc, char** argv) {
  using namespace tunedesk::cli;
  QCoreApplication app(argc, argv);
  QCoreApplication::setApplicationName("TuneDesk");
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << "usage: tunedesk-cli-services users|jobs|serve ... (normally run through tunedesk-cli)\n";
    return kExitUsage;
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  return run_reporting_errors("tunedesk-cli " + args[0], [&] {
    if (args[0] == "users") return run_users_command(rest);
    if (args[0] == "jobs") return run_jobs_command(rest);
    if (args[0] == "serve") return run_serve_command(rest);
    if (args[0] == "model") return run_model_hub_command(rest);
    throw UsageError("unknown command '" + args[0] + "'");
  });
}
