#include "model_command.h"

#include <torch/torch.h>

#include <fstream>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "arg_parser.h"
#include "chat/chat_template.h"
#include "engine/causal_lm.h"
#include "engine/cpu_features.h"
#include "engine/packed_weights.h"
#include "exit_codes.h"
#include "model/checkpoint_layout.h"
#include "model/safetensors.h"
#include "model/tiny_model.h"
#include "tokenizer/tokenizer.h"
#include "training/training_dtype.h"
#include "util/file_io.h"

namespace tunedesk::cli {
namespace {

using nlohmann::json;

constexpr const char* kModelUsage = R"(Usage: tunedesk-cli model <command> [options]

Commands:
  download REPO     download a model from Hugging Face or ModelScope (--source hf|modelscope --out DIR)
  cached            list the models in the Hugging Face and ModelScope caches TuneDesk can train from
  info DIR          what a model folder holds: architecture, size, context, template
  forward DIR       logits of token id sequences (--ids-file IN.jsonl --out OUT.safetensors)
  make-tiny         write a small random model in Hugging Face layout (--arch A --out DIR)

Run 'tunedesk-cli model <command> --help' for a command's options.
)";

std::string human_count(int64_t n) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(1);
  if (n >= 1'000'000'000) s << n / 1e9 << "B";
  else if (n >= 1'000'000) s << n / 1e6 << "M";
  else if (n >= 1'000) s << n / 1e3 << "K";
  else s << n;
  return s.str();
}

int info_command(const std::vector<std::string>& args) {
  ArgParser p("tunedesk-cli model info", "Describe a model folder, after checking that its weights match its config.");
  p.positional("DIR", "a Hugging Face model folder (config.json, *.safetensors, tokenizer.json)")
      .flag("--json", "print as JSON");
  if (!p.parse(args)) {
    std::cout << p.help();
    return kExitOk;
  }
  const std::filesystem::path dir = p.positional_value("DIR");
  const engine::CausalLM m = engine::CausalLM::load(dir, engine::pick_target("cpu", "fp32"));
  const model::ModelConfig& c = m.config();
  const model::WeightFiles& files = m.weight_files();
  const chat::ChatTemplate* tmpl = chat::detect_template(dir);
  // How a chat here would decode (the default of generate --weights).
  const engine::DecodeWeightsChoice decode = engine::choose_decode_weights(m.target());
  // How training here computes by default (train --dtype auto).
  const training::TrainingDtype trains =
      training::choose_training_dtype("auto", engine::pick_target().device.is_cuda(), engine::cpu_features());
  std::optional<std::size_t> vocab;
  std::error_code ec;
  if (std::filesystem::exists(dir / "tokenizer.json", ec)) vocab = tok::Tokenizer::load(dir).vocab_size();

  json j = {{"architecture", c.architecture},
            {"parameters", model::parameter_count(c)},
            {"dtype", c.torch_dtype},
            {"context_length", c.max_position},
            {"layers", c.num_layers},
            {"hidden_size", c.hidden_size},
            {"attention_heads", c.num_heads},
            {"key_value_heads", c.num_kv_heads},
            {"head_dim", c.head_dim},
            {"vocab_size", c.vocab_size},
            {"rope_theta", c.rope_theta},
            {"rope_scaling", c.rope_scaling ? json{{"type", c.rope_scaling->type}, {"factor", c.rope_scaling->factor}}
                                            : json(nullptr)},
            {"tied_embeddings", c.tie_word_embeddings},
            {"weight_files", files.file_count()},
            {"weight_bytes", files.total_bytes()},
            {"template", tmpl ? json(tmpl->name) : json(nullptr)},
            {"tokenizer_vocab", vocab ? json(*vocab) : json(nullptr)},
            {"eos_token_ids", c.eos_token_ids},
            {"unexpected_weights", m.load_report().unexpected},
            {"cpu", engine::describe_cpu()},
            {"decode_weights", decode.reason},
            {"training_dtype", trains.name + " (" + trains.why + ")"},
            {"unread_config_keys", c.unread_keys}};
  if (p.has("--json")) {
    std::cout << j.dump(2) << "\n";
    return kExitOk;
  }
  std::cout << dir.string() << "\n"
            << "  architecture   " << c.architecture << "\n"
            << "  parameters     " << human_count(model::parameter_count(c)) << " (" << model::parameter_count(c) << ")\n"
            << "  dtype          " << c.torch_dtype << ", " << files.file_count() << " weight file"
            << (files.file_count() == 1 ? "" : "s") << ", " << human_count(static_cast<int64_t>(files.total_bytes())) << "B\n"
            << "  context        " << c.max_position << " tokens (RoPE θ " << c.rope_theta
            << (c.rope_scaling ? ", " + c.rope_scaling->type + " scaling ×" + json(c.rope_scaling->factor).dump() : std::string())
            << ")\n"
            << "  layers         " << c.num_layers << " × hidden " << c.hidden_size << ", " << c.num_heads
            << " query heads / " << c.num_kv_heads << " key-value heads of " << c.head_dim << "\n"
            << "  vocabulary     " << c.vocab_size << (vocab ? " (tokenizer: " + std::to_string(*vocab) + ")" : std::string(" (no tokenizer.json)")) << "\n"
            << "  chat template  " << (tmpl ? tmpl->name : "none recognised") << "\n"
            << "  chat decodes   " << decode.reason << "\n"
            << "  trains in      " << trains.name << " (" << trains.why << ")\n"
            << "  CPU            " << engine::describe_cpu() << "\n";
  if (!m.load_report().unexpected.empty())
    std::cout << "  ignored        " << m.load_report().unexpected.size() << " weights not used by this architecture\n";
  if (!c.unread_keys.empty()) {
    // Keys transformers' class for the family does not read either.
    std::cout << "  unread keys    ";
    for (std::size_t i = 0; i < c.unread_keys.size(); ++i) std::cout << (i ? ", " : "") << c.unread_keys[i];
    std::cout << " (config.json; neither TuneDesk nor transformers reads them)\n";
  }
  return kExitOk;
}

int forward_command(const std::vector<std::string>& args) {
  ArgParser p("tunedesk-cli model forward", "Run the model on token id sequences and save the logits.");
  p.positional("DIR", "the model folder")
      .option("--ids-file", "IN.jsonl", "one JSON array of token ids per line (required)")
      .option("--out", "OUT.safetensors", "where to write tensors logits.<line index> of shape [T, vocab], fp32 (required)")
      .option("--device", "DEV", "auto (default), cpu or cuda")
      .option("--dtype", "TYPE", "auto (default: bf16 on CUDA, fp32 on CPU), fp32, bf16");
  if (!p.parse(args)) {
    std::cout << p.help();
    return kExitOk;
  }
  const auto in = p.value("--ids-file");
  const auto out = p.value("--out");
  if (!in || !out) throw UsageError("--ids-file and --out are required");
  engine::configure_cpu();
  const engine::CausalLM m =
      engine::CausalLM::load(p.positional_value("DIR"), engine::pick_target(p.value_or("--device", "auto"), p.value_or("--dtype", "auto")));
  std::ifstream lines(*in);
  if (!lines) throw util::FileError("cannot open '" + *in + "'");
  torch::NoGradGuard no_grad;
  std::vector<std::string> blobs;  // the writer keeps views until write()
  std::vector<std::pair<std::string, std::vector<int64_t>>> shapes;
  std::size_t index = 0, line_number = 0;
  for (std::string line; std::getline(lines, line);) {
    ++line_number;
    if (line.empty()) continue;
    std::vector<int64_t> ids;
    try {
      ids = json::parse(line).get<std::vector<int64_t>>();
    } catch (const std::exception&) {
      throw UsageError(*in + ":" + std::to_string(line_number) + ": expected a JSON array of token ids");
    }
    for (int64_t id : ids)
      if (id < 0 || id >= m.config().vocab_size)
        throw UsageError(*in + ":" + std::to_string(line_number) + ": token id " + std::to_string(id) + " is outside the vocabulary");
    if (ids.empty()) throw UsageError(*in + ":" + std::to_string(line_number) + ": empty sequence");
    const at::Tensor logits = m.forward(torch::tensor(ids).unsqueeze(0))[0].to(torch::kCPU).contiguous();
    blobs.emplace_back(static_cast<const char*>(logits.data_ptr()), static_cast<std::size_t>(logits.numel()) * 4);
    shapes.push_back({"logits." + std::to_string(index++), {logits.size(0), logits.size(1)}});
  }
  model::SafetensorsWriter writer;
  for (std::size_t i = 0; i < blobs.size(); ++i) writer.add(shapes[i].first, model::DType::f32, shapes[i].second, blobs[i]);
  writer.write(*out);
  std::cerr << "wrote " << blobs.size() << " logits tensor" << (blobs.size() == 1 ? "" : "s") << " to " << *out << " ("
            << m.target().describe() << ")\n";
  return kExitOk;
}

int make_tiny_command(const std::vector<std::string>& args) {
  ArgParser p("tunedesk-cli model make-tiny",
              "Write a small model with random weights in Hugging Face layout, for tests and trying the workflow.");
  std::string families;
  for (model::Arch a : model::kArchs)
    families += (families.empty() ? "" : ", ") + model::tiny_arch_name(a) + " (" + model::arch_name(a) + ")";
  p.option("--arch", "ARCH", families + " (required)")
      .option("--out", "DIR", "the folder to write (required; created)")
      .option("--tokenizer", "DIR", "copy tokenizer.json and tokenizer_config.json from here (default: generate a small byte-level BPE)")
      .option("--layers", "N", "decoder layers (default 2)")
      .option("--hidden", "N", "hidden size (default 64)")
      .option("--heads", "N", "attention heads (default 4)")
      .option("--kv-heads", "N", "key/value heads (default 2)")
      .option("--intermediate", "N", "MLP size (default 2 × hidden)")
      .option("--vocab", "N", "vocabulary size (default: the tokenizer's)")
      .option("--context", "N", "context length (default 512)")
      .option("--shards", "N", "split the weights into N files with an index (default 1)")
      .option("--seed", "S", "seed of the random weights (default 0)")
      .option("--init-std", "S", "standard deviation of the random matrices (default 0.02)")
      .option("--embedding-std", "S", "standard deviation of the embeddings (default 0.02)")
      .option("--head-std", "S", "standard deviation of the output head, when untied (default 0.02)")
      .flag("--untied", "a separate output head instead of the tied embeddings (Qwen3 8B and larger, Llama)");
  if (!p.parse(args)) {
    std::cout << p.help();
    return kExitOk;
  }
  model::TinyModelSpec spec;
  const auto arch = p.value("--arch");
  const auto out = p.value("--out");
  if (!arch || !out) throw UsageError("--arch and --out are required");
  const auto parsed = model::parse_tiny_arch(*arch);
  if (!parsed) {
    std::string names;
    for (const std::string& n : model::tiny_arch_names()) names += (names.empty() ? "" : ", ") + n;
    throw UsageError("unknown --arch '" + *arch + "' (" + names + ")");
  }
  spec.arch = *parsed;
  if (auto v = p.value("--tokenizer")) spec.tokenizer_dir = *v;
  if (auto n = p.count("--layers")) spec.layers = static_cast<int64_t>(*n);
  if (auto n = p.count("--hidden")) spec.hidden = static_cast<int64_t>(*n);
  if (auto n = p.count("--heads")) spec.heads = static_cast<int64_t>(*n);
  if (auto n = p.count("--kv-heads")) spec.kv_heads = static_cast<int64_t>(*n);
  if (auto n = p.count("--intermediate")) spec.intermediate = static_cast<int64_t>(*n);
  if (auto n = p.count("--vocab")) spec.vocab = static_cast<int64_t>(*n);
  if (auto n = p.count("--context")) spec.context = static_cast<int64_t>(*n);
  if (auto n = p.count("--shards")) spec.shards = static_cast<int>(*n);
  if (auto n = p.count("--seed")) spec.seed = *n;
  if (auto v = p.number("--init-std")) spec.init_std = *v;
  if (auto v = p.number("--embedding-std")) spec.embedding_std = *v;
  if (auto v = p.number("--head-std")) spec.head_std = *v;
  if (p.has("--untied")) spec.tie_embeddings = false;
  if (spec.init_std <= 0 || spec.embedding_std <= 0 || spec.head_std <= 0)
    throw UsageError("--init-std, --embedding-std and --head-std must be positive");
  const model::TinyModelSummary summary = model::write_tiny_model(*out, spec);
  std::cout << "wrote " << *out << ": " << summary.architecture << ", " << summary.parameters << " parameters, vocabulary "
            << summary.vocab << ", " << summary.files << " weight file" << (summary.files == 1 ? "" : "s") << "\n";
  return kExitOk;
}

}  // namespace

int run_model_command(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    (args.empty() ? std::cerr : std::cout) << kModelUsage;
    return args.empty() ? kExitUsage : kExitOk;
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "info") return info_command(rest);
  if (args[0] == "forward") return forward_command(rest);
  if (args[0] == "make-tiny") return make_tiny_command(rest);
  throw UsageError("unknown model command '" + args[0] + "' (info, forward, make-tiny)");
}

}  // namespace tunedesk::cli
