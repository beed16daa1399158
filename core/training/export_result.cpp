#include "training/export_result.h"

#include "engine/device.h"
#include "engine/model_export.h"
#include <cctype>

#include "chat/chat_template.h"
#include "chat/ollama_modelfile.h"
#include "gguf/gguf_file.h"
#include "gguf/hf_to_gguf.h"
#include "gguf/lora_to_gguf.h"
#include "training/trained_model.h"
#include "util/file_io.h"
#include "util/utf8.h"
#include "util/user_error.h"

namespace tunedesk::training {

namespace fs = std::filesystem;

namespace {

// The merged model, in the base checkpoint's precision, as a Hugging Face folder.
fs::path merge_lora(const ExportRequest& request, const fs::path& out) {
  // Merging runs on the CPU in fp32 and writes the base checkpoint's precision.
  engine::configure_cpu();
  const auto trained = open_trained(request.source, request.base_model, engine::pick_target("cpu", "fp32"));
  trained->model->set_adapter(nullptr);
  trained->lora->merge_into(*trained->model);
  model::WeightFolderOptions layout;
  if (request.max_shard_bytes > 0) layout.max_shard_bytes = request.max_shard_bytes;
  engine::save_model_folder(*trained->model, trained->model_dir, out, layout);
  if (trained->trained_with) {
    TrainedWith info = *trained->trained_with;
    info.method += "+merged";
    write_trained_with(out, info);
  }
  return trained->model_dir;
}

// "run-name": the source's name (a run's, not its model/ or adapter/ folder's).
std::string source_name(const fs::path& source) {
  const std::string name = fs::weakly_canonical(source).filename().string();
  return name.empty() ? "model" : name;
}

// "run-name-Q4_K_M.gguf", "run-name-F16-LoRA.gguf": as llama.cpp names its files.
std::string gguf_file_name(const std::string& name, const char* type_name, bool adapter = false) {
  return name + "-" + type_name + (adapter ? "-LoRA" : "") + ".gguf";
}

// `p` as one word of a POSIX shell command, quoted only when it must be.
std::string shell_word(const fs::path& p) {
  const std::string s = p.string();
  constexpr const char* kPlain = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./-+=:@";
  if (!s.empty() && s.find_first_not_of(kPlain) == std::string::npos) return s;
  std::string quoted = "'";
  for (const char c : s) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// An Ollama model name from a run's: lower case letters, digits, '-', '_', '.'.
std::string ollama_name(const std::string& name) {
  std::string out;
  for (const char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c)) out += static_cast<char>(std::tolower(c));
    else if (c == '-' || c == '_' || c == '.') out += ch;
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  return out.empty() ? "tunedesk-model" : out;
}

// The text of the BOS token llama.cpp adds by itself to what the file holds, or empty.
std::string bos_added_by_llama_cpp(const fs::path& gguf_file) {
  const gguf::GgufReader file(gguf_file);
  const gguf::Value* add = file.find("tokenizer.ggml.add_bos_token");
  const gguf::Value* bos = file.find("tokenizer.ggml.bos_token_id");
  const gguf::Value* tokens = file.find("tokenizer.ggml.tokens");
  if (!add || !add->as_bool() || !bos || !tokens) return {};
  const uint64_t id = bos->as_uint();
  return id < tokens->string_items().size() ? tokens->string_items()[id] : std::string();
}

// Modelfile beside the GGUF files: the chat template the run trained with (or the model's), its system instruction.
void write_modelfile(const ExportRequest& request, const TrainedLocation& where, const fs::path& model_dir,
                     ExportOutcome& outcome) {
  const std::string chosen = where.trained_with ? where.trained_with->chat_template : std::string();
  const chat::ChatTemplate* tmpl = chosen.empty() ? chat::detect_template(model_dir) : &chat::choose_template(model_dir, chosen);
  chat::ModelfileSpec spec;
  outcome.modelfile = request.out / "Modelfile";
  // Beside the Modelfile when written with it; an adapter alone names its base's file where it is.
  spec.from = outcome.file.parent_path() == outcome.modelfile.parent_path() ? "./" + outcome.file.filename().string()
                                                                            : fs::absolute(outcome.file).string();
  if (!outcome.adapter_file.empty()) spec.adapter = "./" + outcome.adapter_file.filename().string();
  spec.chat_template = tmpl;
  if (where.trained_with) spec.system = where.trained_with->system_instruction;
  spec.bos_added = bos_added_by_llama_cpp(outcome.file);
  const chat::Modelfile m = chat::ollama_modelfile(spec);
  util::write_file_atomically(outcome.modelfile, m.text);
  outcome.notes.insert(outcome.notes.end(), m.notes.begin(), m.notes.end());
  outcome.commands.push_back("ollama create " + ollama_name(source_name(request.source)) + " -f " + shell_word(outcome.modelfile));
}

// An adapter GGUF goes only with the base it was made for: the same
// architecture, every adapted tensor there with the shapes A and B imply.
void check_adapter_fits(const fs::path& adapter_file, const fs::path& base_gguf) {
  const gguf::GgufReader adapter(adapter_file), base(base_gguf);
  const auto refuse = [&](const std::string& why) { throw UserError("export.base_gguf_mismatch", {base_gguf.string(), why}); };
  const gguf::Value* base_arch = base.find("general.architecture");
  const std::string adapter_arch = adapter.at("general.architecture").as_string();
  if (base.find("general.type") && base.at("general.type").as_string() == "adapter") refuse("it is an adapter, not a model");
  if (!base_arch || base_arch->as_string() != adapter_arch)
    refuse("its architecture is " + (base_arch ? base_arch->as_string() : std::string("not given")) + ", the adapter's " + adapter_arch);
  for (const gguf::TensorInfo& t : adapter.tensors()) {
    const bool a = t.name.ends_with(".lora_a");
    if (!a && !t.name.ends_with(".lora_b")) continue;
    const std::string target = t.name.substr(0, t.name.size() - 7);
    const gguf::TensorInfo* w = base.find_tensor(target);
    if (!w) refuse("it has no tensor " + target);
    // PyTorch order: W [out, in], A [r, in], B [out, r].
    if (w->shape.size() != 2 || t.shape.size() != 2 || (a ? t.shape[1] != w->shape[1] : t.shape[0] != w->shape[0]))
      refuse(target + " has the shape [" + std::to_string(w->shape.empty() ? 0 : w->shape[0]) + ", " +
             std::to_string(w->shape.size() < 2 ? 0 : w->shape[1]) + "], which " + t.name + " does not fit");
  }
}

ExportOutcome export_gguf_file(const ExportRequest& request, const TrainedLocation& where) {
  if (where.kind == "ptuning_v2") throw UserError("export.prefix_not_gguf", {request.source.string()});
  if (request.gguf_adapter_only && (where.kind == "model" || request.merge))
    throw UserError("export.adapter_only_not_lora", {request.source.string()});
  fs::create_directories(request.out);
  const std::string name = source_name(request.source);
  gguf::GgufExportOptions options;
  options.type = request.gguf_type;
  options.progress = request.progress;
  options.name = name;
  const gguf::FileTypeTraits& type = gguf::traits(request.gguf_type);
  ExportOutcome outcome;
  fs::path model_dir = where.dir;  // the folder whose tokenizer and chat template the files carry
  if (where.kind == "model") {
    outcome.written = "GGUF";
    outcome.file = request.out / gguf_file_name(name, type.name);
    outcome.notes = gguf::export_gguf(where.dir, outcome.file, options).notes;
  } else if (!request.merge) {
    // A LoRA adapter as a GGUF adapter, with its base model's GGUF (llama.cpp and Ollama need both),
    // or alone beside a base GGUF converted before.
    model_dir = request.base_model.empty() ? where.base_model : request.base_model;
    if (model_dir.empty()) throw UserError("model.base_unknown", {where.dir.string()});
    if (request.gguf_adapter_only && request.ollama && request.base_gguf.empty())
      throw UserError("export.ollama_needs_base_gguf", {});
    outcome.written = request.gguf_adapter_only ? "GGUF adapter alone" : "GGUF adapter";
    outcome.base_model = model_dir;
    if (!request.gguf_adapter_only) {
      gguf::GgufExportOptions base_options = options;
      base_options.name = source_name(model_dir);
      outcome.file = request.out / gguf_file_name(source_name(model_dir), type.name);
      outcome.notes = gguf::export_gguf(model_dir, outcome.file, base_options).notes;
    } else if (!request.base_gguf.empty()) {
      outcome.file = fs::absolute(request.base_gguf);
    }
    gguf::LoraGgufOptions adapter_options;
    adapter_options.type = type.adapter;
    adapter_options.name = name;
    outcome.adapter_file = request.out / gguf_file_name(name, gguf::traits(type.adapter).name, true);
    if (type.adapter != type.matrices)
      outcome.notes.push_back(std::string("the adapter's matrices are ") + gguf::traits(type.adapter).name + ", not " +
                              type.name + ": they are small, and four bits would lose much of what the run learned");
    gguf::export_lora_gguf(where.dir, model_dir, outcome.adapter_file, adapter_options);
    if (request.gguf_adapter_only && !request.base_gguf.empty()) {
      try {
        check_adapter_fits(outcome.adapter_file, request.base_gguf);
      } catch (...) {
        fs::remove(outcome.adapter_file);
        throw;
      }
    }
    if (request.gguf_adapter_only && request.base_gguf.empty())
      outcome.notes.push_back("the base model's GGUF is not written: run it with the one converted before (tunedesk-cli export " +
                              shell_word(model_dir) + " --format gguf --type " + utf8::ascii_lower(type.name) + ")");
  } else {
    // A LoRA result merged: into a scratch folder beside the output, converted, removed.
    const fs::path scratch = request.out / ".merging";
    fs::remove_all(scratch);
    struct Cleanup {
      fs::path dir;
      ~Cleanup() {
        std::error_code ignored;
        fs::remove_all(dir, ignored);
      }
    } cleanup{scratch};
    outcome.base_model = merge_lora(request, scratch);
    model_dir = outcome.base_model;
    outcome.written = "merged GGUF";
    outcome.file = request.out / gguf_file_name(name, type.name);
    outcome.notes = gguf::export_gguf(scratch, outcome.file, options).notes;
  }
  outcome.commands.push_back("llama-cli -m " + (outcome.file.empty() ? std::string("BASE.gguf") : shell_word(outcome.file)) +
                             (outcome.adapter_file.empty() ? "" : " --lora " + shell_word(outcome.adapter_file)));
  if (request.ollama) write_modelfile(request, where, model_dir, outcome);
  return outcome;
}

}  // namespace

ExportOutcome export_result(const ExportRequest& request) {
  std::error_code ec;
  if (fs::exists(request.out, ec) && !fs::is_empty(request.out, ec))
    throw UserError("export.out_not_empty", {request.out.string()});
  const TrainedLocation where = locate_trained(request.source);
  if (request.gguf) return export_gguf_file(request, where);

  if (!request.merge) {  // a copy of the result as it is
    fs::create_directories(request.out);
    for (const auto& entry : fs::directory_iterator(where.dir))
      if (entry.is_regular_file())
        util::write_file_atomically(request.out / entry.path().filename(), util::read_file(entry.path()));
    ExportOutcome copied;
    copied.written = where.kind == "model" ? "model" : "adapter";
    return copied;
  }
  if (where.kind == "ptuning_v2") throw UserError("export.prefix_not_mergeable", {request.source.string()});
  if (where.kind == "model") throw UserError("export.already_model", {request.source.string()});
  ExportOutcome merged;
  merged.written = "merged model";
  merged.base_model = merge_lora(request, request.out);
  return merged;
}

}  // namespace tunedesk::training
