#include "data/cleaning/fix_report.h"

namespace tunedesk::data::cleaning {

nlohmann::json fix_report_json(const DatasetFixResult& r, std::size_t max_changes) {
  using nlohmann::json;
  json changes = json::array();
  for (std::size_t i = 0; i < r.changes.size() && i < max_changes; ++i) {
    const FieldChange& c = r.changes[i];
    changes.push_back({{"line", c.line}, {"field", c.field}, {"before", c.before}, {"after", c.after}});
  }
  json groups = json::array();
  for (const DuplicateGroupLines& g : r.near_duplicate_groups)
    groups.push_back({{"lines", g.lines}, {"conflicting_lines", g.conflicting_lines}, {"kept_lines", g.kept_lines}});
  json personal = json::array();
  for (const PersonalDataFinding& f : r.personal_data)
    personal.push_back({{"line", f.line}, {"field", f.field}, {"rule", personal_data_rule(f.kind)}, {"value", f.value}});
  return {{"rows_in", r.rows_in},
          {"rows_out", r.fixed.examples.size()},
          {"changes", changes},
          {"changes_total", r.changes.size()},
          {"exact_duplicate_lines", r.exact_duplicate_lines},
          {"near_duplicate_lines", r.near_duplicate_lines},
          {"near_duplicate_groups", groups},
          {"personal_data", personal},
          {"rows_with_personal_data", r.rows_with_personal_data}};
}

}  // namespace tunedesk::data::cleaning
