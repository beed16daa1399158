#include "chat/ollama_modelfile.h"

#include <stdexcept>

namespace tunedesk::chat {

namespace {

// Contents no template adds to or trims (no white space, no markup).
constexpr const char* kSystem = "TDSYSTEMq7x";
constexpr const char* kUser = "TDUSERq7x";
constexpr const char* kUser2 = "TDUSERTWOq7x";
constexpr const char* kAssistant = "TDASSISTANTq7x";

std::string rendered(const ChatTemplate& tmpl, std::vector<Message> messages) {
  ChatRequest request;
  request.messages = std::move(messages);
  request.add_generation_prompt = true;
  std::string text;
  for (const Part& p : tmpl.render_parts(request)) text += p.text;
  return text;
}

// `text` cut at each marker, in order: the stretches between them; empty
// when a marker is missing.
std::vector<std::string> between(const std::string& text, const std::vector<std::string>& markers) {
  std::vector<std::string> out;
  std::size_t from = 0;
  for (const std::string& m : markers) {
    const std::size_t at = text.find(m, from);
    if (at == std::string::npos) return {};
    out.push_back(text.substr(from, at - from));
    from = at + m.size();
  }
  out.push_back(text.substr(from));
  return out;
}

// Whether `pos` falls inside a special token's markup ("<|eot_id|>", "[INST]"):
// a piece must not begin or end there, however many characters its
// neighbours share ("<|begin_of_text|>" and "<|eot_id|>" both end in "|>").
bool inside_markup(const std::string& text, std::size_t pos) {
  if (pos == 0 || pos >= text.size()) return false;
  for (const auto& [open, close] : {std::pair{'<', '>'}, std::pair{'[', ']'}}) {
    const std::size_t o = text.rfind(open, pos - 1);
    if (o == std::string::npos) continue;
    const std::size_t c = text.find(close, o);
    if (c != std::string::npos && c >= pos) return true;
  }
  return false;
}

// The longest common suffix of `a` and `b` that starts at a markup boundary in both.
std::string common_suffix(const std::string& a, const std::string& b) {
  std::size_t n = 0;
  while (n < a.size() && n < b.size() && a[a.size() - 1 - n] == b[b.size() - 1 - n]) ++n;
  while (n > 0 && (inside_markup(a, a.size() - n) || inside_markup(b, b.size() - n))) --n;
  return a.substr(a.size() - n);
}

// The longest common prefix of `a` and `b` that ends at a markup boundary in both.
std::string common_prefix(const std::string& a, const std::string& b) {
  std::size_t n = 0;
  while (n < a.size() && n < b.size() && a[n] == b[n]) ++n;
  while (n > 0 && (inside_markup(a, n) || inside_markup(b, n))) --n;
  return a.substr(0, n);
}

// What TurnPieces make of a conversation, as Ollama's template will render it.
std::string recomposed(const TurnPieces& p, const std::vector<Message>& messages) {
  std::string text = p.prefix;
  for (const Message& m : messages) {
    if (m.role == "system") text += p.system_head + m.content + p.system_tail;
    else if (m.role == "user") text += p.user_head + m.content;
    else text += p.assistant_head + m.content + p.assistant_tail;
  }
  return text + p.generation;
}

// The conversations the pieces must reproduce: one to three exchanges, ending with the user.
std::vector<std::vector<Message>> checks(bool with_system) {
  std::vector<std::vector<Message>> out = {
      {{"user", "Q1x"}},
      {{"user", "Q1x"}, {"assistant", "A1x"}, {"user", "Q2x"}},
      {{"user", "Q1x"}, {"assistant", "A1x"}, {"user", "Q2x"}, {"assistant", "A2x"}, {"user", "Q3x"}},
  };
  if (with_system)
    for (auto& c : out) c.insert(c.begin(), Message{"system", "S1x"});
  return out;
}

// Go's text/template outputs text outside {{ }} as it is; a literal "{{" would start an action.
// (No "{{-" trimming anywhere: it would eat the newlines the turns end with.)
std::string go_literal(const std::string& s) {
  if (s.find("{{") != std::string::npos) throw std::invalid_argument("has \"{{\"");
  return s;
}

}  // namespace

OllamaTemplate ollama_template(const ChatTemplate& tmpl, bool with_system, const std::string& bos_added) {
  OllamaTemplate out;
  try {
    // [user] -> prefix + user_head | U | generation
    const auto one = between(rendered(tmpl, {{"user", kUser}}), {kUser});
    // [user, assistant, user] -> .. | U | assistant_head | A | assistant_tail + user_head | U2 | generation
    const auto three = between(rendered(tmpl, {{"user", kUser}, {"assistant", kAssistant}, {"user", kUser2}}),
                               {kUser, kAssistant, kUser2});
    if (one.empty() || three.empty()) {
      out.why_not = "the \"" + tmpl.name + "\" template does not show every message's content as it is";
      return out;
    }
    TurnPieces p;
    p.user_head = common_suffix(one[0], three[2]);
    p.prefix = one[0].substr(0, one[0].size() - p.user_head.size());
    p.assistant_head = three[1];
    p.assistant_tail = three[2].substr(0, three[2].size() - p.user_head.size());
    p.generation = one[1];
    if (with_system) {
      // [system, user] -> prefix + system_head | S | system_tail + user_head | U | generation
      const auto sys = between(rendered(tmpl, {{"system", kSystem}, {"user", kUser}}), {kSystem, kUser});
      if (sys.empty() || !sys[1].ends_with(p.user_head)) {
        out.why_not = "the \"" + tmpl.name + "\" template does not put the system message in a turn of its own";
        return out;
      }
      p.prefix = common_prefix(p.prefix, sys[0]);  // a template's default system, shown only without one, is not prefix
      p.system_head = sys[0].substr(p.prefix.size());
      p.system_tail = sys[1].substr(0, sys[1].size() - p.user_head.size());
    }
    for (const auto& conversation : checks(with_system))
      if (recomposed(p, conversation) != rendered(tmpl, conversation)) {
        out.why_not = "the \"" + tmpl.name + "\" template is not the same turn by turn (e.g. the system message inside the first user turn)";
        return out;
      }
    // llama.cpp adds the BOS token by itself; the template must not add it again.
    if (!bos_added.empty() && p.prefix.starts_with(bos_added)) p.prefix.erase(0, bos_added.size());

    std::string& t = out.go_template;
    t = go_literal(p.prefix) + "{{ range .Messages }}";
    if (with_system) t += "{{ if eq .Role \"system\" }}" + go_literal(p.system_head) + "{{ .Content }}" + go_literal(p.system_tail) + "{{ else";
    else t += "{{";
    t += " if eq .Role \"user\" }}" + go_literal(p.user_head) + "{{ .Content }}";
    t += "{{ else if eq .Role \"assistant\" }}" + go_literal(p.assistant_head) + "{{ .Content }}" + go_literal(p.assistant_tail);
    t += "{{ end }}{{ end }}" + go_literal(p.generation);
  } catch (const std::invalid_argument& e) {
    out.go_template.clear();
    out.why_not = "the \"" + tmpl.name + "\" template " + e.what();
  }
  return out;
}

namespace {

std::string triple_quoted(const std::string& what, const std::string& s) {
  if (s.find("\"\"\"") != std::string::npos) throw std::invalid_argument(what + " has \"\"\", which a Modelfile cannot quote");
  return "\"\"\"" + s + "\"\"\"";
}

std::string one_line(const std::string& what, const std::string& s) {
  if (s.empty() || s.find_first_of("\r\n") != std::string::npos)
    throw std::invalid_argument(what + " is empty or spans lines, which a Modelfile cannot hold");
  return s;
}

}  // namespace

Modelfile ollama_modelfile(const ModelfileSpec& spec) {
  Modelfile m;
  std::string& t = m.text;
  t = "# Made by TuneDesk. Import into Ollama with:  ollama create NAME -f Modelfile\n";
  t += "FROM " + one_line("the model file's name", spec.from) + "\n";
  if (!spec.adapter.empty()) t += "ADAPTER " + one_line("the adapter file's name", spec.adapter) + "\n";
  if (spec.chat_template) {
    const OllamaTemplate go = ollama_template(*spec.chat_template, !spec.system.empty(), spec.bos_added);
    if (!go.go_template.empty()) {
      t += "TEMPLATE " + triple_quoted("the chat template", go.go_template) + "\n";
    } else {
      m.notes.push_back("no TEMPLATE in the Modelfile: " + go.why_not +
                        "; Ollama reads the chat template inside the GGUF file instead");
    }
    for (const std::string& stop : spec.chat_template->stop_tokens) {
      if (stop.find('"') != std::string::npos) throw std::invalid_argument("the stop token " + stop + " has a quote");
      t += "PARAMETER stop \"" + one_line("a stop token", stop) + "\"\n";
    }
  } else {
    m.notes.push_back("no TEMPLATE in the Modelfile: the model names no chat template TuneDesk knows; "
                      "Ollama reads the one inside the GGUF file");
  }
  if (!spec.system.empty()) t += "SYSTEM " + triple_quoted("the system instruction", spec.system) + "\n";
  return m;
}

}  // namespace tunedesk::chat
