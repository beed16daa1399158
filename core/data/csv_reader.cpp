#include "data/csv_reader.h"

#include <cstring>

namespace tunedesk::data {
namespace {

bool is_line_break(char c) { return c == '\n' || c == '\r'; }

class CsvParser {
 public:
  CsvParser(std::string_view text, char delimiter) : text_(text), delim_(delimiter) {
    table_.delimiter = delimiter;
  }

  CsvTable run() {
    while (pos_ < text_.size()) {
      if (is_line_break(text_[pos_])) {
        table_.blank_lines.push_back(line_);
        consume_line_break(/*count_style=*/true);
        continue;
      }
      parse_record();
    }
    // line_ - 1 line breaks were seen; text after the last one is a line too.
    const bool ends_with_break = !text_.empty() && is_line_break(text_.back());
    table_.line_count = text_.empty() ? 0 : line_ - (ends_with_break ? 1 : 0);
    return std::move(table_);
  }

 private:
  void consume_line_break(bool count_style) {
    if (text_[pos_] == '\r') {
      if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') {
        pos_ += 2;
        if (count_style) ++table_.line_endings.crlf;
      } else {
        ++pos_;
        if (count_style) ++table_.line_endings.cr;
      }
    } else {
      ++pos_;
      if (count_style) ++table_.line_endings.lf;
    }
    ++line_;
  }

  void parse_record() {
    CsvRecord record{line_, table_.fields.size(), 0, false};
    while (true) {
      if (pos_ < text_.size() && text_[pos_] == '"') {
        if (!parse_quoted_field(record)) {
          record.broken = true;
          record.field_count = table_.fields.size() - record.first_field;
          table_.records.push_back(record);
          return;
        }
      } else {
        parse_plain_field();
      }
      if (pos_ >= text_.size()) break;
      if (text_[pos_] == delim_) {
        ++pos_;
        if (pos_ >= text_.size()) {  // "a,b," at EOF: a final empty field
          table_.fields.emplace_back();
          break;
        }
        continue;
      }
      consume_line_break(/*count_style=*/true);  // the field ended at a line break
      break;
    }
    record.field_count = table_.fields.size() - record.first_field;
    table_.records.push_back(record);
  }

  void parse_plain_field() {
    const std::size_t start = pos_;
    const char* p = text_.data() + pos_;
    const char* end = text_.data() + text_.size();
    while (p < end && *p != delim_ && *p != '\n' && *p != '\r') ++p;
    pos_ = static_cast<std::size_t>(p - text_.data());
    table_.fields.push_back(text_.substr(start, pos_ - start));
  }

  // Parses a field that starts with a quote. Returns false when the quote is
  // never closed; the parser has then moved to the line after the one where
  // the quote opened, so that the rest of the file is still read.
  bool parse_quoted_field(CsvRecord& record) {
    const std::size_t open_line = line_;
    const std::size_t open_pos = pos_;
    std::size_t segment = ++pos_;
    std::string* owned = nullptr;  // set once the field needs unescaping
    while (true) {
      const void* hit = std::memchr(text_.data() + pos_, '"', text_.size() - pos_);
      const std::size_t quote = hit ? static_cast<const char*>(hit) - text_.data() : text_.size();
      count_breaks(pos_, quote);
      if (!hit) {
        table_.issues.push_back({record.line, CsvIssue::Kind::unterminated_quote,
                                 "a quote opened on line " + std::to_string(open_line) +
                                     " is never closed",
                                 {std::to_string(open_line)}});
        resume_after_line_of(open_pos, open_line);
        return false;
      }
      if (quote + 1 < text_.size() && text_[quote + 1] == '"') {  // doubled quote
        if (!owned) owned = &table_.owned_fields.emplace_back();
        owned->append(text_.substr(segment, quote + 1 - segment));
        pos_ = segment = quote + 2;
        continue;
      }
      // Closing quote.
      std::string_view tail = text_.substr(segment, quote - segment);
      pos_ = quote + 1;
      if (pos_ < text_.size() && text_[pos_] != delim_ && !is_line_break(text_[pos_])) {
        // "abc"def — keep the text like Excel does, but say so.
        const std::size_t extra_start = pos_;
        while (pos_ < text_.size() && text_[pos_] != delim_ && !is_line_break(text_[pos_])) ++pos_;
        if (!owned) owned = &table_.owned_fields.emplace_back();
        owned->append(tail);
        owned->append(text_.substr(extra_start, pos_ - extra_start));
        table_.issues.push_back({record.line, CsvIssue::Kind::text_after_quote,
                                 "text follows the closing quote of field " +
                                     std::to_string(table_.fields.size() - record.first_field + 1) +
                                     "; the field was read as \"" + *owned + "\"",
                                 {std::to_string(table_.fields.size() - record.first_field + 1), *owned}});
        table_.fields.emplace_back(*owned);
        return true;
      }
      if (owned) {
        owned->append(tail);
        table_.fields.emplace_back(*owned);
      } else {
        table_.fields.push_back(tail);
      }
      return true;
    }
  }

  // Counts line breaks inside a quoted field (CRLF is one) in text_[from, to).
  void count_breaks(std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) {
      if (text_[i] == '\n') ++line_;
      else if (text_[i] == '\r' && !(i + 1 < to && text_[i + 1] == '\n')) ++line_;
    }
  }

  void resume_after_line_of(std::size_t pos, std::size_t line) {
    pos_ = pos;
    line_ = line;
    while (pos_ < text_.size() && !is_line_break(text_[pos_])) ++pos_;
    if (pos_ < text_.size()) consume_line_break(/*count_style=*/false);
  }

  std::string_view text_;
  char delim_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  CsvTable table_;
};

}  // namespace

std::string LineEndingCounts::dominant() const {
  const int kinds = (crlf > 0) + (lf > 0) + (cr > 0);
  if (kinds == 0) return "none";
  if (kinds > 1) return "mixed";
  return crlf ? "CRLF" : lf ? "LF" : "CR";
}

char detect_delimiter(std::string_view text) {
  std::size_t commas = 0, tabs = 0, semicolons = 0;
  bool quoted = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    else if (!quoted && is_line_break(c)) break;
    else if (!quoted && c == ',') ++commas;
    else if (!quoted && c == '\t') ++tabs;
    else if (!quoted && c == ';') ++semicolons;
  }
  if (tabs > commas && tabs >= semicolons) return '\t';
  if (semicolons > commas && semicolons > tabs) return ';';
  return ',';
}

std::string delimiter_name(char delimiter) {
  switch (delimiter) {
    case ',': return "comma";
    case '\t': return "tab";
    case ';': return "semicolon";
    default: return std::string(1, delimiter);
  }
}

CsvTable parse_csv(std::string_view text, const CsvOptions& options) {
  const char delimiter = options.delimiter ? options.delimiter : detect_delimiter(text);
  return CsvParser(text, delimiter).run();
}

}  // namespace tunedesk::data
