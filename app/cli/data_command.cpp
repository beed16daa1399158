#include "data_command.h"

#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "arg_parser.h"
#include "data_fix_command.h"
#include "data_options.h"
#include "data/dataset_reader.h"
#include "data/jsonl_writer.h"
#include "data/model_types.h"
#include "data/text_encoding.h"
#include "data/validator.h"
#include "exit_codes.h"
#include "report_printer.h"
#include "training/length_report.h"
#include "training/run_config.h"
#include "setting_options.h"
#include "util/file_io.h"

namespace tunedesk::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kDataUsage = R"(Usage: tunedesk-cli data <command> [options]

Commands:
  check FILE      validate a CSV, Excel (.xlsx) or JSONL dataset and print the report
  convert FILE    convert a dataset to JSONL for training (-o OUT.jsonl)
  fix FILE        clean a dataset (white space, width, simplified/traditional Chinese, duplicates,
                  personal data) into a new JSONL version (-o OUT.jsonl); the file itself is never changed
  augment FILE    new rows written by a model: paraphrases of the questions, marked as generated, to review
                  (--model DIR -o CANDIDATES.jsonl)
  types           list the model types and their instructions

Run 'tunedesk-cli data <command> --help' for a command's options.
)";

bool stdout_is_terminal() { return ::isatty(STDOUT_FILENO) == 1; }

int check_command(const std::vector<std::string>& args) {
  ArgParser p("tunedesk-cli data check", "Validate a CSV or Excel workbook (columns text, result) or a JSONL dataset and print the report.");
  p.positional("FILE", "the CSV, .xlsx or JSONL file; it is only read, never changed");
  add_reading_options(p);
  p.flag("--json", "print the report as JSON (the form the API and UI use)")
      .flag("--all", "list every finding (the default shows 20 per rule)")
      .option("--model", "DIR", "also count every row in tokens as training will (this model's tokenizer and chat template, "
                               "the model type's instruction) and say which rows the length limits cut")
      .option("--template", "NAME", "with --model: the chat template (default: detected from the model)");
  add_setting_options(p, kLengthSettings);
  p.epilog("Exit status: 0 the data passed (warnings allowed), 1 it has errors, 2 bad usage or unreadable file.");
  if (!p.parse(args)) {
    std::cout << p.help();
    return kExitOk;
  }
  const data::ModelTypeCatalog catalog = model_types(p);
  const data::ModelType& type = chosen_model_type(p, catalog);  // an unknown name is a usage error here too
  training::RunConfig settings = training::default_run_config();  // the trainer's limits, as the options change them
  apply_setting_options(p, settings, kLengthSettings);
  const training::TruncationOptions limits = settings.truncation;
  const data::Dataset ds = data::read_dataset(p.positional_value("FILE"), reading_options(p));
  const data::ValidationReport report = data::validate(ds, validation_options(p));
  std::optional<training::LengthReport> lengths;
  std::string measured_with;
  if (const auto model = p.value("--model")) {
    lengths = training::count_lengths(ds, report, *model, type.instruction, limits, p.value_or("--template", ""));
    measured_with = *model + "'s tokenizer and " + lengths->chat_template + " chat template, the " + type.id + " instruction included";
  }
  if (p.has("--json")) {
    nlohmann::json out = data::report_to_json(report);
    if (lengths) out["token_lengths"] = training::length_report_to_json(*lengths);
    std::cout << out.dump(2) << "\n";
  } else {
    PrintOptions print;
    print.max_per_rule = p.has("--all") ? 0 : 20;
    print.color = stdout_is_terminal();
    print_report(std::cout, report, print);
    if (lengths) print_length_report(std::cout, *lengths, measured_with, print.max_per_rule);
  }
  return report.passed ? kExitOk : kExitCheckFailed;
}


int convert_command(const std::vector<std::string>& args) {
  ArgParser p("tunedesk-cli data convert", "Convert a dataset to JSONL for training; rows with errors are left out and listed.");
  p.positional("FILE", "the CSV, .xlsx or JSONL file; it is only read, never changed");
  p.option("--output", "OUT", "the JSONL file to write (required)", "-o");
  add_reading_options(p);
  p.option("--to", "FORMAT", "output form: alpaca (default: instruction/input/output) or messages")
      .option("--val-ratio", "R", "share of rows for a validation file, 0..1 (default 0: no split)")
      .option("--seed", "S", "seed of the train/validation split (default 42)")
      .option("--val-output", "FILE", "where the validation rows go (default: OUT with .val before the extension)")
      .flag("--replace-instruction", "JSONL input: use the model type's instruction even where a record has its own")
      .flag("--trim", "cut white space from both ends of every text")
      .flag("--drop-duplicates", "leave out rows identical to an earlier one (after --trim)")
      .epilog("Exit status: 0 all rows converted, 1 rows with errors were left out (or nothing could be\n"
              "converted), 2 bad usage or unreadable file. Files are written atomically.");
  if (!p.parse(args)) {
    std::cout << p.help();
    return kExitOk;
  }
  const auto out = p.value("--output");
  if (!out || out->empty()) throw UsageError("missing -o OUT.jsonl (where to write the converted data)");
  const fs::path input = p.positional_value("FILE");

  data::ConvertOptions convert;
  const std::string to = p.value_or("--to", "alpaca");
  if (to == "alpaca") convert.format = data::JsonlFormat::alpaca;
  else if (to == "messages") convert.format = data::JsonlFormat::messages;
  else throw UsageError("--to must be alpaca or messages, not '" + to + "'");
  if (auto r = p.number("--val-ratio")) {
    if (*r < 0.0 || *r >= 1.0) throw UsageError("--val-ratio must be at least 0 and below 1");
    convert.val_ratio = *r;
  }
  if (auto s = p.count("--seed")) convert.seed = *s;
  if (auto v = p.value("--val-output")) convert.val_path = *v;
  if (convert.val_path.empty() && convert.val_ratio > 0) convert.val_path = data::default_val_path(*out);

  // Never write over the user's file.
  std::error_code ec;
  for (const fs::path& target : {fs::path(*out), convert.val_path}) {
    if (!target.empty() && fs::exists(target, ec) && fs::equivalent(target, input, ec))
      throw UsageError("'" + target.string() + "' is the input file; choose another output name");
  }

  const data::ModelTypeCatalog catalog = model_types(p);
  const data::ModelType& type = chosen_model_type(p, catalog);
  convert.instruction = type.instruction;
  convert.replace_instruction = p.has("--replace-instruction") || p.has("--model-type");
  convert.trim_whitespace = p.has("--trim");
  convert.drop_duplicates = p.has("--drop-duplicates");

  const data::Dataset ds = data::read_dataset(input, reading_options(p));
  const data::ValidationReport report = data::validate(ds, validation_options(p));
  if (report.valid_rows == 0) {
    PrintOptions print;
    print.color = stdout_is_terminal();
    print_report(std::cerr, report, print);
    std::cerr << "Nothing converted: no row is free of errors.\n";
    return kExitCheckFailed;
  }

  const data::ConvertResult result = data::write_jsonl(ds, report, *out, convert);
  std::cout << "Wrote " << result.train_rows << " rows to " << result.train_path.string() << " (" << to
            << " form, model type " << type.id << ")\n";
  if (!result.val_path.empty())
    std::cout << "Wrote " << result.val_rows << " validation row" << (result.val_rows == 1 ? "" : "s") << " to " << result.val_path.string() << " (ratio "
              << convert.val_ratio << ", seed " << convert.seed << ")\n";
  if (!result.skipped_lines.empty()) {
    std::cout << "Skipped " << result.skipped_lines.size() << " row" << (result.skipped_lines.size() == 1 ? "" : "s")
              << " with errors, starting on lines " << line_list(result.skipped_lines)
              << "\n  Run 'tunedesk-cli data check " << input.string() << "' to see why.\n";
  }
  if (!result.duplicate_lines.empty())
    std::cout << "Dropped " << result.duplicate_lines.size() << " duplicate" << (result.duplicate_lines.size() == 1 ? "" : "s")
              << " (lines " << line_list(result.duplicate_lines) << ")\n";
  if (result.trimmed_rows)
    std::cout << "Trimmed white space in " << result.trimmed_rows << " row" << (result.trimmed_rows == 1 ? "" : "s") << "\n";
  if (report.warnings)
    std::cout << report.warnings << " warning" << (report.warnings == 1 ? "" : "s")
              << " (rows kept); 'data check' lists them.\n";
  return result.skipped_lines.empty() ? kExitOk : kExitCheckFailed;
}

int types_command(const std::vector<std::string>& args) {
  ArgParser p("tunedesk-cli data types", "List the model types: the system instruction each kind of model is trained with.");
  p.option("--model-types", "FILE", "extra model types (YAML) to include")
      .option("--lang", "LANG", "language of the names: en (default) or zh_CN")
      .flag("--json", "print as JSON")
      .epilog("Your own types go in " + data::ModelTypeCatalog::user_file_path().string() +
              " (same layout as resources/model_types.yaml).");
  if (!p.parse(args)) {
    std::cout << p.help();
    return kExitOk;
  }
  const data::ModelTypeCatalog catalog = model_types(p);
  const std::string lang = p.value_or("--lang", "en");
  if (p.has("--json")) {
    nlohmann::json list = nlohmann::json::array();
    for (const data::ModelType& t : catalog.all())
      list.push_back({{"id", t.id}, {"name", t.display_name(lang)}, {"names", t.names},
                      {"instruction", t.instruction}, {"description", t.description}});
    std::cout << list.dump(2) << "\n";
    return kExitOk;
  }
  for (const data::ModelType& t : catalog.all()) {
    std::cout << t.id << " — " << t.display_name(lang) << "\n  instruction: " << t.instruction << "\n";
    if (!t.description.empty()) std::cout << "  " << t.description << "\n";
  }
  return kExitOk;
}

}  // namespace

int run_data_command(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    (args.empty() ? std::cerr : std::cout) << kDataUsage;
    return args.empty() ? kExitUsage : kExitOk;
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  try {
    if (args[0] == "check") return check_command(rest);
    if (args[0] == "convert") return convert_command(rest);
    if (args[0] == "fix") return run_data_fix_command(rest);
    if (args[0] == "types") return types_command(rest);
  } catch (const util::FileError& e) {
    std::cerr << "tunedesk-cli data " << args[0] << ": " << e.what() << "\n";
    return kExitUsage;
  } catch (const data::UnknownEncodingError& e) {
    std::cerr << "tunedesk-cli data " << args[0] << ": " << e.what()
              << " (try utf-8, gbk, gb18030, utf-16le or utf-16be)\n";
    return kExitUsage;
  } catch (const data::ModelTypeError& e) {
    std::cerr << "tunedesk-cli data " << args[0] << ": " << e.what() << "\n";
    return kExitUsage;
  }
  throw UsageError("unknown data command '" + args[0] + "' (check, convert, fix, types)");
}

}  // namespace tunedesk::cli
