#include "data/cleaning/dataset_fixes.h"

#include <optional>
#include <stdexcept>
#include <unordered_set>

#include "data/cleaning/chinese_script.h"

namespace tunedesk::data::cleaning {
namespace {

// An example's texts as owned strings while the fixes work on them.
struct Row {
  std::size_t line = 0;
  std::string system;
  std::vector<std::pair<std::string, std::string>> history;
  std::string user, assistant;
  const Example* source = nullptr;
};

// Every text of a row with its field name and whether it is the answer's side.
template <typename F>
void each_field(Row& r, F&& f) {
  const Example& ex = *r.source;
  f(r.system, std::string("system"), false);
  for (std::size_t i = 0; i < r.history.size(); ++i) {
    f(r.history[i].first, std::string(ex.history[i].user_field), false);
    f(r.history[i].second, std::string(ex.history[i].assistant_field), true);
  }
  f(r.user, std::string(ex.turn.user_field), false);
  f(r.assistant, std::string(ex.turn.assistant_field), true);
}

std::string row_key(const Row& r) {
  std::string key = r.system + '\x1f';
  for (const auto& [q, a] : r.history) key += q + '\x1e' + a + '\x1f';
  return key + r.user + '\x1e' + r.assistant;
}

}  // namespace

DatasetFixResult fix_dataset(const Dataset& ds, const ValidationReport& report, const DatasetFixOptions& o) {
  if (o.near_duplicates < 0 || o.near_duplicates > 1)
    throw std::invalid_argument("the near-duplicate threshold must be between 0 (off) and 1");
  if (!o.near_duplicate_keep.empty() && o.near_duplicates <= 0)
    throw std::invalid_argument("choices for near-duplicate groups need a near-duplicate threshold");
  std::optional<ChineseScriptConverter> script;
  if (!o.script.empty()) script.emplace(o.script);

  DatasetFixResult result;
  std::vector<Row> rows;
  for (std::size_t i = 0; i < ds.examples.size(); ++i) {
    if (i < report.example_has_error.size() && report.example_has_error[i]) continue;
    const Example& ex = ds.examples[i];
    Row r{ex.line, std::string(ex.system), {}, std::string(ex.turn.user), std::string(ex.turn.assistant), &ex};
    for (const Turn& t : ex.history) r.history.emplace_back(std::string(t.user), std::string(t.assistant));
    rows.push_back(std::move(r));
  }
  result.rows_in = rows.size();

  // Characters and script, field by field.
  for (Row& r : rows) {
    each_field(r, [&](std::string& text, const std::string& field, bool answer) {
      std::string fixed = apply_text_fixes(text, answer ? o.answer : o.question);
      if (script) fixed = script->convert(fixed);
      if (fixed != text) {
        result.changes.push_back({r.line, field, text, fixed});
        text = std::move(fixed);
      }
    });
  }

  // Exact duplicates, then near ones (question and answer both alike).
  std::vector<bool> dropped(rows.size(), false);
  if (o.drop_duplicates) {
    std::unordered_set<std::string> seen;
    for (std::size_t i = 0; i < rows.size(); ++i)
      if (!seen.insert(row_key(rows[i])).second) {
        dropped[i] = true;
        result.exact_duplicate_lines.push_back(rows[i].line);
      }
  }
  if (o.near_duplicates > 0) {
    std::vector<std::size_t> index;  // rows still in
    std::vector<std::string_view> questions, answers;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (dropped[i]) continue;
      index.push_back(i);
      questions.push_back(rows[i].user);
      answers.push_back(rows[i].assistant);
    }
    NearDuplicateOptions near;
    near.threshold = o.near_duplicates;
    std::size_t choices_used = 0;
    for (const NearDuplicateGroup& g : near_duplicate_groups(questions, answers, near)) {
      DuplicateGroupLines lines;
      for (std::size_t m : g.members) lines.lines.push_back(rows[index[m]].line);
      for (std::size_t m : g.conflicting) lines.conflicting_lines.push_back(rows[index[m]].line);
      const auto choice = o.near_duplicate_keep.find(lines.lines.front());
      if (choice != o.near_duplicate_keep.end()) {
        ++choices_used;
        if (choice->second != DatasetFixOptions::kKeepWholeGroup &&
            std::find(lines.lines.begin(), lines.lines.end(), choice->second) == lines.lines.end())
          throw std::invalid_argument("line " + std::to_string(choice->second) + " is not in the near-duplicate group of line " +
                                      std::to_string(choice->first));
      }
      for (std::size_t k = 0; k < g.members.size(); ++k) {
        const std::size_t m = g.members[k], line = rows[index[m]].line;
        const bool keep = choice == o.near_duplicate_keep.end()
                              ? k == 0 || std::find(g.conflicting.begin(), g.conflicting.end(), m) != g.conflicting.end()
                              : choice->second == DatasetFixOptions::kKeepWholeGroup || choice->second == line;
        if (keep) {
          lines.kept_lines.push_back(line);
        } else {
          dropped[index[m]] = true;
          result.near_duplicate_lines.push_back(line);
        }
      }
      result.near_duplicate_groups.push_back(std::move(lines));
    }
    // A choice for a group these settings do not make (another threshold, rows changed since) is not silently dropped.
    if (choices_used != o.near_duplicate_keep.size())
      for (const auto& [first, kept] : o.near_duplicate_keep)
        if (std::none_of(result.near_duplicate_groups.begin(), result.near_duplicate_groups.end(),
                         [&](const DuplicateGroupLines& g) { return g.lines.front() == first; }))
          throw std::invalid_argument("no near-duplicate group starts at line " + std::to_string(first) +
                                      " with these settings; preview again and choose anew");
    std::sort(result.near_duplicate_lines.begin(), result.near_duplicate_lines.end());
  }

  // Personal data in the rows kept: listed, and masked when asked.
  PersonalDataMasker masker;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (dropped[i]) continue;
    bool found = false;
    each_field(rows[i], [&](std::string& text, const std::string& field, bool) {
      const std::vector<PersonalDataMatch> matches = find_personal_data(text, o.names);
      if (matches.empty()) return;
      found = true;
      for (const PersonalDataMatch& m : matches)
        result.personal_data.push_back({rows[i].line, field, m.kind, text.substr(m.begin, m.end - m.begin)});
      if (o.mask_personal_data) {
        std::string masked = masker.mask(text, matches);
        result.changes.push_back({rows[i].line, field, text, masked});
        text = std::move(masked);
      }
    });
    if (found) ++result.rows_with_personal_data;
  }
  std::stable_sort(result.changes.begin(), result.changes.end(),
                   [](const FieldChange& a, const FieldChange& b) { return a.line < b.line; });

  // The new dataset: the source's description, the kept rows' texts owned by its storage.
  Dataset& out = result.fixed;
  out.path = ds.path;
  out.format = ds.format;
  out.file_size = ds.file_size;
  out.encoding = ds.encoding;
  out.columns = ds.columns;
  out.sheet = ds.sheet;
  auto& strings = out.storage->strings;
  const auto own = [&strings](std::string s) -> std::string_view { return strings.emplace_back(std::move(s)); };
  const auto own_turn = [&own](Turn& t) {  // the field names too: the source may not outlive the result
    t.user_field = own(std::string(t.user_field));
    t.assistant_field = own(std::string(t.assistant_field));
  };
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (dropped[i]) continue;
    Row& r = rows[i];
    Example ex = *r.source;
    ex.system = own(std::move(r.system));
    for (std::size_t h = 0; h < r.history.size(); ++h) {
      ex.history[h].user = own(std::move(r.history[h].first));
      ex.history[h].assistant = own(std::move(r.history[h].second));
      own_turn(ex.history[h]);
    }
    ex.turn.user = own(std::move(r.user));
    ex.turn.assistant = own(std::move(r.assistant));
    own_turn(ex.turn);
    out.examples.push_back(std::move(ex));
  }
  out.rows = out.examples.size();
  return result;
}

}  // namespace tunedesk::data::cleaning
