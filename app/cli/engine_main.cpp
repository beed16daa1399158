// tunedesk-cli-engine: the commands that need libtorch (model, generate, train, eval, export, data augment).
// tunedesk-cli hands these commands to it, so that the data and tokenizer
// commands start without loading libtorch (about 0.7 s per process).
#include <string>
#include <vector>

#include "arg_parser.h"
#include "augment_command.h"
#include "eval_command.h"
#include "export_command.h"
#include "generate_command.h"
#include "model_command.h"
#include "train_command.h"

int main(int argc, char** argv) {
  using namespace tunedesk::cli;
  return run_handed_command(argc, argv,
                            {{"model", run_model_command},
                             {"generate", run_generate_command},
                             {"train", run_train_command},
                             {"eval", run_eval_command},
                             {"export", run_export_command},
                             // The one data command a model runs.
                             {"data", [](const std::vector<std::string>& args) {
                                if (args.empty() || args[0] != "augment") throw UsageError("only 'data augment' runs here");
                                return run_augment_command(std::vector<std::string>(args.begin() + 1, args.end()));
                              }}});
}
