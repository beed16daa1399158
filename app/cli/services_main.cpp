// tunedesk-cli-services: the commands that need TuneDesk's services (Qt Core,
// Sql and Network): `users`, `jobs`, `serve`, `model download` and `model
// cached`. tunedesk-cli hands them over, as it does the libtorch commands to
// tunedesk-cli-engine.
#include <QCoreApplication>

#include "arg_parser.h"
#include "jobs_command.h"
#include "model_hub_command.h"
#include "serve_command.h"
#include "users_command.h"

int main(int argc, char** argv) {
  using namespace tunedesk::cli;
  QCoreApplication app(argc, argv);
  QCoreApplication::setApplicationName("TuneDesk");
  return run_handed_command(argc, argv, {{"users", run_users_command},
                                         {"jobs", run_jobs_command},
                                         {"serve", run_serve_command},
                                         {"model", run_model_hub_command}});
}
