// ggml's quantized blocks as TuneDesk writes them, and the type each tensor
// gets for a file type. The blocks' layout is also checked against the gguf
// Python package and llama-quantize through committed goldens
// (tests/fixtures/gguf_quants.json, made by tools/reference/make-quant-goldens.sh).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <random>

#include "data/test_support.h"
#include "gguf/file_type.h"
#include "gguf/ggml_types.h"
#include "test_paths.h"

using namespace tunedesk;
using namespace tunedesk::gguf;

namespace {

unsigned byte_at(const std::string& s, std::size_t i) { return static_cast<unsigned char>(s[i]); }

std::string from_hex(const std::string& hex) {
  std::string bytes;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) bytes.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return bytes;
}
// Little-endian float32s given as hex.
std::vector<float> floats_from_hex(const std::string& hex) {
  const std::string bytes = from_hex(hex);
  std::vector<float> v(bytes.size() / 4);
  std::memcpy(v.data(), bytes.data(), v.size() * 4);
  return v;
}

std::vector<float> gaussian(std::size_t n, uint32_t seed, float sigma = 0.02f) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> dist(0.0f, sigma);
  std::vector<float> v(n);
  for (float& x : v) x = dist(rng);
  return v;
}

double rms_error(const std::vector<float>& a, const std::vector<float>& b) {
  double sum = 0;
  for (std::size_t i = 0; i < a.size(); ++i) sum += (static_cast<double>(a[i]) - b[i]) * (static_cast<double>(a[i]) - b[i]);
  return std::sqrt(sum / static_cast<double>(a.size()));
}

std::vector<float> round_trip(TensorType t, const std::vector<float>& x) {
  std::string bytes;
  encode(t, x, bytes);
  EXPECT_EQ(bytes.size(), row_bytes(t, static_cast<int64_t>(x.size())));
  return decode(t, bytes, static_cast<int64_t>(x.size()));
}

}  // namespace

// Q4_0 worked by hand: x_j = (j − 16)/2 has its largest magnitude at x_0 = −8,
// so d = −8 / −8 = 1 and code_j = trunc(x_j + 8.5) = ⌊(j + 1)/2⌋, at most 15.
TEST(QuantBlocks, Q4_0ByHand) {
  std::vector<float> x(32);
  for (int j = 0; j < 32; ++j) x[j] = static_cast<float>(j - 16) * 0.5f;
  std::string bytes;
  encode(TensorType::q4_0, x, bytes);
  ASSERT_EQ(bytes.size(), 18u);
  EXPECT_EQ(byte_at(bytes, 0) | (byte_at(bytes, 1) << 8), 0x3c00u);  // fp16 1.0
  for (unsigned j = 0; j < 16; ++j) {
    const unsigned low = (j + 1) / 2, high = std::min(15u, (j + 17) / 2);
    EXPECT_EQ(byte_at(bytes, 2 + j), low | (high << 4)) << j;
  }
  const std::vector<float> back = decode(TensorType::q4_0, bytes, 32);
  EXPECT_EQ(back[0], -8.0f);
  EXPECT_EQ(back[3], -6.0f);   // x = −6.5: trunc(2.0) = 2, the tie goes up
  EXPECT_EQ(back[31], 7.0f);   // x = 7.5 clamps at code 15
}

// Q5_0 worked by hand: x_j = j − 16 is exact with d = 1, codes j; value j's
// fifth bit is bit j of the word after d (set for the upper half).
TEST(QuantBlocks, Q5_0ByHand) {
  std::vector<float> x(32);
  for (int j = 0; j < 32; ++j) x[j] = static_cast<float>(j - 16);
  std::string bytes;
  encode(TensorType::q5_0, x, bytes);
  ASSERT_EQ(bytes.size(), 22u);
  EXPECT_EQ(byte_at(bytes, 0) | (byte_at(bytes, 1) << 8), 0x3c00u);
  EXPECT_EQ(byte_at(bytes, 2), 0x00u);
  EXPECT_EQ(byte_at(bytes, 3), 0x00u);
  EXPECT_EQ(byte_at(bytes, 4), 0xffu);
  EXPECT_EQ(byte_at(bytes, 5), 0xffu);
  for (unsigned j = 0; j < 16; ++j) EXPECT_EQ(byte_at(bytes, 6 + j), j | (j << 4)) << j;
  EXPECT_EQ(decode(TensorType::q5_0, bytes, 32), x);
}

// The k-quants on weights shaped like a model's: errors a fixed share of the
// values' spread (a wrong layout or scale gives errors of the order of the
// values themselves), and never worse than the plain choice of scale that
// maps each sub-block's extreme value to the end of its range.
TEST(QuantBlocks, KQuantsKeepModelLikeWeightsClose) {
  const std::vector<float> x = gaussian(256 * 64, 7);
  const double q4k = rms_error(round_trip(TensorType::q4_k, x), x) / 0.02;
  const double q6k = rms_error(round_trip(TensorType::q6_k, x), x) / 0.02;
  const double q4_0 = rms_error(round_trip(TensorType::q4_0, x), x) / 0.02;
  const double q5_0 = rms_error(round_trip(TensorType::q5_0, x), x) / 0.02;
  const double q8_0 = rms_error(round_trip(TensorType::q8_0, x), x) / 0.02;
  EXPECT_LT(q8_0, 0.01);
  EXPECT_LT(q6k, 0.04);
  EXPECT_LT(q5_0, 0.07);
  EXPECT_LT(q4k, 0.11);
  EXPECT_LT(q4_0, 0.14);
  // More bits, less error; Q4_K's searched scales and offsets beat Q4_0's fixed one.
  EXPECT_LT(q8_0, q6k);
  EXPECT_LT(q6k, q5_0);
  EXPECT_LT(q4k, q4_0);
}

TEST(QuantBlocks, KQuantsHandleFlatAndOneSidedBlocks) {
  for (TensorType t : {TensorType::q4_k, TensorType::q6_k}) {
    const std::vector<float> zeros(256, 0.0f);
    EXPECT_EQ(round_trip(t, zeros), zeros) << traits(t).name;
    std::vector<float> positive(256), mixed(256);
    for (int i = 0; i < 256; ++i) {
      positive[i] = 1.0f + static_cast<float>(i % 32) * 0.125f;      // no negative values: Q4_K's offset is 0
      mixed[i] = i < 128 ? 0.0f : std::sin(static_cast<float>(i));   // a zero half beside a busy one
    }
    for (const std::vector<float>* x : {&positive, &mixed}) {
      const std::vector<float> back = round_trip(t, *x);
      float amax = 0;
      for (float v : *x) amax = std::max(amax, std::fabs(v));
      for (int i = 0; i < 256; ++i) EXPECT_NEAR(back[i], (*x)[i], amax / 12.0f) << traits(t).name << " " << i;
    }
  }
  std::string bytes;
  EXPECT_THROW(encode(TensorType::q4_k, std::vector<float>(255), bytes), std::invalid_argument);
}

// The blocks ggml and gguf-py made: TuneDesk reads their bytes to the values
// gguf-py's dequantizer gives, writes Q8_0, Q4_0 and Q5_0 byte for byte as
// llama-quantize did, and Q4_K and Q6_K with no more error than it.
TEST(QuantBlocks, AgreeWithLlamaQuantizeAndGgufPy) {
  const std::filesystem::path path = test::fixture("gguf_quants.json");
  const nlohmann::json goldens = nlohmann::json::parse(std::ifstream(path));
  ASSERT_FALSE(goldens["blocks"].empty());
  std::map<std::string, std::pair<double, double>> errors;  // type: (TuneDesk's, llama-quantize's) squared error
  for (const nlohmann::json& g : goldens["blocks"]) {
    const std::string name = g["type"];
    const TensorType t = *parse_tensor_type(name);
    const std::vector<float> x = floats_from_hex(g["x"]), values = floats_from_hex(g["values"]);
    const std::string theirs = from_hex(g["bytes"]);
    const auto n = static_cast<int64_t>(x.size());
    ASSERT_EQ(theirs.size(), row_bytes(t, n)) << name;
    const std::vector<float> read = decode(t, theirs, n);
    for (std::size_t i = 0; i < x.size(); ++i) ASSERT_NEAR(read[i], values[i], 1e-6f * (1.0f + std::fabs(values[i]))) << name << " " << i;
    std::string ours;
    encode(t, x, ours);
    if (t == TensorType::q8_0 || t == TensorType::q4_0 || t == TensorType::q5_0) {
      EXPECT_EQ(ours, theirs) << name << " from " << g["tensor"];
    } else {
      const std::vector<float> back = decode(t, ours, n);
      for (std::size_t i = 0; i < x.size(); ++i) {
        errors[name].first += (back[i] - x[i]) * (back[i] - x[i]);
        errors[name].second += (values[i] - x[i]) * (values[i] - x[i]);
      }
    }
  }
  for (const char* k : {"Q4_K", "Q6_K"}) {
    ASSERT_TRUE(errors.count(k)) << "no " << k << " blocks in the goldens";
    const double ratio = std::sqrt(errors[k].first / errors[k].second);
    EXPECT_LT(ratio, 1.05) << k << ": TuneDesk's RMS error / llama-quantize's";
    std::cout << k << ": TuneDesk's RMS error is " << ratio << "x llama-quantize's\n";
  }
}

namespace {

// A Llama-like model's slots: `layers` layers with rows of `width`.
std::vector<TensorSlot> llama_slots(int layers, int64_t width, bool tied) {
  std::vector<TensorSlot> slots = {{"token_embd.weight", {1000, width}}, {"output_norm.weight", {width}}};
  if (!tied) slots.push_back({"output.weight", {1000, width}});
  for (int i = 0; i < layers; ++i) {
    const std::string b = "blk." + std::to_string(i) + ".";
    for (const char* m : {"attn_q", "attn_k", "attn_v", "attn_output", "ffn_gate", "ffn_up"}) slots.push_back({b + m + ".weight", {width, width}});
    slots.push_back({b + "ffn_down.weight", {width, 2 * width}});
    slots.push_back({b + "attn_norm.weight", {width}});
    slots.push_back({b + "attn_q.bias", {width}});
  }
  return slots;
}

std::map<std::string, TensorType> typed(FileType f, const std::vector<TensorSlot>& slots) {
  const std::vector<TensorType> types = tensor_types(f, slots);
  std::map<std::string, TensorType> m;
  for (std::size_t i = 0; i < slots.size(); ++i) m[slots[i].name] = types[i];
  return m;
}

}  // namespace

// Q4_K_M as llama-quantize mixes it: Q6_K for the output head and, in layers
// 0, 3, 6, 9, 10, 11 of 12 (the first and last eighth, every third between),
// for attn_v and ffn_down.
TEST(FileTypes, Q4KMMixesInQ6KWhereLlamaQuantizeDoes) {
  const auto t = typed(FileType::q4_k_m, llama_slots(12, 256, false));
  EXPECT_EQ(t.at("output.weight"), TensorType::q6_k);
  EXPECT_EQ(t.at("token_embd.weight"), TensorType::q4_k);
  EXPECT_EQ(t.at("output_norm.weight"), TensorType::f32);
  for (int i = 0; i < 12; ++i) {
    const std::string b = "blk." + std::to_string(i) + ".";
    const bool more = i == 0 || i == 3 || i == 6 || i == 9 || i == 10 || i == 11;
    EXPECT_EQ(t.at(b + "attn_v.weight"), more ? TensorType::q6_k : TensorType::q4_k) << i;
    EXPECT_EQ(t.at(b + "ffn_down.weight"), more ? TensorType::q6_k : TensorType::q4_k) << i;
    EXPECT_EQ(t.at(b + "attn_q.weight"), TensorType::q4_k) << i;
    EXPECT_EQ(t.at(b + "attn_norm.weight"), TensorType::f32) << i;
    EXPECT_EQ(t.at(b + "attn_q.bias"), TensorType::f32) << i;
  }
  // Tied to the embedding: the embedding is the head.
  EXPECT_EQ(typed(FileType::q4_k_m, llama_slots(2, 256, true)).at("token_embd.weight"), TensorType::q6_k);
  EXPECT_EQ(typed(FileType::q4_0, llama_slots(2, 256, true)).at("token_embd.weight"), TensorType::q6_k);
  EXPECT_EQ(typed(FileType::q4_0, llama_slots(2, 256, false)).at("token_embd.weight"), TensorType::q4_0);
  // Q8_0 as llama.cpp's converter writes it: every matrix Q8_0, the head too.
  EXPECT_EQ(typed(FileType::q8_0, llama_slots(2, 256, false)).at("output.weight"), TensorType::q8_0);
}

// ChatGLMModel's fused q/k/v counts as attn_v: Q6_K in layers 2 and 3 of 4
// (the last eighth, and every third after the first eighth), as llama-quantize
// types it; Q4_0 leaves it as it is.
TEST(FileTypes, FusedQkvTakesTheValueProjectionsBits) {
  std::vector<TensorSlot> slots = {{"token_embd.weight", {1000, 256}}, {"output.weight", {1000, 256}}};
  for (int i = 0; i < 4; ++i) {
    const std::string b = "blk." + std::to_string(i) + ".";
    slots.push_back({b + "attn_qkv.weight", {384, 256}});
    slots.push_back({b + "attn_qkv.bias", {384}});
    slots.push_back({b + "attn_output.weight", {256, 256}});
  }
  const auto t = typed(FileType::q4_k_m, slots);
  for (int i = 0; i < 4; ++i) {
    const std::string b = "blk." + std::to_string(i) + ".";
    EXPECT_EQ(t.at(b + "attn_qkv.weight"), i >= 2 ? TensorType::q6_k : TensorType::q4_k) << i;
    EXPECT_EQ(t.at(b + "attn_qkv.bias"), TensorType::f32) << i;
    EXPECT_EQ(t.at(b + "attn_output.weight"), TensorType::q4_k) << i;
  }
  EXPECT_EQ(typed(FileType::q4_0, slots).at("blk.3.attn_qkv.weight"), TensorType::q4_0);
}

TEST(FileTypes, RowsTheBlocksCannotHoldFallBackAsLlamaQuantizeDoes) {
  const auto narrow = typed(FileType::q4_k_m, llama_slots(2, 64, false));  // 64: not a super-block of 256
  EXPECT_EQ(narrow.at("blk.1.attn_q.weight"), TensorType::q5_0);
  EXPECT_EQ(narrow.at("blk.1.attn_v.weight"), TensorType::q8_0);  // the last layer's Q6_K, fallen back
  EXPECT_EQ(narrow.at("blk.0.attn_v.weight"), TensorType::q5_0);
  EXPECT_EQ(narrow.at("output.weight"), TensorType::q8_0);
  const auto odd = typed(FileType::q4_0, llama_slots(1, 48, false));  // 48: not a block of 32
  EXPECT_EQ(odd.at("blk.0.attn_q.weight"), TensorType::f16);
  EXPECT_EQ(odd.at("blk.0.ffn_down.weight"), TensorType::q4_0);  // rows of 96 are whole blocks
}

TEST(FileTypes, NamesParseAndListAsUsersTypeThem) {
  EXPECT_EQ(parse_file_type("q4_k_m"), FileType::q4_k_m);
  EXPECT_EQ(parse_file_type("Q4_0"), FileType::q4_0);
  EXPECT_EQ(parse_file_type("F16"), FileType::f16);
  EXPECT_FALSE(parse_file_type("q4_k"));
  EXPECT_EQ(file_type_choices(), "f32, f16, bf16, q8_0, q4_0 or q4_k_m");
  EXPECT_EQ(traits(FileType::q4_k_m).llama_ftype, 15u);
  EXPECT_EQ(traits(FileType::q4_0).llama_ftype, 2u);
  EXPECT_EQ(traits(FileType::q4_k_m).adapter, TensorType::f16);
}
