#include "model/safetensors.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstring>

#include "data/test_support.h"
#include "model/model_config.h"

using namespace tunedesk;
using namespace tunedesk::model;
using nlohmann::json;

namespace {

std::string bytes_of(const std::vector<float>& v) { return std::string(reinterpret_cast<const char*>(v.data()), v.size() * 4); }

// A file from a header given as JSON text and `data_size` bytes of data.
std::string raw_file(const std::string& header, std::size_t data_size) {
  std::string out(8, '\0');
  uint64_t n = header.size();
  std::memcpy(out.data(), &n, 8);
  return out + header + std::string(data_size, '\x01');
}

std::string parse_error(const std::string& file) {
  try {
    parse_safetensors(file, "t.safetensors");
  } catch (const SafetensorsError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST(Safetensors, WriteThenReadGivesTheSameTensors) {
  test::TempDir dir;
  const std::vector<float> a{1.5f, -2.0f, 3.25f, 0.0f, 7.0f, 8.0f};
  const std::vector<uint16_t> b{0x3F80, 0x4000};  // bf16 1.0, 2.0
  const std::string a_bytes = bytes_of(a);  // the writer keeps views until write()
  SafetensorsWriter w;
  w.add("layer.a", DType::f32, {2, 3}, a_bytes);
  w.add("layer.b", DType::bf16, {2}, std::string_view(reinterpret_cast<const char*>(b.data()), 4));
  w.set_metadata("format", "pt");
  w.write(dir / "m.safetensors");

  const SafetensorsFile f(dir / "m.safetensors");
  ASSERT_EQ(f.tensors().size(), 2u);
  const TensorView* ta = f.find("layer.a");
  ASSERT_NE(ta, nullptr);
  EXPECT_EQ(ta->dtype, DType::f32);
  EXPECT_EQ(ta->shape, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(ta->bytes, bytes_of(a));
  EXPECT_EQ(f.find("layer.b")->dtype, DType::bf16);
  EXPECT_EQ(f.metadata().at("format"), "pt");
  // The data starts 8-byte aligned.
  EXPECT_EQ(reinterpret_cast<uintptr_t>(ta->bytes.data()) % 8, 0u);
}

TEST(Safetensors, HostileOrTruncatedFilesAreClearErrors) {
  EXPECT_NE(parse_error("abc").find("too short"), std::string::npos);
  const std::string whole = raw_file(R"({"a":1})", 0);
  EXPECT_NE(parse_error(whole.substr(0, whole.size() - 3)).find("truncated"), std::string::npos);
  std::string huge(8, '\xff');
  EXPECT_NE(parse_error(huge + "{}").find("header claims"), std::string::npos);
  EXPECT_NE(parse_error(raw_file("not json", 0)).find("not valid JSON"), std::string::npos);
  EXPECT_NE(parse_error(raw_file("[1]", 0)).find("not a JSON object"), std::string::npos);
  // A number too large for JSON's parser (found by the fuzzer): an error, not an escaping exception.
  EXPECT_NE(parse_error(raw_file(R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0,676E608]}})", 8)).find("not valid JSON"),
            std::string::npos);
  EXPECT_NE(parse_error(raw_file(R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0,16]}})", 8)).find("outside"),
            std::string::npos);
  EXPECT_NE(parse_error(raw_file(R"({"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", 8)).find("need 12"),
            std::string::npos);
  EXPECT_NE(parse_error(raw_file(R"({"w":{"dtype":"Q4","shape":[2],"data_offsets":[0,8]}})", 8)).find("unknown dtype"),
            std::string::npos);
  EXPECT_NE(parse_error(raw_file(R"({"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,8]}})", 8)).find("whole numbers"),
            std::string::npos);
  EXPECT_NE(parse_error(raw_file(R"({"w":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,8]}})", 8))
                .find("too large"),
            std::string::npos);
  EXPECT_NE(parse_error(raw_file(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},
                                     "b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})", 12))
                .find("share data"),
            std::string::npos);
  EXPECT_NE(parse_error(raw_file(R"({"w":{"dtype":"F32","shape":[2]}})", 8)).find("tensor \"w\""), std::string::npos);
}

TEST(Safetensors, ShardedFolderEqualsOneFile) {
  test::TempDir dir;
  const std::string a = bytes_of({1, 2}), b = bytes_of({3, 4, 5});
  SafetensorsWriter one;
  one.add("a", DType::f32, {2}, a);
  one.add("b", DType::f32, {3}, b);
  std::filesystem::create_directories(dir / "single");
  one.write(dir / "single" / "model.safetensors");

  std::filesystem::create_directories(dir / "sharded");
  SafetensorsWriter s1, s2;
  s1.add("a", DType::f32, {2}, a);
  s2.add("b", DType::f32, {3}, b);
  s1.write(dir / "sharded" / "model-00001-of-00002.safetensors");
  s2.write(dir / "sharded" / "model-00002-of-00002.safetensors");
  test::write_bytes(dir / "sharded" / "model.safetensors.index.json",
                    json{{"metadata", {{"total_size", 20}}},
                         {"weight_map", {{"a", "model-00001-of-00002.safetensors"}, {"b", "model-00002-of-00002.safetensors"}}}}
                        .dump());
  const WeightFiles single(dir / "single"), sharded(dir / "sharded");
  EXPECT_EQ(sharded.file_count(), 2u);
  EXPECT_EQ(single.names(), sharded.names());
  for (const std::string& name : single.names()) EXPECT_EQ(single.find(name)->bytes, sharded.find(name)->bytes);
  EXPECT_EQ(sharded.total_bytes(), 20u);
}

TEST(Safetensors, WriterRefusesInconsistentTensors) {
  SafetensorsWriter w;
  EXPECT_THROW(w.add("x", DType::f32, {3}, std::string(8, '\0')), SafetensorsError);
  w.add("x", DType::f32, {2}, std::string(8, '\0'));
  EXPECT_THROW(w.add("x", DType::f32, {2}, std::string(8, '\0')), SafetensorsError);
}

TEST(ModelConfig, ReadsTheKeysAndNamesWhatIsWrong) {
  test::TempDir dir;
  json c = {{"architectures", {"Qwen2ForCausalLM"}}, {"vocab_size", 100},       {"hidden_size", 32},
            {"intermediate_size", 64},               {"num_hidden_layers", 2},   {"num_attention_heads", 4},
            {"num_key_value_heads", 2},              {"rope_theta", 1000000.0},  {"tie_word_embeddings", true},
            {"eos_token_id", 7}};
  test::write_bytes(dir / "config.json", c.dump());
  test::write_bytes(dir / "generation_config.json", json{{"eos_token_id", {7, 8}}}.dump());
  const ModelConfig m = load_model_config(dir.path());
  EXPECT_EQ(m.arch, Arch::qwen2);
  EXPECT_TRUE(m.qkv_bias);
  EXPECT_EQ(m.head_dim, 8);
  EXPECT_EQ(m.eos_token_ids, (std::vector<int64_t>{7, 8}));
  EXPECT_DOUBLE_EQ(m.rope_theta, 1e6);

  const auto error_of = [&](json bad) {
    test::write_bytes(dir / "config.json", bad.dump());
    try {
      load_model_config(dir.path());
    } catch (const ModelConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  json bad = c;
  bad["architectures"] = {"BertModel"};
  EXPECT_NE(error_of(bad).find("\"BertModel\" is not supported"), std::string::npos);
  bad = c;
  bad.erase("hidden_size");
  EXPECT_NE(error_of(bad).find("\"hidden_size\""), std::string::npos);
  bad = c;
  bad["num_key_value_heads"] = 3;
  EXPECT_NE(error_of(bad).find("multiple"), std::string::npos);
}
