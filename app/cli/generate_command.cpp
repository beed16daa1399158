#include "generate_command.h"

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <iostream>
#include <optional>

#include "arg_parser.h"
#include "chat/chat_template.h"
#include "engine/causal_lm.h"
#include "engine/generation.h"
#include "training/chat_model.h"
#include "exit_codes.h"
#include "tokenizer/tokenizer.h"

namespace tunedesk::cli {

int run_generate_command(const std::vector<std::string>& args) {
  ArgParser p("tunedesk-cli generate", "Generate text with a model and stream it to standard output.");
  p.positional("DIR", "a model folder (config.json, *.safetensors, tokenizer.json), or a training run or adapter folder")
      .option("--adapter", "DIR", "an adapter for the model DIR: LoRA or P-Tuning v2 (PEFT layout)")
      .option("--prompt", "TEXT", "the prompt (required)")
      .flag("--chat", "wrap the prompt as a user message in the chat template (a fine-tuned result's system instruction by default)")
      .option("--system", "TEXT", "a system message (implies --chat)")
      .flag("--no-system", "with --chat: no system message, not even the one trained with")
      .option("--template", "NAME", "chat template (default: the one trained with, else detected): a built-in name or a .yaml file")
      .option("--max-new-tokens", "N", "stop after N new tokens (default 256)")
      .flag("--greedy", "always take the most likely token (the default without --temperature)")
      .option("--temperature", "T", "sample with this temperature")
      .option("--top-p", "P", "nucleus sampling: keep the most likely tokens up to this probability (default 1)")
      .option("--top-k", "K", "keep only the K most likely tokens (default: all)")
      .option("--repetition-penalty", "R", "above 1 discourages repeating tokens (default 1)")
      .option("--seed", "S", "seed for sampling (default 0)")
      .option("--stop", "TEXT", "also stop at this text")
      .option("--device", "DEV", "auto (default), cpu or cuda")
      .option("--dtype", "TYPE", "auto (default: bf16 on CUDA, fp32 on CPU), fp32, bf16")
      .option("--weights", "FORM", "on the CPU in fp32, the form decoding reads the weights in: auto (default: bf16), "
                                   "fp32, bf16 or q8_0 (llama.cpp's 8-bit blocks)")
      .flag("--json", "print one JSON object at the end instead of streaming: prompt_ids, ids, text, finish_reason");
  if (!p.parse(args)) {
    std::cout << p.help();
    return kExitOk;
  }
  const auto prompt = p.value("--prompt");
  if (!prompt) throw UsageError("--prompt is required");
  const std::filesystem::path dir = p.positional_value("DIR");
  engine::configure_cpu();
  const engine::ComputeTarget target = engine::pick_target(p.value_or("--device", "auto"), p.value_or("--dtype", "auto"));
  // DIR with --adapter is the base model; alone it may be a run, adapter or model folder.
  const auto adapter = p.value("--adapter");
  const bool chat_mode = p.has("--chat") || p.has("--system");
  const std::string template_name = p.value_or("--template", "");
  const std::string weights = p.value_or("--weights", "auto");
  const auto chat_model = adapter ? training::ChatModel::open(*adapter, dir, target, chat_mode ? template_name : "", weights)
                                  : training::ChatModel::open(dir, {}, target, chat_mode ? template_name : "", weights);
  const engine::CausalLM& model = *chat_model->trained().model;
  const tok::Tokenizer& tokenizer = chat_model->tokenizer();
  engine::GenerationOptions options;
  options.stop_ids.assign(model.config().eos_token_ids.begin(), model.config().eos_token_ids.end());
  std::vector<int64_t> ids;
  if (chat_mode) {
    std::vector<chat::Message> messages;
    // The system message the result was trained with, unless told otherwise: asked the way it learnt.
    if (auto s = p.value("--system")) messages.push_back({"system", *s});
    messages.push_back({"user", *prompt});
    ids = chat_model->prompt_ids(messages, !p.has("--no-system"));
    options.stop_ids = chat_model->stop_ids();
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
  const bool json_out = p.has("--json");
  if (!json_out)
    options.on_text = [](const std::string& piece) {
      std::cout << piece << std::flush;
      return true;
    };
  const engine::GenerationResult result = engine::generate(model, &tokenizer, ids, options);
  if (json_out)
    std::cout << nlohmann::json{{"prompt_ids", ids}, {"ids", result.ids}, {"text", result.text},
                                {"finish_reason", result.finish_reason}}
                     .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::cout << "\n";
  std::cerr << "[" << result.ids.size() << " tokens, finished: " << result.finish_reason << ", "
            << model.target().describe() << ", weights " << chat_model->decode_weights() << "]\n";
  return kExitOk;
}

}  // namespace tunedesk::cli
