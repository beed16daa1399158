#include "data/dataset_reader.h"

#include <algorithm>
#include <future>

#include "data/csv_table_mapper.h"
#include "data/finding_messages.h"
#include "data/jsonl_reader.h"
#include "data/text_encoding.h"
#include "data/xlsx_table_mapper.h"
#include "util/file_io.h"
#include "util/utf8.h"

namespace tunedesk::data {
namespace {

bool has_suffix(const std::string& name, std::initializer_list<std::string_view> suffixes) {
  const std::string lower = utf8::ascii_lower(name);
  return std::any_of(suffixes.begin(), suffixes.end(), [&](std::string_view s) { return lower.ends_with(s); });
}

// A workbook by its name, or by its bytes when the name says nothing (an
// upload named "data"): .xlsx files are zip archives; .xls files are refused
// by the workbook reader with a message saying what to do.
bool is_workbook(const std::string& name, std::string_view bytes, const ReadOptions& options) {
  if (options.format == "xlsx") return true;
  if (options.format != "auto") return false;
  if (has_suffix(name, {".xlsx", ".xlsm", ".xls"})) return true;
  if (has_suffix(name, {".csv", ".tsv", ".txt", ".jsonl", ".json", ".ndjson"})) return false;
  return looks_like_zip(bytes);
}

bool looks_like_jsonl(const std::string& name, std::string_view text) {
  const std::string lower = utf8::ascii_lower(name);
  if (lower.ends_with(".jsonl") || lower.ends_with(".json") || lower.ends_with(".ndjson")) return true;
  if (lower.ends_with(".csv") || lower.ends_with(".tsv") || lower.ends_with(".txt")) return false;
  const std::string_view start = utf8::trim(text.substr(0, 64));
  return start.starts_with("{");
}

std::string format_size(std::uintmax_t bytes) {
  const double mb = static_cast<double>(bytes) / (1024.0 * 1024.0);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f MB", mb);
  return buffer;
}

void add_file_too_large(Dataset& ds, std::uintmax_t limit) {
  ds.findings.push_back(make_finding(rule::file_too_large, Severity::error, 0, std::nullopt, "file_too_large",
                                     {format_size(ds.file_size), format_size(limit)}));
}

}  // namespace

std::string_view source_format_name(SourceFormat f) {
  switch (f) {
    case SourceFormat::csv: return "csv";
    case SourceFormat::xlsx: return "xlsx";
    case SourceFormat::jsonl_alpaca: return "jsonl-alpaca";
    case SourceFormat::jsonl_messages: return "jsonl-messages";
  }
  return "csv";
}

std::string_view severity_name(Severity s) { return s == Severity::error ? "error" : "warning"; }

namespace {

// Fills ds from ds.storage->text.
Dataset parse_text(Dataset ds, const std::string& display_name, const ReadOptions& options) {
  const bool jsonl = options.format == "jsonl" ||
                     (options.format != "csv" && looks_like_jsonl(display_name, ds.storage->text));
  if (jsonl) read_jsonl_into(ds);
  else map_csv_into(ds, options.delimiter);

  sort_by_line(ds.findings);
  return ds;
}

Dataset decode_and_parse(std::string_view bytes, std::uintmax_t file_size, const std::string& display_name,
                         const ReadOptions& options) {
  Dataset ds;
  ds.path = display_name;
  ds.file_size = file_size;
  DecodedText decoded = decode_to_utf8(bytes, options.encoding);
  ds.encoding = decoded.encoding;
  ds.encoding_detected = decoded.detected;
  ds.had_bom = decoded.had_bom;
  ds.storage->decoded = std::move(decoded.utf8);
  ds.storage->text = ds.storage->decoded;
  return parse_text(std::move(ds), display_name, options);
}

// A file over the size limit is not even decoded.
bool too_large(std::uintmax_t size, const ReadOptions& options) {
  return options.max_file_bytes > 0 && size > options.max_file_bytes;
}

Dataset refused_as_too_large(const std::string& display_name, std::uintmax_t size, const ReadOptions& options) {
  Dataset ds;
  ds.path = display_name;
  ds.file_size = size;
  add_file_too_large(ds, options.max_file_bytes);
  return ds;
}

Dataset read_workbook(std::string_view bytes, const std::string& display_name, const ReadOptions& options) {
  Dataset ds;
  ds.path = display_name;
  ds.file_size = bytes.size();
  try {
    map_xlsx_into(ds, bytes, options.sheet, options.xlsx);
  } catch (const XlsxError& e) {
    const std::string name = std::filesystem::path(display_name).filename().string();
    throw XlsxError(name + ": " + e.what());
  }
  sort_by_line(ds.findings);
  return ds;
}

}  // namespace

const std::vector<std::string>& dataset_file_suffixes() {
  static const std::vector<std::string> suffixes = {"csv", "xlsx", "jsonl", "json"};
  return suffixes;
}

Dataset read_dataset_bytes(std::string_view bytes, const std::string& display_name,
                           const ReadOptions& options) {
  if (too_large(bytes.size(), options)) return refused_as_too_large(display_name, bytes.size(), options);
  if (is_workbook(display_name, bytes, options)) return read_workbook(bytes, display_name, options);
  return decode_and_parse(bytes, bytes.size(), display_name, options);
}

Dataset read_dataset(const std::filesystem::path& path, const ReadOptions& options) {
  const std::uintmax_t size = util::regular_file_size(path);
  if (too_large(size, options)) return refused_as_too_large(path.string(), size, options);
  util::MappedFile file(path);
  const std::string_view bytes = file.bytes();
  if (is_workbook(path.string(), bytes, options)) return read_workbook(bytes, path.string(), options);
  // A UTF-8 file (the usual case) is used in place. Checking that it is UTF-8
  // and parsing it are independent passes over the bytes, so they run side by
  // side; the parse is thrown away in the rare case that the check fails.
  if (const auto candidate = utf8_candidate(bytes, options.encoding)) {
    const std::string_view body = bytes.substr(candidate->bom_size);
    auto is_utf8 = std::async(std::launch::async, [body] { return utf8::count_invalid(body) == 0; });
    Dataset ds;
    ds.path = path.string();
    ds.file_size = bytes.size();
    ds.encoding = "utf-8";
    ds.encoding_detected = candidate->detected;
    ds.had_bom = candidate->bom_size > 0;
    ds.storage->text = body;
    ds = parse_text(std::move(ds), path.string(), options);
    if (is_utf8.get()) {
      ds.storage->mapped = std::move(file);  // the views into it stay valid: the mapping does not move
      return ds;
    }
  }
  return decode_and_parse(bytes, bytes.size(), path.string(), options);
}

}  // namespace tunedesk::data
