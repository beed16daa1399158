#include "training/export_result.h"

#include "engine/device.h"
#include "engine/model_export.h"
#include "gguf/hf_to_gguf.h"
#include "training/trained_model.h"
#include "util/file_io.h"
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

// "run-name-Q8_0.gguf": the source's name (a run's, not its model/ folder's) and the type, as llama.cpp names files.
std::string gguf_file_name(const ExportRequest& request, gguf::TensorType type) {
  std::string name = fs::weakly_canonical(request.source).filename().string();
  if (name.empty()) name = "model";
  return name + "-" + gguf::traits(type).name + ".gguf";
}

ExportOutcome export_gguf_file(const ExportRequest& request, const TrainedLocation& where) {
  if (where.kind == "ptuning_v2") throw UserError("export.prefix_not_gguf", {request.source.string()});
  if (where.kind == "lora" && !request.merge) throw UserError("export.lora_gguf_needs_merge", {request.source.string()});
  fs::create_directories(request.out);
  gguf::GgufExportOptions options;
  options.type = request.gguf_type;
  options.progress = request.progress;
  options.name = fs::weakly_canonical(request.source).filename().string();
  const fs::path file = request.out / gguf_file_name(request, request.gguf_type);
  ExportOutcome outcome;
  outcome.file = file;
  if (where.kind == "model") {
    outcome.written = "GGUF";
    outcome.notes = gguf::export_gguf(where.dir, file, options).notes;
    return outcome;
  }
  // A LoRA result: merged into a scratch folder beside the output, converted, removed.
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
  outcome.written = "merged GGUF";
  outcome.notes = gguf::export_gguf(scratch, file, options).notes;
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
    return {where.kind == "model" ? "model" : "adapter", {}, {}, {}};
  }
  if (where.kind == "ptuning_v2") throw UserError("export.prefix_not_mergeable", {request.source.string()});
  if (where.kind == "model") throw UserError("export.already_model", {request.source.string()});
  return {"merged model", merge_lora(request, request.out), {}, {}};
}

}  // namespace tunedesk::training
