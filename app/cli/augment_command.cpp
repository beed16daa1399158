#include "augment_command.h"

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <iostream>
#include <set>

#include "arg_parser.h"
#include "data/augmentation.h"
#include "data_options.h"
#include "engine/causal_lm.h"
#include "exit_codes.h"
#include "training/chat_model.h"
#include "util/file_io.h"

namespace tunedesk::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// One row as alpaca JSONL; `generated` says how a model made it.
std::string jsonl_row(std::string_view system, std::string_view question, std::string_view answer, const json& generated) {
  json row = {{"instruction", system}, {"input", question}, {"output", answer}};
  if (!generated.is_null()) row["generated"] = generated;
  return row.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";  // a model may end mid-character
}

}  // namespace

int run_augment_command(const std::vector<std::string>& args) {
  ArgParser p("tunedesk-cli data augment",
              "Write new rows for a dataset with a model: for each row without errors, paraphrases of its question "
              "with the row's answer, marked as generated. Review them (keep the good ones) before training.");
  p.positional("FILE", "the CSV, .xlsx or JSONL file; it is only read");
  p.option("--output", "OUT", "the JSONL file of candidates to write (required)", "-o")
      .option("--model", "DIR", "the model that writes them: a base model, a run, an adapter or an exported model (required)")
      .option("--paraphrases", "N", "paraphrases asked for per row (default 2)")
      .option("--prompts", "FILE", "prompt templates per model type (default: resources/augmentation.yaml, compiled in)")
      .option("--temperature", "T", "sampling temperature (default 0.9; paraphrases need variety)")
      .option("--seed", "S", "seed of the sampling (default 42): the same seed, the same candidates")
      .option("--max-new-tokens", "N", "the longest paraphrase in tokens (default 96)")
      .option("--limit", "ROWS", "only the first ROWS rows without errors")
      .option("--template", "NAME", "the model's chat template (default: detected)")
      .option("--device", "DEV", "auto (default), cpu or cuda")
      .flag("--with-source", "write the source's rows (without errors) before the candidates: a file to train on at once");
  add_reading_options(p);
  p.epilog("Exit status: 0 written, 2 bad usage or unreadable file. The candidates carry \"generated\" in the JSONL;\n"
           "data check, data fix and training read them as rows, and a run's config.json counts them (generated_rows).");
  if (!p.parse(args)) {
    std::cout << p.help();
    return kExitOk;
  }
  const auto out = p.value("--output");
  const auto model_dir = p.value("--model");
  if (!out || out->empty()) throw UsageError("missing -o OUT.jsonl (where to write the candidates)");
  if (!model_dir) throw UsageError("missing --model DIR (the model that writes the paraphrases)");
  const fs::path input = p.positional_value("FILE");
  std::error_code ec;
  if (fs::exists(*out, ec) && fs::equivalent(*out, input, ec)) throw UsageError("'" + *out + "' is the input file; choose another");
  const std::size_t per_row = p.count("--paraphrases").value_or(2);
  if (per_row < 1 || per_row > 64) throw UsageError("--paraphrases must be from 1 to 64");
  const std::size_t limit = p.count("--limit").value_or(static_cast<std::size_t>(-1));

  const data::AugmentationPrompts prompts = data::AugmentationPrompts::load(p.value_or("--prompts", ""));
  const data::ModelTypeCatalog catalog = model_types(p);
  const data::ModelType& type = chosen_model_type(p, catalog);
  const data::Dataset ds = data::read_dataset(input, reading_options(p));
  const data::ValidationReport report = data::validate(ds, validation_options(p));

  engine::configure_cpu();
  const engine::ComputeTarget target = engine::pick_target(p.value_or("--device", "auto"), "auto");
  const auto model = training::ChatModel::open(*model_dir, {}, target, p.value_or("--template", ""));
  engine::GenerationOptions options;
  options.max_new_tokens = static_cast<int64_t>(p.count("--max-new-tokens").value_or(96));
  options.sampling.greedy = false;
  options.sampling.temperature = p.number("--temperature").value_or(0.9);
  const uint64_t seed = p.count("--seed").value_or(42);
  const json how = {{"kind", "paraphrase"}, {"model", fs::path(*model_dir).filename().string()}};

  std::string text;
  std::size_t rows = 0, written = 0, unusable = 0, source_rows = 0;
  for (std::size_t i = 0; i < ds.examples.size() && rows < limit; ++i) {
    if (report.example_has_error[i]) continue;
    const data::Example& ex = ds.examples[i];
    const std::string_view system = ex.system.empty() ? std::string_view(type.instruction) : ex.system;
    if (p.has("--with-source")) {
      text += jsonl_row(system, ex.turn.user, ex.turn.assistant, ex.generated ? json(true) : json());
      ++source_rows;
    }
    ++rows;
    std::set<std::string> seen = {std::string(ex.turn.user)};
    const std::vector<int64_t> prompt =
        model->prompt_ids({{"user", prompts.paraphrase(type.id, ex.turn.user, ex.turn.assistant)}}, /*use_trained_system=*/false);
    for (std::size_t k = 0; k < per_row; ++k) {
      options.sampling.seed = seed + ex.line * 1000 + k;  // each row's candidates the same whatever --limit says
      const std::string paraphrase = data::paraphrase_from(model->reply(prompt, options).text, ex.turn.user);
      if (paraphrase.empty() || !seen.insert(paraphrase).second) {
        ++unusable;
        continue;
      }
      json generated = how;
      generated["from_line"] = ex.line;
      text += jsonl_row(system, paraphrase, ex.turn.assistant, generated);
      ++written;
    }
    std::cerr << "\rrow " << rows << ": " << written << " candidates" << std::flush;
  }
  std::cerr << "\n";
  util::write_file_atomically(*out, text);
  std::cout << "Wrote " << written << " candidate" << (written == 1 ? "" : "s") << " for " << rows << " row"
            << (rows == 1 ? "" : "s") << " to " << *out
            << (source_rows ? " after the " + std::to_string(source_rows) + " source rows" : std::string()) << "; "
            << unusable << " generation" << (unusable == 1 ? " was" : "s were")
            << " unusable (empty, the question itself, or a repeat)\n"
            << "They are rows a model wrote (\"generated\" in the file): read them and keep the good ones before training.\n";
  return kExitOk;
}

}  // namespace tunedesk::cli
