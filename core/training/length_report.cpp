#include "training/length_report.h"

#include <nlohmann/json.hpp>

namespace tunedesk::training {
namespace {

nlohmann::json stats_json(const data::LengthStats& s) {
  return {{"count", s.count}, {"min", s.min}, {"median", s.median}, {"p95", s.p95}, {"max", s.max}, {"mean", s.mean}};
}

}  // namespace

LengthReport length_report(const SftData& data, const TruncationOptions& limits) {
  LengthReport r;
  r.limits = limits;
  std::vector<std::size_t> prompt = data.prompt_lengths, answer = data.answer_lengths, total = data.total_lengths;
  r.prompt = data::summarize_lengths(prompt);
  r.answer = data::summarize_lengths(answer);
  r.total = data::summarize_lengths(total);
  r.cut = data.cut;
  for (const CutRow& row : r.cut) r.answer_tokens_lost += row.answer_lost;
  return r;
}

nlohmann::json length_report_to_json(const LengthReport& r) {
  nlohmann::json rows = nlohmann::json::array();
  for (const CutRow& c : r.cut)
    rows.push_back({{"line", c.line}, {"prompt_tokens", c.prompt_tokens}, {"answer_tokens", c.answer_tokens},
                    {"prompt_lost", c.prompt_lost}, {"answer_lost", c.answer_lost}});
  return {{"prompt", stats_json(r.prompt)},
          {"answer", stats_json(r.answer)},
          {"total", stats_json(r.total)},
          {"limits", {{"max_input_length", r.limits.max_input_length},
                      {"max_output_length", r.limits.max_output_length},
                      {"cutoff_len", r.limits.cutoff_len}}},
          {"overlength", overlength_name(r.limits.overlength)},
          {"over_limit", r.cut.size()},
          {"answer_tokens_lost", r.answer_tokens_lost},
          {"rows", std::move(rows)}};
}

}  // namespace tunedesk::training
