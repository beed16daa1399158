#include "training/augment_dataset.h"

#include <nlohmann/json.hpp>

#include <set>

#include "data/dataset_reader.h"
#include "data/validator.h"
#include "engine/device.h"
#include "training/chat_model.h"
#include "util/file_io.h"
#include "util/user_error.h"

namespace tunedesk::training {
namespace {

using nlohmann::json;

// One row as alpaca JSONL; `generated` says how a model made it (null: a source row).
std::string jsonl_row(std::string_view system, std::string_view question, std::string_view answer, const json& generated) {
  json row = {{"instruction", system}, {"input", question}, {"output", answer}};
  if (!generated.is_null()) row["generated"] = generated;
  return row.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";  // a model may end mid-character
}

}  // namespace

data::AugmentationOutcome augment_dataset(const data::Dataset& dataset, const data::ValidationReport& report,
                                          const data::ModelType& type, const data::AugmentationRequest& request,
                                          const AugmentationProgress& progress, const std::atomic<bool>* cancel) {
  const data::AugmentationPrompts prompts = data::AugmentationPrompts::load(request.prompts);
  if (!request.prompt_template.empty())
    data::AugmentationPrompts::check_template(request.kind, request.prompt_template, "the prompt",
                                              "a " + std::string(data::augmentation_kind_name(request.kind)) + " prompt");
  std::size_t to_do = 0;  // the rows asked about, for progress
  for (std::size_t i = 0; i < dataset.examples.size() && to_do < request.limit; ++i)
    if (!report.example_has_error[i]) ++to_do;

  const engine::ComputeTarget target = engine::pick_target(request.device.empty() ? "auto" : request.device, "auto");
  const auto model = ChatModel::open(request.model, {}, target, request.chat_template);
  engine::GenerationOptions options;
  options.max_new_tokens = request.max_new_tokens > 0 ? request.max_new_tokens : data::default_max_new_tokens(request.kind);
  options.sampling.greedy = false;
  options.sampling.temperature = request.temperature;
  options.cancel = cancel;
  const json how = {{"kind", data::augmentation_kind_name(request.kind)}, {"model", request.model.filename().string()}};
  const auto cancelled = [&] { return cancel && cancel->load(); };

  data::AugmentationOutcome outcome;
  std::string text;
  for (std::size_t i = 0; i < dataset.examples.size() && outcome.rows < to_do && !cancelled(); ++i) {
    if (report.example_has_error[i]) continue;
    const data::Example& ex = dataset.examples[i];
    const std::string_view system = ex.system.empty() ? std::string_view(type.instruction) : ex.system;
    if (request.with_source) {
      text += jsonl_row(system, ex.turn.user, ex.turn.assistant, ex.generated ? json(true) : json());
      ++outcome.source_rows;
    }
    std::set<std::string> seen = {std::string(ex.turn.user)};  // the question itself and earlier candidates
    const std::string prompt_text =
        request.prompt_template.empty() ? prompts.prompt(request.kind, type.id, ex.turn.user, ex.turn.assistant)
                                        : data::AugmentationPrompts::fill(request.prompt_template, ex.turn.user, ex.turn.assistant);
    const std::vector<int64_t> prompt = model->prompt_ids({{"user", prompt_text}}, /*use_trained_system=*/false);
    for (std::size_t k = 0; k < request.per_row && !cancelled(); ++k) {
      options.sampling.seed = request.seed + ex.line * 1000 + k;  // each row's candidates the same whatever the limit
      const engine::GenerationResult result = model->reply(prompt, options);
      if (result.finish_reason == "cancelled") break;
      std::string question, answer(ex.turn.assistant);
      if (request.kind == data::AugmentationKind::pairs) {
        if (auto pair = data::pair_from(result.text, ex.turn.user)) {
          question = std::move(pair->question);
          answer = std::move(pair->answer);
        }
      } else {
        question = data::paraphrase_from(result.text, ex.turn.user);
      }
      if (question.empty() || !seen.insert(question).second) {
        ++outcome.unusable;
        continue;
      }
      json generated = how;
      generated["from_line"] = ex.line;
      text += jsonl_row(system, question, answer, generated);
      ++outcome.written;
    }
    ++outcome.rows;
    if (progress) progress(outcome.rows, to_do, outcome.written);
  }
  outcome.cancelled = cancelled();
  util::write_file_atomically(request.output, text);
  return outcome;
}

data::AugmentationOutcome augment_file(const data::AugmentationRequest& request, const AugmentationProgress& progress,
                                       const std::atomic<bool>* cancel) {
  const data::ModelTypeCatalog catalog = data::ModelTypeCatalog::with_user_types();
  const data::ModelType* type = catalog.find(request.model_type);
  if (!type) throw UserError("job.model_type", {request.model_type, catalog.ids()});
  const data::Dataset dataset = data::read_dataset(request.input);
  const data::ValidationReport report = data::validate(dataset);
  if (report.valid_rows == 0) throw UserError("augment.no_rows", {request.input.string()});
  return augment_dataset(dataset, report, *type, request, progress, cancel);
}

}  // namespace tunedesk::training
