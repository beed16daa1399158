#include "training/text_metrics.h"

#include <algorithm>
#include <cmath>

#include "util/utf8.h"

namespace tunedesk::training {
namespace {

using Units = std::vector<char32_t>;
using NGram = std::vector<char32_t>;

std::map<NGram, int> ngram_counts(const Units& u, int n) {
  std::map<NGram, int> counts;
  for (std::size_t i = 0; i + static_cast<std::size_t>(n) <= u.size(); ++i)
    ++counts[NGram(u.begin() + static_cast<std::ptrdiff_t>(i), u.begin() + static_cast<std::ptrdiff_t>(i) + n)];
  return counts;
}

// Matches clipped by the reference's counts, and the prediction's n-gram total.
std::pair<int, int> clipped_matches(const Units& prediction, const Units& reference, int n) {
  const auto predicted = ngram_counts(prediction, n), wanted = ngram_counts(reference, n);
  int matches = 0, total = 0;
  for (const auto& [gram, count] : predicted) {
    total += count;
    if (auto it = wanted.find(gram); it != wanted.end()) matches += std::min(count, it->second);
  }
  return {matches, total};
}

double f1(double precision, double recall) {
  return precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0.0;
}

}  // namespace

std::string_view answer_text(std::string_view text) {
  text = utf8::trim(text);
  constexpr std::string_view open = "<think>", close = "</think>";
  if (text.starts_with(open))
    if (const auto end = text.find(close); end != std::string_view::npos) text = utf8::trim(text.substr(end + close.size()));
  return text;
}

std::vector<char32_t> score_units(std::string_view text) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t len = 1;
    const int32_t cp = utf8::decode(text, i, len);
    const char32_t c = cp < 0 ? U'\xFFFD' : static_cast<char32_t>(cp);
    if (!utf8::is_space(c)) out.push_back(c);
    i += len;
  }
  return out;
}

double rouge_n(std::string_view prediction, std::string_view reference, int n) {
  const Units p = score_units(prediction), r = score_units(reference);
  const auto [matches, predicted] = clipped_matches(p, r, n);
  const int wanted = std::max(0, static_cast<int>(r.size()) - n + 1);
  if (predicted == 0 || wanted == 0) return 0.0;
  return 100.0 * f1(static_cast<double>(matches) / predicted, static_cast<double>(matches) / wanted);
}

double rouge_l(std::string_view prediction, std::string_view reference) {
  const Units p = score_units(prediction), r = score_units(reference);
  if (p.empty() || r.empty()) return 0.0;
  // Longest common subsequence, one row at a time.
  std::vector<int> prev(r.size() + 1, 0), row(r.size() + 1, 0);
  for (char32_t a : p) {
    for (std::size_t j = 1; j <= r.size(); ++j) row[j] = a == r[j - 1] ? prev[j - 1] + 1 : std::max(prev[j], row[j - 1]);
    std::swap(prev, row);
  }
  const double lcs = prev[r.size()];
  return 100.0 * f1(lcs / static_cast<double>(p.size()), lcs / static_cast<double>(r.size()));
}

double bleu_4(std::string_view prediction, std::string_view reference) {
  const Units p = score_units(prediction), r = score_units(reference);
  if (p.empty()) return 0.0;
  // NLTK's sentence_bleu: uniform weights, a zero unigram match scores 0;
  // smoothing method 3 gives the k-th zero precision 1 / (2^k · total).
  double log_sum = 0;
  int zeros = 0;
  for (int n = 1; n <= 4; ++n) {
    auto [matches, total] = clipped_matches(p, r, n);
    total = std::max(total, 1);
    if (n == 1 && matches == 0) return 0.0;
    const double precision = matches > 0 ? static_cast<double>(matches) / total : 1.0 / (std::pow(2.0, ++zeros) * total);
    log_sum += 0.25 * std::log(precision);
  }
  const double c = static_cast<double>(p.size()), ref = static_cast<double>(r.size());
  const double brevity = c > ref ? 1.0 : std::exp(1.0 - ref / c);
  return 100.0 * brevity * std::exp(log_sum);
}

std::map<std::string, double> score_answers(const std::vector<std::string>& predictions,
                                            const std::vector<std::string>& references) {
  std::map<std::string, double> sums{{"rouge-1", 0}, {"rouge-2", 0}, {"rouge-l", 0}, {"bleu-4", 0}};
  const std::size_t n = std::min(predictions.size(), references.size());
  for (std::size_t i = 0; i < n; ++i) {
    const std::string_view p = answer_text(predictions[i]), r = answer_text(references[i]);
    sums["rouge-1"] += rouge_n(p, r, 1);
    sums["rouge-2"] += rouge_n(p, r, 2);
    sums["rouge-l"] += rouge_l(p, r);
    sums["bleu-4"] += bleu_4(p, r);
  }
  if (n > 0)
    for (auto& [_, v] : sums) v /= static_cast<double>(n);
  return sums;
}

}  // namespace tunedesk::training
