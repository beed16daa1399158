// A model to chat with: a base model, a fine-tuned run, an adapter or an
// exported model, opened once, with the tokenizer, the chat template and the
// system instruction it was trained with. The CLI's `generate --chat`, the
// desktop chat tab and the server's /v1/chat/completions all answer through
// it, so that a fine-tuned model is asked the same way everywhere.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chat/chat_template.h"
#include "engine/generation.h"
#include "tokenizer/tokenizer.h"
#include "training/trained_model.h"

namespace tunedesk::training {

class ChatModel {
 public:
  // `path`: a model, run or adapter folder; `base_override` replaces the
  // recorded base model of an adapter when not empty; `template_name` a
  // built-in template or a .yaml file (empty: the one trained with, else
  // detected); `decode_weights` the form decoding reads the weights in on
  // the CPU (engine::choose_decode_weights: auto, fp32, bf16, q8_0). Throws
  // std::runtime_error saying what is missing.
  static std::unique_ptr<ChatModel> open(const std::filesystem::path& path, const std::filesystem::path& base_override,
                                         const engine::ComputeTarget& target, const std::string& template_name = {},
                                         std::string_view decode_weights = "auto");

  // The system instruction the result was trained with; empty for a base model.
  const std::string& trained_system() const { return trained_system_; }
  const TrainedModel& trained() const { return *trained_; }
  const tok::Tokenizer& tokenizer() const { return *tokenizer_; }
  // nullptr when the model has no recognisable template and none was named.
  const chat::ChatTemplate* chat_template() const { return template_; }

  // The prompt ids for a conversation ending with the user's turn (throws
  // std::invalid_argument without a template). Without a
  // system message in `messages` the trained one is put first (when
  // `use_trained_system`), so that the model is asked the way it learnt.
  std::vector<int64_t> prompt_ids(const std::vector<chat::Message>& messages, bool use_trained_system = true) const;

  // Generates the assistant's answer to `prompt` (from prompt_ids);
  // `options.stop_ids` gets the template's end-of-turn ids added. Thinking
  // blocks (<think>…</think>) are kept in the text; callers that show only
  // the answer strip them.
  engine::GenerationResult reply(const std::vector<int64_t>& prompt, engine::GenerationOptions options) const;

  // What the weights are decoded from, and why: "bf16 (auto: …); kernels avx2".
  const std::string& decode_weights() const { return decode_weights_; }

  // The ids that end an answer.
  const std::vector<int64_t>& stop_ids() const { return stop_ids_; }

 private:
  ChatModel() = default;
  std::unique_ptr<TrainedModel> trained_;
  std::optional<tok::Tokenizer> tokenizer_;  // loaded in open()
  const chat::ChatTemplate* template_ = nullptr;
  std::string trained_system_;
  std::vector<int64_t> stop_ids_;
  std::string decode_weights_;
};

}  // namespace tunedesk::training
