#include "training/sft_data.h"

#include <algorithm>
#include <exception>
#include <numeric>
#include <thread>

#include "tokenizer/tokenizer.h"
#include "util/splitmix64.h"

namespace tunedesk::training {
namespace {

chat::ChatRequest conversation_of(const data::Example& ex, const std::string& system_instruction) {
  chat::ChatRequest request;
  const std::string system = ex.system.empty() ? system_instruction : std::string(ex.system);
  if (!system.empty()) request.messages.push_back({"system", system});
  for (const data::Turn& t : ex.history) {
    request.messages.push_back({"user", std::string(t.user)});
    request.messages.push_back({"assistant", std::string(t.assistant)});
  }
  request.messages.push_back({"user", std::string(ex.turn.user)});
  request.messages.push_back({"assistant", std::string(ex.turn.assistant)});
  return request;
}

// Cuts a rendered conversation to the limits. Single-turn examples keep the
// beginning of the prompt and of the answer; longer conversations keep their
// beginning as a whole.
bool truncate(std::vector<int32_t>& ids, std::vector<uint8_t>& mask, const TruncationOptions& t) {
  const std::size_t first_trained = static_cast<std::size_t>(std::find(mask.begin(), mask.end(), 1) - mask.begin());
  if (first_trained >= mask.size()) return false;
  const std::size_t last_trained = mask.size() - static_cast<std::size_t>(std::find(mask.rbegin(), mask.rend(), 1) - mask.rbegin());
  // One answer (the usual case): its tokens are one unbroken run.
  const bool single_answer = std::all_of(mask.begin() + static_cast<std::ptrdiff_t>(first_trained),
                                         mask.begin() + static_cast<std::ptrdiff_t>(last_trained), [](uint8_t m) { return m == 1; });
  std::size_t keep_prompt = first_trained, keep_answer = ids.size() - first_trained;
  if (single_answer) {
    if (t.max_input_length) keep_prompt = std::min(keep_prompt, t.max_input_length);
    if (t.max_output_length) keep_answer = std::min(keep_answer, t.max_output_length);
    if (t.cutoff_len && keep_prompt + keep_answer > t.cutoff_len)
      std::tie(keep_prompt, keep_answer) = share_cutoff(keep_prompt, keep_answer, t.cutoff_len);
  } else {
    const std::size_t limit = t.cutoff_len ? t.cutoff_len
                              : (t.max_input_length || t.max_output_length) ? t.max_input_length + t.max_output_length
                                                                            : ids.size();
    if (ids.size() <= limit) return false;
    ids.resize(limit);
    mask.resize(limit);
    return true;
  }
  if (keep_prompt == first_trained && keep_answer == ids.size() - first_trained) return false;
  std::vector<int32_t> cut_ids(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(keep_prompt));
  std::vector<uint8_t> cut_mask(mask.begin(), mask.begin() + static_cast<std::ptrdiff_t>(keep_prompt));
  cut_ids.insert(cut_ids.end(), ids.begin() + static_cast<std::ptrdiff_t>(first_trained),
                 ids.begin() + static_cast<std::ptrdiff_t>(first_trained + keep_answer));
  cut_mask.insert(cut_mask.end(), mask.begin() + static_cast<std::ptrdiff_t>(first_trained),
                  mask.begin() + static_cast<std::ptrdiff_t>(first_trained + keep_answer));
  ids = std::move(cut_ids);
  mask = std::move(cut_mask);
  return true;
}

}  // namespace

std::optional<TruncationOptions::Overlength> parse_overlength(std::string_view name) {
  if (name == "truncate") return TruncationOptions::Overlength::truncate;
  if (name == "drop") return TruncationOptions::Overlength::drop;
  return std::nullopt;
}

std::string_view overlength_name(TruncationOptions::Overlength o) {
  return o == TruncationOptions::Overlength::drop ? "drop" : "truncate";
}

std::size_t trained_token_count(const TokenizedExample& example) {
  std::size_t n = 0;
  for (std::size_t k = 1; k < example.labels.size(); ++k) n += example.labels[k] != kIgnoreIndex;
  return n;
}

std::pair<std::size_t, std::size_t> share_cutoff(std::size_t prompt_len, std::size_t answer_len, std::size_t cutoff) {
  std::size_t max_answer;
  if (answer_len * 2 < cutoff) max_answer = cutoff;  // a short answer is kept whole
  else if (prompt_len * 2 < cutoff) max_answer = cutoff - prompt_len;  // a short prompt is kept whole
  else max_answer = static_cast<std::size_t>(static_cast<double>(cutoff) * static_cast<double>(answer_len) /
                                             static_cast<double>(prompt_len + answer_len));
  const std::size_t answer = std::min(max_answer, answer_len);
  const std::size_t prompt = std::min(cutoff > answer ? cutoff - answer : 0, prompt_len);
  return {prompt, answer};
}

namespace {

// Every usable row rendered and tokenized, on all cores (rendering is most of
// the work: 100,000 short rows take seconds on one core); rows with errors
// stay empty. The tokenizer and template are safe to share between threads.
std::vector<chat::RenderedChat> render_all(const data::Dataset& dataset, const data::ValidationReport& report,
                                           const tok::Tokenizer& tokenizer, const chat::ChatTemplate& chat_template,
                                           const std::string& system_instruction) {
  const std::size_t n = dataset.examples.size();
  std::vector<chat::RenderedChat> rendered(n);
  const auto render_range = [&](std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i)
      if (i >= report.example_has_error.size() || !report.example_has_error[i])
        rendered[i] = chat::render(chat_template, tokenizer, conversation_of(dataset.examples[i], system_instruction));
  };
  const std::size_t workers = std::min<std::size_t>(std::max(1u, std::thread::hardware_concurrency()), n / 256 + 1);
  if (workers <= 1) {
    render_range(0, n);
    return rendered;
  }
  std::vector<std::thread> threads;
  std::vector<std::exception_ptr> failures(workers);
  for (std::size_t w = 0; w < workers; ++w)
    threads.emplace_back([&, w] {
      try {
        render_range(n * w / workers, n * (w + 1) / workers);
      } catch (...) {
        failures[w] = std::current_exception();
      }
    });
  for (std::thread& t : threads) t.join();
  for (const std::exception_ptr& f : failures)
    if (f) std::rethrow_exception(f);  // the first range's failure: the earliest row's
  return rendered;
}

}  // namespace

SftData build_sft_data(const data::Dataset& dataset, const data::ValidationReport& report,
                       const tok::Tokenizer& tokenizer, const chat::ChatTemplate& chat_template,
                       const std::string& system_instruction, const TruncationOptions& truncation) {
  SftData out;
  out.examples.reserve(dataset.examples.size());
  std::vector<chat::RenderedChat> all = render_all(dataset, report, tokenizer, chat_template, system_instruction);
  for (std::size_t i = 0; i < dataset.examples.size(); ++i) {
    if (i < report.example_has_error.size() && report.example_has_error[i]) {
      ++out.skipped_errors;
      continue;
    }
    const data::Example& ex = dataset.examples[i];
    chat::RenderedChat rendered = std::move(all[i]);
    TokenizedExample t;
    t.line = ex.line;
    // prompt: the tokens before the first trained one; answer: the trained ones.
    const auto trained = [](const std::vector<uint8_t>& mask) {
      return static_cast<std::size_t>(std::count(mask.begin(), mask.end(), uint8_t{1}));
    };
    const auto before_answer = [](const std::vector<uint8_t>& mask) {
      return static_cast<std::size_t>(std::find(mask.begin(), mask.end(), uint8_t{1}) - mask.begin());
    };
    CutRow row{ex.line, before_answer(rendered.assistant_mask), trained(rendered.assistant_mask), 0, 0};
    out.prompt_lengths.push_back(row.prompt_tokens);
    out.answer_lengths.push_back(row.answer_tokens);
    out.total_lengths.push_back(rendered.ids.size());
    t.truncated = truncate(rendered.ids, rendered.assistant_mask, truncation);
    if (t.truncated) {
      row.answer_lost = row.answer_tokens - trained(rendered.assistant_mask);
      row.prompt_lost = row.prompt_tokens - std::min(row.prompt_tokens, before_answer(rendered.assistant_mask));
      out.cut.push_back(row);
      if (truncation.overlength == TruncationOptions::Overlength::drop) {
        out.dropped_overlength.push_back(ex.line);
        continue;
      }
    }
    if (std::find(rendered.assistant_mask.begin(), rendered.assistant_mask.end(), 1) == rendered.assistant_mask.end()) {
      out.dropped.push_back(ex.line);
      continue;
    }
    t.input_ids = std::move(rendered.ids);
    t.labels.resize(t.input_ids.size());
    for (std::size_t k = 0; k < t.input_ids.size(); ++k)
      t.labels[k] = rendered.assistant_mask[k] ? t.input_ids[k] : kIgnoreIndex;
    out.truncated += t.truncated;
    out.examples.push_back(std::move(t));
  }
  return out;
}

std::vector<std::vector<std::size_t>> make_batches(const std::vector<TokenizedExample>& examples, std::size_t batch_size,
                                                   uint64_t seed, std::size_t epoch, std::size_t group_window) {
  std::vector<std::vector<std::size_t>> batches;
  if (examples.empty() || batch_size == 0) return batches;
  std::vector<std::size_t> order(examples.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  util::SplitMix64 rng(seed * 1000003ULL + epoch);
  const auto shuffle = [&rng](auto& v) {
    for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[static_cast<std::size_t>(rng.below(i))]);
  };
  shuffle(order);
  // Within each window of group_window batches, sort by length: neighbours
  // in a batch then have similar lengths, and the window keeps it random.
  const std::size_t window = std::max<std::size_t>(1, group_window) * batch_size;
  for (std::size_t start = 0; start < order.size(); start += window) {
    const auto end = order.begin() + static_cast<std::ptrdiff_t>(std::min(order.size(), start + window));
    std::stable_sort(order.begin() + static_cast<std::ptrdiff_t>(start), end, [&](std::size_t a, std::size_t b) {
      return examples[a].input_ids.size() > examples[b].input_ids.size();
    });
  }
  for (std::size_t start = 0; start < order.size(); start += batch_size)
    batches.emplace_back(order.begin() + static_cast<std::ptrdiff_t>(start),
                         order.begin() + static_cast<std::ptrdiff_t>(std::min(order.size(), start + batch_size)));
  shuffle(batches);
  return batches;
}

}  // namespace tunedesk::training
