#include "data/cell_number_format.h"

#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <vector>

#include "util/utf8.h"

namespace tunedesk::data {

std::string_view builtin_number_format(int id) {
  switch (id) {
    case 1: return "0";
    case 2: return "0.00";
    case 3: return "#,##0";
    case 4: return "#,##0.00";
    case 9: return "0%";
    case 10: return "0.00%";
    case 11: return "0.00E+00";
    case 14: return "yyyy-mm-dd";  // locale short date; ISO here (see the header)
    case 15: return "d-mmm-yy";
    case 16: return "d-mmm";
    case 17: return "mmm-yy";
    case 18: return "h:mm AM/PM";
    case 19: return "h:mm:ss AM/PM";
    case 20: return "h:mm";
    case 21: return "h:mm:ss";
    case 22: return "yyyy-mm-dd h:mm";  // locale short date and time
    case 37: return "#,##0 ;(#,##0)";
    case 38: return "#,##0 ;[Red](#,##0)";
    case 39: return "#,##0.00;(#,##0.00)";
    case 40: return "#,##0.00;[Red](#,##0.00)";
    case 45: return "mm:ss";
    case 46: return "[h]:mm:ss";
    case 47: return "mm:ss.0";
    case 48: return "##0.0E+0";
    case 49: return "@";
    // The ids Excel's Chinese (PRC) locale gives its date and time formats.
    case 27: case 28: case 29: case 36: case 50: case 51: case 53: case 54: case 57: case 58:
      return "yyyy\"年\"m\"月\"d\"日\"";
    case 30: return "m-d-yy";
    case 31: return "yyyy\"年\"m\"月\"d\"日\"";
    case 32: return "h\"时\"mm\"分\"";
    case 33: return "h\"时\"mm\"分\"ss\"秒\"";
    case 34: case 55: return "AM/PM h\"时\"mm\"分\"";
    case 35: case 56: return "AM/PM h\"时\"mm\"分\"ss\"秒\"";
    case 52: return "yyyy\"年\"m\"月\"";
    default: return "";
  }
}

std::string format_general_number(double value) {
  if (!std::isfinite(value)) return "#NUM!";
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.15g", value);
  std::string out = buffer;
  // "1e+20" -> "1E+20", "1e-07" -> "1E-07" (Excel writes an upper-case E).
  for (char& c : out)
    if (c == 'e') c = 'E';
  return out;
}

namespace {

// One piece of a format section.
struct Token {
  enum class Kind {
    literal,      // text shown as is
    digit,        // 0, # or ? (which)
    point,        // the decimal point
    comma,        // thousands separator, or a scale by 1000 at the end of the integer
    percent,      // multiplies by 100 and shows %
    exponent,     // E+ / E- (text holds "+" or "-")
    date,         // y m d h s e runs (text: the letter, count: how many)
    elapsed,      // [h] [mm] [ss] (text: the letter)
    am_pm,        // AM/PM or A/P (text: as written)
    general,      // the word General
    text_value,   // @
  };
  Kind kind;
  std::string text;
  int count = 1;
};

bool starts_with_ignoring_case(std::string_view s, std::size_t at, std::string_view word) {
  if (s.size() - at < word.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[at + i])) != word[i]) return false;
  return true;
}

// The next whole UTF-8 character of s at i.
std::string_view character_at(std::string_view s, std::size_t i) {
  std::size_t length = 1;
  utf8::decode(s, i, length);
  return s.substr(i, std::min(length, s.size() - i));
}

std::vector<Token> tokenize(std::string_view s) {
  using K = Token::Kind;
  std::vector<Token> out;
  const auto literal = [&](std::string_view text) {
    if (!out.empty() && out.back().kind == K::literal) out.back().text += text;
    else out.push_back({K::literal, std::string(text)});
  };
  for (std::size_t i = 0; i < s.size();) {
    const char c = s[i];
    const char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (c == '"') {
      const std::size_t end = s.find('"', i + 1);
      literal(s.substr(i + 1, (end == std::string_view::npos ? s.size() : end) - i - 1));
      i = end == std::string_view::npos ? s.size() : end + 1;
    } else if (c == '\\' && i + 1 < s.size()) {
      const std::string_view ch = character_at(s, i + 1);
      literal(ch);
      i += 1 + ch.size();
    } else if (c == '_' && i + 1 < s.size()) {  // a space as wide as the next character
      literal(" ");
      i += 1 + character_at(s, i + 1).size();
    } else if (c == '*' && i + 1 < s.size()) {  // fill with the next character: nothing in text
      i += 1 + character_at(s, i + 1).size();
    } else if (c == '[') {
      const std::size_t end = s.find(']', i);
      const std::string_view inside = s.substr(i + 1, (end == std::string_view::npos ? s.size() : end) - i - 1);
      i = end == std::string_view::npos ? s.size() : end + 1;
      const char first = inside.empty() ? 0 : static_cast<char>(std::tolower(static_cast<unsigned char>(inside[0])));
      const bool one_letter = !inside.empty() && inside.find_first_not_of(inside[0]) == std::string_view::npos;
      if (one_letter && (first == 'h' || first == 'm' || first == 's')) {
        out.push_back({K::elapsed, std::string(1, first), static_cast<int>(inside.size())});
      } else if (!inside.empty() && inside[0] == '$') {  // [$¥-804]: a currency symbol and a locale
        literal(inside.substr(1, inside.find('-') == std::string_view::npos ? std::string_view::npos
                                                                              : inside.find('-') - 1));
      }  // colours ([Red]) and conditions ([<100]) change nothing in text
    } else if (starts_with_ignoring_case(s, i, "general")) {
      out.push_back({K::general, ""});
      i += 7;
    } else if (starts_with_ignoring_case(s, i, "am/pm")) {
      out.push_back({K::am_pm, std::string(s.substr(i, 5))});
      i += 5;
    } else if (starts_with_ignoring_case(s, i, "a/p")) {
      out.push_back({K::am_pm, std::string(s.substr(i, 3))});
      i += 3;
    } else if ((lower == 'e') && i + 1 < s.size() && (s[i + 1] == '+' || s[i + 1] == '-')) {
      out.push_back({K::exponent, std::string(1, s[i + 1])});
      i += 2;
    } else if (lower == 'y' || lower == 'm' || lower == 'd' || lower == 'h' || lower == 's' || lower == 'e') {
      std::size_t j = i;
      while (j < s.size() && std::tolower(static_cast<unsigned char>(s[j])) == lower) ++j;
      out.push_back({K::date, std::string(1, lower), static_cast<int>(j - i)});
      i = j;
    } else if (c == '0' || c == '#' || c == '?') {
      out.push_back({K::digit, std::string(1, c)});
      ++i;
    } else if (c == '.') {
      out.push_back({K::point, "."});
      ++i;
    } else if (c == ',') {
      out.push_back({K::comma, ","});
      ++i;
    } else if (c == '%') {
      out.push_back({K::percent, "%"});
      ++i;
    } else if (c == '@') {
      out.push_back({K::text_value, ""});
      ++i;
    } else {
      const std::string_view ch = character_at(s, i);
      literal(ch);
      i += ch.size();
    }
  }
  return out;
}

// The sections of a code split at ';' outside quotes and brackets.
std::vector<std::string_view> split_sections(std::string_view code) {
  std::vector<std::string_view> sections;
  std::size_t start = 0;
  bool quoted = false;
  int bracket = 0;
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (c == '\\' && !quoted) ++i;
    else if (c == '"') quoted = !quoted;
    else if (!quoted && c == '[') ++bracket;
    else if (!quoted && c == ']' && bracket > 0) --bracket;
    else if (!quoted && !bracket && c == ';') {
      sections.push_back(code.substr(start, i - start));
      start = i + 1;
    }
  }
  sections.push_back(code.substr(start));
  return sections;
}

// ---- dates and times ----------------------------------------------------

struct CivilDate {
  int year, month, day, weekday;  // weekday 0 = Sunday
};

// Days since 1970-01-01 to a civil date (proleptic Gregorian).
CivilDate civil_from_unix_days(std::int64_t z) {
  const int weekday = static_cast<int>(((z % 7) + 11) % 7);  // 1970-01-01 was a Thursday
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d), weekday};
}

// A spreadsheet day number as a date. In the 1900 system day 1 is 1900-01-01
// and day 60 is 1900-02-29, a day that never was (Lotus 1-2-3 counted 1900 as
// a leap year and Excel kept it); from day 61 the count agrees with 1899-12-30 + n.
CivilDate date_of_day(std::int64_t day, bool date1904) {
  constexpr std::int64_t kUnix1899_12_30 = -25569, kUnix1904_01_01 = -24107;
  if (date1904) return civil_from_unix_days(kUnix1904_01_01 + day);
  if (day == 60) return {1900, 2, 29, 3};
  return civil_from_unix_days(kUnix1899_12_30 + day + (day < 60 ? 1 : 0));
}

constexpr std::array<std::string_view, 12> kMonths = {"January", "February", "March",     "April",   "May",      "June",
                                                      "July",    "August",   "September", "October", "November", "December"};
constexpr std::array<std::string_view, 7> kWeekdays = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                       "Thursday", "Friday", "Saturday"};

std::string padded(long long n, int width) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  if (static_cast<int>(digits.size()) < width) digits.insert(0, static_cast<std::size_t>(width) - digits.size(), '0');
  return n < 0 ? "-" + digits : digits;
}

bool is_date_token(const Token& t) {
  return t.kind == Token::Kind::date || t.kind == Token::Kind::elapsed || t.kind == Token::Kind::am_pm;
}

// Whether the m run at `at` means minutes: right after an hour or right before a second.
bool means_minutes(const std::vector<Token>& tokens, std::size_t at) {
  const auto letter = [](const Token& t) { return t.kind == Token::Kind::elapsed || t.kind == Token::Kind::date ? t.text[0] : 0; };
  for (std::size_t i = at; i-- > 0;) {
    if (tokens[i].kind != Token::Kind::date && tokens[i].kind != Token::Kind::elapsed) continue;
    if (letter(tokens[i]) == 'h') return true;
    break;
  }
  for (std::size_t i = at + 1; i < tokens.size(); ++i) {
    if (tokens[i].kind != Token::Kind::date && tokens[i].kind != Token::Kind::elapsed) continue;
    return letter(tokens[i]) == 's';
  }
  return false;
}

std::string render_date(double value, const std::vector<Token>& tokens, bool date1904) {
  using K = Token::Kind;
  // Sub-second digits: ".0", ".00", ".000" after the seconds.
  int fraction_digits = 0;
  for (std::size_t i = 0; i + 1 < tokens.size(); ++i)
    if (tokens[i].kind == K::point && tokens[i + 1].kind == K::digit) {
      std::size_t j = i + 1;
      while (j < tokens.size() && tokens[j].kind == K::digit) ++j;
      fraction_digits = std::max(fraction_digits, static_cast<int>(std::min<std::size_t>(j - i - 1, 3)));
    }
  const double unit_ms = fraction_digits ? std::pow(10.0, 3 - fraction_digits) : 1000.0;
  const auto total_ms = static_cast<std::int64_t>(std::llround(value * 86400000.0 / unit_ms) * static_cast<std::int64_t>(unit_ms));
  const std::int64_t day = total_ms / 86400000;
  const std::int64_t ms_of_day = total_ms % 86400000;
  const CivilDate date = date_of_day(day, date1904);
  const int hour = static_cast<int>(ms_of_day / 3600000), minute = static_cast<int>(ms_of_day / 60000 % 60),
            second = static_cast<int>(ms_of_day / 1000 % 60), millis = static_cast<int>(ms_of_day % 1000);
  bool twelve_hour = false;
  for (const Token& t : tokens) twelve_hour = twelve_hour || t.kind == K::am_pm;

  std::string out;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    switch (t.kind) {
      case K::date:
        switch (t.text[0]) {
          case 'y': out += t.count <= 2 ? padded(date.year % 100, 2) : std::to_string(date.year); break;
          case 'e': out += std::to_string(date.year); break;
          case 'd':
            if (t.count >= 4) out += kWeekdays[static_cast<std::size_t>(date.weekday)];
            else if (t.count == 3) out += kWeekdays[static_cast<std::size_t>(date.weekday)].substr(0, 3);
            else out += padded(date.day, t.count);
            break;
          case 'h': {
            int h = hour;
            if (twelve_hour) h = h % 12 == 0 ? 12 : h % 12;
            out += padded(h, std::min(t.count, 2));
            break;
          }
          case 's': out += padded(second, std::min(t.count, 2)); break;
          case 'm':
            if (t.count <= 2 && means_minutes(tokens, i)) out += padded(minute, t.count);
            else if (t.count <= 2) out += padded(date.month, t.count);
            else if (t.count == 3) out += kMonths[static_cast<std::size_t>(date.month - 1)].substr(0, 3);
            else if (t.count == 5) out += kMonths[static_cast<std::size_t>(date.month - 1)].substr(0, 1);
            else out += kMonths[static_cast<std::size_t>(date.month - 1)];
            break;
        }
        break;
      case K::elapsed: {
        const std::int64_t whole = t.text[0] == 'h' ? total_ms / 3600000 : t.text[0] == 'm' ? total_ms / 60000 : total_ms / 1000;
        out += padded(whole, t.count);
        break;
      }
      case K::am_pm: {
        const bool pm = hour >= 12;
        if (t.text.size() == 3) out += pm ? (t.text[2] == 'p' ? "p" : "P") : (t.text[0] == 'a' ? "a" : "A");
        else out += pm ? "PM" : "AM";
        break;
      }
      case K::point:
        if (i + 1 < tokens.size() && tokens[i + 1].kind == K::digit) {
          std::size_t j = i + 1;
          std::string digits = padded(millis, 3).substr(0, static_cast<std::size_t>(fraction_digits));
          out += '.';
          for (; j < tokens.size() && tokens[j].kind == K::digit; ++j) {
            const std::size_t k = j - i - 1;
            if (k < digits.size()) out += digits[k];
          }
          i = j - 1;
        } else {
          out += '.';
        }
        break;
      case K::literal: case K::comma: case K::percent: out += t.text; break;
      case K::digit: out += t.text == "0" ? "0" : ""; break;
      case K::exponent: out += "E" + t.text; break;
      case K::general: case K::text_value: out += format_general_number(value); break;
    }
  }
  return out;
}

// ---- plain numbers -------------------------------------------------------

// "1234567" -> "1,234,567"
std::string grouped(const std::string& digits) {
  std::string out;
  const std::size_t n = digits.size();
  for (std::size_t i = 0; i < n; ++i) {
    out += digits[i];
    const std::size_t left = n - i - 1;
    if (left > 0 && left % 3 == 0) out += ',';
  }
  return out;
}

std::string render_number(double value, const std::vector<Token>& tokens, bool show_minus) {
  using K = Token::Kind;
  // Where the integer, fraction and exponent placeholders are.
  std::size_t point = tokens.size(), exponent = tokens.size(), first_digit = tokens.size(), last_int_digit = tokens.size();
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].kind == K::point && point == tokens.size() && exponent == tokens.size()) point = i;
    if (tokens[i].kind == K::exponent && exponent == tokens.size()) exponent = i;
    if (tokens[i].kind == K::digit) {
      if (first_digit == tokens.size()) first_digit = i;
      if (i < point && i < exponent) last_int_digit = i;
    }
  }
  int int_zeros = 0, int_places = 0, fraction_zeros = 0, fraction_places = 0, exponent_zeros = 0, percents = 0, scale_commas = 0;
  bool grouping = false, int_hash = false;
  // Commas right after the last digit of the mantissa ("0.0,," = millions) scale by 1000 each.
  std::size_t last_mantissa_digit = tokens.size();
  for (std::size_t i = 0; i < std::min(exponent, tokens.size()); ++i)
    if (tokens[i].kind == K::digit) last_mantissa_digit = i;
  if (last_mantissa_digit != tokens.size())
    for (std::size_t i = last_mantissa_digit + 1; i < tokens.size() && tokens[i].kind == K::comma; ++i) ++scale_commas;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (t.kind == K::percent) ++percents;
    if (t.kind == K::digit) {
      const bool zero = t.text != "#";
      if (i > exponent) exponent_zeros += zero;
      else if (i > point) { ++fraction_places; fraction_zeros += zero; }
      else { ++int_places; int_zeros += t.text == "0"; int_hash = int_hash || t.text == "#"; }
    }
    if (t.kind == K::comma && i > first_digit && i < last_int_digit) grouping = true;
  }
  double v = std::fabs(value) * std::pow(100.0, percents) / std::pow(1000.0, scale_commas);
  if (!std::isfinite(v)) return "#NUM!";  // what a spreadsheet shows for a number it cannot hold
  // Spreadsheets stop at 30 decimals; the digits of a double end long before.
  fraction_places = std::min(fraction_places, 30);
  fraction_zeros = std::min(fraction_zeros, fraction_places);

  int exp10 = 0;
  if (exponent != tokens.size() && v != 0) {
    exp10 = static_cast<int>(std::floor(std::log10(v)));
    const int places = std::max(1, int_places);
    if (places > 1 && int_hash) exp10 = static_cast<int>(std::floor(static_cast<double>(exp10) / places)) * places;
    else exp10 -= std::max(1, int_zeros) - 1;
    v /= std::pow(10.0, exp10);
  }
  char buffer[400];
  std::snprintf(buffer, sizeof buffer, "%.*f", fraction_places, v);
  std::string whole = buffer, fraction;
  if (const std::size_t dot = whole.find('.'); dot != std::string::npos) {
    fraction = whole.substr(dot + 1);
    whole.resize(dot);
  }
  while (static_cast<int>(fraction.size()) > fraction_zeros && !fraction.empty() && fraction.back() == '0') fraction.pop_back();
  if (whole == "0" && int_zeros == 0) whole.clear();
  if (static_cast<int>(whole.size()) < int_zeros) whole.insert(0, static_cast<std::size_t>(int_zeros) - whole.size(), '0');
  if (grouping) whole = grouped(whole);

  // The integer placeholders take digits from the right; the leftmost one takes what is left.
  std::vector<std::string> int_text(tokens.size());
  if (last_int_digit != tokens.size()) {
    std::string rest = whole;
    for (std::size_t i = last_int_digit + 1; i-- > 0;) {
      if (tokens[i].kind != K::digit) continue;
      if (i == first_digit) {
        int_text[i] = rest;
        break;
      }
      if (!rest.empty()) {
        int_text[i] = rest.substr(rest.size() - 1);
        rest.pop_back();
      }
    }
  }
  std::string exponent_digits = std::to_string(std::abs(exp10));
  if (static_cast<int>(exponent_digits.size()) < exponent_zeros)
    exponent_digits.insert(0, static_cast<std::size_t>(exponent_zeros) - exponent_digits.size(), '0');

  std::string out = show_minus ? "-" : "";
  std::size_t fraction_at = 0;
  bool exponent_written = false;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    switch (t.kind) {
      case K::digit:
        if (i > exponent) {
          if (!exponent_written) out += exponent_digits;
          exponent_written = true;
        } else if (i > point) {
          if (fraction_at < fraction.size()) out += fraction[fraction_at];
          ++fraction_at;
        } else {
          out += int_text[i];
        }
        break;
      case K::point: out += '.'; break;
      case K::comma: break;  // grouping is in the digits; a scale shows nothing
      case K::exponent: out += "E" + std::string(exp10 < 0 ? "-" : t.text == "+" ? "+" : ""); break;
      case K::percent: case K::literal: out += t.text; break;
      case K::general: case K::text_value: out += format_general_number(v); break;
      case K::date: case K::elapsed: case K::am_pm: break;  // not in a number section
    }
  }
  return out;
}

}  // namespace

std::string format_cell_number(double value, std::string_view code, bool date1904) {
  if (!std::isfinite(value)) return "#NUM!";
  const std::vector<std::string_view> sections = split_sections(code);
  // One section: all numbers, a minus for negatives. Two: positives and zero; negatives
  // (shown without a minus: the section says how). Three: positives; negatives; zero.
  std::string_view section = sections[0];
  bool show_minus = value < 0;
  if (value < 0 && sections.size() >= 2 && !sections[1].empty()) {
    section = sections[1];
    show_minus = false;
  } else if (value == 0 && sections.size() >= 3 && !sections[2].empty()) {
    section = sections[2];
  }
  const std::vector<Token> tokens = tokenize(section);
  bool is_date = false, has_digits = false, has_general = tokens.empty();
  for (const Token& t : tokens) {
    is_date = is_date || is_date_token(t);
    has_digits = has_digits || t.kind == Token::Kind::digit;
    has_general = has_general || t.kind == Token::Kind::general || t.kind == Token::Kind::text_value;
  }
  if (is_date) {
    // Before 1900-01-01 (or 1904) or past year 9999 a spreadsheet shows ####; General says more.
    if (value < 0 || value >= 2958466) return format_general_number(value);
    return render_date(value, tokens, date1904);
  }
  if (!has_digits && has_general) {
    std::string out;
    for (const Token& t : tokens)
      out += t.kind == Token::Kind::literal ? t.text : t.kind == Token::Kind::general || t.kind == Token::Kind::text_value
                                                           ? format_general_number(show_minus ? value : std::fabs(value))
                                                           : std::string();
    return tokens.empty() ? format_general_number(value) : out;
  }
  if (!has_digits) {  // only text: a section that shows a fixed word for the value
    std::string out;
    for (const Token& t : tokens) out += t.kind == Token::Kind::literal || t.kind == Token::Kind::percent ? t.text : "";
    return out;
  }
  return render_number(value, tokens, show_minus);
}

}  // namespace tunedesk::data
