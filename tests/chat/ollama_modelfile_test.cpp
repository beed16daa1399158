// Ollama's TEMPLATE, derived from TuneDesk's chat templates: run through a
// small interpreter of the Go-template actions it uses (range, if/else if
// eq, .Content), it must give the text TuneDesk's template renders for the
// same conversation, or be left out with a reason. And the Modelfile around it.
#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>

#include "chat/chat_template.h"
#include "chat/ollama_modelfile.h"

using namespace tunedesk;
using namespace tunedesk::chat;

namespace {

// --- a Go text/template subset: text, {{ .Content }}, {{ range .Messages }},
// {{ if eq .Role "r" }} / {{ else if eq .Role "r" }} / {{ else }} / {{ end }},
// with "{{-" / "-}}" trimming white space as Go does.
struct GoNode {
  enum Kind { text, content, range, branch } kind = text;
  std::string value;                                                   // text
  std::vector<std::pair<std::string, std::vector<GoNode>>> branches;   // branch: role ("" = else), body
  std::vector<GoNode> body;                                            // range
};

struct GoParser {
  std::vector<std::pair<bool, std::string>> tokens;  // {is_action, text}
  std::size_t at = 0;

  explicit GoParser(std::string t) {
    std::size_t from = 0;
    bool trim_next = false;
    while (from <= t.size()) {
      const std::size_t open = t.find("{{", from);
      std::string text = t.substr(from, open == std::string::npos ? std::string::npos : open - from);
      if (trim_next) text.erase(0, text.find_first_not_of(" \t\r\n") == std::string::npos ? text.size() : text.find_first_not_of(" \t\r\n"));
      if (open == std::string::npos) {
        tokens.push_back({false, text});
        break;
      }
      const std::size_t close = t.find("}}", open);
      if (close == std::string::npos) throw std::runtime_error("unclosed action");
      std::string action = t.substr(open + 2, close - open - 2);
      if (action.starts_with("-")) {  // trims the white space before it
        action.erase(0, 1);
        text.erase(text.find_last_not_of(" \t\r\n") + 1);
      }
      trim_next = action.ends_with("-");
      if (trim_next) action.pop_back();
      tokens.push_back({false, text});
      const auto first = action.find_first_not_of(' '), last = action.find_last_not_of(' ');
      tokens.push_back({true, action.substr(first, last - first + 1)});
      from = close + 2;
    }
  }

  static std::string role_of(const std::string& action, const std::string& lead) {
    const std::string want = lead + "eq .Role \"";
    if (!action.starts_with(want) || !action.ends_with("\"")) throw std::runtime_error("unknown action: " + action);
    return action.substr(want.size(), action.size() - want.size() - 1);
  }

  // Nodes up to an "else…" or "end" (returned in `stop`).
  std::vector<GoNode> list(std::string& stop) {
    std::vector<GoNode> out;
    while (at < tokens.size()) {
      const auto [is_action, s] = tokens[at++];
      if (!is_action) {
        if (!s.empty()) out.push_back({GoNode::text, s, {}, {}});
      } else if (s == ".Content") {
        out.push_back({GoNode::content, {}, {}, {}});
      } else if (s == "range .Messages") {
        GoNode n{GoNode::range, {}, {}, {}};
        n.body = list(stop);
        if (stop != "end") throw std::runtime_error("range without end");
        out.push_back(std::move(n));
      } else if (s.starts_with("if ")) {
        GoNode n{GoNode::branch, {}, {}, {}};
        std::string role = role_of(s, "if ");
        for (;;) {
          std::vector<GoNode> body = list(stop);
          n.branches.push_back({role, std::move(body)});
          if (stop == "end") break;
          if (stop == "else") role.clear();
          else role = role_of(stop, "else if ");
        }
        out.push_back(std::move(n));
      } else if (s == "end" || s.starts_with("else")) {
        stop = s;
        return out;
      } else {
        throw std::runtime_error("unknown action: " + s);
      }
    }
    stop.clear();
    return out;
  }
};

void run(const std::vector<GoNode>& nodes, const std::vector<Message>& messages, const Message* m, std::string& out) {
  for (const GoNode& n : nodes) {
    if (n.kind == GoNode::text) out += n.value;
    else if (n.kind == GoNode::content) out += m ? m->content : throw std::runtime_error(".Content outside range");
    else if (n.kind == GoNode::range)
      for (const Message& each : messages) run(n.body, messages, &each, out);
    else
      for (const auto& [role, body] : n.branches)
        if (role.empty() || (m && role == m->role)) {
          run(body, messages, m, out);
          break;
        }
  }
}

std::string go_render(const std::string& go_template, const std::vector<Message>& messages) {
  GoParser p(go_template);
  std::string stop;
  const std::vector<GoNode> nodes = p.list(stop);
  if (!stop.empty()) throw std::runtime_error("stray " + stop);
  std::string out;
  run(nodes, messages, nullptr, out);
  return out;
}

std::string rendered(const ChatTemplate& t, const std::vector<Message>& messages) {
  ChatRequest r;
  r.messages = messages;
  r.add_generation_prompt = true;
  std::string text;
  for (const Part& p : t.render_parts(r)) text += p.text;
  return text;
}

std::vector<Message> conversation(bool with_system, int exchanges) {
  std::vector<Message> c;
  if (with_system) c.push_back({"system", "你是一名律师。\nAnswer briefly."});
  for (int i = 0; i < exchanges; ++i) {
    c.push_back({"user", "问题 " + std::to_string(i) + "：合同无效的情形有哪些？"});
    if (i + 1 < exchanges) c.push_back({"assistant", "答案 " + std::to_string(i) + "。\n第二行"});
  }
  return c;
}

}  // namespace

TEST(OllamaTemplate, TheInterpreterFollowsGosTrimming) {
  EXPECT_EQ(go_render("a \n{{- range .Messages }}[{{ .Content }}]{{ end -}}\n b", {{"user", "x"}, {"user", "y"}}), "a[x][y]b");
  EXPECT_EQ(go_render("{{ range .Messages }}{{ if eq .Role \"user\" }}U{{ else if eq .Role \"assistant\" }}A{{ else }}S{{ end }}{{ end }}",
                      {{"system", ""}, {"user", ""}, {"assistant", ""}}),
            "SUA");
  EXPECT_THROW(go_render("{{ range .Messages }}", {}), std::runtime_error);
}

TEST(OllamaTemplate, EveryTurnByTurnTemplateRendersAsTuneDesksOwn) {
  int derived = 0;
  for (const ChatTemplate& t : templates()) {
    for (const bool with_system : {true, false}) {
      const OllamaTemplate go = ollama_template(t, with_system, "");
      if (go.go_template.empty()) {
        EXPECT_FALSE(go.why_not.empty()) << t.name;
        continue;
      }
      ++derived;
      for (int exchanges = 1; exchanges <= 3; ++exchanges) {
        const std::vector<Message> c = conversation(with_system, exchanges);
        EXPECT_EQ(go_render(go.go_template, c), rendered(t, c)) << t.name << (with_system ? " with" : " without")
                                                                << " a system message, " << exchanges << " exchanges";
      }
    }
  }
  // The formats people fine-tune most have one, with and without a system message.
  for (const char* name : {"chatml", "qwen3", "llama3", "glm4"})
    for (const bool with_system : {true, false})
      EXPECT_FALSE(ollama_template(*find_template(name), with_system, "").go_template.empty()) << name << " " << with_system;
  EXPECT_GE(derived, 8);
}

TEST(OllamaTemplate, TheBosLlamaCppAddsIsNotWrittenTwice) {
  const ChatTemplate& llama3 = *find_template("llama3");
  const std::string go = ollama_template(llama3, true, "<|begin_of_text|>").go_template;
  ASSERT_FALSE(go.empty());
  const std::vector<Message> c = conversation(true, 2);
  const std::string ours = rendered(llama3, c);
  ASSERT_TRUE(ours.starts_with("<|begin_of_text|>"));
  EXPECT_EQ("<|begin_of_text|>" + go_render(go, c), ours);
}

TEST(OllamaTemplate, ASystemMessageInsideTheFirstUserTurnIsNotForcedIntoTurns) {
  // Llama 2 puts the system message inside the first [INST]: no turn-by-turn template says that.
  const OllamaTemplate go = ollama_template(*find_template("llama2"), true, "");
  EXPECT_TRUE(go.go_template.empty());
  EXPECT_NE(go.why_not.find("llama2"), std::string::npos) << go.why_not;
}

TEST(OllamaModelfile, FromAdapterTemplateStopsAndSystem) {
  ModelfileSpec spec;
  spec.from = "./base-F16.gguf";
  spec.adapter = "./run-F16-LoRA.gguf";
  spec.chat_template = find_template("qwen3");
  spec.system = "你是一名医生。";
  const Modelfile m = ollama_modelfile(spec);
  EXPECT_NE(m.text.find("\nFROM ./base-F16.gguf\n"), std::string::npos) << m.text;
  EXPECT_NE(m.text.find("\nADAPTER ./run-F16-LoRA.gguf\n"), std::string::npos);
  EXPECT_NE(m.text.find("\nTEMPLATE \"\"\"{{ range .Messages }}"), std::string::npos);
  for (const std::string& stop : spec.chat_template->stop_tokens)
    EXPECT_NE(m.text.find("\nPARAMETER stop \"" + stop + "\"\n"), std::string::npos) << stop;
  EXPECT_NE(m.text.find("\nSYSTEM \"\"\"你是一名医生。\"\"\"\n"), std::string::npos);
  EXPECT_TRUE(m.notes.empty());

  spec.chat_template = find_template("llama2");
  const Modelfile llama2 = ollama_modelfile(spec);
  EXPECT_EQ(llama2.text.find("TEMPLATE"), std::string::npos);
  ASSERT_EQ(llama2.notes.size(), 1u);  // said, not silently left out
  spec.system = "say \"\"\"hi\"\"\"";
  EXPECT_THROW(ollama_modelfile(spec), std::invalid_argument);
  spec.system.clear();
  spec.from = "./a\nb.gguf";
  EXPECT_THROW(ollama_modelfile(spec), std::invalid_argument);
}
