// tunedesk-cli: TuneDesk without a window. Each command lives in its own
// file; this one only dispatches and turns usage errors into exit code 2.
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "arg_parser.h"
#include "data_command.h"
#include "exit_codes.h"
#include "tokenize_command.h"
#include "util/file_io.h"

namespace {

constexpr const char* kUsage = R"(Usage: tunedesk-cli <command> [options]

TuneDesk from the command line: prepare data, tokenize, inspect and run models.

Commands:
  data check FILE      validate a CSV or .xlsx (text, result) or JSONL dataset
  data convert FILE    convert a dataset to training JSONL (-o OUT.jsonl)
  data types           list the model types (general, medical, legal, yours)
  tokenize DIR INPUT   token ids of each input line (text, JSON strings, chats)
  model download REPO  download a model from Hugging Face or ModelScope (--source, --revision, --out)
  model cached         the models in the Hugging Face and ModelScope caches TuneDesk can train from
  model info DIR       what a model folder holds (architecture, size, template)
  model forward DIR    logits of token id sequences, saved as safetensors
  model make-tiny      write a small random model in Hugging Face layout
  generate DIR|RUN     generate text with a model or a fine-tuned run, streamed (--prompt TEXT)
  train [CONFIG.yaml]  fine-tune with LoRA, P-Tuning v2 or full SFT (--model DIR --data FILE --output RUN)
  eval RUN             loss and perplexity of a fine-tuned result on a dataset
  export RUN --out DIR write a result out; --merge folds LoRA into the base model
  users ACTION         accounts: add, passwd, role, list, remove, import-csv (--data-dir DIR)
  jobs ACTION          training jobs: list, show ID, submit, run (the queue), resume ID
  serve                the HTTP API on 127.0.0.1:5000 (--port N, --host ADDR)
  version              print the version

Run 'tunedesk-cli <command> --help' for its options.
Exit status: 0 success, 1 a check found errors, 2 bad usage or unreadable input.
)";

// The libtorch commands run in tunedesk-cli-engine, the services' (Qt) in
// tunedesk-cli-services, both beside this binary.
int run_sibling(const char* sibling, const char* built_with, char** argv) {
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  const auto engine = (ec ? std::filesystem::path(argv[0]) : self).parent_path() / sibling;
  if (!std::filesystem::exists(engine, ec)) {
    std::cerr << "tunedesk-cli: '" << argv[1] << "' needs " << engine.string()
              << ", which is not installed (it is built with " << built_with << ")\n";
    return tunedesk::cli::kExitUsage;
  }
  argv[0] = const_cast<char*>(engine.c_str());
  ::execv(engine.c_str(), argv);
  std::cerr << "tunedesk-cli: cannot run " << engine.string() << "\n";
  return tunedesk::cli::kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace tunedesk::cli;
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << kUsage;
    return kExitUsage;
  }
  const std::string& command = args[0];
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  return run_reporting_errors("tunedesk-cli", [&] {
    if (command == "--help" || command == "-h" || command == "help") {
      std::cout << kUsage;
      return kExitOk;
    }
    if (command == "--version" || command == "version") {
      std::cout << "tunedesk-cli " << TUNEDESK_VERSION << "\n";
      return kExitOk;
    }
    if (command == "data" && !rest.empty() && rest[0] == "augment") return run_sibling("tunedesk-cli-engine", "libtorch", argv);
    if (command == "data") return run_data_command(rest);
    if (command == "tokenize") return run_tokenize_command(rest);
    // Downloads use Qt Network, in the services' program.
    if (command == "model" && rest.size() >= 1 && (rest[0] == "download" || rest[0] == "cached"))
      return run_sibling("tunedesk-cli-services", "Qt 6", argv);
    if (command == "model" || command == "generate" || command == "train" || command == "eval" ||
        command == "export")
      return run_sibling("tunedesk-cli-engine", "libtorch", argv);
    if (command == "users" || command == "jobs" || command == "serve") return run_sibling("tunedesk-cli-services", "Qt 6", argv);
    throw UsageError("unknown command '" + command + "'");
  });
}
