#include "data/csv_table_mapper.h"

#include <algorithm>
#include <optional>

#include "data/finding_messages.h"
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
      ds.findings.push_back(make_finding(rule::duplicate_column, Severity::warning, header_line, ds.columns[i],
                                         "duplicate_column",
                                         {ds.columns[i], std::to_string(**slot + 1), std::to_string(i + 1)}));
    } else {
      *slot = i;
    }
  }
  if (!extra.empty())
    ds.findings.push_back(make_finding(rule::extra_column, Severity::warning, header_line, std::nullopt, "extra_column",
                                       {quoted_list(extra)}));
  for (auto [slot, name] : {std::pair{&map.text, kTextColumn}, std::pair{&map.result, kResultColumn}}) {
    if (*slot) continue;
    ds.findings.push_back(make_finding(rule::missing_column, Severity::error, header_line, std::string(name),
                                       "missing_column.no_column", {std::string(name), quoted_list(ds.columns)}));
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
    ds.findings.push_back(
        make_finding(rule::malformed_row, fatal ? Severity::error : Severity::warning, issue.line, std::nullopt,
                     fatal ? "malformed_row.unterminated_quote" : "malformed_row.text_after_quote", issue.args));
  }
  // Blank lines before the header are only noise; after it they are worth a word.
  if (!table.records.empty())
    for (std::size_t line : table.blank_lines)
      if (line > table.records.front().line)
        ds.findings.push_back(make_finding(rule::blank_line, Severity::warning, line, std::nullopt, "blank_line", {}));
  map_table_records_into(ds, table);
}

void map_table_records_into(Dataset& ds, const CsvTable& table) {
  if (table.records.empty()) {
    ds.findings.push_back(
        make_finding(rule::missing_column, Severity::error, 1, std::nullopt, "missing_column.empty_file", {}));
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
    // Built only for the rare row that needs a message: the field count, the header's, and any more values.
    const auto count_args = [&](std::vector<std::string> more = {}) {
      std::vector<std::string> args = {std::to_string(fields.size()), std::to_string(width)};
      args.insert(args.end(), more.begin(), more.end());
      return args;
    };
    if (fields.size() > width) {
      const bool extras_empty = std::all_of(fields.begin() + static_cast<std::ptrdiff_t>(width), fields.end(),
                                            [](std::string_view f) { return f.empty(); });
      if (!extras_empty) {
        ds.findings.push_back(make_finding(rule::malformed_row, Severity::error, record.line, std::nullopt,
                                           "malformed_row.extra_fields",
                                           count_args({delimiter_name(table.delimiter)})));
        continue;
      }
      ds.findings.push_back(make_finding(rule::malformed_row, Severity::warning, record.line, std::nullopt,
                                         "malformed_row.extra_empty", count_args()));
    } else if (fields.size() < needed) {
      ds.findings.push_back(make_finding(rule::malformed_row, Severity::error, record.line, std::nullopt,
                                         "malformed_row.missing_field", count_args()));
      continue;
    } else if (fields.size() < width) {
      ds.findings.push_back(make_finding(rule::malformed_row, Severity::warning, record.line, std::nullopt,
                                         "malformed_row.short_kept", count_args()));
    }
    Example& ex = ds.examples.emplace_back();
    ex.line = record.line;
    ex.turn = Turn{fields[*columns.text], fields[*columns.result], kTextColumn, kResultColumn};
  }
}

}  // namespace tunedesk::data
