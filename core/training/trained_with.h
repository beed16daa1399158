// How an adapter or model was trained, in a small file of TuneDesk's own
// (tunedesk_training.json) beside the standard Hugging Face / PEFT files:
// the chat template and system instruction, so that chatting with it later
// asks questions the way it learnt them.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace tunedesk::training {

inline constexpr const char* kTrainedWithFile = "tunedesk_training.json";

struct TrainedWith {
  std::string method;              // "lora", "ptuning_v2", "sft"
  std::string base_model;          // the base model folder, absolute
  std::string chat_template;       // a built-in template name or a .yaml path
  std::string model_type;          // "general", "medical", ...
  std::string system_instruction;  // the model type's instruction at training time
};

void write_trained_with(const std::filesystem::path& dir, const TrainedWith& info);  // atomic
// The file in `dir`, or nothing when there is none. Throws std::runtime_error
// naming the file when it exists but is not valid.
std::optional<TrainedWith> read_trained_with(const std::filesystem::path& dir);

}  // namespace tunedesk::training
