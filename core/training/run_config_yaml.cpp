#include "training/run_config_yaml.h"

#include <yaml-cpp/yaml.h>

namespace tunedesk::training {
namespace {

template <typename T>
void put(YAML::Emitter& out, const char* key, const T& value) {
  out << YAML::Key << key << YAML::Value << value;
}

void put_path(YAML::Emitter& out, const char* key, const std::filesystem::path& p) {
  if (!p.empty()) put(out, key, p.string());
}

}  // namespace

std::string run_config_to_yaml(const RunConfig& c) {
  const TrainConfig& t = c.train;
  YAML::Emitter out;
  out.SetDoublePrecision(10);
  out << YAML::BeginMap;
  put(out, "method", method_name(t.method));
  put_path(out, "model", c.model);
  if (!c.train_file.empty() || !c.val_file.empty() || !c.test_file.empty()) {
    out << YAML::Key << "data_config" << YAML::Value << YAML::BeginMap;
    put_path(out, "train_file", c.train_file);
    put_path(out, "val_file", c.val_file);
    put_path(out, "test_file", c.test_file);
    out << YAML::EndMap;
  }
  if (c.truncation.max_input_length) put(out, "max_input_length", c.truncation.max_input_length);
  if (c.truncation.max_output_length) put(out, "max_output_length", c.truncation.max_output_length);
  if (c.truncation.cutoff_len) put(out, "cutoff_len", c.truncation.cutoff_len);
  out << YAML::Key << "overlength" << YAML::Value << std::string(overlength_name(c.truncation.overlength));

  out << YAML::Key << "training_args" << YAML::Value << YAML::BeginMap;
  put_path(out, "output_dir", c.output_dir);
  if (t.max_steps > 0) put(out, "max_steps", t.max_steps);
  else put(out, "num_train_epochs", t.epochs);
  put(out, "learning_rate", t.learning_rate);
  put(out, "lr_scheduler_type", schedule_name(t.schedule));
  if (t.warmup_steps > 0) put(out, "warmup_steps", t.warmup_steps);
  else put(out, "warmup_ratio", t.warmup_ratio);
  put(out, "weight_decay", t.weight_decay);
  put(out, "adam_beta1", t.adam_beta1);
  put(out, "adam_beta2", t.adam_beta2);
  put(out, "adam_epsilon", t.adam_epsilon);
  put(out, "max_grad_norm", t.max_grad_norm);
  put(out, "per_device_train_batch_size", t.batch_size);
  if (t.eval_batch_size > 0) put(out, "per_device_eval_batch_size", t.eval_batch_size);
  put(out, "gradient_accumulation_steps", t.grad_accumulation);
  put(out, "save_strategy", t.save_steps > 0 ? "steps" : "no");
  if (t.save_steps > 0) put(out, "save_steps", t.save_steps);
  put(out, "save_total_limit", t.save_total_limit);
  put(out, "logging_steps", t.logging_steps);
  put(out, "eval_steps", t.eval_steps);
  put(out, "predict_with_generate", t.predict_with_generate);
  out << YAML::Key << "generation_config" << YAML::Value << YAML::BeginMap;
  put(out, "max_new_tokens", t.max_new_tokens);
  out << YAML::EndMap;
  put(out, "gradient_checkpointing", t.gradient_checkpointing);
  put(out, "shard_optimizer_state", t.shard_optimizer_state);
  put(out, "seed", t.seed);
  out << YAML::EndMap;

  if (t.method != Method::full) {
    out << YAML::Key << "peft_config" << YAML::Value << YAML::BeginMap;
    put(out, "task_type", "CAUSAL_LM");
    if (t.method == Method::lora) {
      put(out, "peft_type", "LORA");
      put(out, "r", t.lora.rank);
      put(out, "lora_alpha", t.lora.alpha);
      put(out, "lora_dropout", t.lora.dropout);
      if (!t.lora.target_modules.empty()) {
        out << YAML::Key << "target_modules" << YAML::Value << YAML::Flow << YAML::BeginSeq;
        for (const std::string& m : t.lora.target_modules) out << m;
        out << YAML::EndSeq;
      }
      put(out, "use_rslora", t.lora.use_rslora);
    } else {
      put(out, "peft_type", "PREFIX_TUNING");
      put(out, "num_virtual_tokens", t.prefix.num_virtual_tokens);
      put(out, "prefix_projection", t.prefix.prefix_projection);
      if (t.prefix.encoder_hidden_size > 0) put(out, "encoder_hidden_size", t.prefix.encoder_hidden_size);
    }
    out << YAML::EndMap;
  }

  put(out, "model_type", c.model_type);
  if (!c.chat_template.empty()) put(out, "template", c.chat_template);
  put(out, "device", c.device);
  put(out, "dtype", c.dtype);
  if (c.processes > 1) put(out, "nproc", c.processes);
  put(out, "val_ratio", c.val_ratio);
  if (c.memory_limit_gb > 0) put(out, "memory_limit_gb", c.memory_limit_gb);
  if (!c.check_memory) put(out, "check_memory", false);
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace tunedesk::training
