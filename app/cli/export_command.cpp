#include "export_command.h"

#include <torch/torch.h>

#include <iostream>

#include "arg_parser.h"
#include "engine/model_export.h"
#include "exit_codes.h"
#include "training/trained_model.h"
#include "util/file_io.h"

namespace tunedesk::cli {

int run_export_command(const std::vector<std::string>& args) {
  namespace fs = std::filesystem;
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
  std::error_code ec;
  if (fs::exists(*out, ec) && !fs::is_empty(*out, ec)) throw UsageError(*out + " exists and is not empty");
  const fs::path source = p.positional_value("RUN_OR_ADAPTER");
  const training::TrainedLocation where = training::locate_trained(source);

  if (!p.has("--merge")) {  // a copy of the result as it is
    fs::create_directories(*out);
    for (const auto& entry : fs::directory_iterator(where.dir))
      if (entry.is_regular_file()) util::write_file_atomically(fs::path(*out) / entry.path().filename(), util::read_file(entry.path()));
    std::cout << "Copied the " << (where.kind == "model" ? "model" : "adapter") << " to " << *out << "\n";
    return kExitOk;
  }
  if (where.kind == "ptuning_v2")
    throw UsageError("a P-Tuning v2 prefix is not a change of weights and cannot be merged; export without --merge "
                     "to copy the adapter");
  if (where.kind == "model") throw UsageError(source.string() + " is already a complete model; export without --merge");

  // Merging runs on the CPU in fp32 and writes the base checkpoint's precision.
  engine::configure_cpu_threads();
  const auto trained = training::open_trained(source, p.value_or("--model", ""), engine::pick_target("cpu", "fp32"));
  trained->model->set_adapter(nullptr);
  trained->lora->merge_into(*trained->model);
  model::WeightFolderOptions layout;
  if (auto mb = p.count("--max-shard-size")) layout.max_shard_bytes = static_cast<std::uintmax_t>(*mb) << 20;
  engine::save_model_folder(*trained->model, trained->model_dir, *out, layout);
  if (trained->trained_with) {
    training::TrainedWith info = *trained->trained_with;
    info.method += "+merged";
    training::write_trained_with(*out, info);
  }
  std::cout << "Merged " << where.dir.string() << " into " << trained->model_dir.string() << " and wrote " << *out << "\n"
            << "Try it: tunedesk-cli generate " << *out << " --chat --prompt \"...\"\n";
  return kExitOk;
}

}  // namespace tunedesk::cli
