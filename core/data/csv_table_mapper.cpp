#include "data/csv_table_mapper.h"

#include <algorithm>
#include <optional>

#include "util/utf8.h"

namespace tunedesk::data {
namespace {

constexpr std::string_view kTextColumn = "text";
constexpr std::string_view kResultColumn = "result";

std::string quoted_list(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += ", ";
    out += '"' + n + '"';
  }
  return out.empty() ? "(none)" : out;
}

struct ColumnMap {
  std::optional<std::size_t> text, result;
};

ColumnMap find_columns(Dataset& ds, std::size_t header_line) {
  ColumnMap map;
  std::vector<std::string> extra;
  for (std::size_t i = 0; i < ds.columns.size(); ++i) {
    const std::string name = utf8::ascii_lower(ds.columns[i]);
    std::optional<std::size_t>* slot = name == kTextColumn ? &map.text
                                       : name == kResultColumn ? &map.result
                                                               : nullptr;
    if (!slot) {
      extra.push_back(ds.columns[i]);
    } else if (*slot) {
      ds.findings.push_back({rule::duplicate_column, Severity::warning, header_line, ds.columns[i],
                             "column \"" + ds.columns[i] + "\" appears twice (columns " +
                                 std::to_string(**slot + 1) + " and " + std::to_string(i + 1) +
                                 "); the first one is used",
                             "duplicate_column",
                             {ds.columns[i], std::to_string(**slot + 1), std::to_string(i + 1)}});
    } else {
      *slot = i;
    }
  }
  if (!extra.empty())
    ds.findings.push_back({rule::extra_column, Severity::warning, header_line, std::nullopt,
                           "extra columns are ignored: " + quoted_list(extra), "extra_column", {quoted_list(extra)}});
  for (auto [slot, name] : {std::pair{&map.text, kTextColumn}, std::pair{&map.result, kResultColumn}}) {
    if (*slot) continue;
    ds.findings.push_back(
        {rule::missing_column, Severity::error, header_line, std::string(name),
         "no \"" + std::string(name) + "\" column; the header has " + quoted_list(ds.columns) +
             ". The first row must name the columns text (the input) and result (the expected output).",
         "missing_column.no_column", {std::string(name), quoted_list(ds.columns)}});
  }
  return map;
}

}  // namespace

void map_csv_into(Dataset& ds, char delimiter) {
  DatasetStorage& store = *ds.storage;
  store.table = parse_csv(store.text, CsvOptions{delimiter});
  const CsvTable& table = store.table;
  ds.format = SourceFormat::csv;
  ds.delimiter = table.delimiter;
  ds.line_endings = table.line_endings.dominant();
  ds.blank_lines = table.blank_lines.size();

  for (const CsvIssue& issue : table.issues) {
    const bool fatal = issue.kind == CsvIssue::Kind::unterminated_quote;
    ds.findings.push_back({rule::malformed_row, fatal ? Severity::error : Severity::warning, issue.line,
                           std::nullopt,
                           issue.message + (fatal ? "; the row is skipped and reading goes on with the next line"
                                                  : ""),
                           fatal ? "malformed_row.unterminated_quote" : "malformed_row.text_after_quote", issue.args});
  }
  // Blank lines before the header are only noise; after it they are worth a word.
  if (!table.records.empty())
    for (std::size_t line : table.blank_lines)
      if (line > table.records.front().line)
        ds.findings.push_back({rule::blank_line, Severity::warning, line, std::nullopt, "blank line ignored", "blank_line", {}});
  map_table_records_into(ds, table);
}

void map_table_records_into(Dataset& ds, const CsvTable& table) {
  if (table.records.empty()) {
    ds.findings.push_back({rule::missing_column, Severity::error, 1, std::nullopt,
                           "the file is empty; it needs a header row with the columns text and result",
                           "missing_column.empty_file", {}});
    return;
  }

  const CsvRecord& header = table.records.front();
  for (std::string_view name : table.fields_of(header)) ds.columns.emplace_back(utf8::trim(name));
  const ColumnMap columns = find_columns(ds, header.line);
  ds.rows = table.records.size() - 1;
  if (!columns.text || !columns.result) return;

  const std::size_t width = header.field_count;
  const std::size_t needed = std::max(*columns.text, *columns.result) + 1;
  ds.examples.reserve(ds.rows);
  for (std::size_t r = 1; r < table.records.size(); ++r) {
    const CsvRecord& record = table.records[r];
    if (record.broken) continue;  // already reported as an unterminated quote
    const auto fields = table.fields_of(record);
    // Built only for the rare row that needs a message.
    const auto counts = [&] {
      return "the row has " + std::to_string(fields.size()) + (fields.size() == 1 ? " field" : " fields") +
             ", the header has " + std::to_string(width);
    };
    const auto count_args = [&](std::vector<std::string> more = {}) {
      std::vector<std::string> args = {std::to_string(fields.size()), std::to_string(width)};
      args.insert(args.end(), more.begin(), more.end());
      return args;
    };
    if (fields.size() > width) {
      const bool extras_empty = std::all_of(fields.begin() + static_cast<std::ptrdiff_t>(width), fields.end(),
                                            [](std::string_view f) { return f.empty(); });
      if (!extras_empty) {
        ds.findings.push_back({rule::malformed_row, Severity::error, record.line, std::nullopt,
                               counts() + ". A field that contains the separator (" +
                                   delimiter_name(table.delimiter) + ") must be put in double quotes.",
                               "malformed_row.extra_fields", count_args({delimiter_name(table.delimiter)})});
        continue;
      }
      ds.findings.push_back({rule::malformed_row, Severity::warning, record.line, std::nullopt,
                             counts() + "; the extra fields are empty and ignored", "malformed_row.extra_empty",
                             count_args()});
    } else if (fields.size() < needed) {
      ds.findings.push_back({rule::malformed_row, Severity::error, record.line, std::nullopt,
                             counts() + "; the text or result field is missing", "malformed_row.missing_field",
                             count_args()});
      continue;
    } else if (fields.size() < width) {
      ds.findings.push_back({rule::malformed_row, Severity::warning, record.line, std::nullopt,
                             counts() + "; the missing fields are not text or result, so the row is kept",
                             "malformed_row.short_kept", count_args()});
    }
    Example& ex = ds.examples.emplace_back();
    ex.line = record.line;
    ex.turn = Turn{fields[*columns.text], fields[*columns.result], kTextColumn, kResultColumn};
  }
}

}  // namespace tunedesk::data
