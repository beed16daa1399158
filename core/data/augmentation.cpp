#include "data/augmentation.h"

#include <yaml-cpp/yaml.h>

#include <array>
#include <fstream>
#include <sstream>

#include "util/user_error.h"
#include "util/utf8.h"

namespace tunedesk::data {
namespace {

constexpr std::array<AugmentationKind, 2> kKinds = {AugmentationKind::paraphrase, AugmentationKind::pairs};

// The placeholder each kind's template must have: what the model works from.
std::string_view required_placeholder(AugmentationKind kind) {
  return kind == AugmentationKind::pairs ? "{answer}" : "{question}";
}

constexpr std::array<std::string_view, 7> kQuestionLabels = {"改写后的问题：", "改写后的问题:", "改写：", "问题：",
                                                             "问题:", "Question:", "Paraphrase:"};
constexpr std::array<std::string_view, 8> kAnswerLabels = {"回答：", "回答:", "答案：", "答案:", "答：", "Answer:", "A:", "答:"};

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

// `text` without `prefix` (and the space after it) when it starts with it.
bool strip_prefix(std::string_view& text, std::string_view prefix) {
  if (!text.starts_with(prefix)) return false;
  text = utf8::trim(text.substr(prefix.size()));
  return true;
}

// A line without the numbering ("1." "1、" "1)" "-" "*") and bold marks a model puts before its text.
std::string_view without_numbering(std::string_view line) {
  std::size_t digits = 0;
  while (digits < line.size() && line[digits] >= '0' && line[digits] <= '9') ++digits;
  if (digits && digits < line.size()) {
    std::string_view rest = line.substr(digits);
    if (strip_prefix(rest, ".") || strip_prefix(rest, "、") || strip_prefix(rest, ")")) line = rest;
  }
  if (!strip_prefix(line, "- ")) strip_prefix(line, "* ");
  strip_prefix(line, "**");
  return line;
}

// A text without quotes around it.
std::string_view unquoted(std::string_view text) {
  for (const auto& [open, close] : {std::pair<std::string_view, std::string_view>{"“", "”"}, {"\"", "\""}, {"「", "」"}, {"'", "'"}})
    if (text.size() >= open.size() + close.size() && text.starts_with(open) && text.ends_with(close))
      return utf8::trim(text.substr(open.size(), text.size() - open.size() - close.size()));
  return text;
}

// Where the first of `labels` starts a line of `text` (after numbering), and its end; npos when none does.
std::pair<std::size_t, std::size_t> find_label(std::string_view text, const auto& labels, std::size_t from = 0) {
  for (std::size_t start = from; start < text.size();) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    const std::string_view raw = text.substr(start, end - start);
    std::string_view line = without_numbering(utf8::trim(raw));
    strip_prefix(line, "**");
    for (const std::string_view label : labels)
      if (line.starts_with(label)) {
        const std::size_t at = static_cast<std::size_t>(line.data() - text.data());
        std::size_t after = at + label.size();
        if (text.substr(after).starts_with("**")) after += 2;
        return {at, after};
      }
    start = end + 1;
  }
  return {std::string_view::npos, std::string_view::npos};
}

}  // namespace

std::string_view augmentation_kind_name(AugmentationKind kind) {
  return kind == AugmentationKind::pairs ? "pairs" : "paraphrase";
}

std::optional<AugmentationKind> parse_augmentation_kind(std::string_view name) {
  for (const AugmentationKind kind : kKinds)
    if (name == augmentation_kind_name(kind)) return kind;
  return std::nullopt;
}

int64_t default_max_new_tokens(AugmentationKind kind) { return kind == AugmentationKind::pairs ? 320 : 96; }

AugmentationPrompts AugmentationPrompts::load(const std::filesystem::path& file) {
  const auto read = [](std::string_view yaml, const std::string& source, AugmentationPrompts& into) {
    try {
      const YAML::Node root = YAML::Load(std::string(yaml));
      if (!root.IsMap()) throw UserError("augment.prompts", {source, "not a mapping of kinds (paraphrase, pairs)"});
      bool any = false;
      for (const AugmentationKind kind : kKinds) {
        const std::string name(augmentation_kind_name(kind));
        const YAML::Node section = root[name];
        if (!section) continue;
        if (!section.IsMap()) throw UserError("augment.prompts", {source, "'" + name + "' is not a mapping of model types"});
        Templates templates;
        for (const auto& kv : section) {
          const std::string type = kv.first.as<std::string>(), text = kv.second.as<std::string>();
          check_template(kind, text, source, name + "." + type);
          templates[type] = text;
        }
        if (!templates.contains("general")) throw UserError("augment.prompts", {source, name + ".general is missing"});
        into.templates_[kind] = std::move(templates);
        any = true;
      }
      if (!any) throw UserError("augment.prompts", {source, "no 'paraphrase' or 'pairs' mapping of model types"});
    } catch (const YAML::Exception& e) {
      throw UserError("augment.prompts", {source, e.what()});
    }
  };
  AugmentationPrompts out;
  read(builtin_augmentation_yaml(), "resources/augmentation.yaml", out);
  if (!file.empty()) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw UserError("augment.prompts", {file.string(), "cannot be read"});
    std::ostringstream text;
    text << in.rdbuf();
    read(text.str(), file.string(), out);
  }
  return out;
}

const std::string& AugmentationPrompts::template_for(AugmentationKind kind, std::string_view model_type) const {
  const Templates& templates = templates_.at(kind);
  const auto it = templates.find(model_type);
  return it != templates.end() ? it->second : templates.at("general");
}

std::string AugmentationPrompts::fill(std::string_view text, std::string_view question, std::string_view answer) {
  std::string prompt(utf8::trim(text));
  replace_all(prompt, "{question}", question);
  replace_all(prompt, "{answer}", answer);
  return prompt;
}

void AugmentationPrompts::check_template(AugmentationKind kind, std::string_view text, const std::string& source,
                                         const std::string& what) {
  if (text.find(required_placeholder(kind)) == std::string_view::npos)
    throw UserError("augment.prompts", {source, what + " has no " + std::string(required_placeholder(kind))});
}

std::string AugmentationPrompts::prompt(AugmentationKind kind, std::string_view model_type, std::string_view question,
                                        std::string_view answer) const {
  return fill(template_for(kind, model_type), question, answer);
}

std::string paraphrase_from(std::string_view generated, std::string_view question) {
  std::string_view line;
  while (!generated.empty()) {  // the first line with text
    const std::size_t end = generated.find('\n');
    line = utf8::trim(generated.substr(0, end));
    generated = end == std::string_view::npos ? std::string_view() : generated.substr(end + 1);
    if (!line.empty()) break;
  }
  for (const std::string_view label : kQuestionLabels)
    if (strip_prefix(line, label)) break;
  line = unquoted(without_numbering(line));
  if (line.empty() || line == utf8::trim(question)) return {};
  return std::string(line);
}

std::optional<QuestionAnswer> pair_from(std::string_view generated, std::string_view source_question) {
  const auto [q_at, q_end] = find_label(generated, kQuestionLabels);
  if (q_at == std::string_view::npos) return std::nullopt;
  // The answer's label starts a later line, or follows the question on its line ("问题：… 回答：…").
  std::size_t a_at = std::string_view::npos, a_end = std::string_view::npos;
  const std::size_t q_line_end = std::min(generated.find('\n', q_end), generated.size());
  for (const std::string_view label : kAnswerLabels)
    if (const std::size_t at = generated.substr(0, q_line_end).find(label, q_end); at != std::string_view::npos && at < a_at) {
      a_at = at;
      a_end = at + label.size();
    }
  if (a_at == std::string_view::npos) std::tie(a_at, a_end) = find_label(generated, kAnswerLabels, q_line_end);
  if (a_at == std::string_view::npos) return std::nullopt;
  QuestionAnswer pair;
  // The question is its label's line (up to the answer's label when that is on it).
  const std::size_t question_end = std::min(a_at, q_line_end);
  pair.question = std::string(unquoted(utf8::trim(generated.substr(q_end, question_end - q_end))));
  // The first pair only: a model that goes on to a second stops being read there.
  std::string_view answer = generated.substr(a_end);
  if (const auto [next, ignored] = find_label(answer, kQuestionLabels); next != std::string_view::npos) answer = answer.substr(0, next);
  pair.answer = std::string(utf8::trim(answer));
  if (pair.question.size() >= 2 && pair.question.ends_with("**")) pair.question.resize(pair.question.size() - 2);
  if (pair.question.empty() || pair.answer.empty() || pair.question == utf8::trim(source_question)) return std::nullopt;
  return pair;
}

}  // namespace tunedesk::data
