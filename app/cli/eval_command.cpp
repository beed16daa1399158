#include "eval_command.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <set>
#include <nlohmann/json.hpp>

#include "arg_parser.h"
#include "chat/chat_template.h"
#include "data/dataset_reader.h"
#include "data/model_types.h"
#include "data/validator.h"
#include "engine/causal_lm.h"
#include "engine/packed_weights.h"
#include "training/compare_base.h"
#include "training/evaluation.h"
#include "training/predict.h"
#include "training/run_files.h"
#include "training/text_metrics.h"
#include "training/trained_model.h"
#include "exit_codes.h"
#include "tokenizer/tokenizer.h"
#include "training/trainer.h"
#include "util/file_io.h"
#include "util/utf8.h"

namespace tunedesk::cli {

namespace {

void print_comparison(const training::Evaluation& e, const std::filesystem::path& stored) {
  const auto line = [](const char* who, const training::AnswerTotals& t, std::size_t n) {
    std::printf("  %-12s exact %zu/%zu (%.0f%%)  rouge-l %.1f  bleu-4 %.1f\n", who, t.exact, n, 100.0 * t.exact_share, t.rouge_l, t.bleu_4);
  };
  std::cout << "Base model and fine-tuned model on " << e.rows.size() << " " << (e.rows_from == "file" ? "rows of " : "held-out rows of ")
            << e.data << ":\n";
  std::cout << std::flush;
  line("base model", e.base, e.rows.size());
  line("fine-tuned", e.tuned, e.rows.size());
  // The rows that changed most, either way.
  std::vector<const training::EvaluatedRow*> order;
  for (const training::EvaluatedRow& r : e.rows) order.push_back(&r);
  std::stable_sort(order.begin(), order.end(), [](const auto* a, const auto* b) {
    return std::fabs(a->tuned_scores.rouge_l - a->base_scores.rouge_l) > std::fabs(b->tuned_scores.rouge_l - b->base_scores.rouge_l);
  });
  // On one line, at most 40 characters.
  const auto shorten = [](const std::string& s) {
    std::string out;
    std::size_t chars = 0;
    for (std::size_t i = 0; i < s.size(); ++chars) {
      std::size_t length = 1;
      utf8::decode(s, i, length);
      if (chars == 40) return out + "…";
      const char c = s[i];
      out += (c == '\n' || c == '\r' || c == '\t') ? std::string(" ") : s.substr(i, length);
      i += length;
    }
    return out;
  };
  for (std::size_t i = 0; i < std::min<std::size_t>(5, order.size()); ++i) {
    const training::EvaluatedRow& r = *order[i];
    std::printf("  line %zu: %s\n    expected %s | base %s (%.0f) | tuned %s (%.0f)\n", r.line, shorten(r.question).c_str(),
                shorten(r.expected).c_str(), shorten(r.base).c_str(), r.base_scores.rouge_l, shorten(r.tuned).c_str(),
                r.tuned_scores.rouge_l);
  }
  if (!stored.empty()) std::cout << "Kept with the run: " << stored.string() << "\n";
}

}  // namespace

int run_eval_command(const std::vector<std::string>& args) {
  using nlohmann::json;
  ArgParser p("tunedesk-cli eval",
              "Loss and perplexity of a fine-tuned result (run, adapter or model), and of its base model, on a dataset; "
              "with --compare-base, both models' answers side by side.");
  p.positional("RUN_OR_ADAPTER", "a training run folder (from tunedesk-cli train) or an adapter folder (PEFT layout)")
      .option("--data", "FILE", "the evaluation data: CSV, Excel or JSONL (required, but with --compare-base on a run that held rows out)")
      .option("--model", "DIR", "the base model (default: the run's, or the adapter's base_model_name_or_path)")
      .option("--model-type", "NAME", "system instruction for examples without one (default: the run's, else general)")
      .option("--template", "NAME", "chat template (default: the run's, else detected)")
      .option("--batch-size", "N", "examples per batch (default 4)")
      .option("--cutoff-len", "N", "longest sequence in tokens (default: the run's, else 1024)")
      .option("--device", "DEV", "auto (default), cpu or cuda")
      .flag("--generate", "also generate every answer (greedy) and report exact matches, ROUGE-1/2/L and BLEU-4")
      .option("--max-new-tokens", "N", "with --generate: the longest answer (default 128)")
      .option("--weights", "FORM", "with --generate on the CPU: the weights answers are decoded from, as a chat "
                                   "reads them: auto (default: bf16), fp32, bf16 or q8_0")
      .option("--predictions", "FILE", "with --generate: write question, expected and generated answer as JSONL")
      .flag("--compare-base", "answer every row (greedy) with the base model and the fine-tuned one: per-row ROUGE-L, "
                              "BLEU-4 and exact match for both, totals; a run keeps it as evaluation.json. Without "
                              "--data: the rows the run held out")
      .option("--export", "FILE", "with --compare-base: write the comparison as CSV (.csv) or JSONL (.jsonl)")
      .flag("--json", "print the result as JSON");
  if (!p.parse(args)) {
    std::cout << p.help();
    return kExitOk;
  }
  const bool compare_base = p.has("--compare-base");
  if (p.value("--export") && !compare_base) throw UsageError("--export goes with --compare-base");
  const std::filesystem::path source = p.positional_value("RUN_OR_ADAPTER");
  // A run folder's settings are the defaults for template, model type and cutoff.
  json run = json::object();
  std::error_code ec;
  const bool is_run = training::is_run_folder(source);
  if (is_run) run = json::parse(util::read_file(source / "config.json"));
  // Without --data, a comparison takes the rows the run held out (of its val_data, else of its data).
  std::optional<std::string> data_file = p.value("--data");
  std::set<std::size_t> held_out;
  if (!data_file && compare_base) {
    try {
      training::EvaluationRows rows = training::evaluation_rows(source, "");
      data_file = rows.file.string();
      held_out = std::move(rows.lines);
    } catch (const std::invalid_argument& e) {
      throw UsageError(std::string(e.what()) + " (--data FILE)");
    }
  }
  if (!data_file) throw UsageError("--data is required");
  const data::Dataset dataset = data::read_dataset(*data_file);
  const data::ValidationReport report = data::validate(dataset);
  if (!report.passed) {
    std::cerr << "tunedesk-cli eval: " << *data_file << " has " << report.errors
              << " errors; run 'tunedesk-cli data check " << *data_file << "' for the report\n";
    return kExitCheckFailed;
  }
  const data::ModelTypeCatalog catalog = data::ModelTypeCatalog::with_user_types();
  const std::string type_name = p.value_or("--model-type", run.value("model_type", std::string("general")));
  const data::ModelType* type = catalog.find(type_name);
  if (!type) throw UsageError("unknown model type '" + type_name + "'; known types: " + catalog.ids());

  engine::configure_cpu();
  const engine::ComputeTarget target = engine::pick_target(p.value_or("--device", "auto"), "auto");
  // Answers come from the weights a chat would decode from (losses are computed first, in fp32).
  const engine::DecodeWeightsChoice decode = engine::choose_decode_weights(target, p.value_or("--weights", "auto"));
  const auto trained = training::open_trained(source, p.value_or("--model", ""), target);
  engine::CausalLM& model = *trained->model;
  const std::string trained_template = trained->trained_with ? trained->trained_with->chat_template : "";
  const tok::Tokenizer tokenizer = tok::Tokenizer::load(trained->model_dir);
  const chat::ChatTemplate& tmpl =
      chat::choose_template(trained->model_dir, p.value_or("--template", run.value("template", trained_template)));
  training::TruncationOptions truncation;
  truncation.cutoff_len = p.count("--cutoff-len").value_or(run.value("cutoff_len", std::size_t{1024}));
  training::SftData data = training::build_sft_data(dataset, report, tokenizer, tmpl, type->instruction, truncation);
  if (!held_out.empty())
    std::erase_if(data.examples, [&](const training::TokenizedExample& e) { return !held_out.count(e.line); });
  const auto batch = static_cast<int64_t>(p.count("--batch-size").value_or(4));
  const int32_t pad_id = training::pad_token_id(tokenizer, model.config());

  const double loss = training::evaluate(model, data.examples, batch, pad_id);
  // The base model alone, for comparison: the adapter detached, or the recorded base of a fully tuned model.
  std::optional<double> base_loss;
  if (trained->kind != "model") {
    model.set_adapter(nullptr);
    model.set_prefix(nullptr);
    base_loss = training::evaluate(model, data.examples, batch, pad_id);
  } else if (trained->trained_with && std::filesystem::exists(trained->trained_with->base_model, ec)) {
    const engine::CausalLM base = engine::CausalLM::load(trained->trained_with->base_model, target);
    base_loss = training::evaluate(base, data.examples, batch, pad_id);
  }
  json generated = json::object();
  if (p.has("--generate")) {
    if (trained->kind != "model") {  // back to the fine-tuned model
      model.set_adapter(trained->lora ? &*trained->lora : nullptr);
      model.set_prefix(trained->prefix ? &*trained->prefix : nullptr);
    }
    if (decode.format) model.pack_for_decoding(*decode.format);
    generated["weights"] = decode.reason;
    const std::vector<training::PredictionCase> cases =
        training::prediction_cases(data.examples, tokenizer, data.examples.size());
    const std::vector<int64_t> stop_ids = training::chat_stop_ids(model, tokenizer, tmpl);
    const std::vector<std::string> answers = training::generate_answers(
        model, tokenizer, cases, stop_ids, static_cast<int64_t>(p.count("--max-new-tokens").value_or(128)));
    std::vector<std::string> references;
    std::size_t exact = 0;
    std::string lines;
    for (std::size_t i = 0; i < cases.size(); ++i) {
      references.push_back(cases[i].reference);
      const bool same = training::answer_text(answers[i]) == training::answer_text(cases[i].reference);
      exact += same;
      lines += json{{"line", data.examples[i].line}, {"expected", cases[i].reference}, {"generated", answers[i]},
                    {"exact", same}}.dump() + "\n";
    }
    for (const auto& [name, value] : training::score_answers(answers, references)) generated[name] = value;
    generated["exact_match"] = cases.empty() ? 0.0 : static_cast<double>(exact) / static_cast<double>(cases.size());
    generated["exact"] = exact;
    generated["generated"] = cases.size();
    if (auto file = p.value("--predictions")) util::write_file_atomically(*file, lines);
  }
  std::optional<training::Evaluation> comparison;
  if (compare_base) {
    std::cerr << "Answering " << data.examples.size() << " questions with the fine-tuned model, then the base model…\n";
    comparison = training::compare_answers(*trained, data, dataset, tokenizer, tmpl, decode,
                                           static_cast<int64_t>(p.count("--max-new-tokens").value_or(128)));
    comparison->data = std::filesystem::absolute(*data_file).string();
    comparison->rows_from = held_out.empty() ? "file" : "held-out rows";
    if (is_run) training::save_evaluation(source, *comparison);
    if (auto file = p.value("--export")) {
      if (file->ends_with(".csv")) util::write_file_atomically(*file, training::evaluation_csv(*comparison));
      else if (file->ends_with(".jsonl")) util::write_file_atomically(*file, training::evaluation_jsonl(*comparison));
      else throw UsageError("--export: " + *file + " is neither .csv nor .jsonl");
    }
  }
  json result = {{"examples", data.examples.size()}, {"truncated", data.truncated},
                 {"eval_loss", loss},                {"eval_ppl", std::exp(loss)}};
  if (base_loss) {
    result["base_eval_loss"] = *base_loss;
    result["base_eval_ppl"] = std::exp(*base_loss);
  }
  if (!generated.empty()) result["generation"] = generated;
  if (comparison) {
    const json c = training::evaluation_json(*comparison);
    result["comparison"] = {{"base", c["base"]}, {"tuned", c["tuned"]}, {"count", c["count"]}, {"rows_from", c["rows_from"]},
                            {"weights", c["weights"]}};
    if (is_run) result["comparison"]["stored"] = training::evaluation_file(source).string();
  }
  if (p.has("--json")) {
    std::cout << result.dump(2) << "\n";
  } else {
    std::cout << "Evaluated on " << data.examples.size() << " examples of " << *data_file << "\n"
              << "  fine-tuned         loss " << loss << "  perplexity " << std::exp(loss) << "\n";
    if (base_loss) std::cout << "  base model alone   loss " << *base_loss << "  perplexity " << std::exp(*base_loss) << "\n";
    if (!generated.empty())
      std::cout << "  generated answers  exact " << generated["exact"] << "/" << generated["generated"] << "  rouge-1 "
                << generated["rouge-1"] << "  rouge-2 " << generated["rouge-2"] << "  rouge-l " << generated["rouge-l"]
                << "  bleu-4 " << generated["bleu-4"] << "\n";
    if (comparison) print_comparison(*comparison, is_run ? training::evaluation_file(source) : std::filesystem::path());
  }
  return kExitOk;
}

}  // namespace tunedesk::cli
