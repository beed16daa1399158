#include "training/export_result.h"

#include "engine/device.h"
#include "engine/model_export.h"
#include "training/trained_model.h"
#include "util/file_io.h"
#include "util/user_error.h"

namespace tunedesk::training {

namespace fs = std::filesystem;

ExportOutcome export_result(const ExportRequest& request) {
  std::error_code ec;
  if (fs::exists(request.out, ec) && !fs::is_empty(request.out, ec))
    throw UserError("export.out_not_empty", {request.out.string()});
  const TrainedLocation where = locate_trained(request.source);

  if (!request.merge) {  // a copy of the result as it is
    fs::create_directories(request.out);
    for (const auto& entry : fs::directory_iterator(where.dir))
      if (entry.is_regular_file())
        util::write_file_atomically(request.out / entry.path().filename(), util::read_file(entry.path()));
    return {where.kind == "model" ? "model" : "adapter", {}};
  }
  if (where.kind == "ptuning_v2") throw UserError("export.prefix_not_mergeable", {request.source.string()});
  if (where.kind == "model") throw UserError("export.already_model", {request.source.string()});

  // Merging runs on the CPU in fp32 and writes the base checkpoint's precision.
  engine::configure_cpu();
  const auto trained = open_trained(request.source, request.base_model, engine::pick_target("cpu", "fp32"));
  trained->model->set_adapter(nullptr);
  trained->lora->merge_into(*trained->model);
  model::WeightFolderOptions layout;
  if (request.max_shard_bytes > 0) layout.max_shard_bytes = request.max_shard_bytes;
  engine::save_model_folder(*trained->model, trained->model_dir, request.out, layout);
  if (trained->trained_with) {
    TrainedWith info = *trained->trained_with;
    info.method += "+merged";
    write_trained_with(request.out, info);
  }
  return {"merged model", trained->model_dir};
}

}  // namespace tunedesk::training
