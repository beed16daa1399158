#include "data/row_diff.h"

#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>

namespace tunedesk::data {
namespace {

constexpr std::size_t kGapSearchedByContent = 512;

// A row's identity for matching: its question and answer, told apart by a separator no text has.
std::string row_key(const Example& e) {
  std::string key(e.turn.user);
  key += '\x1f';
  key += e.turn.assistant;
  return key;
}

nlohmann::json row_json(const Example& e) {
  return {{"line", e.line}, {"question", e.turn.user}, {"answer", e.turn.assistant}, {"generated", e.generated}};
}

}  // namespace

RowDiff diff_rows(const Dataset& before, const Dataset& after) {
  RowDiff d;
  d.rows_before = before.examples.size();
  d.rows_after = after.examples.size();
  // Where each row of the later version stands, by key, in order.
  std::unordered_map<std::string, std::deque<std::size_t>> later;
  for (std::size_t j = 0; j < after.examples.size(); ++j) later[row_key(after.examples[j])].push_back(j);

  // The unmatched rows between two matches pair up as changed — a row of the
  // later version with the earlier row that has its question, else its
  // answer, else the first one left — and the rest are removed or added.
  std::vector<std::size_t> left_before;
  std::size_t next_after = 0;  // the first row of `after` not yet matched or passed
  const auto close_gap = [&](std::size_t up_to_after) {
    std::vector<bool> paired(left_before.size(), false);
    // Looking for the same question or answer is quadratic in the gap: only for gaps of a
    // size cleaning makes; in files that differ throughout, rows pair in order.
    const bool by_content = left_before.size() <= kGapSearchedByContent;
    std::size_t first_free = 0;
    const auto partner = [&](const Example& row) -> std::optional<std::size_t> {
      if (by_content)
        for (const auto same : {+[](const Example& a, const Example& b) { return a.turn.user == b.turn.user; },
                                +[](const Example& a, const Example& b) { return a.turn.assistant == b.turn.assistant; }})
          for (std::size_t k = 0; k < left_before.size(); ++k)
            if (!paired[k] && same(before.examples[left_before[k]], row)) return k;
      while (first_free < left_before.size() && paired[first_free]) ++first_free;
      if (first_free < left_before.size()) return first_free;
      return std::nullopt;
    };
    for (std::size_t j = next_after; j < up_to_after; ++j) {
      if (const std::optional<std::size_t> k = partner(after.examples[j])) {
        paired[*k] = true;
        d.entries.push_back({RowChange::changed, left_before[*k], j});
        ++d.changed;
      } else {
        d.entries.push_back({RowChange::added, std::nullopt, j});
        ++d.added;
      }
    }
    for (std::size_t k = 0; k < left_before.size(); ++k)
      if (!paired[k]) {
        d.entries.push_back({RowChange::removed, left_before[k], std::nullopt});
        ++d.removed;
      }
    left_before.clear();
  };
  for (std::size_t i = 0; i < before.examples.size(); ++i) {
    auto found = later.find(row_key(before.examples[i]));
    if (found != later.end()) {
      std::deque<std::size_t>& places = found->second;
      while (!places.empty() && places.front() < next_after) places.pop_front();  // passed already
      if (!places.empty()) {
        const std::size_t j = places.front();
        places.pop_front();
        close_gap(j);
        ++d.same;
        next_after = j + 1;
        continue;
      }
    }
    left_before.push_back(i);
  }
  close_gap(after.examples.size());
  return d;
}

nlohmann::json row_diff_json(const Dataset& before, const Dataset& after, const RowDiff& d, std::size_t limit) {
  static constexpr const char* kNames[] = {"changed", "removed", "added"};
  nlohmann::json entries = nlohmann::json::array();
  for (std::size_t k = 0; k < d.entries.size() && k < limit; ++k) {
    const RowDiffEntry& e = d.entries[k];
    nlohmann::json entry = {{"kind", kNames[static_cast<int>(e.kind)]}};
    if (e.before) entry["before"] = row_json(before.examples[*e.before]);
    if (e.after) entry["after"] = row_json(after.examples[*e.after]);
    entries.push_back(std::move(entry));
  }
  return {{"rows_before", d.rows_before}, {"rows_after", d.rows_after}, {"same", d.same},
          {"changed", d.changed},         {"removed", d.removed},        {"added", d.added},
          {"entries_total", d.entries.size()}, {"entries", std::move(entries)}};
}

}  // namespace tunedesk::data
