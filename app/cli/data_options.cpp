#include "data_options.h"

#include <filesystem>

#include "util/file_io.h"

namespace tunedesk::cli {

void add_reading_options(ArgParser& p) {
  p.option("--encoding", "ENC", "file encoding: auto (default), utf-8, gbk, gb18030, utf-16le, utf-16be, ...")
      .option("--delimiter", "SEP", "CSV separator: auto (default), comma, tab, semicolon")
      .option("--format", "FMT", "input format: auto (default, by extension and content), csv, xlsx, jsonl")
      .option("--sheet", "NAME", "Excel workbook: the sheet to read (default: the first)")
      .option("--model-type", "NAME", "model type whose instruction the examples get (default: general)")
      .option("--model-types", "FILE", "extra model types (YAML) besides the built-in and your own")
      .option("--max-input-chars", "N", "too_long warning above N characters of input (default 4096; 0 = off)")
      .option("--max-output-chars", "N", "too_long warning above N characters of output (default 4096; 0 = off)")
      .option("--min-input-chars", "N", "too_short warning below N characters of input (default 2)")
      .option("--min-output-chars", "N", "too_short warning below N characters of output (default 1)")
      .option("--max-file-mb", "N", "file_too_large error above N MB (default 50)")
      .option("--names", "FILE", "names to find as personal data (pii warnings; masked by data fix --mask-pii), one per line");
}

namespace {

std::vector<std::string> read_names(const std::filesystem::path& file) {
  std::vector<std::string> names;
  const std::string text = util::read_file(file);
  std::size_t at = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;  // Notepad's BOM
  while (at < text.size()) {
    std::size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    std::string name = text.substr(at, end - at);
    while (!name.empty() && (name.back() == '\r' || name.back() == ' ' || name.back() == '\t')) name.pop_back();
    if (!name.empty() && name[0] != '#') names.push_back(std::move(name));
    at = end + 1;
  }
  if (names.empty()) throw UsageError("--names " + file.string() + ": no names in it (one per line)");
  return names;
}

char parse_delimiter(const std::string& name) {
  if (name == "auto") return 0;
  if (name == "comma" || name == ",") return ',';
  if (name == "tab" || name == "\\t" || name == "\t") return '\t';
  if (name == "semicolon" || name == ";") return ';';
  throw UsageError("--delimiter must be auto, comma, tab or semicolon, not '" + name + "'");
}

}  // namespace

data::ReadOptions reading_options(const ArgParser& p) {
  data::ReadOptions r;
  r.encoding = p.value_or("--encoding", "auto");
  r.delimiter = parse_delimiter(p.value_or("--delimiter", "auto"));
  r.format = p.value_or("--format", "auto");
  if (r.format != "auto" && r.format != "csv" && r.format != "xlsx" && r.format != "jsonl")
    throw UsageError("--format must be auto, csv, xlsx or jsonl, not '" + r.format + "'");
  r.sheet = p.value_or("--sheet", "");
  if (auto mb = p.number("--max-file-mb")) {
    if (*mb <= 0) throw UsageError("--max-file-mb must be greater than 0");
    r.max_file_bytes = static_cast<std::uintmax_t>(*mb * 1024.0 * 1024.0);
  }
  return r;
}

data::ValidationOptions validation_options(const ArgParser& p) {
  data::ValidationOptions v;
  if (auto n = p.count("--max-input-chars")) v.max_input_chars = *n;
  if (auto n = p.count("--max-output-chars")) v.max_output_chars = *n;
  if (auto n = p.count("--min-input-chars")) v.min_input_chars = *n;
  if (auto n = p.count("--min-output-chars")) v.min_output_chars = *n;
  if (auto f = p.value("--names")) v.personal_data_names = read_names(*f);
  return v;
}

data::ModelTypeCatalog model_types(const ArgParser& p) {
  data::ModelTypeCatalog catalog = data::ModelTypeCatalog::with_user_types();
  if (auto file = p.value("--model-types")) catalog.merge_file(*file);
  return catalog;
}

const data::ModelType& chosen_model_type(const ArgParser& p, const data::ModelTypeCatalog& catalog) {
  const std::string name = p.value_or("--model-type", "general");
  const data::ModelType* type = catalog.find(name);
  if (!type) throw UsageError("unknown model type '" + name + "'; known types: " + catalog.ids());
  return *type;
}

std::string line_list(const std::vector<std::size_t>& lines, std::size_t max_shown) {
  std::string out;
  for (std::size_t i = 0; i < lines.size() && i < max_shown; ++i) out += (i ? ", " : "") + std::to_string(lines[i]);
  if (lines.size() > max_shown) out += ", … (" + std::to_string(lines.size() - max_shown) + " more)";
  return out;
}

}  // namespace tunedesk::cli
