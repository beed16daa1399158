#include "tokenize_command.h"

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "arg_parser.h"
#include "chat/chat_template.h"
#include "exit_codes.h"
#include "tokenizer/tokenizer.h"
#include "tokenizer/tokenizer_error.h"
#include "util/file_io.h"

namespace tunedesk::cli {
namespace {

using nlohmann::json;

chat::ChatRequest chat_request(const json& j) {
  if (!j.is_object() || !j.contains("messages") || !j["messages"].is_array())
    throw std::invalid_argument("expected {\"messages\": [{\"role\": ..., \"content\": ...}], \"add_generation_prompt\": bool}");
  chat::ChatRequest r;
  for (const json& m : j["messages"]) {
    if (!m.is_object() || !m.contains("role") || !m.contains("content") || !m["role"].is_string() ||
        !m["content"].is_string())
      throw std::invalid_argument("each message needs a string \"role\" and \"content\"");
    r.messages.push_back({m["role"], m["content"]});
  }
  r.add_generation_prompt = j.value("add_generation_prompt", false);
  if (j.contains("enable_thinking") && j["enable_thinking"].is_boolean()) r.enable_thinking = j["enable_thinking"].get<bool>();
  return r;
}

}  // namespace

int run_tokenize_command(const std::vector<std::string>& args) {
  ArgParser p("tunedesk-cli tokenize", "Print the token ids of each input line as a JSON array, one line each.");
  std::string built_in;
  for (const chat::ChatTemplate& t : chat::templates()) built_in += t.name + ", ";
  p.positional("DIR", "a model or tokenizer folder (with tokenizer.json), or a tokenizer.json file")
      .positional("INPUT", "a file of input lines, or - for standard input")
      .flag("--jsonl", "each line is a JSON string (so it can hold line breaks)")
      .flag("--chat", "each line is {\"messages\": [...], \"add_generation_prompt\": bool}, rendered with the chat template")
      .option("--template", "NAME", "chat template (default: detected from DIR): " + built_in + "or a .yaml file of your own")
      .flag("--no-special", "add no BOS/EOS (what the post-processor adds)")
      .flag("--no-parse-special", "treat special-token text such as <|im_start|> as plain text")
      .flag("--mask", "with --chat: print {\"ids\": [...], \"assistant_mask\": [...]} instead")
      .epilog("Special-token text in the input is matched as the special token, as Hugging Face's encode does.");
  if (!p.parse(args)) {
    std::cout << p.help();
    return kExitOk;
  }
  const std::filesystem::path dir = p.positional_value("DIR");
  const std::string input = p.positional_value("INPUT");
  const bool chat_mode = p.has("--chat");
  if (chat_mode && p.has("--jsonl")) throw UsageError("--chat and --jsonl exclude each other");

  tok::Tokenizer tokenizer = [&] {
    try {
      return tok::Tokenizer::load(dir);
    } catch (const tok::TokenizerError& e) {
      throw util::FileError(e.what());
    }
  }();
  const chat::ChatTemplate* tmpl = nullptr;
  if (chat_mode)
    tmpl = &chat::choose_template(std::filesystem::is_directory(dir) ? dir : dir.parent_path(), p.value_or("--template", ""));

  std::ifstream file;
  if (input != "-") {
    file.open(input, std::ios::binary);
    if (!file) throw util::FileError("cannot open '" + input + "'");
  }
  std::istream& in = input == "-" ? std::cin : file;
  const tok::EncodeOptions options{.add_special_tokens = !p.has("--no-special"),
                                   .parse_special = !p.has("--no-parse-special")};
  std::size_t line_number = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    try {
      if (chat_mode) {
        const chat::RenderedChat r = chat::render(*tmpl, tokenizer, chat_request(json::parse(line)));
        if (p.has("--mask")) std::cout << json{{"ids", r.ids}, {"assistant_mask", r.assistant_mask}}.dump() << "\n";
        else std::cout << json(r.ids).dump() << "\n";
      } else if (p.has("--jsonl")) {
        const json text = json::parse(line);
        if (!text.is_string()) throw std::invalid_argument("expected a JSON string");
        std::cout << json(tokenizer.encode(text.get<std::string>(), options)).dump() << "\n";
      } else {
        std::cout << json(tokenizer.encode(line, options)).dump() << "\n";
      }
    } catch (const std::exception& e) {
      std::cerr << "tunedesk-cli tokenize: " << input << ":" << line_number << ": " << e.what() << "\n";
      return kExitUsage;
    }
  }
  return kExitOk;
}

}  // namespace tunedesk::cli
