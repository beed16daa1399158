#include "generate_command.h"

#include <torch/torch.h>

#include <iostream>
#include <optional>

#include "arg_parser.h"
#include "chat/chat_template.h"
#include "engine/causal_lm.h"
#include "engine/generation.h"
#include "engine/lora.h"
#include "exit_codes.h"
#include "tokenizer/tokenizer.h"

namespace tunedesk::cli {

int run_generate_command(const std::vector<std::string>& args) {
  ArgParser p("tunedesk-cli generate", "Generate text with a model and stream it to standard output.");
  p.positional("DIR", "the model folder (config.json, *.safetensors, tokenizer.json)")
      .option("--adapter", "DIR", "a LoRA adapter (PEFT layout: adapter_config.json, adapter_model.safetensors)")
      .option("--prompt", "TEXT", "the prompt (required)")
      .flag("--chat", "wrap the prompt as a user message in the model's chat template")
      .option("--system", "TEXT", "a system message (implies --chat)")
      .option("--template", "NAME", "chat template (default: detected from DIR): a built-in name or a .yaml file of your own")
      .option("--max-new-tokens", "N", "stop after N new tokens (default 256)")
      .flag("--greedy", "always take the most likely token (the default without --temperature)")
      .option("--temperature", "T", "sample with this temperature")
      .option("--top-p", "P", "nucleus sampling: keep the most likely tokens up to this probability (default 1)")
      .option("--top-k", "K", "keep only the K most likely tokens (default: all)")
      .option("--repetition-penalty", "R", "above 1 discourages repeating tokens (default 1)")
      .option("--seed", "S", "seed for sampling (default 0)")
      .option("--stop", "TEXT", "also stop at this text")
      .option("--device", "DEV", "auto (default), cpu or cuda")
      .option("--dtype", "TYPE", "auto (default: bf16 on CUDA, fp32 on CPU), fp32, bf16");
  if (!p.parse(args)) {
    std::cout << p.help();
    return kExitOk;
  }
  const auto prompt = p.value("--prompt");
  if (!prompt) throw UsageError("--prompt is required");
  const std::filesystem::path dir = p.positional_value("DIR");
  engine::configure_cpu_threads();
  engine::CausalLM model =
      engine::CausalLM::load(dir, engine::pick_target(p.value_or("--device", "auto"), p.value_or("--dtype", "auto")));
  std::optional<engine::LoraAdapter> adapter;
  if (auto adapter_dir = p.value("--adapter")) {
    adapter = engine::LoraAdapter::load(*adapter_dir, model);
    model.set_adapter(&*adapter);
  }
  const tok::Tokenizer tokenizer = tok::Tokenizer::load(dir);

  engine::GenerationOptions options;
  for (int64_t id : model.config().eos_token_ids) options.stop_ids.push_back(id);
  std::vector<int64_t> ids;
  const bool chat_mode = p.has("--chat") || p.has("--system");
  if (chat_mode) {
    const chat::ChatTemplate* tmpl = &chat::choose_template(dir, p.value_or("--template", ""));
    chat::ChatRequest request;
    if (auto system = p.value("--system")) request.messages.push_back({"system", *system});
    request.messages.push_back({"user", *prompt});
    request.add_generation_prompt = true;
    for (int32_t id : chat::render(*tmpl, tokenizer, request).ids) ids.push_back(id);
    for (const std::string& stop : tmpl->stop_tokens)
      if (auto id = tokenizer.token_to_id(stop)) options.stop_ids.push_back(*id);
  } else {
    for (int32_t id : tokenizer.encode(*prompt)) ids.push_back(id);
  }

  if (auto n = p.count("--max-new-tokens")) options.max_new_tokens = static_cast<int64_t>(*n);
  if (auto t = p.number("--temperature")) {
    if (p.has("--greedy")) throw UsageError("--greedy and --temperature exclude each other");
    options.sampling.greedy = false;
    options.sampling.temperature = *t;
  }
  if (auto v = p.number("--top-p")) options.sampling.top_p = *v;
  if (auto v = p.count("--top-k")) options.sampling.top_k = static_cast<int64_t>(*v);
  if (auto v = p.number("--repetition-penalty")) options.sampling.repetition_penalty = *v;
  if (auto v = p.count("--seed")) options.sampling.seed = *v;
  if (auto s = p.value("--stop")) options.stop_strings.push_back(*s);
  options.on_text = [](const std::string& piece) {
    std::cout << piece << std::flush;
    return true;
  };
  const engine::GenerationResult result = engine::generate(model, &tokenizer, ids, options);
  std::cout << "\n";
  std::cerr << "[" << result.ids.size() << " tokens, finished: " << result.finish_reason << ", "
            << model.target().describe() << "]\n";
  return kExitOk;
}

}  // namespace tunedesk::cli
