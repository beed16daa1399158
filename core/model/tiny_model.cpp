#include "model/tiny_model.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <map>

#include "model/checkpoint_layout.h"
#include "model/safetensors.h"
#include "tokenizer/byte_level.h"
#include "tokenizer/regex.h"
#include "tokenizer/tiktoken.h"
#include "tokenizer/tokenizer.h"
#include "util/file_io.h"
#include "util/splitmix64.h"
#include "util/utf8.h"

namespace tunedesk::model {
namespace {

using nlohmann::json;

// Qwen2's split pattern (GPT-4 style), used by the generated tokenizer.
constexpr const char* kSplitPattern =
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

// The text the generated tokenizer's merges are learned from.
constexpr const char* kCorpus =
    "你是一个智能助手，请根据输入提供准确的回答。你是一个医疗领域的专业助手，请根据医学知识回答以下问题。"
    "你是一个法律领域的专业助手，请根据法律知识回答以下问题。请介绍一下北京。北京是中华人民共和国的首都，"
    "是全国的政治、文化和国际交往中心。一年通常分为四个季节：春、夏、秋、冬。水的沸点是一百摄氏度。"
    "根据《中华人民共和国民法典》，十八周岁以上的自然人为成年人。多休息、多饮水，及时就医。"
    "1+1=2 1+2=3 2+2=4 10+20=30 100+200=300 "
    "The quick brown fox jumps over the lazy dog. You are a helpful assistant. Please answer the question "
    "accurately. What is the capital of China? The capital of China is Beijing. Once upon a time, there was a "
    "little girl who liked to read stories about the sea, the sun and the stars. ";

struct ArchFiles {
  const char* architecture;
  const char* model_type;
  std::vector<std::string> specials;  // added special tokens, in id order after the BPE vocabulary
  std::vector<std::string> extra;     // added non-special tokens
  const char* bos;                    // nullptr: none added
  std::vector<const char*> eos;
  const char* chat_template;          // Jinja, for other tools; TuneDesk renders its own
  double rope_theta;
  bool tied;
  std::vector<std::string> rstrip = {};  // added tokens that swallow the whitespace after them (Phi-3's)
};

ArchFiles files_for(Arch arch) {
  static const char* kChatml =
      "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + "
      "'<|im_end|>' + '\\n' }}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";
  static const char* kQwen3 =
      "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + "
      "'<|im_end|>' + '\\n' }}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}"
      "{% if enable_thinking is defined and enable_thinking is false %}{{ '<think>\\n\\n</think>\\n\\n' }}{% endif %}"
      "{% endif %}";
  static const char* kLlama3 =
      "{% set loop_messages = messages %}{% for message in loop_messages %}{% set content = "
      "'<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n' + message['content'] | trim + "
      "'<|eot_id|>' %}{% if loop.index0 == 0 %}{% set content = bos_token + content %}{% endif %}{{ content }}"
      "{% endfor %}{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}";
  static const char* kMistral =
      "{{ bos_token }}{% for message in messages %}{% if message['role'] == 'user' %}{{ '[INST] ' + "
      "message['content'] + ' [/INST]' }}{% elif message['role'] == 'assistant' %}{{ message['content'] + "
      "eos_token }}{% endif %}{% endfor %}";
  static const char* kGlm4 =
      "[gMASK]<sop>{% for item in messages %}<|{{ item['role'] }}|>\n{{ item['content'] }}{% endfor %}"
      "{% if add_generation_prompt %}<|assistant|>{% endif %}";
  static const char* kPhi3 =
      "{% for message in messages %}{% if message['role'] == 'system' %}{{'<|system|>\n' + message['content'] + "
      "'<|end|>\n'}}{% elif message['role'] == 'user' %}{{'<|user|>\n' + message['content'] + '<|end|>\n'}}"
      "{% elif message['role'] == 'assistant' %}{{'<|assistant|>\n' + message['content'] + '<|end|>\n'}}{% endif %}"
      "{% endfor %}{% if add_generation_prompt %}{{ '<|assistant|>\n' }}{% else %}{{ eos_token }}{% endif %}";
  const std::vector<std::string> glm_specials = {"<|endoftext|>", "[MASK]",   "[gMASK]",  "[sMASK]",       "<sop>",
                                                 "<eop>",         "<|system|>", "<|user|>", "<|assistant|>", "<|observation|>"};
  switch (arch) {
    case Arch::glm:
      return {"GlmForCausalLM", "glm", glm_specials, {}, nullptr, {"<|endoftext|>", "<|user|>", "<|observation|>"}, kGlm4,
              10000.0, false};
    case Arch::glm4:
      return {"Glm4ForCausalLM", "glm4", glm_specials, {}, nullptr, {"<|endoftext|>", "<|user|>", "<|observation|>"}, kGlm4,
              10000.0, false};
    case Arch::chatglm:
      return {"ChatGLMModel", "chatglm", glm_specials, {}, nullptr, {"<|endoftext|>", "<|user|>", "<|observation|>"}, kGlm4,
              10000.0, false};
    case Arch::llama:
      return {"LlamaForCausalLM", "llama",
              {"<|begin_of_text|>", "<|end_of_text|>", "<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>"},
              {}, "<|begin_of_text|>", {"<|end_of_text|>", "<|eot_id|>"}, kLlama3, 500000.0, false};
    case Arch::mistral:
      return {"MistralForCausalLM", "mistral", {"<unk>", "<s>", "</s>"}, {}, "<s>", {"</s>"}, kMistral, 10000.0, false};
    case Arch::qwen2:
      return {"Qwen2ForCausalLM", "qwen2", {"<|endoftext|>", "<|im_start|>", "<|im_end|>"}, {}, nullptr,
              {"<|im_end|>", "<|endoftext|>"}, kChatml, 1000000.0, true};
    case Arch::qwen3:
      return {"Qwen3ForCausalLM", "qwen3", {"<|endoftext|>", "<|im_start|>", "<|im_end|>"}, {"<think>", "</think>"},
              nullptr, {"<|im_end|>", "<|endoftext|>"}, kQwen3, 1000000.0, true};
    case Arch::phi3:  // Llama's SentencePiece specials first, as Phi-3's vocabulary has them
      return {"Phi3ForCausalLM", "phi3",
              {"<unk>", "<s>", "</s>", "<|endoftext|>", "<|assistant|>", "<|system|>", "<|end|>", "<|user|>"}, {},
              nullptr, {"<|endoftext|>", "<|end|>"}, kPhi3, 10000.0, false,
              {"</s>", "<|assistant|>", "<|system|>", "<|end|>", "<|user|>"}};
  }
  return {};
}

// Learns `merges` BPE merges over the byte-level pieces of the corpus; ties
// go to the lexicographically smallest pair, so the result is fixed.
std::vector<std::pair<std::string, std::string>> learn_merges(int merges) {
  std::map<std::vector<std::string>, int> words;
  const tok::Regex split(kSplitPattern);
  const std::string corpus = kCorpus;
  for (auto [b, e] : split.find_all(corpus)) {
    std::string mapped;
    tok::bytes_to_chars(std::string_view(corpus).substr(b, e - b), mapped);
    std::vector<std::string> symbols;
    for (std::size_t i = 0; i < mapped.size();) {
      std::size_t len = 1;
      const auto c = static_cast<unsigned char>(mapped[i]);
      if (c >= 0xF0) len = 4;
      else if (c >= 0xE0) len = 3;
      else if (c >= 0xC0) len = 2;
      symbols.push_back(mapped.substr(i, len));
      i += len;
    }
    ++words[symbols];
  }
  std::vector<std::pair<std::string, std::string>> learned;
  for (int m = 0; m < merges; ++m) {
    std::map<std::pair<std::string, std::string>, int> counts;
    for (const auto& [symbols, n] : words)
      for (std::size_t i = 0; i + 1 < symbols.size(); ++i) counts[{symbols[i], symbols[i + 1]}] += n;
    if (counts.empty()) break;
    auto best = counts.begin();
    for (auto it = counts.begin(); it != counts.end(); ++it)
      if (it->second > best->second) best = it;
    if (best->second < 2) break;
    const auto pair = best->first;
    learned.push_back(pair);
    std::map<std::vector<std::string>, int> next;
    for (const auto& [symbols, n] : words) {
      std::vector<std::string> merged;
      for (std::size_t i = 0; i < symbols.size(); ++i) {
        if (i + 1 < symbols.size() && symbols[i] == pair.first && symbols[i + 1] == pair.second) {
          merged.push_back(pair.first + pair.second);
          ++i;
        } else {
          merged.push_back(symbols[i]);
        }
      }
      next[merged] += n;
    }
    words = std::move(next);
  }
  return learned;
}

void write_text(const std::filesystem::path& path, const std::string& text) { util::write_file_atomically(path, text); }

}  // namespace

std::string tiny_arch_name(Arch arch) { return files_for(arch).model_type; }

std::optional<Arch> parse_tiny_arch(std::string_view name) {
  for (Arch a : kArchs)
    if (name == tiny_arch_name(a)) return a;
  return std::nullopt;
}

std::vector<std::string> tiny_arch_names() {
  std::vector<std::string> names;
  for (Arch a : kArchs) names.push_back(tiny_arch_name(a));
  return names;
}

GeneratedTokenizer generate_tokenizer(Arch arch, int merges) {
  const ArchFiles f = files_for(arch);
  json vocab = json::object();
  std::vector<std::string> id_to_token;
  for (int b = 0; b < 256; ++b) {
    std::string c;
    tok::bytes_to_chars(std::string(1, static_cast<char>(b)), c);
    vocab[c] = b;
    id_to_token.push_back(c);
  }
  json merge_list = json::array();
  for (const auto& [a, b] : learn_merges(merges)) {
    if (vocab.contains(a + b)) continue;
    vocab[a + b] = static_cast<int64_t>(id_to_token.size());
    id_to_token.push_back(a + b);
    merge_list.push_back({a, b});
  }
  GeneratedTokenizer out;
  json added = json::array();
  std::map<std::string, int64_t> special_ids;
  int64_t next_id = static_cast<int64_t>(id_to_token.size());
  for (const auto* list : {&f.specials, &f.extra}) {
    for (const std::string& t : *list) {
      special_ids[t] = next_id;
      const bool rstrip = std::find(f.rstrip.begin(), f.rstrip.end(), t) != f.rstrip.end();
      added.push_back({{"id", next_id++}, {"content", t}, {"single_word", false}, {"lstrip", false}, {"rstrip", rstrip},
                       {"normalized", false}, {"special", list == &f.specials}});
    }
  }
  out.vocab_size = next_id;
  if (f.bos) out.bos_id = special_ids.at(f.bos);
  for (const char* e : f.eos) out.eos_ids.push_back(special_ids.at(e));

  json post = {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", false}, {"use_regex", false}};
  if (f.bos)
    post = {{"type", "TemplateProcessing"},
            {"single", {{{"SpecialToken", {{"id", f.bos}, {"type_id", 0}}}}, {{"Sequence", {{"id", "A"}, {"type_id", 0}}}}}},
            {"pair", {{{"SpecialToken", {{"id", f.bos}, {"type_id", 0}}}}, {{"Sequence", {{"id", "A"}, {"type_id", 0}}}},
                      {{"Sequence", {{"id", "B"}, {"type_id", 1}}}}}},
            {"special_tokens", {{f.bos, {{"id", f.bos}, {"ids", {special_ids.at(f.bos)}}, {"tokens", {f.bos}}}}}}};
  const json tokenizer = {
      {"version", "1.0"},
      {"truncation", nullptr},
      {"padding", nullptr},
      {"added_tokens", added},
      {"normalizer", arch == Arch::qwen2 || arch == Arch::qwen3 ? json{{"type", "NFC"}} : json(nullptr)},
      {"pre_tokenizer",
       {{"type", "Sequence"},
        {"pretokenizers",
         {{{"type", "Split"}, {"pattern", {{"Regex", kSplitPattern}}}, {"behavior", "Isolated"}, {"invert", false}},
          {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", false}, {"use_regex", false}}}}}},
      {"post_processor", post},
      {"decoder", {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", false}, {"use_regex", false}}},
      {"model",
       {{"type", "BPE"}, {"dropout", nullptr}, {"unk_token", nullptr}, {"continuing_subword_prefix", ""},
        {"end_of_word_suffix", ""}, {"fuse_unk", false}, {"byte_fallback", false}, {"ignore_merges", false},
        {"vocab", vocab}, {"merges", merge_list}}}};
  out.tokenizer_json = tokenizer.dump(1);
  json config = {{"tokenizer_class", "PreTrainedTokenizerFast"},
                 {"bos_token", f.bos ? json(f.bos) : json(nullptr)},
                 {"eos_token", f.eos.front()},
                 {"pad_token", f.eos.back()},
                 {"add_bos_token", f.bos != nullptr},
                 {"model_max_length", 131072},
                 {"chat_template", f.chat_template}};
  if (arch == Arch::chatglm) {
    // glm-4-9b-chat's original layout: the vocabulary as tiktoken ranks
    // (base64 of each token's bytes, then its id; byte tokens first, merged
    // tokens in the order they were learned, so every rank is reachable), the
    // special tokens in tokenizer_config.json's added_tokens_decoder.
    for (std::size_t id = 0; id < id_to_token.size(); ++id) {
      std::string bytes;
      const std::string& mapped = id_to_token[id];
      for (std::size_t i = 0; i < mapped.size();) {
        std::size_t len = 0;
        bytes.push_back(static_cast<char>(tok::char_to_byte(static_cast<char32_t>(utf8::decode(mapped, i, len)))));
        i += len;
      }
      out.tiktoken_ranks += tok::base64_encode(bytes) + " " + std::to_string(id) + "\n";
    }
    json listed = json::object();
    for (const json& a : added)
      listed[std::to_string(a["id"].get<int64_t>())] = {{"content", a["content"]}, {"lstrip", false}, {"normalized", false},
                                                        {"rstrip", false}, {"single_word", false}, {"special", true}};
    config["tokenizer_class"] = "ChatGLM4Tokenizer";
    config["added_tokens_decoder"] = listed;
    config.erase("add_bos_token");
    config.erase("bos_token");
  }
  out.tokenizer_config_json = config.dump(2);
  return out;
}

TinyModelSummary write_tiny_model(const std::filesystem::path& dir, const TinyModelSpec& spec) {
  if (spec.layers <= 0 || spec.hidden <= 0 || spec.heads <= 0 || spec.kv_heads <= 0 || spec.context <= 0)
    throw ModelConfigError("tiny model: layers, hidden, heads, kv-heads and context must be positive");
  if (spec.hidden % spec.heads != 0 || spec.heads % spec.kv_heads != 0 || (spec.hidden / spec.heads) % 4 != 0)
    throw ModelConfigError("tiny model: hidden must divide into heads of a size divisible by 4, and heads into kv-heads");
  if (spec.shards < 1) throw ModelConfigError("tiny model: shards must be at least 1");
  std::filesystem::create_directories(dir);
  ArchFiles f = files_for(spec.arch);
  if (spec.tie_embeddings && spec.arch != Arch::chatglm) f.tied = *spec.tie_embeddings;

  // Tokenizer: copied, or generated.
  int64_t tokenizer_vocab = 0;
  std::optional<int64_t> bos;
  std::vector<int64_t> eos;
  if (!spec.tokenizer_dir.empty()) {
    const tok::Tokenizer t = tok::Tokenizer::load(spec.tokenizer_dir);
    tokenizer_vocab = static_cast<int64_t>(t.vocab_size());
    if (f.bos)
      if (auto id = t.token_to_id(f.bos)) bos = *id;
    for (const char* e : f.eos)
      if (auto id = t.token_to_id(e)) eos.push_back(*id);
    for (const char* name : {"tokenizer.json", "tokenizer.model", "tokenizer_config.json"}) {
      std::error_code ec;
      if (std::filesystem::exists(spec.tokenizer_dir / name, ec)) write_text(dir / name, util::read_file(spec.tokenizer_dir / name));
      else std::filesystem::remove(dir / name, ec);
    }
  } else {
    const GeneratedTokenizer g = generate_tokenizer(spec.arch);
    // One tokenizer file, so an earlier model's cannot take precedence.
    const bool tiktoken = !g.tiktoken_ranks.empty();
    write_text(dir / (tiktoken ? "tokenizer.model" : "tokenizer.json"), tiktoken ? g.tiktoken_ranks : g.tokenizer_json);
    std::error_code ec;
    std::filesystem::remove(dir / (tiktoken ? "tokenizer.json" : "tokenizer.model"), ec);
    write_text(dir / "tokenizer_config.json", g.tokenizer_config_json);
    tokenizer_vocab = g.vocab_size;
    bos = g.bos_id;
    eos = g.eos_ids;
  }
  const int64_t vocab = std::max(spec.vocab, tokenizer_vocab);
  const int64_t head_dim = spec.hidden / spec.heads;
  const int64_t inter = spec.intermediate > 0 ? spec.intermediate : 2 * spec.hidden;

  const bool glm = spec.arch == Arch::glm || spec.arch == Arch::glm4 || spec.arch == Arch::chatglm;
  json config;
  if (spec.arch == Arch::chatglm) {
    // The original glm-4-9b-chat keys.
    config = {{"architectures", {f.architecture}},
              {"model_type", f.model_type},
              {"padded_vocab_size", vocab},
              {"hidden_size", spec.hidden},
              {"ffn_hidden_size", inter},
              {"num_layers", spec.layers},
              {"num_attention_heads", spec.heads},
              {"kv_channels", head_dim},
              {"multi_query_attention", true},
              {"multi_query_group_num", spec.kv_heads},
              {"seq_length", spec.context},
              {"layernorm_epsilon", 1.5625e-07},
              {"rope_ratio", 1.0},
              {"rmsnorm", true},
              {"add_qkv_bias", true},
              {"add_bias_linear", false},
              {"post_layer_norm", true},
              {"original_rope", true},
              {"apply_residual_connection_post_layernorm", false},
              {"tie_word_embeddings", false},
              {"torch_dtype", "float32"}};
  } else {
    config = {{"architectures", {f.architecture}},
              {"model_type", f.model_type},
              {"vocab_size", vocab},
              {"hidden_size", spec.hidden},
              {"intermediate_size", inter},
              {"num_hidden_layers", spec.layers},
              {"num_attention_heads", spec.heads},
              {"num_key_value_heads", spec.kv_heads},
              {"head_dim", head_dim},
              {"hidden_act", "silu"},
              {"max_position_embeddings", spec.context},
              {"rms_norm_eps", 1e-6},
              {"rope_theta", f.rope_theta},
              {"rope_scaling", nullptr},
              {"tie_word_embeddings", f.tied},
              {"attention_dropout", 0.0},
              {"initializer_range", 0.02},
              {"use_cache", true},
              {"torch_dtype", "float32"}};
    if (glm) config["partial_rotary_factor"] = 0.5;
    if (spec.arch != Arch::phi3) config["attention_bias"] = glm;  // Phi3Config has no such key
  }
  config["bos_token_id"] = bos ? json(*bos) : json(nullptr);
  config["eos_token_id"] = eos.size() == 1 ? json(eos.front()) : json(eos);
  config["tunedesk_tiny_model"] = "random weights, for tests and trying the workflow; not a trained model";
  // GLM's and Phi-3's config classes default pad_token_id to 151329 and
  // 32000, outside a small vocabulary (transformers then refuses the folder): name it.
  if (glm || spec.arch == Arch::phi3) config["pad_token_id"] = eos.empty() ? json(nullptr) : json(eos.front());
  if (spec.arch == Arch::llama) config["mlp_bias"] = false;
  if (spec.arch == Arch::mistral || spec.arch == Arch::phi3) config["sliding_window"] = nullptr;
  if (spec.arch == Arch::qwen2 || spec.arch == Arch::qwen3) config["use_sliding_window"] = false;
  write_text(dir / "config.json", config.dump(2) + "\n");
  write_text(dir / "generation_config.json",
             json{{"bos_token_id", bos ? json(*bos) : json(nullptr)}, {"eos_token_id", eos}, {"do_sample", false}}.dump(2) + "\n");

  // Weights, in checkpoint order: ones for norms, normal(0, std) for the rest.
  const ModelConfig written = load_model_config(dir);
  const std::vector<LayoutTensor> tensors = checkpoint_layout(written);
  util::SplitMix64 rng(spec.seed);
  std::vector<std::string> blobs;
  blobs.reserve(tensors.size());
  for (const LayoutTensor& t : tensors) {
    int64_t n = 1;
    for (int64_t d : t.shape) n *= d;
    std::vector<float> values(static_cast<std::size_t>(n));
    const bool norm = is_norm(t.role);
    const double std = t.role == TensorRole::lm_head        ? spec.head_std
                       : t.role == TensorRole::embed_tokens ? spec.embedding_std
                                                            : spec.init_std;
    for (float& v : values) v = norm ? 1.0f : static_cast<float>(std * rng.normal());
    blobs.emplace_back(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float));
  }

  std::vector<WeightToWrite> to_write;
  for (std::size_t i = 0; i < tensors.size(); ++i) to_write.push_back({tensors[i].name, DType::f32, tensors[i].shape, blobs[i]});
  WeightFolderOptions layout;
  layout.shards = spec.shards;
  const int files = write_weight_folder(dir, to_write, layout);
  write_text(dir / "README.md",
             "# A tiny " + std::string(f.architecture) +
                 " with random weights\n\nWritten by `tunedesk-cli model make-tiny` (seed " + std::to_string(spec.seed) +
                 "). It has the layout and keys of a real checkpoint, but its weights are random: it produces "
                 "gibberish. Use it to try the workflow and in tests; fine-tune a real model for real answers.\n");

  TinyModelSummary summary;
  summary.architecture = f.architecture;
  summary.vocab = vocab;
  summary.files = files;
  summary.parameters = parameter_count(written);
  return summary;
}

}  // namespace tunedesk::model
