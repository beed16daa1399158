// The three ways TuneDesk fine-tunes, each set up on a loaded model: what
// trains, and what the run writes when it is done.
//   LoRA        → a PEFT LORA adapter folder
//   P-Tuning v2 → a PEFT PREFIX_TUNING adapter folder
//   full SFT    → a complete Hugging Face model folder
// Each result also gets tunedesk_training.json (template, system instruction).
#pragma once

#include <filesystem>
#include <memory>

#include "training/train_config.h"
#include "training/trained_with.h"
#include "training/trainer.h"

namespace tunedesk::engine {
class CausalLM;
}

namespace tunedesk::training {

class FineTuning {
 public:
  // Sets the method up on `model` (which must outlive this): an adapter or
  // prefix attached to it, or its weights made trainable.
  // Throws std::invalid_argument for settings the model cannot take.
  static std::unique_ptr<FineTuning> create(engine::CausalLM& model, const TrainConfig& config);
  virtual ~FineTuning() = default;

  Trainable& trainable() { return trainable_; }
  virtual std::string describe() const = 0;  // "LoRA r=8 on q_proj, v_proj"
  // Writes the result into `out` (created), recording `info` beside it.
  virtual void write_result(const std::filesystem::path& out, const std::filesystem::path& base_model_dir,
                            const TrainedWith& info) = 0;

 protected:
  Trainable trainable_;
};

}  // namespace tunedesk::training
