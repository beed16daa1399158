// GGUF: ggml's types bit for bit, the file written and read back, damaged
// files refused with a reason.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <fstream>
#include <limits>

#include "data/test_support.h"
#include "gguf/ggml_types.h"
#include "gguf/gguf_file.h"

using namespace tunedesk;
using namespace tunedesk::gguf;

namespace {

float bits(uint32_t b) { return std::bit_cast<float>(b); }

}  // namespace

TEST(GgmlTypes, Fp16RoundsToNearestEvenAndKeepsSpecialValues) {
  EXPECT_EQ(fp32_to_fp16(1.0f), 0x3c00);
  EXPECT_EQ(fp32_to_fp16(-2.0f), 0xc000);
  EXPECT_EQ(fp32_to_fp16(65504.0f), 0x7bff);               // the largest half
  EXPECT_EQ(fp32_to_fp16(65519.0f), 0x7bff);               // below the halfway point to 65536
  EXPECT_EQ(fp32_to_fp16(65520.0f), 0x7c00);               // halfway: to even, which is infinity
  EXPECT_EQ(fp32_to_fp16(std::numeric_limits<float>::infinity()), 0x7c00);
  EXPECT_EQ(fp32_to_fp16(0.0f), 0x0000);
  EXPECT_EQ(fp32_to_fp16(-0.0f), 0x8000);
  EXPECT_EQ(fp32_to_fp16(std::ldexp(1.0f, -24)), 0x0001);  // the smallest subnormal
  EXPECT_EQ(fp32_to_fp16(std::ldexp(1.0f, -25)), 0x0000);  // half of it: to even, zero
  EXPECT_EQ(fp32_to_fp16(std::ldexp(3.0f, -25)), 0x0002);  // 1.5 units: to even, 2
  EXPECT_EQ(fp32_to_fp16(std::ldexp(1.0f, -14)), 0x0400);  // the smallest normal
  // 1 + 2^-11 lies halfway between 1 and 1 + 2^-10: to even (1); 1 + 3·2^-11 to 1 + 2·2^-10.
  EXPECT_EQ(fp32_to_fp16(1.0f + std::ldexp(1.0f, -11)), 0x3c00);
  EXPECT_EQ(fp32_to_fp16(1.0f + std::ldexp(3.0f, -11)), 0x3c02);
  const uint16_t nan = fp32_to_fp16(std::numeric_limits<float>::quiet_NaN());
  EXPECT_EQ(nan & 0x7c00, 0x7c00);
  EXPECT_NE(nan & 0x3ff, 0);
  // Every half survives the round trip.
  for (uint32_t h = 0; h < 0x10000; ++h) {
    if ((h & 0x7c00) == 0x7c00 && (h & 0x3ff)) continue;  // NaNs
    ASSERT_EQ(fp32_to_fp16(fp16_to_fp32(static_cast<uint16_t>(h))), h) << std::hex << h;
  }
}

TEST(GgmlTypes, Bf16RoundsToNearestEvenAndQuietsNaN) {
  EXPECT_EQ(fp32_to_bf16(1.0f), 0x3f80);
  EXPECT_EQ(fp32_to_bf16(bits(0x3f808000)), 0x3f80);  // halfway, even below
  EXPECT_EQ(fp32_to_bf16(bits(0x3f818000)), 0x3f82);  // halfway, even above
  EXPECT_EQ(fp32_to_bf16(bits(0x3f808001)), 0x3f81);  // past halfway
  EXPECT_EQ(fp32_to_bf16(bits(0x7f800001)), 0x7fc0);  // a signalling NaN becomes quiet
  EXPECT_EQ(bf16_to_fp32(0x3f80), 1.0f);
}

// Q8_0 against the definition written out here: per block of 32, d = max|x| / 127
// stored as fp16, q = x·(1/d) rounded half away from zero.
TEST(GgmlTypes, Q8_0BlocksAreBitExact) {
  std::vector<float> values(96);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = std::sin(static_cast<float>(i) * 0.37f) * (1.0f + static_cast<float>(i % 7));
  for (std::size_t i = 32; i < 64; ++i) values[i] = 0.0f;         // an all-zero block: d = 0, q = 0
  values[70] = 127.0f * 0.5f, values[71] = -127.0f;               // .5 ties round away from zero
  std::string out;
  encode(TensorType::q8_0, values, out);
  ASSERT_EQ(out.size(), 3u * 34u);
  for (std::size_t b = 0; b < 3; ++b) {
    float amax = 0;
    for (std::size_t i = 0; i < 32; ++i) amax = std::max(amax, std::fabs(values[b * 32 + i]));
    const float d = amax / 127.0f, inverse = d == 0.0f ? 0.0f : 1.0f / d;
    const uint16_t stored = static_cast<uint16_t>(static_cast<unsigned char>(out[b * 34]) | (static_cast<unsigned char>(out[b * 34 + 1]) << 8));
    EXPECT_EQ(stored, fp32_to_fp16(d)) << "block " << b;
    for (std::size_t i = 0; i < 32; ++i) {
      const double x = static_cast<double>(values[b * 32 + i] * inverse);
      const auto q = static_cast<int8_t>(x < 0 ? -std::floor(-x + 0.5) : std::floor(x + 0.5));
      EXPECT_EQ(static_cast<int8_t>(out[b * 34 + 2 + i]), q) << "block " << b << " value " << i;
    }
  }
  EXPECT_EQ(static_cast<int8_t>(out[2 * 34 + 2 + 7]), -127);
  EXPECT_EQ(static_cast<int8_t>(out[2 * 34 + 2 + 6]), 64);  // 63.5 away from zero
  // Decoded values are within half a step of the originals.
  const std::vector<float> back = decode(TensorType::q8_0, out, 96);
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::size_t b = i / 32;
    float amax = 0;
    for (std::size_t k = 0; k < 32; ++k) amax = std::max(amax, std::fabs(values[b * 32 + k]));
    EXPECT_NEAR(back[i], values[i], amax / 127.0f * 0.51f + 1e-3f * amax) << i;
  }
  std::string bad;
  EXPECT_THROW(encode(TensorType::q8_0, std::span<const float>(values.data(), 33), bad), std::invalid_argument);
}

TEST(GgufFile, EveryValueTypeAndTensorTypeRoundTrips) {
  test::TempDir dir;
  const std::filesystem::path path = dir / "all.gguf";
  const std::vector<std::pair<std::string, Value>> values = {
      {"t.u8", Value::of_uint(ValueType::u8, 250)},
      {"t.i8", Value::of_int(ValueType::i8, -120)},
      {"t.u16", Value::of_uint(ValueType::u16, 65000)},
      {"t.i16", Value::of_int(ValueType::i16, -32000)},
      {"t.u32", Value::u32(4000000000u)},
      {"t.i32", Value::of_int(ValueType::i32, -2000000000)},
      {"t.f32", Value::f32(0.1)},
      {"t.bool", Value::boolean(true)},
      {"t.string", Value::string("你好 GGUF")},
      {"t.u64", Value::of_uint(ValueType::u64, 1ull << 60)},
      {"t.i64", Value::of_int(ValueType::i64, -(1ll << 60))},
      {"t.f64", Value::of_float(ValueType::f64, 0.1)},
      {"t.strings", Value::strings({"a", "", "Ġb c"})},
      {"t.i32s", Value::int_array(ValueType::i32, {1, -2, 3})},
      {"t.u8s", Value::uint_array(ValueType::u8, {0, 255})},
      {"t.bools", Value::uint_array(ValueType::boolean, {1, 0, 1})},
      {"t.f32s", Value::float_array(ValueType::f32, {0.5, -1.25})},
      {"t.f64s", Value::float_array(ValueType::f64, {0.1, 1e300})},
      {"t.empty", Value::strings({})},
  };
  std::vector<float> matrix(4 * 256);
  for (std::size_t i = 0; i < matrix.size(); ++i) matrix[i] = static_cast<float>(i) * 0.0625f - 30.0f;
  const TensorType types[] = {TensorType::f32,  TensorType::f16,  TensorType::bf16, TensorType::q8_0,
                              TensorType::q4_0, TensorType::q5_0, TensorType::q4_k, TensorType::q6_k};
  {
    GgufWriter w(path);
    for (const auto& [k, v] : values) w.set(k, v);
    for (TensorType t : types) w.add_tensor(std::string("m.") + traits(t).name, {4, 256}, t);
    w.add_tensor("v", {3}, TensorType::f32);
    w.begin_data();
    for (TensorType t : types) {
      std::string bytes;
      encode(t, std::span<const float>(matrix.data(), 512), bytes);  // written in two pieces
      w.write_tensor_data(bytes);
      bytes.clear();
      encode(t, std::span<const float>(matrix.data() + 512, 512), bytes);
      w.write_tensor_data(bytes);
    }
    const std::vector<float> v = {1, 2, 3};
    std::string bytes;
    encode(TensorType::f32, v, bytes);
    w.write_tensor_data(bytes);
    w.finish();
  }
  const GgufReader r(path);
  EXPECT_EQ(r.version(), 3u);
  ASSERT_EQ(r.metadata().size(), values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    EXPECT_EQ(r.metadata()[i].first, values[i].first);
    EXPECT_EQ(r.metadata()[i].second, values[i].second) << values[i].first << ": " << r.metadata()[i].second.describe();
  }
  EXPECT_FLOAT_EQ(static_cast<float>(r.at("t.f32").as_float()), 0.1f);
  EXPECT_EQ(r.at("t.i8").as_int(), -120);
  ASSERT_EQ(r.tensors().size(), std::size(types) + 1);
  for (const TensorInfo& t : r.tensors()) EXPECT_EQ(t.offset % kDefaultAlignment, 0u) << t.name;
  EXPECT_EQ(r.find_tensor("m.F32")->shape, (std::vector<int64_t>{4, 256}));
  EXPECT_EQ(r.floats(*r.find_tensor("m.F32")), matrix);
  const std::vector<float> f16 = r.floats(*r.find_tensor("m.F16"));
  const std::vector<float> q8 = r.floats(*r.find_tensor("m.Q8_0"));
  for (std::size_t i = 0; i < matrix.size(); ++i) {
    EXPECT_EQ(f16[i], fp16_to_fp32(fp32_to_fp16(matrix[i])));
    EXPECT_NEAR(q8[i], matrix[i], 0.3f);
  }
  // Every type reads back as its own encoding decodes, within its steps of the values.
  for (TensorType t : types) {
    const TensorInfo& info = *r.find_tensor(std::string("m.") + traits(t).name);
    EXPECT_EQ(info.type, t);
    std::string bytes;
    encode(t, matrix, bytes);
    EXPECT_EQ(r.floats(info), decode(t, bytes, static_cast<int64_t>(matrix.size()))) << traits(t).name;
    const std::vector<float> back = r.floats(info);
    for (std::size_t i = 0; i < matrix.size(); ++i) EXPECT_NEAR(back[i], matrix[i], 2.5f) << traits(t).name << " " << i;
  }
  EXPECT_EQ(r.floats(*r.find_tensor("v")), (std::vector<float>{1, 2, 3}));
}

TEST(GgufFile, AWriterLeftUnfinishedLeavesNothing) {
  test::TempDir dir;
  {
    GgufWriter w(dir / "half.gguf");
    w.add_tensor("x", {32}, TensorType::f32);
    w.begin_data();
    EXPECT_THROW(w.write_tensor_data(std::string(200, '\0')), std::invalid_argument);  // more than the tensor holds
    EXPECT_THROW(w.finish(), std::logic_error);                                        // x was not written
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "half.gguf"));
}

TEST(GgufFile, DamagedFilesAreRefusedWithAReason) {
  test::TempDir dir;
  const std::filesystem::path good = dir / "good.gguf";
  {
    GgufWriter w(good);
    w.set("general.architecture", Value::string("llama"));
    w.set("tokens", Value::strings({"a", "b"}));
    w.add_tensor("x", {2, 32}, TensorType::f32);
    w.begin_data();
    w.write_tensor_data(std::string(2 * 32 * 4, '\0'));
    w.finish();
  }
  const std::string bytes = test::read_bytes(good);
  const auto error_of = [&](const std::string& content) {
    test::write_bytes(dir / "bad.gguf", content);
    try {
      GgufReader r(dir / "bad.gguf");
    } catch (const GgufError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(error_of("GGML" + bytes.substr(4)).find("not a GGUF file"), std::string::npos);
  EXPECT_NE(error_of(bytes.substr(0, 40)).find("cut short"), std::string::npos);
  EXPECT_NE(error_of(bytes.substr(0, bytes.size() - 8)).find("past the end"), std::string::npos);
  std::string version = bytes;
  version[4] = 9;
  EXPECT_NE(error_of(version).find("version 9"), std::string::npos);
  // Every truncation is refused or read, never a crash.
  for (std::size_t n = 0; n < bytes.size(); n += 7) {
    test::write_bytes(dir / "cut.gguf", bytes.substr(0, n));
    EXPECT_THROW(GgufReader(dir / "cut.gguf"), GgufError) << n;
  }
}

// A file written byte by byte from the format (tests/fixtures/tiny.gguf), not by GgufWriter.
TEST(GgufFile, ReadsAFileWrittenFromTheFormat) {
  const GgufReader r(test::fixture("tiny.gguf"));
  EXPECT_EQ(r.at("general.architecture").as_string(), "llama");
  EXPECT_EQ(r.at("llama.block_count").as_uint(), 1u);
  EXPECT_EQ(r.at("llama.rope.freq_base").as_float(), 10000.0);
  EXPECT_EQ(r.at("tokenizer.ggml.tokens").string_items(), (std::vector<std::string>{"a", "b", "\xc4\xa0" "c"}));
  EXPECT_EQ(r.at("tokenizer.ggml.token_type").int_items(), (std::vector<int64_t>{1, 1, 3}));
  EXPECT_TRUE(r.at("tokenizer.ggml.add_bos_token").as_bool());
  ASSERT_EQ(r.tensors().size(), 2u);
  const TensorInfo& x = *r.find_tensor("x.weight");
  EXPECT_EQ(x.shape, (std::vector<int64_t>{2, 32}));  // stored as [32, 2], ggml's order
  const std::vector<float> xs = r.floats(x);
  EXPECT_EQ(xs[0], -8.0f);
  EXPECT_EQ(xs[63], 23.5f);
  const TensorInfo& y = *r.find_tensor("y.weight");
  EXPECT_EQ(y.type, TensorType::q8_0);
  const std::vector<float> ys = r.floats(y);
  EXPECT_EQ(ys[1], 7.0f);                               // d = 1.0, q = 7
  EXPECT_EQ(ys[19], static_cast<float>(static_cast<int8_t>(133)));  // 19·7 = 133 as int8: -123
  EXPECT_THROW(r.at("no.such.key"), GgufError);
}
