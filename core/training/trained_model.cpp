#include "training/trained_model.h"

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include "engine/peft_config.h"
#include "util/user_error.h"

namespace tunedesk::training {

using nlohmann::json;
namespace fs = std::filesystem;

TrainedLocation locate_trained(const fs::path& path) {
  std::error_code ec;
  if (!fs::is_directory(path, ec)) throw UserError("model.no_folder", {path.string()});
  TrainedLocation where;
  where.dir = path;
  // A run folder holds its result in adapter/ or model/.
  for (const char* sub : {"adapter", "model"})
    if (fs::exists(path / "config.json", ec) && fs::is_directory(path / sub, ec)) where.dir = path / sub;
  if (where.dir == path && fs::exists(path / "checkpoints", ec))
    throw UserError("model.run_unfinished", {path.string()});
  where.trained_with = read_trained_with(where.dir);
  if (where.trained_with) where.base_model = where.trained_with->base_model;
  if (fs::exists(where.dir / "adapter_config.json", ec)) {
    const json config = engine::read_peft_config(where.dir);
    const std::string type = config.value("peft_type", "");
    if (type == "LORA") where.kind = "lora";
    else if (type == "PREFIX_TUNING") where.kind = "ptuning_v2";
    else throw std::runtime_error((where.dir / "adapter_config.json").string() + ": peft_type '" + type +
                                  "' is not one TuneDesk loads (LORA, PREFIX_TUNING)");
    if (where.base_model.empty() && config.contains("base_model_name_or_path") && config["base_model_name_or_path"].is_string())
      where.base_model = config["base_model_name_or_path"].get<std::string>();
    return where;
  }
  if (fs::exists(where.dir / "config.json", ec)) {
    where.kind = "model";
    return where;
  }
  throw UserError("model.not_a_model", {path.string()});
}

std::unique_ptr<TrainedModel> open_trained(const fs::path& path, const fs::path& base_override,
                                           const engine::ComputeTarget& target) {
  const TrainedLocation where = locate_trained(path);
  auto t = std::make_unique<TrainedModel>();
  t->kind = where.kind;
  t->trained_with = where.trained_with;
  if (where.kind == "model") {
    t->model_dir = base_override.empty() ? where.dir : base_override;
  } else {
    t->adapter_dir = where.dir;
    t->model_dir = base_override.empty() ? where.base_model : base_override;
    if (t->model_dir.empty())
      throw UserError("model.base_unknown", {where.dir.string()});
  }
  t->model = std::make_unique<engine::CausalLM>(engine::CausalLM::load(t->model_dir, target));
  if (where.kind == "lora") {
    t->lora = engine::LoraAdapter::load(where.dir, *t->model);
    t->model->set_adapter(&*t->lora);
  } else if (where.kind == "ptuning_v2") {
    t->prefix = engine::PrefixAdapter::load(where.dir, *t->model);
    t->model->set_prefix(&*t->prefix);
  }
  return t;
}

}  // namespace tunedesk::training
