#include "chat/chat_template.h"

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include <map>
#include <stdexcept>

#include "tokenizer/tokenizer.h"
#include "util/file_io.h"
#include "util/utf8.h"

namespace tunedesk::chat {
namespace {

struct Builder {
  std::vector<Part> parts;
  void prompt(std::string text) { add(std::move(text), false); }
  void answer(std::string text) { add(std::move(text), true); }
  void add(std::string text, bool trainable) {
    if (text.empty()) return;
    if (!parts.empty() && parts.back().trainable == trainable) parts.back().text += text;
    else parts.push_back({std::move(text), trainable});
  }
};

// Python's str.lstrip/rstrip/strip with a character set (ASCII only here).
std::string_view lstrip(std::string_view s, std::string_view chars) {
  const auto p = s.find_first_not_of(chars);
  return p == std::string_view::npos ? std::string_view() : s.substr(p);
}
std::string_view rstrip(std::string_view s, std::string_view chars) {
  const auto p = s.find_last_not_of(chars);
  return p == std::string_view::npos ? std::string_view() : s.substr(0, p + 1);
}

void require_roles(const ChatRequest& r) {
  for (const Message& m : r.messages)
    if (m.role != "system" && m.role != "user" && m.role != "assistant")
      throw std::invalid_argument("unsupported message role \"" + m.role + "\" (system, user, assistant)");
}

// Turns written header(role) + content + end + "\n", where an answer and its
// end marker are what is trained (ChatML's and Phi-3's shape).
void marked_turns(const ChatRequest& r, Builder& b, std::string (*header)(const std::string& role), const char* end) {
  for (const Message& m : r.messages) {
    b.prompt(header(m.role));
    if (m.role == "assistant") {
      b.answer(m.content + end);
      b.prompt("\n");
    } else {
      b.prompt(m.content + end + "\n");
    }
  }
}

// ---- ChatML (Qwen2, Qwen2.5) ------------------------------------------------

std::string chatml_header(const std::string& role) { return "<|im_start|>" + role + "\n"; }

void chatml_messages(const ChatRequest& r, Builder& b) {
  marked_turns(r, b, chatml_header, "<|im_end|>");
  if (r.add_generation_prompt) b.prompt(chatml_header("assistant"));
}

std::vector<Part> render_chatml(const ChatRequest& r) {
  require_roles(r);
  Builder b;
  chatml_messages(r, b);
  return b.parts;
}

std::vector<Part> render_qwen25(const ChatRequest& r) {
  require_roles(r);
  Builder b;
  if (r.messages.empty() || r.messages.front().role != "system")
    b.prompt("<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n");
  chatml_messages(r, b);
  return b.parts;
}

// ---- Qwen3: ChatML with reasoning in <think></think> -----------------------

std::vector<Part> render_qwen3(const ChatRequest& r) {
  require_roles(r);
  const auto& msgs = r.messages;
  Builder b;
  if (!msgs.empty() && msgs.front().role == "system") b.prompt("<|im_start|>system\n" + msgs.front().content + "<|im_end|>\n");
  // Reasoning is kept only for assistant turns after the last user message.
  std::size_t last_query = msgs.empty() ? 0 : msgs.size() - 1;
  for (std::size_t k = msgs.size(); k-- > 0;) {
    const std::string& c = msgs[k].content;
    if (msgs[k].role == "user" && !(c.starts_with("<tool_response>") && c.ends_with("</tool_response>"))) {
      last_query = k;
      break;
    }
  }
  for (std::size_t i = 0; i < msgs.size(); ++i) {
    const Message& m = msgs[i];
    if (m.role == "user" || (m.role == "system" && i != 0)) {
      b.prompt("<|im_start|>" + m.role + "\n" + m.content + "<|im_end|>\n");
    } else if (m.role == "assistant") {
      std::string content = m.content, reasoning;
      if (const auto end = m.content.rfind("</think>"); end != std::string::npos) {
        content = std::string(lstrip(std::string_view(m.content).substr(end + 8), "\n"));
        std::string_view before = rstrip(std::string_view(m.content).substr(0, m.content.find("</think>")), "\n");
        if (const auto start = before.rfind("<think>"); start != std::string_view::npos) before = before.substr(start + 7);
        reasoning = std::string(lstrip(before, "\n"));
      }
      b.prompt("<|im_start|>assistant\n");
      if (i > last_query && (i + 1 == msgs.size() || !reasoning.empty())) {
        b.answer("<think>\n" + std::string(rstrip(lstrip(reasoning, "\n"), "\n")) + "\n</think>\n\n" +
                 std::string(lstrip(content, "\n")) + "<|im_end|>");
      } else {
        b.answer(content + "<|im_end|>");
      }
      b.prompt("\n");
    }
  }
  if (r.add_generation_prompt) {
    b.prompt("<|im_start|>assistant\n");
    if (r.enable_thinking == false) b.prompt("<think>\n\n</think>\n\n");
  }
  return b.parts;
}

// ---- Llama 3 -------------------------------------------------------------------

std::vector<Part> render_llama3(const ChatRequest& r) {
  require_roles(r);
  Builder b;
  for (std::size_t i = 0; i < r.messages.size(); ++i) {
    const Message& m = r.messages[i];
    const std::string header = std::string(i == 0 ? "<|begin_of_text|>" : "") + "<|start_header_id|>" + m.role +
                               "<|end_header_id|>\n\n";
    const std::string body = std::string(python_strip(m.content)) + "<|eot_id|>";
    b.prompt(header);
    b.add(body, m.role == "assistant");
  }
  if (r.add_generation_prompt) b.prompt("<|start_header_id|>assistant<|end_header_id|>\n\n");
  return b.parts;
}

// ---- Llama 2 and Mistral: [INST] ... [/INST] ---------------------------------

// Splits off a leading system message; the rest must alternate user/assistant.
std::pair<std::string, std::vector<Message>> system_and_turns(const ChatRequest& r) {
  std::string system;
  std::vector<Message> turns = r.messages;
  if (!turns.empty() && turns.front().role == "system") {
    system = turns.front().content;
    turns.erase(turns.begin());
  }
  for (std::size_t i = 0; i < turns.size(); ++i)
    if (turns[i].role != (i % 2 == 0 ? "user" : "assistant"))
      throw std::invalid_argument("after an optional system message, roles must alternate user/assistant/...");
  return {system, turns};
}

std::vector<Part> render_llama2(const ChatRequest& r) {
  require_roles(r);
  auto [system, turns] = system_and_turns(r);
  Builder b;
  for (std::size_t i = 0; i < turns.size(); ++i) {
    const std::string content(python_strip(turns[i].content));
    if (turns[i].role == "user") {
      const std::string with_system = (i == 0 && !system.empty()) ? "<<SYS>>\n" + system + "\n<</SYS>>\n\n" + content : content;
      b.prompt("<s>[INST] " + std::string(python_strip(with_system)) + " [/INST]");
    } else {
      b.answer(" " + content + " </s>");
    }
  }
  return b.parts;
}

std::vector<Part> render_mistral(const ChatRequest& r) {
  require_roles(r);
  auto [system, turns] = system_and_turns(r);
  Builder b;
  b.prompt("<s>");
  for (std::size_t i = 0; i < turns.size(); ++i) {
    if (turns[i].role == "user") {
      const std::string content = (i == 0 && !system.empty()) ? system + "\n\n" + turns[i].content : turns[i].content;
      b.prompt("[INST] " + content + " [/INST]");
    } else {
      b.answer(turns[i].content + "</s>");
    }
  }
  return b.parts;
}

// ---- GLM-4 (glm-4-9b-chat) ------------------------------------------------------
// A turn ends where the next role marker starts, and generation stops on
// <|user|>: so the <|user|> that follows an answer is trained as its end, and
// a conversation that ends with an answer gets one.

std::vector<Part> render_glm4(const ChatRequest& r) {
  require_roles(r);
  Builder b;
  b.prompt("[gMASK]<sop>");
  bool after_answer = false;
  for (const Message& m : r.messages) {
    if (m.role == "user" && after_answer) {
      b.answer("<|user|>");
      b.prompt("\n" + m.content);
    } else if (m.role == "assistant") {
      b.prompt("<|assistant|>");
      b.answer("\n" + m.content);
    } else {
      b.prompt("<|" + m.role + "|>\n" + m.content);
    }
    after_answer = m.role == "assistant";
  }
  if (after_answer) b.answer("<|user|>");
  if (r.add_generation_prompt) b.prompt("<|assistant|>");
  return b.parts;
}

// ---- Phi-3 (Phi-3, Phi-4) --------------------------------------------------------
// Each turn "<|role|>\n" + content + "<|end|>\n"; generation stops on <|end|>;
// without a generation prompt the text ends with the end-of-text token.

std::string phi3_header(const std::string& role) { return "<|" + role + "|>\n"; }

std::vector<Part> render_phi3(const ChatRequest& r) {
  require_roles(r);
  Builder b;
  marked_turns(r, b, phi3_header, "<|end|>");
  b.prompt(r.add_generation_prompt ? phi3_header("assistant") : "<|endoftext|>");
  return b.parts;
}

bool contains(const std::string& s, std::string_view what) { return s.find(what) != std::string::npos; }

}  // namespace

std::string_view python_strip(std::string_view s) {
  // str.isspace(): these, plus U+001C–U+001F, unlike utf8::is_space (which has U+FEFF).
  const auto space = [](int32_t cp) {
    return (cp >= 0x1C && cp <= 0x1F) || (cp != 0xFEFF && cp >= 0 && utf8::is_space(static_cast<char32_t>(cp)));
  };
  std::size_t begin = 0, end = s.size();
  while (begin < end) {
    std::size_t len = 0;
    if (!space(utf8::decode(s, begin, len))) break;
    begin += len;
  }
  while (end > begin) {
    std::size_t start = end - 1;
    while (start > begin && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
    std::size_t len = 0;
    if (!space(utf8::decode(s, start, len))) break;
    end = start;
  }
  return s.substr(begin, end - begin);
}

const std::vector<ChatTemplate>& templates() {
  static const std::vector<ChatTemplate> all = {
      {"chatml", {"<|im_end|>", "<|endoftext|>"}, render_chatml},
      {"qwen2.5", {"<|im_end|>", "<|endoftext|>"}, render_qwen25},
      {"qwen3", {"<|im_end|>", "<|endoftext|>"}, render_qwen3},
      {"llama3", {"<|eot_id|>", "<|end_of_text|>", "<|eom_id|>"}, render_llama3},
      {"llama2", {"</s>"}, render_llama2},
      {"mistral", {"</s>"}, render_mistral},
      {"glm4", {"<|user|>", "<|observation|>", "<|endoftext|>"}, render_glm4},
      {"phi3", {"<|end|>", "<|endoftext|>"}, render_phi3},
  };
  return all;
}

const ChatTemplate* find_template(std::string_view name) {
  for (const ChatTemplate& t : templates())
    if (t.name == name) return &t;
  return nullptr;
}

const ChatTemplate* detect_template(const std::filesystem::path& model_dir) {
  const auto read_json = [&](const char* name) -> nlohmann::json {
    std::error_code ec;
    if (!std::filesystem::exists(model_dir / name, ec)) return {};
    try {
      return nlohmann::json::parse(util::read_file(model_dir / name));
    } catch (const std::exception&) {
      return {};
    }
  };
  const nlohmann::json config = read_json("tokenizer_config.json");
  std::string jinja;
  if (config.contains("chat_template") && config["chat_template"].is_string()) jinja = config["chat_template"];
  if (!jinja.empty()) {
    if (contains(jinja, "<|im_start|>") && contains(jinja, "<think>")) return find_template("qwen3");
    if (contains(jinja, "<|im_start|>") && contains(jinja, "You are Qwen")) return find_template("qwen2.5");
    if (contains(jinja, "<|im_start|>")) return find_template("chatml");
    if (contains(jinja, "<|start_header_id|>")) return find_template("llama3");
    if (contains(jinja, "<<SYS>>")) return find_template("llama2");
    if (contains(jinja, "[INST]")) return find_template("mistral");
    if (contains(jinja, "<|end|>") && contains(jinja, "<|assistant|>")) return find_template("phi3");
    if (contains(jinja, "[gMASK]") || contains(jinja, "<|assistant|>")) return find_template("glm4");
  }
  const nlohmann::json model = read_json("config.json");
  const std::string type = model.contains("model_type") && model["model_type"].is_string() ? model["model_type"] : "";
  if (type == "qwen3") return find_template("qwen3");
  if (type == "qwen2") return find_template("qwen2.5");
  if (type == "mistral") return find_template("mistral");
  if (type == "glm" || type == "glm4" || type == "chatglm") return find_template("glm4");
  if (type == "phi3") return find_template("phi3");
  return nullptr;
}

ChatTemplate load_template_yaml(const std::filesystem::path& file) {
  YAML::Node root;
  try {
    root = YAML::Load(util::read_file(file));
  } catch (const YAML::Exception& e) {
    throw std::invalid_argument(file.string() + ":" + std::to_string(e.mark.line + 1) + ": not valid YAML: " + e.msg);
  }
  const auto text = [&](const char* key, bool required) -> std::string {
    const YAML::Node n = root[key];
    if (!n) {
      if (required) throw std::invalid_argument(file.string() + ": the template needs \"" + std::string(key) + "\"");
      return {};
    }
    if (!n.IsScalar())
      throw std::invalid_argument(file.string() + ":" + std::to_string(n.Mark().line + 1) + ": \"" + key + "\" must be text");
    return n.as<std::string>();
  };
  if (!root.IsMap()) throw std::invalid_argument(file.string() + ": a chat template is a YAML map of formats");
  struct Formats {
    std::string prefix, system, user, assistant, end_of_turn, generation_prompt, default_system;
  } f{text("prefix", false), text("system", false), text("user", true),
      text("assistant", true), text("end_of_turn", false), text("generation_prompt", false), text("default_system", false)};
  for (const auto& [key, value] : {std::pair{"user", &f.user}, std::pair{"assistant", &f.assistant}})
    if (value->find("{content}") == std::string::npos)
      throw std::invalid_argument(file.string() + ": \"" + key + "\" has no {content}");
  if (!f.system.empty() && f.system.find("{content}") == std::string::npos)
    throw std::invalid_argument(file.string() + ": \"system\" has no {content}");

  ChatTemplate t;
  t.name = root["name"] ? root["name"].as<std::string>() : file.stem().string();
  if (const YAML::Node stops = root["stop_tokens"]) {
    if (!stops.IsSequence()) throw std::invalid_argument(file.string() + ": \"stop_tokens\" must be a list");
    for (const auto& s : stops) t.stop_tokens.push_back(s.as<std::string>());
  } else if (!f.end_of_turn.empty()) {
    t.stop_tokens.push_back(f.end_of_turn);
  }
  t.render_parts = [f](const ChatRequest& r) {
    require_roles(r);
    const auto fill = [](const std::string& format, const std::string& content) {
      std::string out = format;
      out.replace(out.find("{content}"), 9, content);
      return out;
    };
    Builder b;
    b.prompt(f.prefix);
    const bool has_system = !r.messages.empty() && r.messages.front().role == "system";
    if (!has_system && !f.default_system.empty() && !f.system.empty()) b.prompt(fill(f.system, f.default_system));
    const std::size_t split = f.assistant.find("{content}");
    const std::string before = f.assistant.substr(0, split), after = f.assistant.substr(split + 9);
    for (const Message& m : r.messages) {
      if (m.role == "system") {
        if (f.system.empty()) throw std::invalid_argument("this chat template has no system format");
        b.prompt(fill(f.system, m.content));
      } else if (m.role == "user") {
        b.prompt(fill(f.user, m.content));
      } else {
        // The answer and the end-of-turn marker train; what follows it is the next prompt.
        b.prompt(before);
        if (!f.end_of_turn.empty() && after.starts_with(f.end_of_turn)) {
          b.answer(m.content + f.end_of_turn);
          b.prompt(after.substr(f.end_of_turn.size()));
        } else {
          b.answer(m.content);
          b.prompt(after);
        }
      }
    }
    if (r.add_generation_prompt) b.prompt(f.generation_prompt);
    return b.parts;
  };
  return t;
}

const ChatTemplate& choose_template(const std::filesystem::path& model_dir, std::string_view name) {
  if (name.ends_with(".yaml") || name.ends_with(".yml")) {
    // User templates live as long as the process; the same file is loaded once.
    static std::map<std::string, ChatTemplate> loaded;
    auto it = loaded.find(std::string(name));
    if (it == loaded.end()) it = loaded.emplace(std::string(name), load_template_yaml(std::string(name))).first;
    return it->second;
  }
  if (!name.empty()) {
    if (const ChatTemplate* t = find_template(name)) return *t;
    std::string known;
    for (const ChatTemplate& t : templates()) known += (known.empty() ? "" : ", ") + t.name;
    throw std::invalid_argument("unknown chat template '" + std::string(name) + "' (known: " + known + ")");
  }
  if (const ChatTemplate* t = detect_template(model_dir)) return *t;
  throw std::invalid_argument("no chat template recognised in " + model_dir.string() + "; name one with --template");
}

RenderedChat render(const ChatTemplate& tmpl, const tok::Tokenizer& tokenizer, const ChatRequest& request) {
  const std::vector<Part> parts = tmpl.render_parts(request);
  RenderedChat out;
  for (const Part& p : parts) out.text += p.text;
  const tok::EncodeOptions options{.add_special_tokens = false, .parse_special = true};
  out.ids = tokenizer.encode(out.text, options);
  out.assistant_mask.assign(out.ids.size(), 0);

  // Token index where each part starts: the length of the encoding of the
  // text before it (parts meet at special tokens or line breaks, where BPE
  // does not merge across, so that encoding is a prefix of the whole).
  std::size_t offset = 0, first_token = 0;
  for (const Part& p : parts) {
    const std::size_t end_offset = offset + p.text.size();
    const std::size_t end_token =
        end_offset == out.text.size() ? out.ids.size()
                                      : tokenizer.encode(std::string_view(out.text).substr(0, end_offset), options).size();
    if (p.trainable)
      for (std::size_t k = first_token; k < std::min(end_token, out.ids.size()); ++k) out.assistant_mask[k] = 1;
    offset = end_offset;
    first_token = end_token;
  }
  return out;
}

}  // namespace tunedesk::chat
