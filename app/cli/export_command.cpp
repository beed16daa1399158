#include "export_command.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>

#include "arg_parser.h"
#include "exit_codes.h"
#include "gguf/file_type.h"
#include "training/export_result.h"

namespace tunedesk::cli {

namespace {

// "Writing GGUF  42% 1.2 GB of 2.9 GB", redrawn in place on a terminal; a
// line per tenth otherwise.
class ByteProgress {
 public:
  explicit ByteProgress(bool tty) : tty_(tty) {}
  void operator()(uint64_t done, uint64_t total) {
    const int percent = total ? static_cast<int>(done * 100 / total) : 100;
    const auto now = std::chrono::steady_clock::now();
    if (tty_) {
      if (done < total && now - last_ < std::chrono::milliseconds(200)) return;
      last_ = now;
      std::fprintf(stderr, "\rWriting GGUF %3d%%  %.1f of %.1f MB", percent, static_cast<double>(done) / 1e6,
                   static_cast<double>(total) / 1e6);
      if (done >= total) std::fprintf(stderr, "\n");
    } else if (percent / 10 > shown_ / 10 || (done >= total && shown_ < 100)) {
      shown_ = percent;
      std::fprintf(stderr, "Writing GGUF %d%%\n", percent);
    }
  }

 private:
  bool tty_;
  int shown_ = -1;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace

int run_export_command(const std::vector<std::string>& args) {
  ArgParser p("tunedesk-cli export",
              "Write a fine-tuned result out: a LoRA adapter merged into its base model as a complete Hugging Face "
              "folder (--merge), the adapter or model folder as it is, or as GGUF for llama.cpp and Ollama "
              "(--format gguf): a model as one file, a LoRA adapter as a GGUF adapter beside its base model's "
              "file (or merged into it with --merge); --ollama adds a Modelfile.");
  p.positional("RUN_OR_ADAPTER", "a training run folder, an adapter folder (PEFT layout) or a model folder")
      .option("--out", "DIR", "the folder to write (required; must not exist or be empty)")
      .flag("--merge", "merge the LoRA adapter into the base weights (W + alpha/r · B A), NaN-checked")
      .option("--model", "DIR", "the base model (default: the one recorded with the adapter)")
      .option("--max-shard-size", "MB", "split weights into files of at most this many MiB (default 5120)")
      .option("--format", "FORMAT", "hf (default: Hugging Face folder) or gguf (one file for llama.cpp and Ollama)")
      .option("--type", "TYPE", "GGUF: f32, f16 (default), bf16, q8_0, q4_0 or q4_k_m for the matrices (q4_k_m: "
                                "Q4_K with Q6_K where llama-quantize puts it); norms and biases stay f32")
      .flag("--ollama", "GGUF: also write a Modelfile (chat template, system instruction, stop tokens) for ollama create")
      .flag("--adapter-only", "GGUF, a LoRA result: the adapter alone, without converting its base model again")
      .option("--base-gguf", "FILE", "with --adapter-only: the base model's GGUF the adapter goes with (checked to fit; "
                                    "named in the commands and the Modelfile)");
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
  const std::string format = p.value_or("--format", "hf");
  if (format != "hf" && format != "gguf") throw UsageError("--format must be hf or gguf, not '" + format + "'");
  request.gguf = format == "gguf";
  if (p.has("--type")) {
    if (!request.gguf) throw UsageError("--type is for --format gguf");
    const auto type = gguf::parse_file_type(*p.value("--type"));
    if (!type) throw UsageError("--type must be " + gguf::file_type_choices() + ", not '" + *p.value("--type") + "'");
    request.gguf_type = *type;
  }
  request.ollama = p.has("--ollama");
  request.gguf_adapter_only = p.has("--adapter-only");
  request.base_gguf = p.value_or("--base-gguf", "");
  if (request.gguf_adapter_only && !request.gguf) throw UsageError("--adapter-only is for --format gguf");
  if (!request.base_gguf.empty() && !request.gguf_adapter_only) throw UsageError("--base-gguf goes with --adapter-only");
  if (request.ollama && !request.gguf) throw UsageError("--ollama is for --format gguf (Ollama imports GGUF files)");
  ByteProgress progress(isatty(STDERR_FILENO) != 0);
  if (request.gguf) request.progress = std::ref(progress);
  const training::ExportOutcome done = training::export_result(request);
  if (request.gguf) {
    const std::string type = gguf::traits(request.gguf_type).name;
    const std::string adapter_type = gguf::traits(gguf::traits(request.gguf_type).adapter).name;
    if (done.adapter_file.empty()) {
      std::cout << "Wrote " << done.file.string() << " (" << type
                << (done.base_model.empty() ? "" : ", LoRA merged into " + done.base_model.string()) << ")\n";
    } else if (request.gguf_adapter_only) {
      std::cout << "Wrote " << done.adapter_file.string() << " (the LoRA adapter alone, " << adapter_type << ")"
                << (done.file.empty() ? "" : " for " + done.file.string()) << "\n";
    } else {
      std::cout << "Wrote " << done.adapter_file.string() << " (the LoRA adapter, " << adapter_type << ")\n"
                << "  and " << done.file.string() << " (its base model " << done.base_model.string() << ")\n";
    }
    if (!done.modelfile.empty()) std::cout << "Wrote " << done.modelfile.string() << " (for Ollama)\n";
    for (const std::string& note : done.notes) std::cout << "Note: " << note << "\n";
    for (const std::string& command : done.commands) std::cout << "Run it: " << command << "\n";
    return kExitOk;
  }
  if (!request.merge) {
    std::cout << "Copied the " << done.written << " to " << *out << "\n";
    return kExitOk;
  }
  std::cout << "Merged " << request.source.string() << " into " << done.base_model.string() << " and wrote " << *out << "\n"
            << "Try it: tunedesk-cli generate " << *out << " --chat --prompt \"...\"\n";
  return kExitOk;
}

}  // namespace tunedesk::cli
