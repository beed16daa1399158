#include "report_printer.h"

#include <iomanip>
#include <map>
#include <sstream>
#include <string>

namespace tunedesk::cli {
namespace {

struct Style {
  bool on;
  std::string red(const std::string& s) const { return on ? "\033[31m" + s + "\033[0m" : s; }
  std::string yellow(const std::string& s) const { return on ? "\033[33m" + s + "\033[0m" : s; }
  std::string green(const std::string& s) const { return on ? "\033[32m" + s + "\033[0m" : s; }
  std::string bold(const std::string& s) const { return on ? "\033[1m" + s + "\033[0m" : s; }
};

std::string percent(double share) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(1) << share * 100.0 << '%';
  return s.str();
}

void print_findings(std::ostream& out, const data::ValidationReport& r, data::Severity severity,
                    const PrintOptions& options, const Style& style) {
  const std::size_t total = severity == data::Severity::error ? r.errors : r.warnings;
  if (total == 0) return;
  const std::string title = severity == data::Severity::error ? "Errors" : "Warnings";
  out << "\n" << (severity == data::Severity::error ? style.red(title) : style.yellow(title)) << " (" << total << ")\n";
  std::map<std::string_view, std::size_t> shown;
  std::map<std::string_view, std::size_t> hidden;
  for (const data::Finding& f : r.findings) {
    if (f.severity != severity) continue;
    if (options.max_per_rule && shown[f.rule] >= options.max_per_rule) {
      ++hidden[f.rule];
      continue;
    }
    ++shown[f.rule];
    std::ostringstream where;
    if (f.line) where << (r.sheet.empty() ? "line " : "row ") << f.line;  // a sheet's rows are numbered
    else where << "file";
    out << "  " << std::left << std::setw(11) << where.str() << std::setw(22) << f.rule
        << (f.field ? "[" + *f.field + "] " : std::string()) << f.message << "\n";
  }
  for (const auto& [rule, n] : hidden)
    out << "  … " << n << " more " << rule << " finding" << (n == 1 ? "" : "s")
        << " (all of them: --all or --json)\n";
}

void print_lengths(std::ostream& out, const char* unit, const data::LengthStats& in, const data::LengthStats& outp) {
  if (in.count == 0) return;
  out << "\nLengths in " << unit << "      min   median      p95      max\n";
  const auto row = [&out](const char* label, const data::LengthStats& s) {
    out << "  " << std::left << std::setw(16) << label << std::right << std::setw(8) << s.min << std::setw(9)
        << s.median << std::setw(9) << s.p95 << std::setw(9) << s.max << "\n";
  };
  row("input", in);
  row("output", outp);
}

}  // namespace

void print_report(std::ostream& out, const data::ValidationReport& r, const PrintOptions& options) {
  const Style style{options.color};
  out << style.bold("Checked " + r.file) << "\n";
  if (!r.sheet.empty()) {
    out << "  format " << r.format << " · sheet \"" << r.sheet << "\"";
    if (r.sheets.size() > 1) {
      out << " (the workbook's sheets:";
      for (const std::string& name : r.sheets) out << " \"" << name << "\"";
      out << "; another with --sheet NAME)";
    }
    out << "\n";
  } else if (!r.encoding.empty()) {
    out << "  format " << r.format << " · encoding " << r.encoding << (r.had_bom ? " with BOM" : "")
        << (r.encoding_detected ? " (detected)" : " (as requested)");
    if (!r.delimiter.empty()) out << " · " << r.delimiter << "-separated";
    out << " · line ends " << r.line_endings << "\n";
  }
  out << "  rows " << r.rows << " · valid " << r.valid_rows << " (" << percent(r.pass_rate()) << ") · " << r.errors
      << " error" << (r.errors == 1 ? "" : "s") << " · " << r.warnings << " warning" << (r.warnings == 1 ? "" : "s")
      << "\n";

  print_findings(out, r, data::Severity::error, options, style);
  print_findings(out, r, data::Severity::warning, options, style);
  print_lengths(out, "characters", r.input_chars, r.output_chars);
  print_lengths(out, "tokens    ", r.input_tokens, r.output_tokens);

  out << "\n";
  if (r.rows_with_personal_data)
    out << style.yellow(std::to_string(r.rows_with_personal_data) + (r.rows_with_personal_data == 1 ? " row contains" : " rows contain") +
                        " personal data")
        << " (pii warnings): mask it before training with 'tunedesk-cli data fix FILE -o OUT.jsonl --mask-pii'.\n";
  if (r.passed) {
    out << style.green("PASSED") << ": " << r.valid_rows << (r.valid_rows == 1 ? " row is" : " rows are") << " ready to convert"
        << (r.warnings ? "; the warnings above are worth a look" : "") << ".\n";
  } else {
    out << style.red("FAILED") << ": fix the " << r.errors << " error" << (r.errors == 1 ? "" : "s")
        << " above; rows with errors are not converted.\n";
  }
}

}  // namespace tunedesk::cli

namespace tunedesk::cli {

void print_length_report(std::ostream& out, const training::LengthReport& r, const std::string& measured_with,
                         std::size_t max_lines) {
  out << "\nLengths in tokens (" << measured_with << ")\n"
      << "                      min   median      p95      max\n";
  const auto row = [&out](const char* label, const data::LengthStats& s) {
    out << "  " << std::left << std::setw(16) << label << std::right << std::setw(8) << s.min << std::setw(9) << s.median
        << std::setw(9) << s.p95 << std::setw(9) << s.max << "\n";
  };
  row("prompt", r.prompt);
  row("answer", r.answer);
  row("total", r.total);
  std::string limits;
  const auto add = [&](const char* key, std::size_t v) {
    if (v) limits += (limits.empty() ? "" : ", ") + std::string(key) + " " + std::to_string(v);
  };
  add("max_input_length", r.limits.max_input_length);
  add("max_output_length", r.limits.max_output_length);
  add("cutoff_len", r.limits.cutoff_len);
  out << "Limits: " << (limits.empty() ? "none" : limits) << " (overlength: " << training::overlength_name(r.limits.overlength)
      << ")\n";
  if (r.cut.empty()) {
    out << "  every row fits\n";
    return;
  }
  const bool drop = r.limits.overlength == training::TruncationOptions::Overlength::drop;
  out << "  " << r.cut.size() << (r.cut.size() == 1 ? " row" : " rows") << (drop ? " will be left out" : " will be truncated")
      << " (" << r.prompt_tokens_lost << " prompt and " << r.answer_tokens_lost << " answer tokens " << (drop ? "past the limits" : "lost")
      << "): ";
  for (std::size_t i = 0; i < r.cut.size() && (max_lines == 0 || i < max_lines); ++i) {
    const training::CutRow& c = r.cut[i];
    out << (i ? ", " : "") << "line " << c.line << " (" << c.prompt_tokens << "+" << c.answer_tokens << " tokens";
    if (c.prompt_lost) out << ", -" << c.prompt_lost << " prompt";
    if (c.answer_lost) out << ", -" << c.answer_lost << " answer";
    out << ")";
  }
  if (max_lines && r.cut.size() > max_lines) out << ", … (" << r.cut.size() - max_lines << " more; --all)";
  out << "\n";
}

}  // namespace tunedesk::cli
