#include "data/validation_report.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <nlohmann/json.hpp>

namespace tunedesk::data {
namespace {

nlohmann::json lengths_to_json(const LengthStats& s) {
  return {{"count", s.count}, {"min", s.min},   {"median", s.median},
          {"p95", s.p95},     {"max", s.max},   {"mean", std::round(s.mean * 10.0) / 10.0}};
}

}  // namespace

LengthStats summarize_lengths(std::vector<std::size_t>& lengths) {
  LengthStats s;
  s.count = lengths.size();
  if (lengths.empty()) return s;
  // Nearest-rank percentiles (a value that occurs in the data), found by
  // selection rather than a full sort: a million rows is a common upload.
  const auto at = [&](double q) {
    const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(lengths.size())));
    const auto nth = lengths.begin() + static_cast<std::ptrdiff_t>(std::min(lengths.size() - 1, rank == 0 ? 0 : rank - 1));
    std::nth_element(lengths.begin(), nth, lengths.end());
    return *nth;
  };
  const auto [min, max] = std::minmax_element(lengths.begin(), lengths.end());
  s.min = *min;
  s.max = *max;
  s.median = at(0.5);
  s.p95 = at(0.95);
  s.mean = static_cast<double>(std::accumulate(lengths.begin(), lengths.end(), std::uintmax_t{0})) /
           static_cast<double>(lengths.size());
  return s;
}

nlohmann::json report_to_json(const ValidationReport& r) {
  nlohmann::json findings = nlohmann::json::array();
  for (const Finding& f : r.findings) {
    nlohmann::json finding = {{"rule", f.rule},
                              {"severity", severity_name(f.severity)},
                              {"line", f.line},
                              {"field", f.field ? nlohmann::json(*f.field) : nlohmann::json(nullptr)},
                              {"message", f.message}};
    if (!f.kind.empty()) {  // for translations (see Finding::kind)
      finding["kind"] = f.kind;
      finding["args"] = f.args;
    }
    findings.push_back(std::move(finding));
  }
  nlohmann::json stats = {
      {"file", r.file},
      {"file_size", r.file_size},
      {"format", r.format},
      {"encoding", r.encoding},
      {"encoding_detected", r.encoding_detected},
      {"bom", r.had_bom},
      {"line_endings", r.line_endings},
      {"columns", r.columns},
      {"rows", r.rows},
      {"valid_rows", r.valid_rows},
      {"pass_rate", std::round(r.pass_rate() * 10000.0) / 10000.0},
      {"errors", r.errors},
      {"warnings", r.warnings},
      {"by_rule", r.count_by_rule},
      {"rows_with_personal_data", r.rows_with_personal_data},
      {"blank_lines", r.blank_lines},
      {"input_chars", lengths_to_json(r.input_chars)},
      {"output_chars", lengths_to_json(r.output_chars)},
  };
  if (!r.delimiter.empty()) stats["delimiter"] = r.delimiter;
  if (!r.sheet.empty()) {
    stats["sheet"] = r.sheet;
    stats["sheets"] = r.sheets;
  }
  if (r.input_tokens.count) {
    stats["input_tokens"] = lengths_to_json(r.input_tokens);
    stats["output_tokens"] = lengths_to_json(r.output_tokens);
  }
  return {{"passed", r.passed},
          {"rows", r.rows},
          {"valid_rows", r.valid_rows},
          {"findings", std::move(findings)},
          {"stats", std::move(stats)}};
}

}  // namespace tunedesk::data
