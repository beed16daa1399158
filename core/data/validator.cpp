#include "data/validator.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <deque>
#include <string>
#include <thread>

#include "data/cleaning/personal_data.h"
#include "data/finding_messages.h"
#include "util/utf8.h"

namespace tunedesk::data {
namespace {

std::string hex_code_point(uint32_t cp) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "U+%04X", cp);
  return buffer;
}

std::string with_thousands(std::size_t n) {
  const std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

// What one pass over a field's bytes finds.
struct FieldScan {
  std::size_t chars = 0;        // code points
  std::size_t control_at = 0;   // 1-based character position of the first control character, 0 = none
  uint32_t control_cp = 0;      // and its code point
  bool replacement = false;     // contains U+FFFD
  bool maybe_mojibake = false;  // contains U+00C0–U+00FF or 锟: worth the full mojibake check
};

// Control characters are C0 (except tab and line breaks), DEL and C1.
FieldScan scan_field(std::string_view s) {
  FieldScan r;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  const auto control = [&r](uint32_t cp) {
    if (r.control_at == 0) {
      r.control_at = r.chars;
      r.control_cp = cp;
    }
  };
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned char b = p[i];
    if (b < 0x80) {
      ++r.chars;
      if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7F) control(b);
      continue;
    }
    if ((b & 0xC0) == 0x80) continue;  // continuation byte
    ++r.chars;
    if (b == 0xC2 && i + 1 < n && p[i + 1] >= 0x80 && p[i + 1] <= 0x9F) control(p[i + 1]);
    else if (b == 0xC3) r.maybe_mojibake = true;
    else if (b == 0xEF && i + 2 < n && p[i + 1] == 0xBF && p[i + 2] == 0xBD) r.replacement = true;
    else if (b == 0xE9 && i + 2 < n && p[i + 1] == 0x94 && p[i + 2] == 0x9F) r.maybe_mojibake = true;
  }
  return r;
}

// Characters that Windows-1252 puts at 0x80–0x9F; with U+0080–U+00BF they are
// what the continuation bytes of UTF-8 look like when decoded as Latin-1/1252.
bool is_cp1252_continuation(int32_t cp) {
  if (cp >= 0x80 && cp <= 0xBF) return true;
  switch (cp) {
    case 0x20AC: case 0x201A: case 0x0192: case 0x201E: case 0x2026: case 0x2020: case 0x2021:
    case 0x02C6: case 0x2030: case 0x0160: case 0x2039: case 0x0152: case 0x017D: case 0x2018:
    case 0x2019: case 0x201C: case 0x201D: case 0x2022: case 0x2013: case 0x2014: case 0x02DC:
    case 0x2122: case 0x0161: case 0x203A: case 0x0153: case 0x017E: case 0x0178:
      return true;
    default:
      return false;
  }
}

// Typical mojibake: UTF-8 read as Latin-1/Windows-1252 ("ä¸­æ–‡" for 中文),
// or GBK's rendering of replaced bytes ("锟斤拷").
bool looks_like_mojibake(std::string_view s) {
  if (s.find("\xE9\x94\x9F\xE6\x96\xA4\xE6\x8B\xB7") != std::string_view::npos) return true;  // 锟斤拷
  if (std::memchr(s.data(), 0xC3, s.size()) == nullptr) return false;  // no U+00C0–U+00FF at all
  int32_t prev2 = -1, prev1 = -1;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t len = 0;
    const int32_t cp = utf8::decode(s, i, len);
    i += len;
    // A 3-byte UTF-8 lead (E0–EF) followed by two continuation look-alikes.
    if (prev2 >= 0xE0 && prev2 <= 0xEF && is_cp1252_continuation(prev1) && is_cp1252_continuation(cp))
      return true;
    prev2 = prev1;
    prev1 = cp;
  }
  return false;
}

// For same_input_output, texts are compared without white space and sentence
// punctuation, ASCII letters lower-cased. Returns the next code point of `s`
// from `pos` that such a comparison looks at, or -1 at the end.
int32_t next_comparable(std::string_view s, std::size_t& pos) {
  static constexpr std::string_view kAsciiPunct = ".,!?;:'\"()[]-";
  static constexpr char32_t kWidePunct[] = {U'。', U'，', U'！', U'？', U'；', U'：', U'、', U'“', U'”',
                                            U'‘',  U'’',  U'…',  U'—',  U'·',  U'（', U'）', U'【', U'】',
                                            U'《', U'》'};
  while (pos < s.size()) {
    std::size_t len = 0;
    int32_t cp = utf8::decode(s, pos, len);
    pos += len;
    if (cp < 0) return 0xFFFD;
    if (cp < 0x80) {
      if (kAsciiPunct.find(static_cast<char>(cp)) != std::string_view::npos || utf8::is_space(static_cast<char32_t>(cp)))
        continue;
      return (cp >= 'A' && cp <= 'Z') ? cp - 'A' + 'a' : cp;
    }
    if (utf8::is_space(static_cast<char32_t>(cp)) ||
        std::find(std::begin(kWidePunct), std::end(kWidePunct), static_cast<char32_t>(cp)) != std::end(kWidePunct))
      continue;
    return cp;
  }
  return -1;
}

// How many times `out` repeats `in` in that comparison (1 = the same text),
// or 0 when it does not. Stops at the first difference, without allocating.
std::size_t repetitions(std::string_view in, std::string_view out) {
  std::size_t in_pos = 0, out_pos = 0, copies = 1;
  bool any = false;
  while (true) {
    const int32_t o = next_comparable(out, out_pos);
    if (o < 0) break;
    int32_t i = next_comparable(in, in_pos);
    if (i < 0 && any) {  // one copy of the input done: start the next
      in_pos = 0;
      ++copies;
      i = next_comparable(in, in_pos);
    }
    if (i != o) return 0;
    any = true;
  }
  std::size_t probe = in_pos;
  return any && next_comparable(in, probe) < 0 ? copies : 0;
}

// duplicate / conflicting_duplicate: examples are grouped by their whole
// prompt (system, earlier turns, input; trimmed); within a group each distinct
// answer is remembered with the line it first appeared on.
class DuplicateFinder {
 public:
  explicit DuplicateFinder(std::size_t expected) {
    std::size_t capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    slots_.assign(capacity, kEmpty);
    variants_.reserve(expected);
  }

  void add(const Example& ex, std::vector<Finding>& out) {
    const std::string_view key = prompt_key(ex);
    const std::string_view answer = utf8::trim(ex.turn.assistant);
    if (key.empty() || answer.empty()) return;  // already an empty_field error

    uint32_t& slot = find_slot(key);
    if (slot == kEmpty) {
      slot = push(key, answer, ex.line);
      return;
    }
    uint32_t index = slot;
    while (true) {
      const Variant& v = variants_[index];
      if (v.answer == answer) {
        out.push_back(make_finding(
            rule::duplicate, Severity::warning, ex.line, std::nullopt, "duplicate",
            {std::string(ex.turn.user_field), std::string(ex.turn.assistant_field), std::to_string(v.line)}));
        return;
      }
      if (v.next == kEmpty) break;
      index = v.next;
    }
    out.push_back(make_finding(
        rule::conflicting_duplicate, Severity::warning, ex.line, std::string(ex.turn.assistant_field),
        "conflicting_duplicate",
        {std::string(ex.turn.user_field), std::to_string(variants_[slot].line), std::string(ex.turn.assistant_field)}));
    const uint32_t added = push(key, answer, ex.line);
    variants_[index].next = added;
  }

 private:
  static constexpr uint32_t kEmpty = UINT32_MAX;
  struct Variant {
    std::string_view key, answer;
    std::size_t line;
    uint32_t next;  // the next answer seen for the same prompt, or kEmpty
  };

  std::string_view prompt_key(const Example& ex) {
    const std::string_view input = utf8::trim(ex.turn.user);
    if (ex.system.empty() && ex.history.empty()) return input;
    std::string composite(utf8::trim(ex.system));
    for (const Turn& t : ex.history) {
      composite += '\x1e';
      composite += utf8::trim(t.user);
      composite += '\x1f';
      composite += utf8::trim(t.assistant);
    }
    composite += '\x1e';
    composite += input;
    return composite_keys_.emplace_back(std::move(composite));
  }

  uint32_t push(std::string_view key, std::string_view answer, std::size_t line) {
    variants_.push_back({key, answer, line, kEmpty});
    return static_cast<uint32_t>(variants_.size() - 1);
  }

  // Open addressing with linear probing: no allocation per row.
  uint32_t& find_slot(std::string_view key) {
    if (groups_ * 2 >= slots_.size()) grow();
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = std::hash<std::string_view>{}(key) & mask;
    while (slots_[i] != kEmpty && variants_[slots_[i]].key != key) i = (i + 1) & mask;
    if (slots_[i] == kEmpty) ++groups_;  // the caller fills it
    return slots_[i];
  }

  void grow() {
    std::vector<uint32_t> old(slots_.size() * 2, kEmpty);
    old.swap(slots_);
    const std::size_t mask = slots_.size() - 1;
    for (uint32_t head : old) {
      if (head == kEmpty) continue;
      std::size_t i = std::hash<std::string_view>{}(variants_[head].key) & mask;
      while (slots_[i] != kEmpty) i = (i + 1) & mask;
      slots_[i] = head;
    }
  }

  std::vector<uint32_t> slots_;  // index of a group's first Variant, or kEmpty
  std::size_t groups_ = 0;
  std::vector<Variant> variants_;
  std::deque<std::string> composite_keys_;
};

std::vector<Finding> find_duplicates(const std::vector<Example>& examples) {
  std::vector<Finding> findings;
  DuplicateFinder finder(examples.size());
  for (const Example& ex : examples) finder.add(ex, findings);
  return findings;
}

// A pii warning for each piece of personal data in the rows' non-blank
// fields; `rows` counts the rows with any.
std::vector<Finding> find_personal_data_in(const std::vector<Example>& examples, const std::vector<std::string>& names,
                                           std::size_t& rows) {
  std::vector<Finding> found;
  rows = 0;
  for (const Example& ex : examples) {
    bool any = false;
    const auto scan = [&](std::string_view value, std::string_view field) {
      if (utf8::trim(value).empty()) return;
      for (const cleaning::PersonalDataMatch& m : cleaning::find_personal_data(value, names)) {
        found.push_back(make_finding(rule::personal_data, Severity::warning, ex.line, std::string(field),
                                     cleaning::personal_data_rule(m.kind),
                                     {std::string(field), std::string(value.substr(m.begin, m.end - m.begin))}));
        any = true;
      }
    };
    for (const Turn& t : ex.history) {
      scan(t.user, t.user_field);
      scan(t.assistant, t.assistant_field);
    }
    scan(ex.turn.user, ex.turn.user_field);
    scan(ex.turn.assistant, ex.turn.assistant_field);
    rows += any;
  }
  return found;
}

class Validator {
 public:
  Validator(const Dataset& ds, const ValidationOptions& options) : ds_(ds), opt_(options) {}

  ValidationReport run() {
    report_.findings = ds_.findings;
    report_.example_has_error.assign(ds_.examples.size(), false);
    input_lengths_.reserve(ds_.examples.size());
    output_lengths_.reserve(ds_.examples.size());

    // Duplicates and personal data need one pass over all rows and only give
    // warnings, so on large files they are found on a second core while this
    // one checks rows.
    std::vector<Finding> duplicates, personal_data;
    const auto second_core = [&] {
      duplicates = find_duplicates(ds_.examples);
      if (opt_.find_personal_data) personal_data = find_personal_data_in(ds_.examples, opt_.personal_data_names,
                                                                        report_.rows_with_personal_data);
    };
    std::thread worker;
    if (ds_.examples.size() >= kParallelThreshold) worker = std::thread(second_core);

    for (std::size_t i = 0; i < ds_.examples.size(); ++i) {
      current_has_error_ = false;
      check_example(ds_.examples[i]);
      report_.example_has_error[i] = current_has_error_;
    }
    if (worker.joinable()) worker.join();
    else second_core();
    for (std::vector<Finding>* found : {&duplicates, &personal_data})
      report_.findings.insert(report_.findings.end(), std::make_move_iterator(found->begin()),
                              std::make_move_iterator(found->end()));
    finish();
    return std::move(report_);
  }

 private:
  void add(std::string_view rule_id, Severity severity, std::size_t line, std::optional<std::string> field,
           std::string_view kind, std::vector<std::string> args) {
    if (severity == Severity::error) current_has_error_ = true;
    report_.findings.push_back(make_finding(rule_id, severity, line, std::move(field), kind, std::move(args)));
  }

  void check_example(const Example& ex) {
    for (const Turn& t : ex.history) check_turn(t, ex.line, /*final=*/false);
    check_turn(ex.turn, ex.line, /*final=*/true);
  }

  void check_turn(const Turn& t, std::size_t line, bool final) {
    const bool input_ok = check_field(t.user, t.user_field, line, /*is_input=*/true, final);
    const bool output_ok = check_field(t.assistant, t.assistant_field, line, /*is_input=*/false, final);
    if (input_ok && output_ok) check_same(t, line);
  }

  // Returns false when the field is empty (the other checks then say nothing).
  bool check_field(std::string_view value, std::string_view field_name, std::size_t line, bool is_input,
                   bool final) {
    const std::string field(field_name);
    const FieldScan scan = scan_field(value);
    const std::size_t chars = scan.chars;
    if (final) (is_input ? input_lengths_ : output_lengths_).push_back(chars);

    const std::string_view trimmed = utf8::trim(value);
    if (trimmed.empty()) {
      add(rule::empty_field, Severity::error, line, field,
          is_input ? (value.empty() ? "empty_field.input.empty" : "empty_field.input.blank")
                   : (value.empty() ? "empty_field.output.empty" : "empty_field.output.blank"),
          {field});
      return false;
    }
    if (scan.replacement) {
      add(rule::encoding, Severity::error, line, field, "encoding.invalid", {field, encoding_label()});
    } else if (scan.maybe_mojibake && looks_like_mojibake(value)) {
      add(rule::encoding, Severity::warning, line, field, "encoding.mojibake", {field});
    }
    if (scan.control_at != 0) {
      add(rule::control_chars, Severity::error, line, field, "control_chars",
          {field, hex_code_point(scan.control_cp), std::to_string(scan.control_at)});
    }

    const std::size_t max_chars = is_input ? opt_.max_input_chars : opt_.max_output_chars;
    const std::size_t min_chars = is_input ? opt_.min_input_chars : opt_.min_output_chars;
    const std::size_t trimmed_chars = trimmed.size() == value.size() ? chars : utf8::length(trimmed);
    if (max_chars && chars > max_chars) {
      add(rule::too_long, Severity::warning, line, field, "too_long.chars",
          {field, with_thousands(chars), with_thousands(max_chars),
           is_input ? "--max-input-chars" : "--max-output-chars"});
    } else if (trimmed_chars < min_chars) {
      add(rule::too_short, Severity::warning, line, field, "too_short",
          {std::to_string(trimmed_chars), field, std::to_string(min_chars)});
    }
    if (opt_.count_tokens) {
      const std::size_t tokens = opt_.count_tokens(value);
      if (final) (is_input ? input_tokens_ : output_tokens_).push_back(tokens);
      const std::size_t max_tokens = is_input ? opt_.max_input_tokens : opt_.max_output_tokens;
      if (max_tokens && tokens > max_tokens) {
        add(rule::too_long, Severity::warning, line, field, "too_long.tokens",
            {field, with_thousands(tokens), is_input ? "max_input_length" : "max_output_length",
             with_thousands(max_tokens)});
      }
    }
    return true;
  }

  void check_same(const Turn& t, std::size_t line) {
    const std::string_view in = utf8::trim(t.user);
    const std::string_view out = utf8::trim(t.assistant);
    const std::string field(t.assistant_field);
    if (in == out) {
      add(rule::same_input_output, Severity::error, line, field, "same_input_output.same",
          {field, std::string(t.user_field)});
      return;
    }
    const std::size_t copies = repetitions(in, out);
    if (copies == 0) return;
    add(rule::same_input_output, Severity::warning, line, field,
        copies == 1 ? "same_input_output.cosmetic" : "same_input_output.repeats", {field, std::string(t.user_field)});
  }

  std::string encoding_label() const {
    return ds_.encoding.empty() ? std::string("text") : ds_.encoding;
  }

  void finish() {
    report_.rows = ds_.rows;
    report_.valid_rows = static_cast<std::size_t>(
        std::count(report_.example_has_error.begin(), report_.example_has_error.end(), false));

    const bool unreadable = std::any_of(ds_.findings.begin(), ds_.findings.end(), [](const Finding& f) {
      return f.rule == rule::missing_column || f.rule == rule::file_too_large;
    });
    if (!unreadable) {
      if (ds_.rows == 0) {
        add(rule::too_few_rows, Severity::error, 0, std::nullopt, "too_few_rows.none", {});
      } else if (report_.valid_rows < opt_.recommended_min_rows) {
        add(rule::too_few_rows, Severity::warning, 0, std::nullopt, "too_few_rows.few",
            {std::to_string(report_.valid_rows), std::to_string(opt_.recommended_min_rows),
             std::to_string(opt_.recommended_max_rows)});
      } else if (report_.valid_rows > opt_.recommended_max_rows) {
        add(rule::too_many_rows, Severity::warning, 0, std::nullopt, "too_many_rows",
            {with_thousands(report_.valid_rows), std::to_string(opt_.recommended_min_rows),
             std::to_string(opt_.recommended_max_rows)});
      }
    }

    sort_by_line(report_.findings);
    for (const Finding& f : report_.findings) {
      (f.severity == Severity::error ? report_.errors : report_.warnings)++;
      ++report_.count_by_rule[std::string(f.rule)];
    }
    report_.passed = report_.errors == 0;
    report_.input_chars = summarize_lengths(input_lengths_);
    report_.output_chars = summarize_lengths(output_lengths_);
    report_.input_tokens = summarize_lengths(input_tokens_);
    report_.output_tokens = summarize_lengths(output_tokens_);

    report_.file = ds_.path;
    report_.file_size = ds_.file_size;
    report_.format = std::string(source_format_name(ds_.format));
    report_.encoding = ds_.encoding;
    report_.encoding_detected = ds_.encoding_detected;
    report_.had_bom = ds_.had_bom;
    if (ds_.format == SourceFormat::csv && !ds_.encoding.empty()) report_.delimiter = delimiter_name(ds_.delimiter);
    report_.line_endings = ds_.line_endings;
    report_.blank_lines = ds_.blank_lines;
    report_.columns = ds_.columns;
    report_.sheet = ds_.sheet;
    report_.sheets = ds_.sheets;
  }

  static constexpr std::size_t kParallelThreshold = 20000;

  const Dataset& ds_;
  const ValidationOptions& opt_;
  ValidationReport report_;
  bool current_has_error_ = false;
  std::vector<std::size_t> input_lengths_, output_lengths_, input_tokens_, output_tokens_;
};

}  // namespace

ValidationReport validate(const Dataset& ds, const ValidationOptions& options) {
  return Validator(ds, options).run();
}

}  // namespace tunedesk::data
