#include "data/cleaning/personal_data.h"

#include <algorithm>
#include <array>

namespace tunedesk::data::cleaning {
namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }
bool ascii_alnum(char c) { return digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
// Letters on a mainland plate: A-Z without I and O.
bool plate_letter(char c) { return c >= 'A' && c <= 'Z' && c != 'I' && c != 'O'; }

// Overlaps are resolved in this order: an e-mail address may hold digits, an
// ID number is 18 digits that could pass for a card, a card's digits hold a
// mobile number's.
int priority(PersonalDataKind k) {
  switch (k) {
    case PersonalDataKind::email: return 0;
    case PersonalDataKind::id_number: return 1;
    case PersonalDataKind::bank_card: return 2;
    case PersonalDataKind::mobile: return 3;
    case PersonalDataKind::landline: return 4;
    case PersonalDataKind::licence_plate: return 5;
    case PersonalDataKind::name: return 6;
  }
  return 7;
}

struct Finder {
  std::string_view t;
  std::vector<PersonalDataMatch>& out;

  bool left_edge(std::size_t i) const { return i == 0 || !ascii_alnum(t[i - 1]); }
  bool right_edge(std::size_t i) const { return i >= t.size() || !ascii_alnum(t[i]); }
  void add(PersonalDataKind k, std::size_t b, std::size_t e) { out.push_back({k, b, e}); }

  // One pass over the bytes: runs of digits (single spaces or hyphens allowed
  // between groups: "6222 0202 ...", "138-0013-8000") for ID, card and phone
  // numbers, and plates from the letter after a province.
  void numbers_and_plates() {
    // The bytes where something can start: digits, and capital letters (a plate's letter after its province).
    static const std::array<bool, 256> kStarts = [] {
      std::array<bool, 256> starts{};
      for (int c = '0'; c <= '9'; ++c) starts[static_cast<std::size_t>(c)] = true;
      for (int c = 'A'; c <= 'Z'; ++c) starts[static_cast<std::size_t>(c)] = true;
      return starts;
    }();
    for (std::size_t i = 0; i < t.size(); ++i) {
      if (!kStarts[static_cast<unsigned char>(t[i])]) continue;
      if (!digit(t[i])) {
        if (plate_letter(t[i]) && i >= 3) plate_at(i - 3);
        continue;
      }
      if (!left_edge(i)) continue;
      if (i + 18 <= t.size() && right_edge(i + 18) && valid_id_number(t.substr(i, 18)))
        add(PersonalDataKind::id_number, i, i + 18);
      char digits[20];
      // At most 19 digits in at most 5 groups (a card of 19 in fours) are classified.
      std::size_t n = 0, groups[5] = {}, group_count = 0, group = 0, j = i;
      while (j < t.size()) {
        if (digit(t[j])) {
          if (n < sizeof digits - 1) digits[n] = t[j];
          ++n, ++group, ++j;
        } else if ((t[j] == ' ' || t[j] == '-') && j + 1 < t.size() && digit(t[j + 1]) && group > 0) {
          if (group_count < 5) groups[group_count] = group;
          ++group_count, group = 0, ++j;
        } else {
          break;
        }
      }
      if (group_count < 5) groups[group_count] = group;
      ++group_count;
      if (n <= 19 && group_count <= 5 && right_edge(j)) classify(i, j, std::string_view(digits, n), groups, group_count);
      i = j;  // the next run starts after this one
    }
  }

  void classify(std::size_t b, std::size_t e, std::string_view digits, const std::size_t* groups, std::size_t group_count) {
    const std::size_t n = digits.size();
    if (n >= 16 && n <= 19 && luhn_valid(digits)) return add(PersonalDataKind::bank_card, b, e);
    const bool grouped_344 = group_count == 3 && groups[0] == 3 && groups[1] == 4 && groups[2] == 4;
    if (n == 11 && digits[0] == '1' && digits[1] >= '3' && (group_count == 1 || grouped_344))
      return add(PersonalDataKind::mobile, b, e);
    // The country code before it: "+86 13800138000", "86-138-0013-8000".
    if (n == 13 && groups[0] == 2 && digits.starts_with("86") && digits[2] == '1' && digits[3] >= '3')
      return add(PersonalDataKind::mobile, b > 0 && t[b - 1] == '+' ? b - 1 : b, e);
    // 0 + area code of 2 or 3 digits, then a subscriber number of 7 or 8 digits not starting with 0 or 1.
    if (n >= 10 && n <= 12 && digits[0] == '0') {
      const bool by_groups = group_count == 2 && groups[0] >= 3 && groups[0] <= 4 && groups[1] >= 7 && groups[1] <= 8 &&
                             digits[groups[0]] >= '2';
      const bool plain = group_count == 1 && (digits[3] >= '2' || digits[4] >= '2');
      if (by_groups || plain) add(PersonalDataKind::landline, b, e);
    }
  }

  void emails() {
    const auto local = [](char c) { return ascii_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'; };
    const auto host = [](char c) { return ascii_alnum(c) || c == '.' || c == '-'; };
    for (std::size_t at = t.find('@'); at != std::string_view::npos; at = t.find('@', at + 1)) {
      std::size_t b = at, e = at + 1;
      while (b > 0 && local(t[b - 1])) --b;
      while (e < t.size() && host(t[e])) ++e;
      while (e > at + 1 && (t[e - 1] == '.' || t[e - 1] == '-')) --e;
      const std::string_view domain = t.substr(at + 1, e - at - 1);
      const auto dot = domain.rfind('.');
      if (b == at || dot == std::string_view::npos || dot == 0 || domain.size() - dot - 1 < 2) continue;
      const std::string_view tld = domain.substr(dot + 1);
      if (!std::all_of(tld.begin(), tld.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }))
        continue;
      add(PersonalDataKind::email, b, e);
    }
  }

  // A plate starting at `begin`: a province's abbreviation (3 bytes), the letter
  // after it (which the caller found: cheaper than a lookup at every byte), an
  // optional "·" or space, then 5 or 6 letters and digits.
  void plate_at(std::size_t begin) {
    static constexpr std::array<std::string_view, 31> kProvinces = {
        "京", "津", "沪", "渝", "冀", "豫", "云", "辽", "黑", "湘", "皖", "鲁", "新", "苏", "浙", "赣",
        "鄂", "桂", "甘", "晋", "蒙", "陕", "吉", "闽", "贵", "粤", "青", "藏", "川", "宁", "琼"};
    if ((static_cast<unsigned char>(t[begin]) & 0xF0) != 0xE0) return;
    if (std::find(kProvinces.begin(), kProvinces.end(), t.substr(begin, 3)) == kProvinces.end()) return;
    std::size_t rest = begin + 4;
    if (t.substr(rest, 2) == "\xC2\xB7") rest += 2;  // 京A·12345
    else if (rest < t.size() && t[rest] == ' ') ++rest;
    std::size_t end = rest;
    while (end < t.size() && end - rest < 6 && (digit(t[end]) || plate_letter(t[end]))) ++end;
    if ((end - rest == 5 || end - rest == 6) && right_edge(end)) add(PersonalDataKind::licence_plate, begin, end);
  }

  void names(const std::vector<std::string>& list) {
    for (std::string_view name : list) {
      if (name.empty()) continue;
      for (std::size_t at = t.find(name); at != std::string_view::npos; at = t.find(name, at + name.size()))
        add(PersonalDataKind::name, at, at + name.size());
    }
  }
};

}  // namespace

const char* personal_data_rule(PersonalDataKind kind) {
  switch (kind) {
    case PersonalDataKind::id_number: return "pii.id_number";
    case PersonalDataKind::mobile: return "pii.mobile";
    case PersonalDataKind::landline: return "pii.landline";
    case PersonalDataKind::email: return "pii.email";
    case PersonalDataKind::bank_card: return "pii.bank_card";
    case PersonalDataKind::licence_plate: return "pii.licence_plate";
    case PersonalDataKind::name: return "pii.name";
  }
  return "pii";
}

const char* personal_data_label(PersonalDataKind kind) {
  switch (kind) {
    case PersonalDataKind::id_number: return "身份证号";
    case PersonalDataKind::mobile: return "手机号";
    case PersonalDataKind::landline: return "电话";
    case PersonalDataKind::email: return "邮箱";
    case PersonalDataKind::bank_card: return "银行卡号";
    case PersonalDataKind::licence_plate: return "车牌号";
    case PersonalDataKind::name: return "姓名";
  }
  return "个人信息";
}

bool valid_id_number(std::string_view id) {
  if (id.size() != 18) return false;
  for (std::size_t i = 0; i < 17; ++i)
    if (!digit(id[i])) return false;
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr char kCheck[] = "10X98765432";
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) sum += (id[i] - '0') * kWeights[i];
  const char last = id[17] == 'x' ? 'X' : id[17];
  if (last != kCheck[sum % 11]) return false;
  if (id[0] == '0') return false;  // region codes start 1-9
  const auto number = [&](std::size_t at, std::size_t n) {
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) v = v * 10 + (id[i] - '0');
    return v;
  };
  const int year = number(6, 4), month = number(10, 2), day = number(12, 2);
  if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= (month == 2 && !leap ? 28 : kDays[month - 1]);
}

bool luhn_valid(std::string_view digits) {
  if (digits.empty()) return false;
  int sum = 0;
  bool twice = false;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    if (!digit(*it)) return false;
    int d = *it - '0';
    if (twice && (d *= 2) > 9) d -= 9;
    sum += d;
    twice = !twice;
  }
  return sum % 10 == 0;
}

std::vector<PersonalDataMatch> find_personal_data(std::string_view text, const std::vector<std::string>& names) {
  std::vector<PersonalDataMatch> candidates;
  Finder f{text, candidates};
  f.emails();
  f.numbers_and_plates();
  f.names(names);
  // By priority, the longer first within one (so "张三丰" wins over "张三"), then kept where nothing kept overlaps.
  std::stable_sort(candidates.begin(), candidates.end(), [](const PersonalDataMatch& a, const PersonalDataMatch& b) {
    if (priority(a.kind) != priority(b.kind)) return priority(a.kind) < priority(b.kind);
    return a.end - a.begin > b.end - b.begin;
  });
  std::vector<PersonalDataMatch> kept;
  for (const PersonalDataMatch& c : candidates) {
    const bool overlaps = std::any_of(kept.begin(), kept.end(), [&](const PersonalDataMatch& k) {
      return c.begin < k.end && k.begin < c.end;
    });
    if (!overlaps) kept.push_back(c);
  }
  std::sort(kept.begin(), kept.end(), [](const PersonalDataMatch& a, const PersonalDataMatch& b) { return a.begin < b.begin; });
  return kept;
}

std::string PersonalDataMasker::mask(std::string_view text, const std::vector<PersonalDataMatch>& matches) {
  std::string out;
  std::size_t at = 0;
  for (const PersonalDataMatch& m : matches) {
    out.append(text.substr(at, m.begin - at));
    // One person's number however it is written: "138-0013-8000", "+86 13800138000", "…002x".
    std::string value(text.substr(m.begin, m.end - m.begin));
    if (m.kind == PersonalDataKind::id_number || m.kind == PersonalDataKind::mobile ||
        m.kind == PersonalDataKind::landline || m.kind == PersonalDataKind::bank_card) {
      std::string digits;
      for (char c : value)
        if (digit(c) || c == 'x' || c == 'X') digits.push_back(c == 'x' ? 'X' : c);
      if (m.kind == PersonalDataKind::mobile && digits.size() == 13) digits.erase(0, 2);  // the country code 86
      value = std::move(digits);
    }
    auto [it, fresh] = numbers_.try_emplace({m.kind, value}, 0);
    if (fresh) it->second = ++counts_[m.kind];
    out += "[" + std::string(personal_data_label(m.kind)) + std::to_string(it->second) + "]";
    at = m.end;
  }
  out.append(text.substr(at));
  return out;
}

std::size_t PersonalDataMasker::distinct(PersonalDataKind kind) const {
  const auto it = counts_.find(kind);
  return it == counts_.end() ? 0 : it->second;
}

}  // namespace tunedesk::data::cleaning
