// A PEFT LoRA adapter written as a GGUF adapter and read back: llama.cpp's
// keys, "<base tensor>.lora_a/.lora_b" names and shapes, B's rows in the
// base's (Llama: permuted) order, rsLoRA's alpha, and refusals with reasons.
// llama.cpp applies the files itself in tools/reference/check-gguf.sh.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <random>

#include "data/test_support.h"
#include "gguf/gguf_file.h"
#include "gguf/lora_to_gguf.h"
#include "model/model_config.h"
#include "model/safetensors.h"
#include "model/tiny_model.h"
#include "util/file_io.h"

using namespace tunedesk;
using namespace tunedesk::gguf;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

struct Pair {
  std::string module;  // "model.layers.0.self_attn.q_proj"
  std::vector<int64_t> a_shape, b_shape;
  std::vector<float> a, b;
};

// A tiny base model and a PEFT adapter on `modules` of it with random A and B.
class LoraGguf : public ::testing::Test {
 protected:
  void make(model::Arch arch, const std::vector<std::string>& modules, int64_t rank, json config_extra = json::object()) {
    model::TinyModelSpec spec;
    spec.arch = arch;
    spec.layers = 2;
    spec.hidden = 64;
    spec.heads = 4;
    spec.kv_heads = 2;
    model::write_tiny_model(dir / "base", spec);
    const model::WeightFiles base(dir / "base");
    std::mt19937 rng(7);
    std::normal_distribution<float> normal(0.0f, 0.5f);
    pairs.clear();
    for (const std::string& m : modules) {
      const model::TensorView* w = base.find(m + ".weight");
      ASSERT_NE(w, nullptr) << m;
      Pair p{m, {rank, w->shape[1]}, {w->shape[0], rank}, {}, {}};
      for (int64_t i = 0; i < rank * w->shape[1]; ++i) p.a.push_back(normal(rng));
      for (int64_t i = 0; i < rank * w->shape[0]; ++i) p.b.push_back(normal(rng));
      pairs.push_back(std::move(p));
    }
    write_adapter(config_extra);
  }

  void write_adapter(const json& config_extra, const std::string& extra_tensor = {}) {
    fs::create_directories(dir / "adapter");
    model::SafetensorsWriter w;
    for (const Pair& p : pairs) {
      const std::string stem = "base_model.model." + p.module;
      w.add(stem + ".lora_A.weight", model::DType::f32, p.a_shape,
            std::string_view(reinterpret_cast<const char*>(p.a.data()), p.a.size() * 4));
      w.add(stem + ".lora_B.weight", model::DType::f32, p.b_shape,
            std::string_view(reinterpret_cast<const char*>(p.b.data()), p.b.size() * 4));
    }
    const float one = 1.0f;
    if (!extra_tensor.empty()) w.add(extra_tensor, model::DType::f32, {1}, std::string_view(reinterpret_cast<const char*>(&one), 4));
    w.write(dir / "adapter" / "adapter_model.safetensors");
    json config = {{"peft_type", "LORA"}, {"r", pairs.empty() ? 8 : pairs.front().a_shape[0]}, {"lora_alpha", 16},
                   {"bias", "none"},     {"use_rslora", false},  {"modules_to_save", nullptr}};
    if (config_extra.is_object()) config.update(config_extra);
    util::write_file_atomically(dir / "adapter" / "adapter_config.json", config.dump(2));
  }

  std::string error_of(const LoraGgufOptions& options = {}) {
    try {
      export_lora_gguf(dir / "adapter", dir / "base", dir / "out.gguf", options);
    } catch (const std::exception& e) {
      return e.what();
    }
    return "no error";
  }

  test::TempDir dir;
  std::vector<Pair> pairs;
};

TEST_F(LoraGguf, LlamaAdapterHasLlamaCppsKeysNamesShapesAndBsRowsPermuted) {
  const std::vector<std::string> modules = {"model.layers.0.self_attn.q_proj", "model.layers.0.self_attn.k_proj",
                                            "model.layers.1.self_attn.v_proj", "model.layers.1.mlp.down_proj"};
  make(model::Arch::llama, modules, 4);
  LoraGgufOptions options;
  options.type = TensorType::f32;
  const LoraGgufSummary s = export_lora_gguf(dir / "adapter", dir / "base", dir / "out.gguf", options);
  EXPECT_EQ(s.tensors, 8);
  EXPECT_EQ(s.architecture, "llama");
  const GgufReader r(dir / "out.gguf");
  EXPECT_EQ(r.at("general.architecture").as_string(), "llama");
  EXPECT_EQ(r.at("general.type").as_string(), "adapter");
  EXPECT_EQ(r.at("adapter.type").as_string(), "lora");
  EXPECT_EQ(r.at("adapter.lora.alpha").type(), ValueType::f32);  // llama.cpp reads a FLOAT32
  EXPECT_FLOAT_EQ(static_cast<float>(r.at("adapter.lora.alpha").as_float()), 16.0f);
  EXPECT_EQ(r.tensors().size(), 8u);

  const int64_t D = model::load_model_config(dir / "base").head_dim;
  const char* names[] = {"blk.0.attn_q.weight", "blk.0.attn_k.weight", "blk.1.attn_v.weight", "blk.1.ffn_down.weight"};
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    const Pair& p = pairs[i];
    const TensorInfo* a = r.find_tensor(std::string(names[i]) + ".lora_a");
    const TensorInfo* b = r.find_tensor(std::string(names[i]) + ".lora_b");
    ASSERT_TRUE(a && b) << names[i];
    EXPECT_EQ(a->shape, p.a_shape);  // [r, in]: ne = {in, r}, llama.cpp checks ne[0] against the base's input
    EXPECT_EQ(b->shape, p.b_shape);  // [out, r]
    EXPECT_EQ(r.floats(*a), p.a);    // A reads the input: never reordered
    const std::vector<float> out = r.floats(*b);
    const bool permuted = i < 2;     // q and k: rows interleaved per head as the base's are
    const int64_t rank = p.b_shape[1];
    for (int64_t row = 0; row < p.b_shape[0]; ++row) {
      const int64_t h = row / D, j = row % D;
      const int64_t from = permuted ? h * D + (j % 2) * (D / 2) + j / 2 : row;
      for (int64_t k = 0; k < rank; ++k)
        ASSERT_EQ(out[static_cast<std::size_t>(row * rank + k)], p.b[static_cast<std::size_t>(from * rank + k)]) << names[i] << " row " << row;
    }
  }
}

TEST_F(LoraGguf, QwenAndGlmKeepRowsAndGlmsFusedGateUpIsFfnUp) {
  make(model::Arch::glm4, {"model.layers.0.self_attn.q_proj", "model.layers.0.mlp.gate_up_proj"}, 4);
  LoraGgufOptions options;
  options.type = TensorType::f32;
  export_lora_gguf(dir / "adapter", dir / "base", dir / "out.gguf", options);
  const GgufReader r(dir / "out.gguf");
  EXPECT_EQ(r.at("general.architecture").as_string(), "glm4");
  EXPECT_EQ(r.floats(*r.find_tensor("blk.0.attn_q.weight.lora_b")), pairs[0].b);  // GLM pairs adjacent channels already
  EXPECT_EQ(r.floats(*r.find_tensor("blk.0.ffn_up.weight.lora_b")), pairs[1].b);
}

// ChatGLMModel's module names: the fused query_key_value as attn_qkv, its
// output head (output_layer) refused as lm_head is.
TEST_F(LoraGguf, OriginalChatGlmModulesTakeLlamaCppsNames) {
  const std::string p = "transformer.encoder.layers.1.";
  make(model::Arch::chatglm, {p + "self_attention.query_key_value", p + "self_attention.dense", p + "mlp.dense_h_to_4h",
                              p + "mlp.dense_4h_to_h"}, 4);
  LoraGgufOptions options;
  options.type = TensorType::f32;
  export_lora_gguf(dir / "adapter", dir / "base", dir / "out.gguf", options);
  const GgufReader r(dir / "out.gguf");
  EXPECT_EQ(r.at("general.architecture").as_string(), "chatglm");
  EXPECT_EQ(r.floats(*r.find_tensor("blk.1.attn_qkv.weight.lora_b")), pairs[0].b);  // rows as they are: no permutation
  EXPECT_EQ(r.floats(*r.find_tensor("blk.1.attn_qkv.weight.lora_a")), pairs[0].a);
  EXPECT_EQ(r.floats(*r.find_tensor("blk.1.attn_output.weight.lora_b")), pairs[1].b);
  EXPECT_EQ(r.floats(*r.find_tensor("blk.1.ffn_up.weight.lora_b")), pairs[2].b);
  EXPECT_EQ(r.floats(*r.find_tensor("blk.1.ffn_down.weight.lora_b")), pairs[3].b);
  make(model::Arch::chatglm, {"transformer.output_layer"}, 4);
  EXPECT_NE(error_of().find("output head"), std::string::npos) << error_of();
}

TEST_F(LoraGguf, RsLoraAlphaMakesLlamaCppsScaleEqualPefts) {
  make(model::Arch::qwen3, {"model.layers.0.self_attn.q_proj"}, 16, {{"use_rslora", true}, {"lora_alpha", 8}});
  const LoraGgufSummary s = export_lora_gguf(dir / "adapter", dir / "base", dir / "out.gguf", {});
  const GgufReader r(dir / "out.gguf");
  const double alpha = r.at("adapter.lora.alpha").as_float();
  EXPECT_NEAR(alpha / 16.0, 8.0 / std::sqrt(16.0), 1e-6);  // llama.cpp: alpha / r; PEFT's rsLoRA: alpha / sqrt(r)
  EXPECT_DOUBLE_EQ(s.alpha, 32.0);
}

TEST_F(LoraGguf, TypesFollowTheRequestAndARankQ8CannotHoldIsF16) {
  make(model::Arch::qwen2, {"model.layers.0.self_attn.q_proj"}, 8);
  LoraGgufOptions options;
  options.type = TensorType::q8_0;
  export_lora_gguf(dir / "adapter", dir / "base", dir / "out.gguf", options);
  const GgufReader r(dir / "out.gguf");
  EXPECT_EQ(r.find_tensor("blk.0.attn_q.weight.lora_a")->type, TensorType::q8_0);  // rows of 64
  EXPECT_EQ(r.find_tensor("blk.0.attn_q.weight.lora_b")->type, TensorType::f16);   // rows of 8
}

TEST_F(LoraGguf, WhatLlamaCppWouldApplyDifferentlyIsRefusedWithAReason) {
  make(model::Arch::llama, {"model.layers.0.self_attn.q_proj"}, 4, {{"modules_to_save", {"lm_head"}}});
  EXPECT_NE(error_of().find("modules_to_save"), std::string::npos) << error_of();
  write_adapter({{"use_dora", true}});
  EXPECT_NE(error_of().find("DoRA"), std::string::npos);
  write_adapter({{"alpha_pattern", {{"q_proj", 32}}}});
  EXPECT_NE(error_of().find("alpha_pattern"), std::string::npos);
  write_adapter({{"use_rslora", true}, {"rank_pattern", {{"q_proj", 2}}}});
  EXPECT_NE(error_of().find("rank_pattern"), std::string::npos);
  write_adapter({{"bias", "all"}});
  EXPECT_NE(error_of().find("bias"), std::string::npos);
  write_adapter({}, "base_model.model.model.embed_tokens.lora_embedding_A");
  EXPECT_NE(error_of().find("embeddings"), std::string::npos) << error_of();
  EXPECT_FALSE(fs::exists(dir / "out.gguf"));  // nothing half written

  // An adapter on the output head, and one made for another base model.
  pairs = {Pair{"lm_head", {4, 64}, {8, 4}, std::vector<float>(4 * 64), std::vector<float>(8 * 4)}};
  write_adapter({});
  EXPECT_NE(error_of().find("output head"), std::string::npos) << error_of();
  make(model::Arch::llama, {"model.layers.0.self_attn.q_proj"}, 4);
  pairs[0].a_shape[1] = 32;
  pairs[0].a.resize(4 * 32);
  write_adapter({});
  EXPECT_NE(error_of().find("do not fit"), std::string::npos) << error_of();
  make(model::Arch::llama, {"model.layers.0.self_attn.q_proj"}, 4);
  pairs[0].module = "model.layers.7.self_attn.q_proj";
  write_adapter({});
  EXPECT_NE(error_of().find("another base model"), std::string::npos) << error_of();
  // The same adapter, fitting its base, is written; settings PEFT leaves null are unset.
  make(model::Arch::llama, {"model.layers.0.self_attn.q_proj"}, 4,
       {{"use_dora", nullptr}, {"lora_bias", nullptr}, {"use_rslora", nullptr}, {"rank_pattern", json::object()}});
  EXPECT_EQ(error_of(), "no error");
}

}  // namespace
