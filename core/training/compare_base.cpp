#include "training/compare_base.h"

#include <nlohmann/json.hpp>

#include <map>
#include <stdexcept>

#include "chat/chat_template.h"
#include "data/dataset_reader.h"
#include "data/model_types.h"
#include "data/validator.h"
#include "engine/causal_lm.h"
#include "engine/packed_weights.h"
#include "tokenizer/tokenizer.h"
#include "training/predict.h"
#include "training/run_files.h"
#include "training/sft_data.h"
#include "training/text_metrics.h"
#include "training/trained_model.h"
#include "util/file_io.h"
#include "util/user_error.h"

namespace tunedesk::training {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

json run_config(const fs::path& source) {
  return is_run_folder(source) ? json::parse(util::read_file(source / "config.json")) : json::object();
}

// Each case answered in turn, counted and checked for cancelling between answers.
std::vector<std::string> answer_all(const engine::CausalLM& model, const tok::Tokenizer& tokenizer,
                                    const std::vector<PredictionCase>& cases, const std::vector<int64_t>& stop_ids,
                                    int64_t max_new_tokens, std::size_t& done, std::size_t total,
                                    const CompareProgress& progress, const std::atomic<bool>* cancel) {
  std::vector<std::string> answers;
  for (const PredictionCase& c : cases) {
    if (cancel && cancel->load()) throw CompareCancelled();
    answers.push_back(generate_answers(model, tokenizer, {c}, stop_ids, max_new_tokens).front());
    if (progress) progress(++done, total);
  }
  return answers;
}

}  // namespace

EvaluationRows evaluation_rows(const fs::path& source, const fs::path& data) {
  if (!data.empty()) return {data, {}};
  if (!is_run_folder(source))
    throw std::invalid_argument(source.string() + " is an adapter or model folder, not a run that held rows out: name a data file to compare on");
  const json run = run_config(source);
  EvaluationRows rows;
  for (const json& line : run.value("val_lines", json::array())) rows.lines.insert(line.get<std::size_t>());
  if (rows.lines.empty())
    throw std::invalid_argument(source.string() +
                                " held no rows out (val_ratio 0, or a run from before TuneDesk recorded them): name a data file to compare on");
  const json val_data = run.value("val_data", json());
  rows.file = val_data.is_string() ? val_data.get<std::string>() : run.at("data").get<std::string>();
  return rows;
}

Evaluation compare_answers(TrainedModel& trained, const SftData& data, const data::Dataset& dataset,
                           const tok::Tokenizer& tokenizer, const chat::ChatTemplate& tmpl,
                           const engine::DecodeWeightsChoice& decode, int64_t max_new_tokens,
                           const CompareProgress& progress, const std::atomic<bool>* cancel) {
  engine::CausalLM& model = *trained.model;
  if (trained.kind != "model") {
    model.set_adapter(trained.lora ? &*trained.lora : nullptr);
    model.set_prefix(trained.prefix ? &*trained.prefix : nullptr);
  }
  if (decode.format) model.pack_for_decoding(*decode.format);
  const std::vector<PredictionCase> cases = prediction_cases(data.examples, tokenizer, data.examples.size());
  const std::vector<int64_t> stop_ids = chat_stop_ids(model, tokenizer, tmpl);
  const std::size_t total = 2 * cases.size();
  std::size_t done = 0;
  const std::vector<std::string> tuned =
      answer_all(model, tokenizer, cases, stop_ids, max_new_tokens, done, total, progress, cancel);
  std::vector<std::string> base;
  if (trained.kind != "model") {
    model.set_adapter(nullptr);
    model.set_prefix(nullptr);
    base = answer_all(model, tokenizer, cases, stop_ids, max_new_tokens, done, total, progress, cancel);
  } else {
    std::error_code ec;
    if (!trained.trained_with || !fs::exists(trained.trained_with->base_model, ec))
      throw std::runtime_error("this fully fine-tuned model does not record a base model that is still on disk; "
                               "there is nothing to compare it with");
    engine::CausalLM original = engine::CausalLM::load(trained.trained_with->base_model, model.target());
    if (decode.format) original.pack_for_decoding(*decode.format);
    base = answer_all(original, tokenizer, cases, stop_ids, max_new_tokens, done, total, progress, cancel);
  }
  std::map<std::size_t, std::string_view> questions;
  for (const data::Example& e : dataset.examples) questions[e.line] = e.turn.user;
  Evaluation evaluation;
  evaluation.weights = decode.reason;
  if (model.packed()) evaluation.weights += std::string("; ") + model.packed()->describe();
  for (std::size_t i = 0; i < cases.size(); ++i) {
    EvaluatedRow row;
    row.line = data.examples[i].line;
    row.question = std::string(questions[row.line]);
    // The answers proper (an empty reasoning block such as Qwen3's "<think></think>" left out), as they are scored.
    row.expected = std::string(answer_text(cases[i].reference));
    row.base = std::string(answer_text(base[i]));
    row.tuned = std::string(answer_text(tuned[i]));
    evaluation.rows.push_back(std::move(row));
  }
  score_evaluation(evaluation);
  return evaluation;
}

Evaluation compare_with_base(const fs::path& source, const CompareOptions& options) {
  const EvaluationRows rows = evaluation_rows(source, options.data);
  const json run = run_config(source);
  const data::Dataset dataset = data::read_dataset(rows.file.string());
  const data::ValidationReport report = data::validate(dataset);
  if (!report.passed)
    throw std::invalid_argument(rows.file.string() + " has " + std::to_string(report.errors) +
                                " errors; check it in the validation view first");
  const data::ModelTypeCatalog catalog = data::ModelTypeCatalog::with_user_types();
  const std::string type_name = run.value("model_type", std::string("general"));
  const data::ModelType* type = catalog.find(type_name);
  if (!type) throw std::invalid_argument("unknown model type '" + type_name + "'; known types: " + catalog.ids());

  engine::configure_cpu();
  const engine::ComputeTarget target = engine::pick_target(options.device, "auto");
  const engine::DecodeWeightsChoice decode = engine::choose_decode_weights(target, options.weights);
  const auto trained = open_trained(source, "", target);
  const tok::Tokenizer tokenizer = tok::Tokenizer::load(trained->model_dir);
  const std::string trained_template = trained->trained_with ? trained->trained_with->chat_template : "";
  const chat::ChatTemplate& tmpl = chat::choose_template(trained->model_dir, run.value("template", trained_template));
  TruncationOptions truncation;
  truncation.cutoff_len = run.value("cutoff_len", std::size_t{1024});
  SftData data = build_sft_data(dataset, report, tokenizer, tmpl, type->instruction, truncation);
  if (!rows.lines.empty())
    std::erase_if(data.examples, [&](const TokenizedExample& e) { return !rows.lines.count(e.line); });

  Evaluation evaluation = compare_answers(*trained, data, dataset, tokenizer, tmpl, decode, options.max_new_tokens,
                                          options.progress, options.cancel);
  evaluation.data = fs::absolute(rows.file).string();
  evaluation.rows_from = rows.lines.empty() ? "file" : "held-out rows";
  if (is_run_folder(source)) save_evaluation(source, evaluation);
  return evaluation;
}

}  // namespace tunedesk::training
