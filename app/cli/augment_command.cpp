#include "augment_command.h"

#include <filesystem>
#include <iostream>

#include "arg_parser.h"
#include "data/augmentation.h"
#include "data_options.h"
#include "engine/device.h"
#include "exit_codes.h"
#include "training/augment_dataset.h"

namespace tunedesk::cli {

namespace fs = std::filesystem;

int run_augment_command(const std::vector<std::string>& args) {
  ArgParser p("tunedesk-cli data augment",
              "Write new rows for a dataset with a model: for each row without errors, paraphrases of its question "
              "with the row's answer, or new question/answer pairs from its answer (--kind pairs), marked as generated. "
              "Review them (keep the good ones) before training.");
  p.positional("FILE", "the CSV, .xlsx or JSONL file; it is only read");
  p.option("--output", "OUT", "the JSONL file of candidates to write (required)", "-o")
      .option("--model", "DIR", "the model that writes them: a base model, a run, an adapter or an exported model (required)")
      .option("--kind", "KIND", "paraphrase (default): the question reworded, the answer kept; pairs: a new question and answer from the row's answer")
      .option("--paraphrases", "N", "candidates asked for per row (default 2)")
      .option("--prompts", "FILE", "prompt templates per model type (default: resources/augmentation.yaml, compiled in)")
      .option("--temperature", "T", "sampling temperature (default 0.9; paraphrases need variety)")
      .option("--seed", "S", "seed of the sampling (default 42): the same seed, the same candidates")
      .option("--max-new-tokens", "N", "the longest generation in tokens (default 96 for paraphrases, 320 for pairs)")
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
  data::AugmentationRequest request;
  request.input = input;
  request.model = *model_dir;
  request.output = *out;
  request.prompts = p.value_or("--prompts", "");
  const std::string kind = p.value_or("--kind", "paraphrase");
  if (const auto parsed = data::parse_augmentation_kind(kind)) request.kind = *parsed;
  else throw UsageError("--kind is paraphrase or pairs, not '" + kind + "'");
  request.per_row = p.count("--paraphrases").value_or(request.per_row);
  if (request.per_row < 1 || request.per_row > data::AugmentationRequest::kMaxPerRow)
    throw UsageError("--paraphrases must be from 1 to " + std::to_string(data::AugmentationRequest::kMaxPerRow));
  request.limit = p.count("--limit").value_or(request.limit);
  request.temperature = p.number("--temperature").value_or(request.temperature);
  request.seed = p.count("--seed").value_or(request.seed);
  request.max_new_tokens = static_cast<int64_t>(p.count("--max-new-tokens").value_or(0));
  request.chat_template = p.value_or("--template", "");
  request.device = p.value_or("--device", "auto");
  request.with_source = p.has("--with-source");

  const data::ModelTypeCatalog catalog = model_types(p);
  const data::ModelType& type = chosen_model_type(p, catalog);
  request.model_type = type.id;
  const data::Dataset ds = data::read_dataset(input, reading_options(p));
  const data::ValidationReport report = data::validate(ds, validation_options(p));

  engine::configure_cpu();
  const data::AugmentationOutcome done = training::augment_dataset(
      ds, report, type, request, [](std::size_t rows, std::size_t total, std::size_t written) {
        std::cerr << "\rrow " << rows << " of " << total << ": " << written << " candidates" << std::flush;
      });
  std::cerr << "\n";
  const auto plural = [](std::size_t n, const char* one, const char* many) { return std::to_string(n) + " " + (n == 1 ? one : many); };
  std::cout << "Wrote " << plural(done.written, "candidate", "candidates") << " for " << plural(done.rows, "row", "rows") << " to "
            << *out << (done.source_rows ? " after the " + std::to_string(done.source_rows) + " source rows" : std::string())
            << "; " << plural(done.unusable, "generation was", "generations were")
            << " unusable (empty, the row itself, or a repeat)\n"
            << "They are rows a model wrote (\"generated\" in the file): read them and keep the good ones before training.\n";
  return kExitOk;
}

}  // namespace tunedesk::cli
