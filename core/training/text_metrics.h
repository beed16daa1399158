// Scores of generated answers against references, at the level of
// characters (right for Chinese, where words are not space-separated), as
// GLM-4's finetune_demo reports them: ROUGE-1, ROUGE-2 and ROUGE-L F1, and
// sentence BLEU-4 with NLTK's smoothing method 3. All in 0..100.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace tunedesk::training {

// The answer proper: without a leading reasoning block (Qwen3's
// "<think>…</think>", empty when thinking is off) and surrounding whitespace.
std::string_view answer_text(std::string_view text);

// The characters scored: every Unicode code point of `text` but whitespace.
std::vector<char32_t> score_units(std::string_view text);

double rouge_n(std::string_view prediction, std::string_view reference, int n);
double rouge_l(std::string_view prediction, std::string_view reference);
double bleu_4(std::string_view prediction, std::string_view reference);

// Means over pairs of answer_text()s: {"rouge-1", "rouge-2", "rouge-l", "bleu-4"}.
std::map<std::string, double> score_answers(const std::vector<std::string>& predictions,
                                            const std::vector<std::string>& references);

}  // namespace tunedesk::training
