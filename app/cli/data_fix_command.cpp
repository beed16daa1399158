#include "data_fix_command.h"

#include <filesystem>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "data/cleaning/chinese_script.h"
#include "data/cleaning/dataset_fixes.h"
#include "data/cleaning/fix_report.h"
#include "data/jsonl_writer.h"
#include "data_options.h"
#include "exit_codes.h"
#include "util/file_io.h"

namespace tunedesk::cli {
namespace {

namespace fs = std::filesystem;
namespace clean = data::cleaning;
using nlohmann::json;

clean::Width width_option(const ArgParser& p, const char* flag) {
  clean::Width w = clean::Width::keep;
  if (auto v = p.value(flag); v && !clean::parse_width(*v, w))
    throw UsageError(std::string(flag) + " must be half, full or keep, not '" + *v + "'");
  return w;
}

void print_summary(const clean::DatasetFixResult& r, const clean::DatasetFixOptions& o) {
  std::map<std::size_t, int> changed_rows;
  for (const clean::FieldChange& c : r.changes) ++changed_rows[c.line];
  std::cout << "Fixed " << r.changes.size() << " field" << (r.changes.size() == 1 ? "" : "s") << " in " << changed_rows.size()
            << " of " << r.rows_in << " rows\n";
  if (!r.exact_duplicate_lines.empty())
    std::cout << "Left out " << r.exact_duplicate_lines.size() << " exact duplicate" << (r.exact_duplicate_lines.size() == 1 ? "" : "s")
              << " (lines " << line_list(r.exact_duplicate_lines) << ")\n";
  if (o.near_duplicates > 0) {
    std::cout << r.near_duplicate_groups.size() << " group" << (r.near_duplicate_groups.size() == 1 ? "" : "s")
              << " of near-identical questions (similarity >= " << o.near_duplicates << "); left out "
              << r.near_duplicate_lines.size() << " row" << (r.near_duplicate_lines.size() == 1 ? "" : "s")
              << (r.near_duplicate_lines.empty() ? "" : " (lines " + line_list(r.near_duplicate_lines) + ")") << "\n";
    for (const clean::DuplicateGroupLines& g : r.near_duplicate_groups)
      if (!g.conflicting_lines.empty())
        std::cout << "  the same question answered differently, kept for you to decide: line " << g.lines.front()
                  << " and line" << (g.conflicting_lines.size() == 1 ? " " : "s ") << line_list(g.conflicting_lines) << "\n";
  }
  if (!r.personal_data.empty()) {
    std::map<std::string, int> by_rule;
    for (const clean::PersonalDataFinding& f : r.personal_data) ++by_rule[clean::personal_data_rule(f.kind)];
    std::cout << r.rows_with_personal_data << " row" << (r.rows_with_personal_data == 1 ? "" : "s")
              << " contain personal data:";
    for (const auto& [rule, n] : by_rule) std::cout << " " << rule << " " << n;
    std::cout << (o.mask_personal_data ? " (masked)\n" : " (not masked: add --mask-pii)\n");
  }
}

}  // namespace

int run_data_fix_command(const std::vector<std::string>& args) {
  std::string conversions;
  for (const clean::ScriptConversion& c : clean::script_conversions())
    conversions += std::string(conversions.empty() ? "" : ", ") + c.name + " (" + c.description + ")";
  ArgParser p("tunedesk-cli data fix",
              "Clean a dataset into a new JSONL version: every fix is listed, rows with errors are left out, and the "
              "file itself is never changed.");
  p.positional("FILE", "the CSV, .xlsx or JSONL file; it is only read");
  p.option("--output", "OUT", "the JSONL file to write (required)", "-o");
  add_reading_options(p);
  p.option("--to", "FORMAT", "output form: alpaca (default) or messages")
      .flag("--trim", "cut white space from both ends of every text")
      .flag("--collapse", "runs of spaces and tabs inside a line become one space")
      .flag("--invisible", "remove zero-width characters, BOMs and soft hyphens inside texts")
      .option("--width", "W", "letters and digits in half (ASCII) or full width, both sides: half, full, keep (default)")
      .flag("--width-punctuation", "with --width: punctuation and the space too (，？！ are also Chinese punctuation: off by default)")
      .option("--question-width", "W", "the same for the question side only (overrides --width there)")
      .option("--answer-width", "W", "the same for the answer side only (overrides --width there)")
      .option("--opencc", "CONV", "convert the Chinese script with OpenCC: " + conversions)
      .flag("--drop-duplicates", "leave out rows identical to an earlier one (after the fixes above)")
      .option("--dedupe", "T", "leave out rows whose question and answer are both this similar (0..1, e.g. 0.9) to an "
                               "earlier row's (MinHash over character 3-grams); questions alike with other answers are "
                               "kept and listed")
      .flag("--mask-pii", "replace personal data with numbered placeholders, the same value the same everywhere ([身份证号1])")
      .option("--report", "FILE", "write every change (before and after), the groups and the personal data found as JSON")
      .epilog("Personal data is always looked for and counted: mainland ID numbers (check digit and birth date), mobile\n"
              "and landline numbers, e-mail addresses, bank cards (Luhn), licence plates, and the --names given.\n"
              "Exit status: 0 written, 1 rows with errors were left out, 2 bad usage or unreadable file.");
  if (!p.parse(args)) {
    std::cout << p.help();
    return kExitOk;
  }
  const auto out = p.value("--output");
  if (!out || out->empty()) throw UsageError("missing -o OUT.jsonl (where to write the cleaned data)");
  const fs::path input = p.positional_value("FILE");
  std::error_code ec;
  for (const std::optional<std::string>& target : {out, p.value("--report")})
    if (target && fs::exists(*target, ec) && fs::equivalent(*target, input, ec))
      throw UsageError("'" + *target + "' is the input file; choose another output name");

  clean::DatasetFixOptions o;
  o.question.trim = o.answer.trim = p.has("--trim");
  o.question.collapse = o.answer.collapse = p.has("--collapse");
  o.question.invisible = o.answer.invisible = p.has("--invisible");
  o.question.width = o.answer.width = width_option(p, "--width");
  o.question.width_punctuation = o.answer.width_punctuation = p.has("--width-punctuation");
  if (p.value("--question-width")) o.question.width = width_option(p, "--question-width");
  if (p.value("--answer-width")) o.answer.width = width_option(p, "--answer-width");
  o.script = p.value_or("--opencc", "");
  o.drop_duplicates = p.has("--drop-duplicates");
  if (auto t = p.number("--dedupe")) {
    if (!(*t > 0 && *t <= 1)) throw UsageError("--dedupe must be above 0 and at most 1 (e.g. 0.9)");
    o.near_duplicates = *t;
  }
  o.mask_personal_data = p.has("--mask-pii");

  data::ConvertOptions convert;
  const std::string to = p.value_or("--to", "alpaca");
  if (to == "alpaca") convert.format = data::JsonlFormat::alpaca;
  else if (to == "messages") convert.format = data::JsonlFormat::messages;
  else throw UsageError("--to must be alpaca or messages, not '" + to + "'");
  const data::ModelTypeCatalog catalog = model_types(p);
  const data::ModelType& type = chosen_model_type(p, catalog);
  convert.instruction = type.instruction;
  convert.replace_instruction = p.has("--model-type");

  const data::Dataset ds = data::read_dataset(input, reading_options(p));
  const data::ValidationOptions validation = validation_options(p);
  o.names = validation.personal_data_names;
  const data::ValidationReport report = data::validate(ds, validation);
  clean::DatasetFixResult result;
  try {
    result = clean::fix_dataset(ds, report, o);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("--opencc: ") + e.what());
  }

  data::ValidationReport none;  // the fixed rows are all free of errors
  none.example_has_error.assign(result.fixed.examples.size(), false);
  const data::ConvertResult written = data::write_jsonl(result.fixed, none, *out, convert);
  if (auto r = p.value("--report")) util::write_file_atomically(*r, clean::fix_report_json(result).dump(2) + "\n");

  const std::size_t with_errors = ds.examples.size() - result.rows_in;
  print_summary(result, o);
  std::cout << "Wrote " << written.train_rows << " rows to " << written.train_path.string() << " (" << to
            << " form, model type " << type.id << ")" << (p.value("--report") ? ", the changes to " + *p.value("--report") : "")
            << "\n";
  if (with_errors)
    std::cout << "Left out " << with_errors << " row" << (with_errors == 1 ? "" : "s")
              << " with errors; 'tunedesk-cli data check " << input.string() << "' says why.\n";
  return with_errors ? kExitCheckFailed : kExitOk;
}

}  // namespace tunedesk::cli
