// Growing a dataset with a model, the torch-free half: what a user asks for
// (AugmentationRequest: the same fields for `tunedesk-cli data augment`, a
// queued job and the API), the prompts per model type and kind (editable
// templates, resources/augmentation.yaml, compiled in; a user's copy with
// --prompts), and the new rows read out of what the model wrote. The
// generation is the engine's (training/augment_dataset.h); the rows it makes
// carry JSONL's "generated" mark (Example::generated), so that validation,
// cleaning and a run's config.json ("generated_rows") know them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace tunedesk::data {

// resources/augmentation.yaml as compiled in.
std::string_view builtin_augmentation_yaml();

// What a model writes for a row: another wording of its question (the row's
// answer kept), or a new question/answer pair taken from the row's answer.
enum class AugmentationKind { paraphrase, pairs };
std::string_view augmentation_kind_name(AugmentationKind kind);  // "paraphrase", "pairs"
std::optional<AugmentationKind> parse_augmentation_kind(std::string_view name);

struct AugmentationRequest {
  std::filesystem::path input;    // the dataset (CSV, .xlsx, JSONL); only read
  std::filesystem::path model;    // a base model, run, adapter or exported model folder
  std::filesystem::path output;   // the candidates' JSONL, written atomically
  std::filesystem::path prompts;  // a templates file; empty: the built-in ones
  std::string prompt_template;    // the user's own template for this request (edited in a UI); empty: the file's
  AugmentationKind kind = AugmentationKind::paraphrase;
  std::string model_type = "general";  // the instruction of rows without one, and the templates used
  std::size_t per_row = 2;             // candidates asked for per row (kMaxPerRow at most)
  std::size_t limit = std::numeric_limits<std::size_t>::max();  // only the first rows without errors
  double temperature = 0.9;            // sampling: candidates need variety
  uint64_t seed = 42;                  // the same seed, the same candidates
  int64_t max_new_tokens = 0;          // 0: the kind's default (default_max_new_tokens)
  std::string chat_template;           // empty: detected
  std::string device = "auto";
  bool with_source = false;            // the source's rows before the candidates: a file to train on at once

  static constexpr std::size_t kMaxPerRow = 64;
};
// A paraphrase is one line; a pair has an answer too.
int64_t default_max_new_tokens(AugmentationKind kind);

struct AugmentationOutcome {
  std::size_t rows = 0;         // source rows asked about
  std::size_t written = 0;      // candidates written
  std::size_t unusable = 0;     // generations without a usable row (empty, the row itself, a repeat)
  std::size_t source_rows = 0;  // with_source: the source's rows written first
  bool cancelled = false;       // stopped early; what was made is written
};

class AugmentationPrompts {
 public:
  // The built-in templates, or those of `file` when given (a kind the file
  // lacks keeps the built-in ones). Throws UserError("augment.prompts",
  // {file, why}) for a file that cannot be read, is not the layout above, or
  // has a template without its placeholder ({question}; {answer} for pairs).
  static AugmentationPrompts load(const std::filesystem::path& file = {});

  // The prompt for `kind` and `model_type` (general's when it has none).
  std::string prompt(AugmentationKind kind, std::string_view model_type, std::string_view question,
                     std::string_view answer) const;
  std::string paraphrase(std::string_view model_type, std::string_view question, std::string_view answer) const {
    return prompt(AugmentationKind::paraphrase, model_type, question, answer);
  }
  // The template itself, placeholders unfilled: what a UI shows to edit.
  const std::string& template_for(AugmentationKind kind, std::string_view model_type) const;

  // `text` with its placeholders filled.
  static std::string fill(std::string_view text, std::string_view question, std::string_view answer);
  // Throws UserError("augment.prompts", {source, "WHAT has no {…}"}) when `text` lacks the placeholder `kind` needs.
  static void check_template(AugmentationKind kind, std::string_view text, const std::string& source, const std::string& what);

 private:
  using Templates = std::map<std::string, std::string, std::less<>>;  // model type -> template
  std::map<AugmentationKind, Templates> templates_;
};

// The paraphrase in what a model wrote: its first line with text, without a
// label ("问题：", "Question:"), numbering ("1.", "1、", "-") or surrounding
// quotes; empty when nothing is left or it is the question itself.
std::string paraphrase_from(std::string_view generated, std::string_view question);

struct QuestionAnswer {
  std::string question, answer;
};
// The pair in what a model wrote: a question after its label ("问题：",
// "Question:", "Q:") and the answer after its own ("回答：", "答案：",
// "Answer:", "A:"), to the end of the text. Nothing when either is missing
// or empty, or the question is `source_question` itself.
std::optional<QuestionAnswer> pair_from(std::string_view generated, std::string_view source_question);

}  // namespace tunedesk::data
