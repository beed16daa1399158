// tunedesk-cli-engine: the commands that need libtorch (model, generate, train, eval).
// tunedesk-cli hands these commands to it, so that the data and tokenizer
// commands start without loading libtorch (about 0.7 s per process).
#include <iostream>
#include <string>
#include <vector>

#include "arg_parser.h"
#include "augment_command.h"
#include "eval_command.h"
#include "exit_codes.h"
#include "export_command.h"
#include "generate_command.h"
#include "model_command.h"
#include "train_command.h"
#include "util/file_io.h"

int main(int argc, char** argv) {
  using namespace tunedesk::cli;
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << "usage: tunedesk-cli-engine model|generate|train|eval|export ... (normally run through tunedesk-cli)\n";
    return kExitUsage;
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  return run_reporting_errors("tunedesk-cli " + args[0], [&] {
    if (args[0] == "model") return run_model_command(rest);
    if (args[0] == "generate") return run_generate_command(rest);
    if (args[0] == "train") return run_train_command(rest);
    if (args[0] == "eval") return run_eval_command(rest);
    if (args[0] == "export") return run_export_command(rest);
    if (args[0] == "data" && !rest.empty() && rest[0] == "augment")  // the one data command a model runs
      return run_augment_command(std::vector<std::string>(rest.begin() + 1, rest.end()));
    throw UsageError("unknown command '" + args[0] + "'");
  });
}
