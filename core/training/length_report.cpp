#include "training/length_report.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "chat/chat_template.h"
#include "tokenizer/tokenizer.h"
#include "util/round_number.h"

namespace tunedesk::training {
namespace {

nlohmann::json stats_json(const data::LengthStats& s, const LengthHistogram& h) {
  return {{"count", s.count}, {"min", s.min},   {"median", s.median},
          {"p95", s.p95},     {"max", s.max},   {"mean", s.mean},
          {"histogram", {{"width", h.width}, {"counts", h.counts}}}};
}

}  // namespace

LengthHistogram length_histogram(const std::vector<std::size_t>& lengths, std::size_t bins) {
  LengthHistogram h;
  if (lengths.empty() || bins == 0) return h;
  const std::size_t longest = *std::max_element(lengths.begin(), lengths.end());
  // The smallest round width that covers the longest row in `bins` bins (width · bins > longest).
  h.width = util::round_up_1_2_5(longest / bins + 1);
  h.counts.assign(longest / h.width + 1, 0);
  for (std::size_t n : lengths) ++h.counts[n / h.width];
  return h;
}

LengthReport length_report(const SftData& data, const TruncationOptions& limits) {
  LengthReport r;
  r.limits = limits;
  r.prompt_histogram = length_histogram(data.prompt_lengths);
  r.answer_histogram = length_histogram(data.answer_lengths);
  r.total_histogram = length_histogram(data.total_lengths);
  std::vector<std::size_t> prompt = data.prompt_lengths, answer = data.answer_lengths, total = data.total_lengths;
  r.prompt = data::summarize_lengths(prompt);
  r.answer = data::summarize_lengths(answer);
  r.total = data::summarize_lengths(total);
  r.cut = data.cut;
  for (const CutRow& row : r.cut) {
    r.prompt_tokens_lost += row.prompt_lost;
    r.answer_tokens_lost += row.answer_lost;
  }
  r.kept = SequenceExtremes::of(data.examples);
  return r;
}

LengthReport count_lengths(const data::Dataset& dataset, const data::ValidationReport& report,
                           const std::filesystem::path& model_dir, const std::string& instruction,
                           const TruncationOptions& limits, const std::string& template_name) {
  const tok::Tokenizer tokenizer = tok::Tokenizer::load(model_dir);
  const chat::ChatTemplate& tmpl = chat::choose_template(model_dir, template_name);
  LengthReport r = length_report(build_sft_data(dataset, report, tokenizer, tmpl, instruction, limits), limits);
  r.chat_template = tmpl.name;
  return r;
}

nlohmann::json length_report_to_json(const LengthReport& r) {
  nlohmann::json rows = nlohmann::json::array();
  for (const CutRow& c : r.cut)
    rows.push_back({{"line", c.line}, {"prompt_tokens", c.prompt_tokens}, {"answer_tokens", c.answer_tokens},
                    {"prompt_lost", c.prompt_lost}, {"answer_lost", c.answer_lost}});
  return {{"chat_template", r.chat_template},
          {"prompt", stats_json(r.prompt, r.prompt_histogram)},
          {"answer", stats_json(r.answer, r.answer_histogram)},
          {"total", stats_json(r.total, r.total_histogram)},
          {"limits", {{"max_input_length", r.limits.max_input_length},
                      {"max_output_length", r.limits.max_output_length},
                      {"cutoff_len", r.limits.cutoff_len}}},
          {"overlength", overlength_name(r.limits.overlength)},
          {"over_limit", r.cut.size()},
          {"prompt_tokens_lost", r.prompt_tokens_lost},
          {"answer_tokens_lost", r.answer_tokens_lost},
          {"rows", std::move(rows)}};
}

}  // namespace tunedesk::training
