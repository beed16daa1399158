#include "export_command.h"

#include <iostream>

#include "arg_parser.h"
#include "exit_codes.h"
#include "training/export_result.h"

namespace tunedesk::cli {

int run_export_command(const std::vector<std::string>& args) {
  ArgParser p("tunedesk-cli export",
              "Write a fine-tuned result out: a LoRA adapter merged into its base model as a complete Hugging Face "
              "folder (--merge), or the adapter or model folder as it is.");
  p.positional("RUN_OR_ADAPTER", "a training run folder, an adapter folder (PEFT layout) or a model folder")
      .option("--out", "DIR", "the folder to write (required; must not exist or be empty)")
      .flag("--merge", "merge the LoRA adapter into the base weights (W + alpha/r · B A), NaN-checked")
      .option("--model", "DIR", "the base model (default: the one recorded with the adapter)")
      .option("--max-shard-size", "MB", "split weights into files of at most this many MiB (default 5120)");
  if (!p.parse(args)) {
    std::cout << p.help();
    return kExitOk;
  }
  const auto out = p.value("--out");
  if (!out) throw UsageError("--out is required");
  training::ExportRequest request;
  request.source = p.positional_value("RUN_OR_ADAPTER");
  request.out = *out;
  request.merge = p.has("--merge");
  request.base_model = p.value_or("--model", "");
  if (auto mb = p.count("--max-shard-size")) request.max_shard_bytes = static_cast<std::uintmax_t>(*mb) << 20;
  const training::ExportOutcome done = training::export_result(request);
  if (!request.merge) {
    std::cout << "Copied the " << done.written << " to " << *out << "\n";
    return kExitOk;
  }
  std::cout << "Merged " << request.source.string() << " into " << done.base_model.string() << " and wrote " << *out << "\n"
            << "Try it: tunedesk-cli generate " << *out << " --chat --prompt \"...\"\n";
  return kExitOk;
}

}  // namespace tunedesk::cli
