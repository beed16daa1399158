#include "data/jsonl_reader.h"

#include <nlohmann/json.hpp>
#include <set>

#include "data/finding_messages.h"
#include "util/utf8.h"

namespace tunedesk::data {
namespace {

using nlohmann::json;

class JsonlRecordReader {
 public:
  explicit JsonlRecordReader(Dataset& ds) : ds_(ds) {}

  void read_line(std::string_view line_text, std::size_t line) {
    ++ds_.rows;
    json record;
    try {
      record = json::parse(line_text);
    } catch (const json::exception& e) {
      const std::string reason = short_reason(e.what());
      error(line, std::nullopt, "jsonl.not_json", {reason});
      return;
    }
    if (!record.is_object()) {
      error(line, std::nullopt, "jsonl.not_object");
      return;
    }
    for (const auto& item : record.items()) keys_seen_.insert(item.key());
    const std::size_t before = ds_.examples.size();
    if (record.contains("messages")) read_messages(record, line);
    else read_alpaca(record, line);
    // A row a model wrote (data/augmentation.h) says so: "generated": true (or a description of how).
    if (ds_.examples.size() > before && record.contains("generated"))
      ds_.examples.back().generated = !record["generated"].is_null() && record["generated"] != false;
  }

  void finish() {
    ds_.columns.assign(keys_seen_.begin(), keys_seen_.end());
    ds_.format = messages_ > alpaca_ ? SourceFormat::jsonl_messages : SourceFormat::jsonl_alpaca;
  }

 private:
  static std::string short_reason(std::string what) {
    // nlohmann's messages start with "[json.exception.parse_error.101] parse error at ..."
    // They quote the bytes read last, which can end inside a multi-byte character.
    const auto pos = what.find("] ");
    return utf8::sanitized(pos == std::string::npos ? what : what.substr(pos + 2));
  }

  void error(std::size_t line, std::optional<std::string> field, std::string_view kind, std::vector<std::string> args = {}) {
    ds_.findings.push_back(make_finding(rule::malformed_row, Severity::error, line, std::move(field), kind, std::move(args)));
  }

  // The text of a string value; numbers and booleans become their JSON text
  // with a warning (the old system wrote "output": 2), anything else fails.
  std::optional<std::string_view> text_of(const json& value, std::string_view field, std::size_t line) {
    if (value.is_string()) return keep(value.get_ref<const std::string&>());
    if (value.is_null()) return std::string_view{};
    if (value.is_number() || value.is_boolean()) {
      ds_.findings.push_back(make_finding(rule::non_string_value, Severity::warning, line, std::string(field),
                                          value.is_boolean() ? "non_string_value.boolean" : "non_string_value.number",
                                          {std::string(field), value.dump()}));
      return keep(value.dump());
    }
    error(line, std::string(field), "jsonl.not_string", {std::string(field), std::string(value.type_name())});
    return std::nullopt;
  }

  std::string_view keep(std::string s) { return ds_.storage->strings.emplace_back(std::move(s)); }

  void read_alpaca(const json& record, std::size_t line) {
    ++alpaca_;
    if (!record.contains("output")) {
      error(line, "output", "jsonl.no_output");
      return;
    }
    if (!record.contains("input") && !record.contains("instruction")) {
      error(line, "input", "jsonl.no_input");
      return;
    }
    Example ex;
    ex.line = line;
    std::string_view instruction, input, system;
    if (record.contains("instruction")) {
      auto v = text_of(record["instruction"], "instruction", line);
      if (!v) return;
      instruction = *v;
    }
    if (record.contains("input")) {
      auto v = text_of(record["input"], "input", line);
      if (!v) return;
      input = *v;
    }
    if (record.contains("system")) {
      auto v = text_of(record["system"], "system", line);
      if (!v) return;
      system = *v;
    }
    auto output = text_of(record["output"], "output", line);
    if (!output) return;

    if (utf8::is_blank(input) && !utf8::is_blank(instruction)) {
      ex.system = system;
      ex.turn = Turn{instruction, *output, "instruction", "output"};
    } else {
      ex.system = system.empty() ? instruction : system;
      ex.turn = Turn{input, *output, "input", "output"};
    }
    if (record.contains("history") && !read_history(record["history"], line, ex)) return;
    ds_.examples.push_back(std::move(ex));
  }

  bool read_history(const json& history, std::size_t line, Example& ex) {
    if (!history.is_array()) {
      error(line, "history", "jsonl.history_not_list");
      return false;
    }
    for (std::size_t i = 0; i < history.size(); ++i) {
      const json& pair = history[i];
      const std::string field = "history[" + std::to_string(i) + "]";
      if (!pair.is_array() || pair.size() != 2) {
        error(line, field, "jsonl.history_pair", {field});
        return false;
      }
      auto q = text_of(pair[0], field + "[0]", line);
      auto a = text_of(pair[1], field + "[1]", line);
      if (!q || !a) return false;
      ex.history.push_back(Turn{*q, *a, keep(field + "[0]"), keep(field + "[1]")});
    }
    return true;
  }

  void read_messages(const json& record, std::size_t line) {
    ++messages_;
    const json& messages = record["messages"];
    if (!messages.is_array() || messages.empty()) {
      error(line, "messages", "jsonl.messages_not_list");
      return;
    }
    Example ex;
    ex.line = line;
    std::optional<Turn> open;  // a user message waiting for its answer
    for (std::size_t i = 0; i < messages.size(); ++i) {
      const json& m = messages[i];
      const std::string where = "messages[" + std::to_string(i) + "]";
      if (!m.is_object() || !m.contains("role") || !m["role"].is_string() || !m.contains("content")) {
        error(line, where, "jsonl.message_shape", {where});
        return;
      }
      const std::string& role = m["role"].get_ref<const std::string&>();
      auto content = text_of(m["content"], where + ".content", line);
      if (!content) return;
      const std::string_view field = keep(where + ".content");
      if (role == "system" && i == 0) {
        ex.system = *content;
      } else if (role == "user" && !open) {
        open = Turn{*content, {}, field, {}};
      } else if (role == "assistant" && open) {
        open->assistant = *content;
        open->assistant_field = field;
        ex.history.push_back(*open);
        open.reset();
      } else {
        error(line, where, "jsonl.role_out_of_place", {where, role});
        return;
      }
    }
    if (open || ex.history.empty()) {
      error(line, "messages", "jsonl.no_final_answer");
      return;
    }
    ex.turn = ex.history.back();
    ex.history.pop_back();
    ds_.examples.push_back(std::move(ex));
  }

  Dataset& ds_;
  std::set<std::string> keys_seen_;
  std::size_t alpaca_ = 0, messages_ = 0;
};

}  // namespace

void read_jsonl_into(Dataset& ds) {
  const std::string_view text = ds.storage->text;
  JsonlRecordReader reader(ds);
  std::size_t crlf = 0, lf = 0, cr = 0;
  std::size_t line = 1;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line_text = text.substr(pos, end - pos);
    if (utf8::is_blank(line_text)) {
      ++ds.blank_lines;
      ds.findings.push_back(make_finding(rule::blank_line, Severity::warning, line, std::nullopt, "blank_line", {}));
    } else {
      reader.read_line(line_text, line);
    }
    pos = end;
    if (pos < text.size()) {
      if (text[pos] == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n') { pos += 2; ++crlf; }
      else { (text[pos] == '\r' ? cr : lf)++; ++pos; }
    }
    ++line;
  }
  reader.finish();
  LineEndingCounts counts{crlf, lf, cr};
  ds.line_endings = counts.dominant();
}

}  // namespace tunedesk::data
