// Chat templates: how a conversation becomes the prompt text a model was
// trained on. A registry of our own (one render function per family, like
// LLaMA-Factory's templates), not a Jinja engine: what training needs besides
// the text is which tokens are the assistant's (the loss mask) and which
// tokens end a turn (generation stops there).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tunedesk::tok {
class Tokenizer;
}

namespace tunedesk::chat {

struct Message {
  std::string role;  // "system", "user" or "assistant"
  std::string content;
};

struct ChatRequest {
  std::vector<Message> messages;
  bool add_generation_prompt = false;   // end with the assistant's header, ready to generate
  std::optional<bool> enable_thinking;  // Qwen3: false adds an empty <think></think>
};

// A stretch of rendered text; `trainable` when it is assistant output (the
// answer and the token that ends its turn).
struct Part {
  std::string text;
  bool trainable = false;
};

struct RenderedChat {
  std::string text;
  std::vector<int32_t> ids;
  std::vector<uint8_t> assistant_mask;  // one per id: 1 where the loss applies
};

struct ChatTemplate {
  std::string name;                      // "qwen3", "llama3", ...
  std::vector<std::string> stop_tokens;  // generation stops on any of them
  // Throws std::invalid_argument for a conversation the template cannot express.
  std::function<std::vector<Part>(const ChatRequest&)> render_parts;
};

// The built-in templates, by name ("chatml", "qwen3", "llama3", ...).
const std::vector<ChatTemplate>& templates();
const ChatTemplate* find_template(std::string_view name);

// The template a model folder's files point to: tokenizer_config.json's
// chat_template (recognised by its markers), else config.json's model_type.
// nullptr when nothing matches.
const ChatTemplate* detect_template(const std::filesystem::path& model_dir);

// A template of the user's, from YAML (see docs/CHAT_TEMPLATES.md):
//   name: my-template
//   prefix: "<s>"                           # once, at the start
//   system: "<|system|>\n{content}\n"
//   user: "<|user|>\n{content}\n"
//   assistant: "<|assistant|>\n{content}<|end|>\n"
//   end_of_turn: "<|end|>"                  # trained with the answer
//   generation_prompt: "<|assistant|>\n"
//   default_system: ""                      # used when the chat has none
//   stop_tokens: ["<|end|>"]
// Throws std::invalid_argument naming the file, line and key.
ChatTemplate load_template_yaml(const std::filesystem::path& file);

// The template named `name` (a built-in name, or a path to a .yaml file) when
// not empty, else the one detected in `model_dir`. Throws
// std::invalid_argument saying what is missing.
const ChatTemplate& choose_template(const std::filesystem::path& model_dir, std::string_view name);

// Renders and tokenizes. The ids are those of the whole text (as
// apply_chat_template gives them); the mask follows the parts.
RenderedChat render(const ChatTemplate& tmpl, const tok::Tokenizer& tokenizer, const ChatRequest& request);

// Python's str.strip() (the `trim` of Jinja templates): Unicode white space.
std::string_view python_strip(std::string_view s);

}  // namespace tunedesk::chat
