// config.json as transformers reads it. tests/fixtures/hf_goldens/config_keys.json
// lists, for each family, every key transformers' config class knows and the
// default it gives a missing one (written by tools/reference/make_goldens.py).
// The rule: a key that changes the computation is read, or its unimplemented
// values are refused naming it; it is never silently ignored.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "data/test_support.h"
#include "model/model_config.h"

using namespace tunedesk;
using namespace tunedesk::model;
using nlohmann::json;

namespace {

json config_keys() { return json::parse(test::read_bytes(test::fixture("hf_goldens/config_keys.json"))); }

std::string error_of(const test::TempDir& dir, const json& config) {
  test::write_bytes(dir / "config.json", config.dump());
  try {
    load_model_config(dir.path());
  } catch (const ModelConfigError& e) {
    return e.what();
  }
  return "no error";
}

// The five keys every config names, with transformers' defaults for the rest.
json minimal(const json& defaults) {
  json c = {{"architectures", {defaults.at("architecture")}}};
  for (const char* key : {"vocab_size", "hidden_size", "intermediate_size", "num_hidden_layers", "num_attention_heads"})
    c[key] = defaults.at("defaults").at(key);
  return c;
}

// A small Llama with transformers 5's rope_parameters.
json small_llama() {
  return {{"architectures", {"LlamaForCausalLM"}}, {"vocab_size", 128},       {"hidden_size", 64},
          {"intermediate_size", 96},               {"num_hidden_layers", 2},  {"num_attention_heads", 4},
          {"num_key_value_heads", 2},              {"max_position_embeddings", 256},
          {"rope_parameters", {{"rope_type", "default"}, {"rope_theta", 500000.0}}}};
}

TEST(HfConfigKeys, EveryKeyTransformersKnowsIsReadOrHasNoEffect) {
  const json all = config_keys();
  ASSERT_EQ(all.size(), std::size(kArchs) - 1) << "every family but ChatGLMModel's original layout";
  for (const auto& [model_type, family] : all.items()) {
    test::TempDir dir;
    test::write_bytes(dir / "config.json", minimal(family).dump());
    const Arch arch = load_model_config(dir.path()).arch;
    for (const json& key : family.at("fields")) {
      const KeyUse use = config_key_use(arch, key.get<std::string>());
      EXPECT_TRUE(use == KeyUse::read || use == KeyUse::no_effect) << model_type << ": " << key << " is not classified";
    }
  }
}

TEST(HfConfigKeys, MissingKeysTakeTransformersDefaults) {
  const json all = config_keys();
  for (const auto& [model_type, family] : all.items()) {
    SCOPED_TRACE(model_type);
    const json& d = family.at("defaults");
    test::TempDir dir;
    test::write_bytes(dir / "config.json", minimal(family).dump());
    const ModelConfig c = load_model_config(dir.path());
    const int64_t head_dim = d.contains("head_dim") ? d["head_dim"].get<int64_t>()
                                                    : d["hidden_size"].get<int64_t>() / d["num_attention_heads"].get<int64_t>();
    EXPECT_EQ(c.head_dim, head_dim);
    EXPECT_EQ(c.num_kv_heads, d["num_key_value_heads"].get<int64_t>());
    EXPECT_DOUBLE_EQ(c.rms_norm_eps, d["rms_norm_eps"].get<double>());
    EXPECT_EQ(c.max_position, d["max_position_embeddings"].get<int64_t>());
    const json& rope = d["rope_parameters"];
    EXPECT_DOUBLE_EQ(c.rope_theta, rope["rope_theta"].get<double>());
    EXPECT_EQ(c.rotary_dim, static_cast<int64_t>(static_cast<double>(head_dim) * rope.value("partial_rotary_factor", 1.0)));
    EXPECT_FALSE(c.rope_scaling.has_value());
    if (d.contains("attention_bias")) {
      EXPECT_EQ(c.qkv_bias, d["attention_bias"].get<bool>());
    }
    // After __post_init__: Mistral keeps its 4096 window on every layer; Qwen's needs use_sliding_window.
    const int64_t window = d.contains("sliding_window") && !d["sliding_window"].is_null() ? d["sliding_window"].get<int64_t>() : 0;
    EXPECT_EQ(c.layer_window, std::vector<int64_t>(static_cast<std::size_t>(c.num_layers), window));
    EXPECT_FALSE(c.tie_word_embeddings);
  }
}

TEST(HfConfigKeys, RopeSettingsFollowTransformersPrecedence) {
  test::TempDir dir;
  json c = small_llama();
  test::write_bytes(dir / "config.json", c.dump());
  EXPECT_DOUBLE_EQ(load_model_config(dir.path()).rope_theta, 500000.0);  // inside rope_parameters
  c["rope_theta"] = 10.0;  // the object's own value wins over the top level
  test::write_bytes(dir / "config.json", c.dump());
  EXPECT_DOUBLE_EQ(load_model_config(dir.path()).rope_theta, 500000.0);
  c["rope_parameters"].erase("rope_theta");  // ... which fills a gap
  test::write_bytes(dir / "config.json", c.dump());
  EXPECT_DOUBLE_EQ(load_model_config(dir.path()).rope_theta, 10.0);
  // The legacy rope_scaling, when not empty, replaces rope_parameters.
  c["rope_scaling"] = {{"type", "linear"}, {"factor", 2.0}};
  test::write_bytes(dir / "config.json", c.dump());
  ModelConfig m = load_model_config(dir.path());
  ASSERT_TRUE(m.rope_scaling);
  EXPECT_EQ(m.rope_scaling->type, "linear");
  EXPECT_DOUBLE_EQ(m.rope_scaling->factor, 2.0);
  // yarn: the pretraining context from the object, the allowed context stretched by the factor,
  // attention factor 0.1 ln(factor) + 1.
  c = small_llama();
  c["rope_parameters"] = {{"rope_type", "yarn"}, {"rope_theta", 1e6}, {"factor", 4.0}, {"original_max_position_embeddings", 256}};
  test::write_bytes(dir / "config.json", c.dump());
  m = load_model_config(dir.path());
  EXPECT_EQ(m.max_position, 1024);
  EXPECT_NEAR(m.rope_scaling->attention_factor, 0.1 * std::log(4.0) + 1.0, 1e-12);
  // dynamic NTK: original context = max_position_embeddings.
  c["rope_parameters"] = {{"rope_type", "dynamic"}, {"rope_theta", 1e4}, {"factor", 2.0}};
  test::write_bytes(dir / "config.json", c.dump());
  m = load_model_config(dir.path());
  EXPECT_EQ(m.rope_scaling->original_max_position, 256);
  EXPECT_EQ(m.max_position, 512);
  // GLM's partial rotary factor: 0.5 unless the file says otherwise.
  c = small_llama();
  c["architectures"] = {"GlmForCausalLM"};
  c["head_dim"] = 16;
  test::write_bytes(dir / "config.json", c.dump());
  EXPECT_EQ(load_model_config(dir.path()).rotary_dim, 8);
  c["rope_parameters"]["partial_rotary_factor"] = 1.0;
  test::write_bytes(dir / "config.json", c.dump());
  EXPECT_EQ(load_model_config(dir.path()).rotary_dim, 16);
}

TEST(HfConfigKeys, QwenSlidingLayersFollowLayerTypesOrMaxWindowLayers) {
  test::TempDir dir;
  json c = small_llama();
  c["architectures"] = {"Qwen2ForCausalLM"};
  c["num_hidden_layers"] = 4;
  c["use_sliding_window"] = true;
  c["sliding_window"] = 32;
  c["max_window_layers"] = 2;
  test::write_bytes(dir / "config.json", c.dump());
  EXPECT_EQ(load_model_config(dir.path()).layer_window, (std::vector<int64_t>{0, 0, 32, 32}));
  c["layer_types"] = {"sliding_attention", "full_attention", "sliding_attention", "full_attention"};
  test::write_bytes(dir / "config.json", c.dump());
  EXPECT_EQ(load_model_config(dir.path()).layer_window, (std::vector<int64_t>{32, 0, 32, 0}));
  c["use_sliding_window"] = false;  // no window at all, whatever layer_types says
  test::write_bytes(dir / "config.json", c.dump());
  EXPECT_EQ(load_model_config(dir.path()).layer_window, (std::vector<int64_t>(4, 0)));
  c["layer_types"] = {"full_attention"};
  EXPECT_NE(error_of(dir, c).find("layer_types"), std::string::npos);
  c["layer_types"] = {"chunked_attention", "full_attention", "full_attention", "full_attention"};
  EXPECT_NE(error_of(dir, c).find("chunked_attention"), std::string::npos);
}

// Each setting the engine does not implement fails loading with the key's
// name and value: nothing that changes the computation is ignored.
TEST(HfConfigKeys, UnimplementedSettingsAreRefusedByName) {
  test::TempDir dir;
  struct Case {
    const char* what;
    json change;  // merged into the small Llama
    std::vector<std::string> named;
  };
  const std::vector<Case> cases = {
      {"longrope", {{"rope_parameters", {{"rope_type", "longrope"}, {"rope_theta", 1e4}, {"factor", 2.0}}}},
       {"rope_parameters.rope_type", "\"longrope\""}},
      {"legacy su", {{"rope_scaling", {{"type", "su"}, {"factor", 2.0}}}}, {"rope_scaling.type", "\"su\""}},
      {"linear without factor", {{"rope_parameters", {{"rope_type", "linear"}, {"rope_theta", 1e4}}}},
       {"rope_parameters.factor"}},
      {"llama3 without its factors", {{"rope_parameters", {{"rope_type", "llama3"}, {"rope_theta", 1e4}, {"factor", 8.0}}}},
       {"low_freq_factor"}},
      {"a RoPE key of no kind", {{"rope_parameters", {{"rope_type", "default"}, {"rope_theta", 1e4}, {"mrope_section", {16, 24, 24}}}}},
       {"rope_parameters.mrope_section"}},
      {"per-layer-type RoPE", {{"rope_parameters", {{"full_attention", {{"rope_type", "default"}}}}}}, {"full_attention"}},
      {"gelu", {{"hidden_act", "gelu"}}, {"hidden_act", "\"gelu\""}},
      {"attention dropout", {{"attention_dropout", 0.1}}, {"attention_dropout", "0.1"}},
      {"mlp bias", {{"mlp_bias", true}}, {"mlp_bias"}},
      {"quantized", {{"quantization_config", {{"quant_method", "gptq"}, {"bits", 4}}}}, {"quantization_config", "gptq"}},
  };
  for (const Case& k : cases) {
    json c = small_llama();
    c.merge_patch(k.change);
    const std::string error = error_of(dir, c);
    for (const std::string& name : k.named) EXPECT_NE(error.find(name), std::string::npos) << k.what << ": " << error;
  }
  // ChatGLM's own keys with values its code computes differently.
  json glm = {{"architectures", {"ChatGLMModel"}}, {"padded_vocab_size", 128}, {"hidden_size", 64}, {"ffn_hidden_size", 96},
              {"num_layers", 2}, {"num_attention_heads", 4}, {"kv_channels", 16}, {"multi_query_attention", true},
              {"multi_query_group_num", 2}};
  test::write_bytes(dir / "config.json", glm.dump());
  EXPECT_NO_THROW(load_model_config(dir.path()));
  for (const auto& [key, value] : std::vector<std::pair<std::string, json>>{{"apply_residual_connection_post_layernorm", true},
                                                                           {"post_layer_norm", false},
                                                                           {"pre_seq_len", 128},
                                                                           {"quantization_bit", 4},
                                                                           {"hidden_dropout", 0.1}}) {
    json bad = glm;
    bad[key] = value;
    EXPECT_NE(error_of(dir, bad).find(key), std::string::npos) << key;
  }
}

TEST(HfConfigKeys, KeysNobodyReadsAreListed) {
  test::TempDir dir;
  json c = small_llama();
  c["use_flash_attn"] = true;  // remote code's switch; transformers' Llama ignores it too
  c["initializer_range"] = 0.02;
  test::write_bytes(dir / "config.json", c.dump());
  EXPECT_EQ(load_model_config(dir.path()).unread_keys, (std::vector<std::string>{"use_flash_attn"}));
}

}  // namespace
