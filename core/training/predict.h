// predict_with_generate: answers generated greedily for validation examples
// (their prompt as the template rendered it in training) and scored against
// the expected answers with ROUGE and BLEU (training/text_metrics.h).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "training/sft_data.h"

namespace tunedesk::engine {
class CausalLM;
}
namespace tunedesk::tok {
class Tokenizer;
}
namespace tunedesk::chat {
struct ChatTemplate;
}

namespace tunedesk::training {

struct PredictionCase {
  std::vector<int64_t> prompt;  // up to where the answer starts
  std::string reference;        // the expected answer's text
};

// The ids that end an answer in chat: the model's end-of-sequence ids and
// the template's end-of-turn tokens.
std::vector<int64_t> chat_stop_ids(const engine::CausalLM& model, const tok::Tokenizer& tokenizer,
                                   const chat::ChatTemplate& chat_template);

// The first `limit` examples split into prompt and expected answer.
std::vector<PredictionCase> prediction_cases(const std::vector<TokenizedExample>& examples, const tok::Tokenizer& tokenizer,
                                             std::size_t limit);

// Greedy answers to every case, stopping at `stop_ids`.
std::vector<std::string> generate_answers(const engine::CausalLM& model, const tok::Tokenizer& tokenizer,
                                          const std::vector<PredictionCase>& cases, const std::vector<int64_t>& stop_ids,
                                          int64_t max_new_tokens);

// Generates for every case and scores the answers.
// Returns {"rouge-1", "rouge-2", "rouge-l", "bleu-4"}.
std::map<std::string, double> predict_and_score(const engine::CausalLM& model, const tok::Tokenizer& tokenizer,
                                                const std::vector<PredictionCase>& cases,
                                                const std::vector<int64_t>& stop_ids, int64_t max_new_tokens);

}  // namespace tunedesk::training
