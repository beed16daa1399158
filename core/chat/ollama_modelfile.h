// An Ollama Modelfile for an exported GGUF: FROM the model file, ADAPTER a
// LoRA GGUF adapter, TEMPLATE the chat format in Ollama's Go-template syntax,
// SYSTEM the model type's instruction, PARAMETER stop for each end-of-turn
// token. With it `ollama create NAME -f Modelfile` is the only step left.
//
// The TEMPLATE is derived from TuneDesk's own chat template rather than
// written per family: conversations with marker contents are rendered, the
// text around the markers gives each role's header and end, and the
// Go template made of them must re-render those conversations to the same
// text, or no TEMPLATE is written (Ollama then reads the GGUF's
// tokenizer.chat_template itself) and a note says so.
#pragma once

#include <string>
#include <vector>

#include "chat/chat_template.h"

namespace tunedesk::chat {

// The pieces an alternating conversation is made of:
//   prefix, then per message: system_head + content + system_tail |
//   user_head + content | assistant_head + content + assistant_tail,
//   then generation (after the last user message).
// (What follows a user message is put in assistant_head and generation,
// since a user message is always followed by one of them.)
struct TurnPieces {
  std::string prefix, system_head, system_tail, user_head, assistant_head, assistant_tail, generation;
};

struct OllamaTemplate {
  std::string go_template;  // empty when the chat format does not fit TurnPieces
  std::string why_not;      // then: the reason
};

// `with_system`: the conversations Ollama will render carry a system message
// (the Modelfile has a SYSTEM line). `bos_added`: the text of the BOS token
// llama.cpp adds by itself (tokenizer.ggml.add_bos_token), or empty; the
// template then leaves it out so that it is not there twice.
OllamaTemplate ollama_template(const ChatTemplate& tmpl, bool with_system, const std::string& bos_added);

struct ModelfileSpec {
  std::string from;     // the model GGUF, relative to the Modelfile's folder ("./name-F16.gguf")
  std::string adapter;  // a LoRA GGUF adapter, or empty
  const ChatTemplate* chat_template = nullptr;  // nullptr: no TEMPLATE (Ollama uses the GGUF's)
  std::string system;   // the system instruction, or empty
  std::string bos_added;
};

struct Modelfile {
  std::string text;
  std::vector<std::string> notes;  // what the Modelfile could not say
};

// Throws std::invalid_argument for a system instruction or path a Modelfile cannot quote.
Modelfile ollama_modelfile(const ModelfileSpec& spec);

}  // namespace tunedesk::chat
