// Growing a dataset with a model: the prompt that asks for a paraphrase of a
// row's question, from editable templates per model type
// (resources/augmentation.yaml, compiled in; a user's copy with --prompts),
// and the paraphrase read out of what the model wrote. The generation is the
// engine's (`tunedesk-cli data augment`); the rows it makes carry JSONL's
// "generated" mark (Example::generated), so that validation, cleaning and
// a run's config.json ("generated_rows") know them. Torch-free.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

namespace tunedesk::data {

// resources/augmentation.yaml as compiled in.
std::string_view builtin_augmentation_yaml();

class AugmentationPrompts {
 public:
  // The built-in templates, or those of `file` when given. Throws
  // UserError("augment.prompts", {file, why}) for a file that cannot be read,
  // is not the layout above, or has a template without {question}.
  static AugmentationPrompts load(const std::filesystem::path& file = {});

  // The prompt asking for a paraphrase of `question` for `model_type` (general's when it has none).
  std::string paraphrase(std::string_view model_type, std::string_view question, std::string_view answer) const;

 private:
  std::map<std::string, std::string, std::less<>> paraphrase_;  // model type -> template
};

// The paraphrase in what a model wrote: its first line with text, without a
// label ("问题：", "Question:"), numbering ("1.", "1、", "-") or surrounding
// quotes; empty when nothing is left or it is the question itself.
std::string paraphrase_from(std::string_view generated, std::string_view question);

}  // namespace tunedesk::data
