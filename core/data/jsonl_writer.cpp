#include "data/jsonl_writer.h"

#include <algorithm>
#include <cstring>
#include <unordered_set>

#include "data/split.h"
#include "util/file_io.h"
#include "util/utf8.h"

namespace tunedesk::data {
namespace {

void append_example(std::string& line, const Example& ex, std::string_view system, JsonlFormat format) {
  line.clear();
  if (format == JsonlFormat::alpaca) {
    line += "{\"instruction\":";
    append_json_string(line, system);
    line += ",\"input\":";
    append_json_string(line, ex.turn.user);
    line += ",\"output\":";
    append_json_string(line, ex.turn.assistant);
    if (!ex.history.empty()) {
      line += ",\"history\":[";
      for (std::size_t i = 0; i < ex.history.size(); ++i) {
        line += i ? ",[" : "[";
        append_json_string(line, ex.history[i].user);
        line += ',';
        append_json_string(line, ex.history[i].assistant);
        line += ']';
      }
      line += ']';
    }
    if (ex.generated) line += ",\"generated\":true";  // a model wrote it (data/augmentation.h): the mark travels
    line += "}\n";
    return;
  }
  const auto message = [&line](std::string_view role, std::string_view content, bool first) {
    line += first ? "{\"role\":\"" : ",{\"role\":\"";
    line += role;
    line += "\",\"content\":";
    append_json_string(line, content);
    line += '}';
  };
  line += "{\"messages\":[";
  bool first = true;
  if (!system.empty()) {
    message("system", system, first);
    first = false;
  }
  for (const Turn& t : ex.history) {
    message("user", t.user, first);
    message("assistant", t.assistant, false);
    first = false;
  }
  message("user", ex.turn.user, first);
  message("assistant", ex.turn.assistant, false);
  line += ex.generated ? "],\"generated\":true}\n" : "]}\n";
}

// The example as the fix-ups make it: texts trimmed (views into the same storage).
Example fixed_up(const Example& ex, bool trim_whitespace, bool& changed) {
  changed = false;
  if (!trim_whitespace) return ex;
  Example out = ex;
  const auto trim = [&changed](std::string_view& s) {
    const std::string_view t = utf8::trim(s);
    changed |= t.size() != s.size();
    s = t;
  };
  trim(out.system);
  for (Turn& t : out.history) {
    trim(t.user);
    trim(t.assistant);
  }
  trim(out.turn.user);
  trim(out.turn.assistant);
  return out;
}

}  // namespace

namespace {

// True when one of the eight bytes in `word` is below 0x20, a quote or a
// backslash (the bytes JSON strings must escape). Bytes >= 0x80 never match.
bool needs_escape(uint64_t word) {
  constexpr uint64_t ones = 0x0101010101010101ULL;
  constexpr uint64_t highs = 0x8080808080808080ULL;
  const auto has_zero = [](uint64_t v) { return (v - ones) & ~v & highs; };
  const uint64_t below_space = (word - ones * 0x20) & ~word & highs;
  return (below_space | has_zero(word ^ (ones * '"')) | has_zero(word ^ (ones * '\\'))) != 0;
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  std::size_t run = 0;  // start of the current stretch that needs no escaping
  std::size_t i = 0;
  while (i < text.size()) {
    if (i + 8 <= text.size()) {  // skip clean stretches eight bytes at a time
      uint64_t word;
      std::memcpy(&word, text.data() + i, 8);
      if (!needs_escape(word)) {
        i += 8;
        continue;
      }
    }
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    out.append(text.data() + run, i - run);
    run = ++i;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        out += "\\u00";
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 0xF]);
    }
  }
  out.append(text.data() + run, text.size() - run);
  out.push_back('"');
}

std::filesystem::path default_val_path(const std::filesystem::path& out) {
  std::filesystem::path val = out;
  const std::string ext = out.has_extension() ? out.extension().string() : std::string(".jsonl");
  val.replace_filename(out.stem().string() + ".val" + ext);
  return val;
}

ConvertResult write_jsonl(const Dataset& ds, const ValidationReport& report, const std::filesystem::path& out,
                          const ConvertOptions& options) {
  ConvertResult result;
  result.train_path = out;

  std::vector<std::size_t> valid;  // indices of the examples to write
  valid.reserve(ds.examples.size());
  for (std::size_t i = 0; i < ds.examples.size(); ++i) {
    if (report.example_has_error[i]) result.skipped_lines.push_back(ds.examples[i].line);
    else valid.push_back(i);
  }
  // Rows the reader could not turn into examples are skipped too.
  for (const Finding& f : ds.findings)
    if (f.severity == Severity::error && f.rule == rule::malformed_row) result.skipped_lines.push_back(f.line);
  std::sort(result.skipped_lines.begin(), result.skipped_lines.end());
  result.skipped_lines.erase(std::unique(result.skipped_lines.begin(), result.skipped_lines.end()),
                             result.skipped_lines.end());

  const bool split = options.val_ratio > 0.0;
  const std::vector<bool> to_val = choose_validation_rows(valid.size(), options.val_ratio, options.seed);
  if (split) result.val_path = options.val_path.empty() ? default_val_path(out) : options.val_path;

  util::AtomicFileWriter train(result.train_path);
  std::optional<util::AtomicFileWriter> val;
  if (split) val.emplace(result.val_path);

  std::string line;
  std::unordered_set<std::string> written;  // with drop_duplicates: the lines written so far
  for (std::size_t k = 0; k < valid.size(); ++k) {
    bool trimmed = false;
    const Example ex = fixed_up(ds.examples[valid[k]], options.trim_whitespace, trimmed);
    const std::string_view system =
        (options.replace_instruction || ex.system.empty()) ? std::string_view(options.instruction) : ex.system;
    append_example(line, ex, system, options.format);
    if (options.drop_duplicates && !written.insert(line).second) {
      result.duplicate_lines.push_back(ex.line);
      continue;
    }
    if (trimmed) ++result.trimmed_rows;
    if (split && to_val[k]) {
      val->write(line);
      ++result.val_rows;
    } else {
      train.write(line);
      ++result.train_rows;
    }
  }
  train.commit();
  if (val) val->commit();
  return result;
}

}  // namespace tunedesk::data
