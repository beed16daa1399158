#include "training/run_config.h"

#include <yaml-cpp/yaml.h>

#include <functional>
#include <limits>
#include <map>
#include <set>

#include "training/training_settings.h"

namespace tunedesk::training {
namespace {

namespace fs = std::filesystem;

// Reads one section of the file against a table of the keys it may hold.
class Section {
 public:
  Section(std::string file, std::string path, RunConfig& out) : file_(std::move(file)), path_(std::move(path)), out_(out) {}

  using Setter = std::function<void(const YAML::Node&)>;
  void on(const std::string& key, Setter set) { setters_[key] = std::move(set); }
  // A key TuneDesk knows and ignores, with why.
  void ignored(const std::string& key, const std::string& why) { ignored_[key] = why; }
  // The file's sections (this one may be among them): a key unknown here but
  // known in another (a flat LLaMA-Factory-style learning_rate at the top) is named with its place.
  void elsewhere(std::vector<const Section*> others) { others_ = std::move(others); }
  bool knows(const std::string& key) const { return setters_.count(key) || ignored_.count(key); }
  const std::string& path() const { return path_; }

  void read(const YAML::Node& map) const {
    if (!map.IsMap()) {
      if (path_.empty()) throw RunConfigError("config.not_a_mapping", {location(map, false)});
      fail(map, path_, "config.not_a_mapping");
    }
    for (const auto& kv : map) {
      const std::string key = kv.first.as<std::string>();
      const std::string where = path_.empty() ? key : path_ + "." + key;
      if (auto it = setters_.find(key); it != setters_.end()) {
        current_ = where;
        it->second(kv.second);
      } else if (auto ig = ignored_.find(key); ig != ignored_.end()) {
        out_.warnings.push_back(location(kv.first) + where + ": not used by TuneDesk (" + ig->second + ")");
      } else {
        for (const Section* other : others_)
          if (other != this && other->knows(key)) fail(kv.first, where, "config.key_elsewhere", {other->path() + "." + key, other->path()});
        if (const std::string guess = closest(key); !guess.empty()) fail(kv.first, where, "config.unknown_key_guess", {guess});
        fail(kv.first, where, "config.unknown_key");
      }
    }
  }

  // Typed readers for setters; errors name the key being read.
  int64_t count(const YAML::Node& n, int64_t min = std::numeric_limits<int64_t>::min()) const {
    int64_t v = 0;
    if (!YAML::convert<int64_t>::decode(n, v)) fail(n, current_, "config.whole_number", {text(n)});
    if (v < min) fail(n, current_, "config.at_least", {std::to_string(min)});
    return v;
  }
  double number(const YAML::Node& n) const {
    double v = 0;
    if (!YAML::convert<double>::decode(n, v)) fail(n, current_, "config.number", {text(n)});
    return v;
  }
  bool boolean(const YAML::Node& n) const {
    bool v = false;
    if (!YAML::convert<bool>::decode(n, v)) fail(n, current_, "config.boolean", {text(n)});
    return v;
  }
  std::string string(const YAML::Node& n) const {
    if (!n.IsScalar()) fail(n, current_, "config.single_value");
    return n.as<std::string>();
  }
  std::vector<std::string> strings(const YAML::Node& n) const {
    if (n.IsScalar()) return {n.as<std::string>()};
    if (!n.IsSequence()) fail(n, current_, "config.list");
    std::vector<std::string> out;
    for (const auto& item : n) out.push_back(string(item));
    return out;
  }
  // Throws the template `kind` (util/user_error.cpp) with "file:line: key" as its %1 and `args` after it.
  [[noreturn]] void fail(const YAML::Node& n, const std::string& key, const std::string& kind,
                         std::vector<std::string> args = {}) const {
    args.insert(args.begin(), location(n) + key);
    throw RunConfigError(kind, std::move(args));
  }
  const std::string& current() const { return current_; }
  // "file:line: key" of the value being read.
  std::string where(const YAML::Node& n) const { return location(n) + current_; }

  // The value of a training setting (training/training_settings.h): read as
  // its kind, then checked against its range or choices.
  nlohmann::json setting(const YAML::Node& n, const TrainingSetting& s) const {
    nlohmann::json v;
    switch (s.kind) {
      case SettingKind::whole: v = count(n); break;
      case SettingKind::number: v = number(n); break;
      case SettingKind::flag: v = boolean(n); break;
      case SettingKind::list: v = strings(n); break;
      case SettingKind::choice:
      case SettingKind::text: v = string(n); break;
    }
    return checked_setting_value(s, v, where(n));
  }

 private:
  // "file:line: " (ready for a key), or "file:line" when there is none.
  std::string location(const YAML::Node& n, bool before_key = true) const {
    const YAML::Mark mark = n.Mark();
    return file_ + (mark.line >= 0 ? ":" + std::to_string(mark.line + 1) : "") + (before_key ? ": " : "");
  }
  static std::string text(const YAML::Node& n) { return n.IsScalar() ? n.Scalar() : "(a list or mapping)"; }
  // The known key within edit distance 2 of a misspelt one.
  std::string closest(const std::string& key) const {
    std::string best;
    std::size_t best_distance = 3;
    const auto consider = [&](const std::string& known) {
      std::vector<std::size_t> prev(known.size() + 1), row(known.size() + 1);
      for (std::size_t j = 0; j <= known.size(); ++j) prev[j] = j;
      for (std::size_t i = 1; i <= key.size(); ++i) {
        row[0] = i;
        for (std::size_t j = 1; j <= known.size(); ++j)
          row[j] = std::min({prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (key[i - 1] == known[j - 1] ? 0 : 1)});
        std::swap(prev, row);
      }
      if (prev[known.size()] < best_distance) {
        best_distance = prev[known.size()];
        best = known;
      }
    };
    for (const auto& [k, _] : setters_) consider(k);
    for (const auto& [k, _] : ignored_) consider(k);
    return best;
  }

  std::string file_, path_;
  RunConfig& out_;
  std::map<std::string, Setter> setters_;
  std::map<std::string, std::string> ignored_;
  std::vector<const Section*> others_;
  mutable std::string current_;
};

}  // namespace

RunConfig default_run_config() {
  RunConfig c;
  c.train.lora.rank = 8;
  c.train.lora.alpha = 16;
  c.train.lora.dropout = 0.05;
  c.train.save_steps = 50;
  return c;
}

namespace {
RunConfig read_root(const YAML::Node& root, const std::string& file, const fs::path& base);
}  // namespace

RunConfig load_run_config(const fs::path& path, const fs::path& data_dir) {
  const std::string file = path.string();
  YAML::Node root;
  try {
    root = YAML::LoadFile(file);
  } catch (const YAML::BadFile&) {
    throw RunConfigError("config.unreadable", {file});
  } catch (const YAML::ParserException& e) {
    throw RunConfigError("config.not_yaml", {file + ":" + std::to_string(e.mark.line + 1), e.msg});
  }
  return read_root(root, file, data_dir.empty() ? path.parent_path() : data_dir);
}

RunConfig load_run_config_text(const std::string& yaml, const std::string& source, const fs::path& data_dir) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml);
  } catch (const YAML::ParserException& e) {
    throw RunConfigError("config.not_yaml", {source + ":" + std::to_string(e.mark.line + 1), e.msg});
  }
  return read_root(root, source, data_dir);
}

namespace {

RunConfig read_root(const YAML::Node& root, const std::string& file, const fs::path& base) {
  RunConfig c = default_run_config();
  if (root.IsNull()) return c;
  TrainConfig& t = c.train;
  const auto data_path = [&](const std::string& p) { return fs::path(p).is_absolute() ? fs::path(p) : base / p; };
  std::optional<Method> peft_method;
  bool saw_peft = false, save_disabled = false, eval_disabled = false;
  std::set<std::string_view> given;  // the settings the file names

  Section top(file, "", c), data(file, "data_config", c), args(file, "training_args", c),
      generation(file, "training_args.generation_config", c), peft(file, "peft_config", c);
  // Every training setting under its YAML path (training/training_settings.h).
  const std::map<std::string_view, Section*> sections = {
      {"", &top}, {"training_args", &args}, {"training_args.generation_config", &generation}, {"peft_config", &peft}};
  for (const TrainingSetting& s : training_settings()) {
    const std::size_t dot = s.yaml.rfind('.');
    Section& section = *sections.at(dot == std::string_view::npos ? std::string_view() : s.yaml.substr(0, dot));
    section.on(std::string(s.yaml.substr(dot + 1)), [&, setting = &s, in = &section](const YAML::Node& n) {
      setting->set(c, in->setting(n, *setting));
      given.insert(setting->name);
    });
  }

  // The keys with meanings of their own: paths, finetune_demo's switches, PEFT's descriptors.
  data.on("train_file", [&](const YAML::Node& n) { c.train_file = data_path(data.string(n)); });
  data.on("val_file", [&](const YAML::Node& n) { c.val_file = data_path(data.string(n)); });
  data.on("test_file", [&](const YAML::Node& n) { c.test_file = data_path(data.string(n)); });
  data.ignored("num_proc", "data is prepared on all cores");

  args.on("output_dir", [&](const YAML::Node& n) { c.output_dir = args.string(n); });
  args.on("save_strategy", [&](const YAML::Node& n) {
    const std::string s = args.string(n);
    if (s != "steps" && s != "no") args.fail(n, args.current(), "config.save_strategy", {s});
    save_disabled = s == "no";
  });
  args.on("logging_strategy", [&](const YAML::Node& n) {
    if (args.string(n) != "steps") args.fail(n, args.current(), "config.logging_strategy");
  });
  const auto eval_strategy = [&](const YAML::Node& n) {
    const std::string s = args.string(n);
    if (s != "steps" && s != "no") args.fail(n, args.current(), "config.eval_strategy", {s});
    eval_disabled = s == "no";
  };
  args.on("eval_strategy", eval_strategy);
  args.on("evaluation_strategy", eval_strategy);
  args.on("generation_config", [&](const YAML::Node& n) { generation.read(n); });
  generation.ignored("do_sample", "predictions are greedy");
  generation.ignored("temperature", "predictions are greedy");
  generation.ignored("top_p", "predictions are greedy");
  args.on("bf16", [&](const YAML::Node& n) {
    if (args.boolean(n)) c.dtype = "bf16";
  });
  args.on("fp16", [&](const YAML::Node& n) {
    if (args.boolean(n)) c.dtype = "fp16";
  });
  for (const char* key : {"dataloader_num_workers", "dataloader_pin_memory", "remove_unused_columns", "log_level",
                          "report_to", "run_name", "logging_dir", "overwrite_output_dir", "do_train", "do_eval",
                          "ddp_find_unused_parameters", "push_to_hub", "tf32", "optim", "save_only_model", "use_cpu",
                          "disable_tqdm", "include_num_input_tokens_seen"})
    args.ignored(key, "it has no effect here");
  args.ignored("deepspeed", "TuneDesk uses its own data parallel (--nproc) with shard_optimizer_state: true for ZeRO stage 1");
  args.ignored("debug", "TuneDesk always stops on a non-finite loss");

  peft.on("peft_type", [&](const YAML::Node& n) {
    const std::string s = peft.string(n);
    if (s != "LORA" && s != "PREFIX_TUNING") peft.fail(n, peft.current(), "config.peft_type", {s});
    peft_method = parse_method(s);
  });
  peft.on("task_type", [&](const YAML::Node& n) {
    if (peft.string(n) != "CAUSAL_LM") peft.fail(n, peft.current(), "config.task_type");
  });
  peft.on("bias", [&](const YAML::Node& n) {
    if (peft.string(n) != "none") peft.fail(n, peft.current(), "config.bias");
  });
  peft.on("num_attention_heads", [&](const YAML::Node& n) { c.prefix_num_attention_heads = peft.count(n, 1); });
  peft.on("token_dim", [&](const YAML::Node& n) { c.prefix_token_dim = peft.count(n, 1); });
  peft.ignored("num_layers", "taken from the model");
  peft.ignored("num_transformer_submodules", "always 1 for causal language models");
  peft.ignored("inference_mode", "set when the adapter is saved");
  peft.ignored("fan_in_fan_out", "weights are stored as [out, in]");
  peft.ignored("modules_to_save", "only the adapter trains");

  top.on("data_config", [&](const YAML::Node& n) { data.read(n); });
  top.on("training_args", [&](const YAML::Node& n) { args.read(n); });
  top.on("peft_config", [&](const YAML::Node& n) {
    saw_peft = !n.IsNull();
    if (saw_peft) peft.read(n);
  });
  top.on("model", [&](const YAML::Node& n) { c.model = top.string(n); });
  top.ignored("combine", "the whole conversation is always rendered with the chat template");
  top.ignored("freezeV", "LoRA's targets are set by target_modules");
  // A key in the wrong section is named with the one it belongs to (any but the top, whose keys have no prefix).
  const std::vector<const Section*> nested = {&args, &generation, &peft, &data};
  for (Section* s : {&top, &args, &generation, &peft, &data}) s->elsewhere(nested);
  top.read(root);

  // The method: explicit, else from peft_config, else full fine-tuning (finetune_demo's sft.yaml has none).
  if (!given.contains("method")) {
    if (peft_method) t.method = *peft_method;
    else if (!saw_peft) t.method = Method::full;
  }
  // GLM-4's two limits replace the single cutoff unless both are given.
  if ((c.truncation.max_input_length || c.truncation.max_output_length) && !given.contains("cutoff_len"))
    c.truncation.cutoff_len = 0;
  if (save_disabled) t.save_steps = 0;
  if (eval_disabled) {  // no validation set at all
    t.eval_steps = 0;
    c.val_ratio = 0;
    c.val_file.clear();
  }
  if (t.max_steps > 0 && given.contains("epochs"))
    c.warnings.push_back(file + ": training_args.num_train_epochs: max_steps is set and takes precedence");
  return c;
}

}  // namespace

}  // namespace tunedesk::training
