#include "training/fine_tuning.h"

#include <torch/torch.h>

#include "engine/causal_lm.h"
#include "engine/lora.h"
#include "engine/model_export.h"
#include "engine/prefix_tuning.h"

namespace tunedesk::training {
namespace {

class LoraFineTuning final : public FineTuning {
 public:
  LoraFineTuning(engine::CausalLM& model, const TrainConfig& c)
      : model_(model), adapter_(engine::LoraAdapter::create(model, c.lora, c.seed)) {
    model.fuse_frozen_projections();
    model.release_copied_mappings();
    model.set_adapter(&adapter_);
    trainable_.parameters = adapter_.named_parameters();
    trainable_.set_training = [this](bool on) { adapter_.set_training(on); };
  }
  ~LoraFineTuning() override { model_.set_adapter(nullptr); }
  std::string describe() const override {
    std::string modules;
    for (const std::string& m : adapter_.config().target_modules) modules += (modules.empty() ? "" : ", ") + m;
    return "LoRA r=" + std::to_string(adapter_.config().rank) + " on " + modules;
  }
  void write_result(const std::filesystem::path& out, const std::filesystem::path& base, const TrainedWith& info) override {
    adapter_.save(out, std::filesystem::absolute(base).string());
    write_trained_with(out, info);
  }

 private:
  engine::CausalLM& model_;
  engine::LoraAdapter adapter_;
};

class PrefixFineTuning final : public FineTuning {
 public:
  PrefixFineTuning(engine::CausalLM& model, const TrainConfig& c)
      : model_(model), prefix_(engine::PrefixAdapter::create(model, c.prefix, c.seed)) {
    model.fuse_frozen_projections();
    model.release_copied_mappings();
    model.set_prefix(&prefix_);
    trainable_.parameters = prefix_.named_parameters();
  }
  ~PrefixFineTuning() override { model_.set_prefix(nullptr); }
  std::string describe() const override {
    return "P-Tuning v2 with " + std::to_string(prefix_.num_virtual_tokens()) + " virtual tokens" +
           (prefix_.config().prefix_projection ? " (projected)" : "");
  }
  void write_result(const std::filesystem::path& out, const std::filesystem::path& base, const TrainedWith& info) override {
    prefix_.save(out, std::filesystem::absolute(base).string());
    write_trained_with(out, info);
  }

 private:
  engine::CausalLM& model_;
  engine::PrefixAdapter prefix_;
};

class FullFineTuning final : public FineTuning {
 public:
  explicit FullFineTuning(engine::CausalLM& model) : model_(model) {
    // The loaded weights may be read-only mappings of the checkpoint: train
    // private copies. In fp32 they are trained directly; in bf16/fp16 the
    // model computes with low-precision copies and AdamW updates fp32 masters.
    const bool mixed = model.target().dtype != torch::kFloat;
    model.split_fused_projections();  // each weight trains as itself
    for (const engine::NamedWeight& w : model.named_weights()) {
      const at::Tensor master = w.tensor->detach().to(torch::kFloat).clone().set_requires_grad(true);
      trainable_.parameters.emplace_back(w.name, master);
      if (mixed) {
        *w.tensor = master.detach().to(model.target().dtype).set_requires_grad(true);
        working_.push_back(*w.tensor);
      } else {
        *w.tensor = master;
      }
    }
    if (model.config().tie_word_embeddings) model.weights().lm_head = model.weights().embed_tokens;
    model.release_copied_mappings();
    if (!mixed) return;
    trainable_.gradients_to_masters = [this] {
      for (std::size_t i = 0; i < working_.size(); ++i) {
        at::Tensor& working = working_[i];
        at::Tensor master = trainable_.parameters[i].second;
        if (!working.grad().defined()) continue;
        master.mutable_grad() = working.grad().to(torch::kFloat);
        working.mutable_grad().reset();
      }
    };
    trainable_.masters_to_weights = [this] {
      torch::NoGradGuard no_grad;
      for (std::size_t i = 0; i < working_.size(); ++i) working_[i].copy_(trainable_.parameters[i].second);
    };
  }
  std::string describe() const override { return "full fine-tuning of every weight"; }
  void write_result(const std::filesystem::path& out, const std::filesystem::path& base, const TrainedWith& info) override {
    engine::save_model_folder(model_, base, out);
    write_trained_with(out, info);
  }

 private:
  engine::CausalLM& model_;
  std::vector<at::Tensor> working_;  // the low-precision weights the model computes with (mixed precision only)
};

}  // namespace

std::unique_ptr<FineTuning> FineTuning::create(engine::CausalLM& model, const TrainConfig& config) {
  switch (config.method) {
    case Method::lora: return std::make_unique<LoraFineTuning>(model, config);
    case Method::ptuning_v2: return std::make_unique<PrefixFineTuning>(model, config);
    case Method::full: return std::make_unique<FullFineTuning>(model);
  }
  throw std::invalid_argument("unknown method");
}

}  // namespace tunedesk::training
