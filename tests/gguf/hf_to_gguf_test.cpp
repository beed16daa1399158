// A model folder written as GGUF and read back: llama.cpp's keys and tensor
// names for each family, the values where they belong (Llama's q/k rows
// interleaved), the tokenizer inside, and refusals with reasons. llama.cpp
// itself runs the files in tools/reference/check-gguf.sh.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cmath>

#include "data/test_support.h"
#include "gguf/gguf_file.h"
#include "gguf/gguf_vocab.h"
#include "gguf/hf_to_gguf.h"
#include "model/model_config.h"
#include "model/safetensors.h"
#include "model/tiny_model.h"
#include "test_paths.h"
#include "tokenizer/tokenizer.h"

using namespace tunedesk;
using namespace tunedesk::gguf;
using nlohmann::json;

namespace {

std::vector<float> source_floats(const model::WeightFiles& files, const std::string& name) {
  const model::TensorView* v = files.find(name);
  if (!v) throw std::runtime_error("no " + name);
  std::vector<float> out(static_cast<std::size_t>(v->numel()));
  std::memcpy(out.data(), v->bytes.data(), out.size() * 4);  // make-tiny writes F32
  return out;
}

std::filesystem::path export_tiny(const test::TempDir& dir, model::Arch arch, FileType type, uint64_t seed = 3,
                                  int64_t hidden = 64) {
  model::TinyModelSpec spec;
  spec.arch = arch;
  spec.seed = seed;
  spec.layers = 2;
  spec.hidden = hidden;
  spec.heads = 4;
  spec.kv_heads = 2;
  model::write_tiny_model(dir / "model", spec);
  GgufExportOptions options;
  options.type = type;
  export_gguf(dir / "model", dir / "out.gguf", options);
  return dir / "out.gguf";
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "no error";
}

struct FamilyCase {
  model::Arch arch;
  const char* gguf_arch;
  bool permuted;
};

class GgufFamily : public ::testing::TestWithParam<FamilyCase> {};

}  // namespace

TEST_P(GgufFamily, KeysTensorsAndValuesAreLlamaCpps) {
  const FamilyCase f = GetParam();
  test::TempDir dir;
  const std::filesystem::path file = export_tiny(dir, f.arch, FileType::f32);
  const model::ModelConfig c = model::load_model_config(dir / "model");
  const model::WeightFiles source(dir / "model");
  const GgufReader r(file);
  const std::string a = f.gguf_arch;
  EXPECT_EQ(r.at("general.architecture").as_string(), a);
  EXPECT_EQ(r.at("general.type").as_string(), "model");
  EXPECT_EQ(r.at("general.file_type").as_uint(), 0u);
  EXPECT_EQ(r.at(a + ".block_count").as_uint(), static_cast<uint64_t>(c.num_layers));
  EXPECT_EQ(r.at(a + ".context_length").as_uint(), static_cast<uint64_t>(c.max_position_embeddings));
  EXPECT_EQ(r.at(a + ".embedding_length").as_uint(), static_cast<uint64_t>(c.hidden_size));
  EXPECT_EQ(r.at(a + ".feed_forward_length").as_uint(), static_cast<uint64_t>(c.intermediate_size));
  EXPECT_EQ(r.at(a + ".attention.head_count").as_uint(), static_cast<uint64_t>(c.num_heads));
  EXPECT_EQ(r.at(a + ".attention.head_count_kv").as_uint(), static_cast<uint64_t>(c.num_kv_heads));
  EXPECT_FLOAT_EQ(static_cast<float>(r.at(a + ".rope.freq_base").as_float()), static_cast<float>(c.rope_theta));
  EXPECT_FLOAT_EQ(static_cast<float>(r.at(a + ".attention.layer_norm_rms_epsilon").as_float()), static_cast<float>(c.rms_norm_eps));
  EXPECT_EQ(r.at(a + ".attention.key_length").as_uint(), static_cast<uint64_t>(c.head_dim));
  EXPECT_EQ(r.find(a + ".vocab_size") != nullptr, f.permuted);  // the converter writes it for Llama only
  if (const Value* dims = r.find(a + ".rope.dimension_count")) {
    EXPECT_EQ(dims->as_uint(), static_cast<uint64_t>(c.rotary_dim));  // GLM rotates half of each head
  }

  // The tokenizer: every id, the generated tokenizer's Qwen2-style split, its eos.
  EXPECT_EQ(r.at("tokenizer.ggml.model").as_string(), "gpt2");
  EXPECT_EQ(r.at("tokenizer.ggml.pre").as_string(), "qwen2");
  EXPECT_EQ(r.at("tokenizer.ggml.tokens").size(), static_cast<std::size_t>(c.vocab_size));
  EXPECT_EQ(r.at("tokenizer.ggml.token_type").size(), static_cast<std::size_t>(c.vocab_size));
  EXPECT_GT(r.at("tokenizer.ggml.merges").size(), 100u);
  EXPECT_EQ(r.at("tokenizer.ggml.eos_token_id").as_uint(), static_cast<uint64_t>(c.eos_token_ids.front()));
  EXPECT_FALSE(r.at("tokenizer.chat_template").as_string().empty());

  // Tensors: each of the checkpoint's once, under llama.cpp's name, in PyTorch's shape, with its values.
  EXPECT_EQ(r.tensors().size(), source.names().size());
  EXPECT_EQ(r.find_tensor("token_embd.weight")->shape, (std::vector<int64_t>{c.vocab_size, c.hidden_size}));
  EXPECT_EQ(r.find_tensor("output.weight") != nullptr, !c.tie_word_embeddings);
  EXPECT_EQ(r.find_tensor("blk.1.ffn_down.weight")->shape, (std::vector<int64_t>{c.hidden_size, c.intermediate_size}));
  EXPECT_EQ(r.floats(*r.find_tensor("blk.1.ffn_down.weight")), source_floats(source, "model.layers.1.mlp.down_proj.weight"));
  EXPECT_EQ(r.floats(*r.find_tensor("output_norm.weight")), source_floats(source, "model.norm.weight"));
  // q and k: Llama's rows interleaved per head (row 2i+p of a head is row p·D/2 + i), Qwen's as they are.
  for (const char* proj : {"q", "k"}) {
    const std::vector<float> src = source_floats(source, std::string("model.layers.0.self_attn.") + proj + "_proj.weight");
    const std::vector<float> out = r.floats(*r.find_tensor(std::string("blk.0.attn_") + proj + ".weight"));
    const int64_t D = c.head_dim, C = c.hidden_size, rows = static_cast<int64_t>(src.size()) / C;
    for (int64_t row = 0; row < rows; ++row) {
      const int64_t h = row / D, j = row % D;
      const int64_t from = f.permuted ? h * D + (j % 2) * (D / 2) + j / 2 : row;
      for (int64_t col = 0; col < C; ++col)
        ASSERT_EQ(out[static_cast<std::size_t>(row * C + col)], src[static_cast<std::size_t>(from * C + col)])
            << proj << " row " << row;
    }
  }
  if (c.qkv_bias) {
    EXPECT_EQ(r.floats(*r.find_tensor("blk.0.attn_v.bias")), source_floats(source, "model.layers.0.self_attn.v_proj.bias"));
  }
  if (c.qk_norm) {
    EXPECT_EQ(r.floats(*r.find_tensor("blk.1.attn_k_norm.weight")), source_floats(source, "model.layers.1.self_attn.k_norm.weight"));
  }
}

INSTANTIATE_TEST_SUITE_P(Tiny, GgufFamily,
                         ::testing::Values(FamilyCase{model::Arch::llama, "llama", true},
                                           FamilyCase{model::Arch::mistral, "llama", true},
                                           FamilyCase{model::Arch::qwen2, "qwen2", false},
                                           FamilyCase{model::Arch::qwen3, "qwen3", false},
                                           FamilyCase{model::Arch::glm, "chatglm", false},
                                           FamilyCase{model::Arch::glm4, "glm4", false}),
                         [](const auto& p) { return std::string(p.param.gguf_arch) + "_" + model::arch_name(p.param.arch); });

// GLM-4: fused gate/up as llama.cpp's ffn_up, GLM-4-0414's extra norms, and
// the end tokens llama.cpp needs (the converter adds them the same way).
TEST(GgufExport, Glm4KeepsItsFusedMlpExtraNormsAndEndOfTurn) {
  test::TempDir dir;
  const GgufReader r(export_tiny(dir, model::Arch::glm4, FileType::f32));
  const model::ModelConfig c = model::load_model_config(dir / "model");
  EXPECT_EQ(r.find_tensor("blk.0.ffn_up.weight")->shape, (std::vector<int64_t>{2 * c.intermediate_size, c.hidden_size}));
  EXPECT_EQ(r.find_tensor("blk.0.ffn_gate.weight"), nullptr);
  EXPECT_NE(r.find_tensor("blk.1.post_attention_norm.weight"), nullptr);
  EXPECT_NE(r.find_tensor("blk.1.post_ffw_norm.weight"), nullptr);
  EXPECT_EQ(r.find_tensor("blk.0.ffn_norm.weight")->shape, (std::vector<int64_t>{c.hidden_size}));
  const std::vector<std::string>& tokens = r.at("tokenizer.ggml.tokens").string_items();
  EXPECT_EQ(tokens[r.at("tokenizer.ggml.eot_token_id").as_uint()], "<|user|>");
  EXPECT_EQ(tokens[r.at("tokenizer.ggml.eos_token_id").as_uint()], "<|endoftext|>");
  EXPECT_FALSE(r.at("tokenizer.ggml.add_bos_token").as_bool());
}

// glm-4-9b-chat's original layout: its fused query_key_value (and bias) as
// llama.cpp's chatglm attn_qkv, the other modules under their GGUF names, and
// its tiktoken tokenizer.model as the byte-level BPE the engine runs (the
// same tokens by id, merges, llama.cpp's name for the split), with GLM-4's
// end tokens and no BOS.
TEST(GgufExport, OriginalChatGlmLayoutAndTiktokenTokenizer) {
  test::TempDir dir;
  const GgufReader r(export_tiny(dir, model::Arch::chatglm, FileType::f32));
  ASSERT_TRUE(std::filesystem::exists(dir / "model" / "tokenizer.model"));
  ASSERT_FALSE(std::filesystem::exists(dir / "model" / "tokenizer.json"));
  const model::ModelConfig c = model::load_model_config(dir / "model");
  const model::WeightFiles source(dir / "model");
  EXPECT_EQ(r.at("general.architecture").as_string(), "chatglm");
  EXPECT_EQ(r.at("chatglm.rope.dimension_count").as_uint(), static_cast<uint64_t>(c.head_dim / 2));
  EXPECT_EQ(r.at("chatglm.attention.head_count_kv").as_uint(), static_cast<uint64_t>(c.num_kv_heads));
  EXPECT_EQ(r.tensors().size(), source.names().size());
  const std::string p = "transformer.encoder.layers.1.";
  EXPECT_EQ(r.floats(*r.find_tensor("blk.1.attn_qkv.weight")), source_floats(source, p + "self_attention.query_key_value.weight"));
  EXPECT_EQ(r.floats(*r.find_tensor("blk.1.attn_qkv.bias")), source_floats(source, p + "self_attention.query_key_value.bias"));
  EXPECT_EQ(r.floats(*r.find_tensor("blk.1.attn_output.weight")), source_floats(source, p + "self_attention.dense.weight"));
  EXPECT_EQ(r.floats(*r.find_tensor("blk.1.ffn_up.weight")), source_floats(source, p + "mlp.dense_h_to_4h.weight"));
  EXPECT_EQ(r.floats(*r.find_tensor("blk.1.ffn_down.weight")), source_floats(source, p + "mlp.dense_4h_to_h.weight"));
  EXPECT_EQ(r.floats(*r.find_tensor("blk.1.ffn_norm.weight")), source_floats(source, p + "post_attention_layernorm.weight"));
  EXPECT_EQ(r.floats(*r.find_tensor("token_embd.weight")), source_floats(source, "transformer.embedding.word_embeddings.weight"));
  EXPECT_EQ(r.floats(*r.find_tensor("output.weight")), source_floats(source, "transformer.output_layer.weight"));
  EXPECT_EQ(r.floats(*r.find_tensor("output_norm.weight")), source_floats(source, "transformer.encoder.final_layernorm.weight"));

  const tok::Tokenizer t = tok::Tokenizer::load(dir / "model");
  EXPECT_EQ(r.at("tokenizer.ggml.model").as_string(), "gpt2");
  EXPECT_EQ(r.at("tokenizer.ggml.pre").as_string(), "llama-bpe");  // GLM-4's split, whole pieces looked up first
  const std::vector<std::string>& tokens = r.at("tokenizer.ggml.tokens").string_items();
  ASSERT_EQ(tokens.size(), static_cast<std::size_t>(c.vocab_size));
  for (int32_t id : {0, 32, 255, 256, 300, static_cast<int32_t>(t.vocab_size()) - 1}) EXPECT_EQ(tokens[id], *t.id_to_token(id)) << id;
  EXPECT_GT(r.at("tokenizer.ggml.merges").string_items().size(), 100u);
  EXPECT_EQ(tokens[r.at("tokenizer.ggml.eos_token_id").as_uint()], "<|endoftext|>");
  EXPECT_EQ(tokens[r.at("tokenizer.ggml.eot_token_id").as_uint()], "<|user|>");
  EXPECT_FALSE(r.at("tokenizer.ggml.add_bos_token").as_bool());
  EXPECT_NE(r.at("tokenizer.chat_template").as_string().find("[gMASK]<sop>"), std::string::npos);
}

TEST(GgufExport, MatricesTakeTheTypeNormsAndBiasesStayF32) {
  for (FileType type : {FileType::f16, FileType::bf16, FileType::q8_0}) {
    test::TempDir dir;
    const GgufReader r(export_tiny(dir, model::Arch::qwen2, type));
    const TensorType matrices = traits(type).matrices;
    EXPECT_EQ(r.at("general.file_type").as_uint(), traits(type).llama_ftype);
    for (const TensorInfo& t : r.tensors()) {
      const bool vector = t.shape.size() == 1;
      EXPECT_EQ(t.type, vector ? TensorType::f32 : matrices) << t.name << " as " << traits(type).name;
    }
    // The values within the type's rounding of the checkpoint's.
    const model::WeightFiles source(dir / "model");
    const std::vector<float> src = source_floats(source, "model.layers.0.mlp.up_proj.weight");
    const std::vector<float> out = r.floats(*r.find_tensor("blk.0.ffn_up.weight"));
    float amax = 0;
    for (float v : src) amax = std::max(amax, std::fabs(v));
    for (std::size_t i = 0; i < src.size(); ++i) EXPECT_NEAR(out[i], src[i], amax / 100.0f) << traits(type).name;
  }
}

// The 4-bit file types: each tensor in the type tensor_types gives it (the
// mix is tested in quant_blocks_test.cpp), the values within 4-bit steps.
TEST(GgufExport, FourBitTypesMixAsLlamaQuantizeDoes) {
  for (FileType type : {FileType::q4_0, FileType::q4_k_m}) {
    test::TempDir dir;
    const GgufReader r(export_tiny(dir, model::Arch::llama, type, 3, 256));
    EXPECT_EQ(r.at("general.file_type").as_uint(), traits(type).llama_ftype);
    std::vector<TensorSlot> slots;
    for (const TensorInfo& t : r.tensors()) slots.push_back({t.name, t.shape});
    const std::vector<TensorType> expected = tensor_types(type, slots);
    for (std::size_t i = 0; i < slots.size(); ++i) EXPECT_EQ(r.tensors()[i].type, expected[i]) << slots[i].name;
    EXPECT_EQ(r.find_tensor("blk.0.attn_q.weight")->type, traits(type).matrices);
    EXPECT_EQ(r.find_tensor("blk.0.attn_norm.weight")->type, TensorType::f32);
    const model::WeightFiles source(dir / "model");
    const std::vector<float> src = source_floats(source, "model.layers.1.mlp.up_proj.weight");
    const std::vector<float> out = r.floats(*r.find_tensor("blk.1.ffn_up.weight"));
    double error = 0, spread = 0;
    for (std::size_t i = 0; i < src.size(); ++i) error += (out[i] - src[i]) * (out[i] - src[i]), spread += src[i] * src[i];
    EXPECT_LT(std::sqrt(error / spread), 0.15) << traits(type).name << ": RMS error relative to the weights' RMS";
  }
}

TEST(GgufExport, Llama3RopeScalingBecomesLlamaCppsFrequencyFactors) {
  test::TempDir dir;
  model::TinyModelSpec spec;
  spec.arch = model::Arch::llama;
  model::write_tiny_model(dir / "model", spec);
  json config = json::parse(test::read_bytes(dir / "model" / "config.json"));
  config["rope_scaling"] = {{"rope_type", "llama3"}, {"factor", 8.0}, {"low_freq_factor", 1.0}, {"high_freq_factor", 4.0},
                            {"original_max_position_embeddings", 64}};
  test::write_bytes(dir / "model" / "config.json", config.dump());
  export_gguf(dir / "model", dir / "out.gguf", {});
  const GgufReader r(dir / "out.gguf");
  const TensorInfo* freqs = r.find_tensor("rope_freqs.weight");
  ASSERT_NE(freqs, nullptr);
  const std::vector<float> f = r.floats(*freqs);
  ASSERT_EQ(f.size(), 8u);  // head_dim 16: one factor per pair
  EXPECT_EQ(f.front(), 1.0f);  // the fastest channel keeps its frequency
  EXPECT_EQ(f.back(), 8.0f);   // the slowest is slowed by the factor
}

TEST(GgufExport, WhatLlamaCppWouldRunDifferentlyIsRefusedWithAReason) {
  // A fused q|k|v whose query rows are not the embedding's width: llama.cpp would split attn_qkv wrongly.
  for (const auto& [arch, head_dim_key] : {std::pair{model::Arch::chatglm, "kv_channels"}, {model::Arch::phi3, "head_dim"}}) {
    test::TempDir dir;
    model::TinyModelSpec spec;
    spec.arch = arch;
    model::write_tiny_model(dir / "model", spec);
    json config = json::parse(test::read_bytes(dir / "model" / "config.json"));
    config[head_dim_key] = 8;
    test::write_bytes(dir / "model" / "config.json", config.dump());
    const std::string error = error_of([&] { export_gguf(dir / "model", dir / "out.gguf", {}); });
    EXPECT_NE(error.find("head_dim 8 is not hidden_size 64"), std::string::npos) << error;
  }
  // Dynamic NTK scaling: llama.cpp has none.
  test::TempDir dir;
  model::TinyModelSpec spec;
  spec.arch = model::Arch::llama;
  model::write_tiny_model(dir / "model", spec);
  json config = json::parse(test::read_bytes(dir / "model" / "config.json"));
  config["rope_scaling"] = {{"type", "dynamic"}, {"factor", 2.0}};
  test::write_bytes(dir / "model" / "config.json", config.dump());
  EXPECT_NE(error_of([&] { export_gguf(dir / "model", dir / "out.gguf", {}); }).find("\"dynamic\""), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir / "out.gguf"));
  config["rope_scaling"] = nullptr;
  test::write_bytes(dir / "model" / "config.json", config.dump());
  // A pre-tokenizer llama.cpp does not have.
  json tokenizer = json::parse(test::read_bytes(dir / "model" / "tokenizer.json"));
  tokenizer["pre_tokenizer"]["pretokenizers"][0]["pattern"]["Regex"] = "\\p{L}+|\\s+";
  test::write_bytes(dir / "model" / "tokenizer.json", tokenizer.dump());
  EXPECT_NE(error_of([&] { export_gguf(dir / "model", dir / "out.gguf", {}); }).find("tokenize differently"), std::string::npos);
  // No tokenizer at all.
  std::filesystem::remove(dir / "model" / "tokenizer.json");
  EXPECT_NE(error_of([&] { export_gguf(dir / "model", dir / "out.gguf", {}); }).find("no tokenizer.json"), std::string::npos);
}

TEST(GgufVocab, PreTokenizersAreNamedAsLlamaCppNamesThem) {
  const std::string qwen2 =
      R"({"type":"Sequence","pretokenizers":[{"type":"Split","pattern":{"Regex":"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"},"behavior":"Isolated","invert":false},{"type":"ByteLevel","add_prefix_space":false,"trim_offsets":false,"use_regex":false}]})";
  EXPECT_EQ(llama_cpp_pre_tokenizer(qwen2, false), "qwen2");
  EXPECT_EQ(llama_cpp_pre_tokenizer(qwen2, true), "");  // llama.cpp's qwen2 merges every pre-token
  std::string llama3 = qwen2;
  llama3.replace(llama3.find("\\\\p{N}|"), 7, "\\\\p{N}{1,3}|");
  EXPECT_EQ(llama_cpp_pre_tokenizer(llama3, true), "llama-bpe");
  EXPECT_EQ(llama_cpp_pre_tokenizer(R"({"type":"ByteLevel","add_prefix_space":false,"use_regex":true})", false), "gpt-2");
  EXPECT_EQ(llama_cpp_pre_tokenizer(R"({"type":"Metaspace"})", false), "");
  EXPECT_EQ(llama_cpp_pre_tokenizer("null", false), "");
}

// The real tokenizers in ../shared/reference: their names, special ids and BOS as llama.cpp's converter writes them.
TEST(GgufVocab, RealTokenizers) {
  const std::filesystem::path shared = std::filesystem::path(TUNEDESK_SHARED_DIR) / "reference" / "tokenizers";
  if (!std::filesystem::exists(shared / "qwen3")) GTEST_SKIP() << shared << " is not there";
  const auto keys_of = [](const std::filesystem::path& dir, int64_t vocab) {
    std::map<std::string, Value> m;
    for (auto& [k, v] : tokenizer_metadata(dir, vocab)) m[k] = v;
    return m;
  };
  auto qwen = keys_of(shared / "qwen3", 151669);
  EXPECT_EQ(qwen["tokenizer.ggml.pre"].as_string(), "qwen2");
  EXPECT_EQ(qwen["tokenizer.ggml.eos_token_id"].as_uint(), 151645u);      // <|im_end|>, tokenizer_config.json's eos
  EXPECT_EQ(qwen["tokenizer.ggml.padding_token_id"].as_uint(), 151643u);  // <|endoftext|>
  EXPECT_FALSE(qwen["tokenizer.ggml.add_bos_token"].as_bool());
  EXPECT_TRUE(qwen["tokenizer.ggml.normalizer.nfc"].as_bool());
  EXPECT_EQ(qwen["tokenizer.ggml.token_type"].int_items()[151645], static_cast<int64_t>(TokenType::control));
  EXPECT_EQ(qwen["tokenizer.ggml.merges"].string_items().front(), "\xc4\xa0 \xc4\xa0");  // "Ġ Ġ"
  auto llama = keys_of(shared / "llama3", 128256);
  EXPECT_EQ(llama["tokenizer.ggml.pre"].as_string(), "llama-bpe");
  EXPECT_EQ(llama["tokenizer.ggml.bos_token_id"].as_uint(), 128000u);
  EXPECT_TRUE(llama["tokenizer.ggml.add_bos_token"].as_bool());
  EXPECT_FALSE(llama["tokenizer.ggml.add_sep_token"].as_bool());
}

// Mistral's SentencePiece-style BPE as llama.cpp's "llama" tokenizer: byte
// tokens typed as bytes, no merges, and each token's score minus the rank of
// the merge that makes it, so that llama.cpp joins pairs in the merges' order.
TEST(GgufVocab, SentencePieceStyleBpeBecomesLlamaCppsLlamaTokenizer) {
  const std::filesystem::path shared = std::filesystem::path(TUNEDESK_SHARED_DIR) / "reference" / "tokenizers";
  if (!std::filesystem::exists(shared / "mistral")) GTEST_SKIP() << shared << " is not there";
  std::map<std::string, Value> m;
  for (auto& [k, v] : tokenizer_metadata(shared / "mistral", 32000)) m[k] = v;
  EXPECT_EQ(m["tokenizer.ggml.model"].as_string(), "llama");
  EXPECT_EQ(m["tokenizer.ggml.pre"].as_string(), "default");
  EXPECT_FALSE(m.count("tokenizer.ggml.merges"));
  const std::vector<std::string>& tokens = m["tokenizer.ggml.tokens"].string_items();
  const std::vector<int64_t>& types = m["tokenizer.ggml.token_type"].int_items();
  const std::vector<double>& scores = m["tokenizer.ggml.scores"].float_items();
  ASSERT_EQ(tokens.size(), 32000u);
  ASSERT_EQ(scores.size(), 32000u);
  EXPECT_EQ(tokens[3], "<0x00>");
  EXPECT_EQ(types[3], static_cast<int64_t>(TokenType::byte));
  EXPECT_EQ(types[1], static_cast<int64_t>(TokenType::control));  // <s>
  EXPECT_EQ(types[0], static_cast<int64_t>(TokenType::control));  // <unk>
  EXPECT_EQ(scores[3], 0.0);
  EXPECT_EQ(tokens[28705], "\xe2\x96\x81");  // "▁" alone: made by no merge, score 0
  EXPECT_EQ(scores[28705], 0.0);
  const json tj = json::parse(test::read_bytes(shared / "mistral" / "tokenizer.json"));
  const json& merges = tj["model"]["merges"];
  for (const int64_t id : {259, 261, 1000, 20000}) {
    std::size_t rank = 0;
    while (rank < merges.size()) {
      const std::string line = merges[rank].get<std::string>();
      if (line.substr(0, line.find(' ')) + line.substr(line.find(' ') + 1) == tokens[id]) break;
      ++rank;
    }
    ASSERT_LT(rank, merges.size()) << tokens[id] << " is made by no merge";
    EXPECT_EQ(scores[id], -static_cast<double>(rank)) << tokens[id];
    EXPECT_EQ(types[id], static_cast<int64_t>(TokenType::normal)) << tokens[id];
  }
  EXPECT_EQ(m["tokenizer.ggml.bos_token_id"].as_uint(), 1u);
  EXPECT_EQ(m["tokenizer.ggml.eos_token_id"].as_uint(), 2u);
  EXPECT_EQ(m["tokenizer.ggml.unknown_token_id"].as_uint(), 0u);
  EXPECT_TRUE(m["tokenizer.ggml.add_bos_token"].as_bool());
  EXPECT_FALSE(m["tokenizer.ggml.add_eos_token"].as_bool());

  // Split another way (a Metaspace pre-tokenizer instead of the normalizer): refused, saying why.
  test::TempDir dir;
  json other = tj;
  other["normalizer"] = nullptr;
  other["pre_tokenizer"] = {{"type", "Metaspace"}, {"replacement", "\xe2\x96\x81"}, {"prepend_scheme", "first"}, {"split", false}};
  test::write_bytes(dir / "tokenizer.json", other.dump());
  const std::string why = error_of([&] { tokenizer_metadata(dir.path(), 32000); });
  EXPECT_NE(why.find("SentencePiece-style"), std::string::npos) << why;
  EXPECT_NE(why.find("Metaspace"), std::string::npos) << why;
}
