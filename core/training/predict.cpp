#include "training/predict.h"

#include <torch/torch.h>

#include "chat/chat_template.h"
#include "engine/causal_lm.h"
#include "engine/generation.h"
#include "tokenizer/tokenizer.h"
#include "training/text_metrics.h"

namespace tunedesk::training {

std::vector<int64_t> chat_stop_ids(const engine::CausalLM& model, const tok::Tokenizer& tokenizer,
                                   const chat::ChatTemplate& chat_template) {
  std::vector<int64_t> ids(model.config().eos_token_ids.begin(), model.config().eos_token_ids.end());
  for (const std::string& stop : chat_template.stop_tokens)
    if (auto id = tokenizer.token_to_id(stop)) ids.push_back(*id);
  return ids;
}

std::vector<PredictionCase> prediction_cases(const std::vector<TokenizedExample>& examples, const tok::Tokenizer& tokenizer,
                                             std::size_t limit) {
  std::vector<PredictionCase> cases;
  for (const TokenizedExample& ex : examples) {
    if (cases.size() == limit) break;
    const auto first = std::find_if(ex.labels.begin(), ex.labels.end(), [](int32_t l) { return l != kIgnoreIndex; });
    if (first == ex.labels.end()) continue;
    const auto answer_start = static_cast<std::size_t>(first - ex.labels.begin());
    PredictionCase c;
    c.prompt.assign(ex.input_ids.begin(), ex.input_ids.begin() + static_cast<std::ptrdiff_t>(answer_start));
    std::vector<int32_t> answer;
    for (std::size_t i = answer_start; i < ex.labels.size(); ++i)
      if (ex.labels[i] != kIgnoreIndex) answer.push_back(ex.labels[i]);
    c.reference = tokenizer.decode(answer, /*skip_special=*/true);  // the end-of-turn token is special
    cases.push_back(std::move(c));
  }
  return cases;
}

std::vector<std::string> generate_answers(const engine::CausalLM& model, const tok::Tokenizer& tokenizer,
                                          const std::vector<PredictionCase>& cases, const std::vector<int64_t>& stop_ids,
                                          int64_t max_new_tokens) {
  std::vector<std::string> answers;
  engine::GenerationOptions options;
  options.max_new_tokens = max_new_tokens;
  options.stop_ids = stop_ids;
  for (const PredictionCase& c : cases) answers.push_back(engine::generate(model, &tokenizer, c.prompt, options).text);
  return answers;
}

std::map<std::string, double> predict_and_score(const engine::CausalLM& model, const tok::Tokenizer& tokenizer,
                                                const std::vector<PredictionCase>& cases,
                                                const std::vector<int64_t>& stop_ids, int64_t max_new_tokens) {
  std::vector<std::string> references;
  for (const PredictionCase& c : cases) references.push_back(c.reference);
  return score_answers(generate_answers(model, tokenizer, cases, stop_ids, max_new_tokens), references);
}

}  // namespace tunedesk::training
