// GGUF, the file format of llama.cpp and Ollama: a header, typed key/value
// metadata, tensor descriptions, and the tensors' data, each aligned.
//
//   "GGUF" u32 version=3, u64 tensor_count, u64 kv_count
//   kv_count × (string key, u32 value type, value)
//   tensor_count × (string name, u32 n_dims, n_dims × u64 dims, u32 type, u64 offset)
//   padding to `general.alignment` (32), then the data; offsets are from its start
//
// Strings are u64 length + UTF-8 bytes; arrays are u32 element type, u64
// count, elements; all little-endian. Dims are ggml's order, the fastest
// varying first: a PyTorch [rows, cols] matrix is [cols, rows] here.
// No torch: the CLI converts and inspects files without libtorch.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gguf/ggml_types.h"
#include "util/file_io.h"
#include "util/user_error.h"

namespace tunedesk::gguf {

class GgufError : public UserError {
 public:
  using UserError::UserError;
};

enum class ValueType : uint32_t {
  u8 = 0, i8 = 1, u16 = 2, i16 = 3, u32 = 4, i32 = 5, f32 = 6, boolean = 7,
  string = 8, array = 9, u64 = 10, i64 = 11, f64 = 12,
};
std::string_view value_type_name(ValueType t);

// One metadata value: a scalar, a string, or an array of scalars or strings.
// Integers are kept as int64/uint64 and floats as double, whatever their
// width in the file; `type` (and `element` for arrays) says the width.
class Value {
 public:
  Value() = default;
  // Scalars of any width, and the common ones by name.
  static Value of_uint(ValueType t, uint64_t v);  // u8, u16, u32, u64
  static Value of_int(ValueType t, int64_t v);    // i8, i16, i32, i64
  static Value of_float(ValueType t, double v);   // f32, f64
  static Value u32(uint32_t v) { return of_uint(ValueType::u32, v); }
  static Value f32(double v) { return of_float(ValueType::f32, v); }
  static Value boolean(bool v);
  static Value string(std::string v);
  // Arrays of one element type.
  static Value uint_array(ValueType element, std::vector<uint64_t> v);  // also booleans (0/1)
  static Value int_array(ValueType element, std::vector<int64_t> v);
  static Value float_array(ValueType element, std::vector<double> v);
  static Value strings(std::vector<std::string> v);

  ValueType type() const { return type_; }
  ValueType element() const { return element_; }  // arrays only
  uint64_t as_uint() const;                        // u8 … u64, bool
  int64_t as_int() const;                          // any integer scalar
  double as_float() const;                         // f32, f64
  bool as_bool() const;
  const std::string& as_string() const;
  std::size_t size() const;                        // array length
  const std::vector<std::string>& string_items() const { return strings_; }
  const std::vector<int64_t>& int_items() const { return ints_; }
  const std::vector<uint64_t>& uint_items() const { return uints_; }
  const std::vector<double>& float_items() const { return floats_; }

  // As text for people: numbers, true/false, quoted strings, "[n items: …]" arrays.
  std::string describe() const;
  bool operator==(const Value& other) const = default;

 private:
  static Value typed(ValueType type, ValueType element = ValueType::u8);
  ValueType type_ = ValueType::u32;
  ValueType element_ = ValueType::u8;
  uint64_t uint_ = 0;  // unsigned scalars and bool
  int64_t int_ = 0;    // signed scalars
  double float_ = 0;
  std::string string_;
  std::vector<std::string> strings_;
  std::vector<int64_t> ints_;
  std::vector<uint64_t> uints_;
  std::vector<double> floats_;
};

struct TensorInfo {
  std::string name;
  std::vector<int64_t> shape;  // PyTorch order, [rows, cols]; the file stores it reversed
  TensorType type = TensorType::f32;
  uint64_t offset = 0;         // from the start of the data section
  uint64_t bytes() const;
};

inline constexpr uint32_t kVersion = 3;
inline constexpr uint64_t kDefaultAlignment = 32;

// Writes a GGUF file as it goes: metadata and tensor descriptions first,
// then each tensor's data in the order declared, so that a model is never
// held in memory whole. Written to a temporary file and renamed into place
// by finish(); abandoned (nothing at the path) if destroyed before.
class GgufWriter {
 public:
  explicit GgufWriter(std::filesystem::path path);
  ~GgufWriter();

  void set(const std::string& key, Value value);  // before begin_data(); a key set twice keeps the last
  void add_tensor(const std::string& name, std::vector<int64_t> shape, TensorType type);
  // Writes the header, metadata and tensor descriptions.
  void begin_data();
  // The declared tensors' bytes, in order, in pieces of any size that do
  // not run past the end of the tensor being written (whole rows, for
  // streaming); each tensor gets exactly TensorInfo::bytes().
  void write_tensor_data(std::string_view bytes);
  void finish();

  const std::vector<TensorInfo>& tensors() const { return tensors_; }

 private:
  std::filesystem::path path_;
  std::vector<std::pair<std::string, Value>> metadata_;
  std::vector<TensorInfo> tensors_;
  std::unique_ptr<util::AtomicFileWriter> out_;
  std::size_t next_tensor_ = 0;  // the tensor being written
  uint64_t tensor_written_ = 0;  // its bytes so far
  uint64_t written_ = 0;         // bytes of the file so far
  uint64_t data_start_ = 0;
};

// Reads a GGUF file (mapped, not copied); every count, length and offset is
// checked against the file's size. Throws GgufError naming the file and what
// is wrong.
class GgufReader {
 public:
  explicit GgufReader(const std::filesystem::path& path);
  // A file already in memory (`bytes` must outlive the reader); `source` names it in errors.
  GgufReader(std::string_view bytes, const std::string& source);

  uint32_t version() const { return version_; }
  const std::vector<std::pair<std::string, Value>>& metadata() const { return metadata_; }
  const Value* find(std::string_view key) const;
  const Value& at(std::string_view key) const;  // throws GgufError when absent
  const std::vector<TensorInfo>& tensors() const { return tensors_; }
  const TensorInfo* find_tensor(std::string_view name) const;
  // The tensor's bytes as stored.
  std::string_view data(const TensorInfo& t) const;
  // The tensor as floats (F32, F16, BF16, Q8_0 decoded), in PyTorch order.
  std::vector<float> floats(const TensorInfo& t) const;

 private:
  void parse();

  std::string source_;
  util::MappedFile file_;  // when read from a path
  std::string_view bytes_;
  uint32_t version_ = 0;
  std::vector<std::pair<std::string, Value>> metadata_;
  std::vector<TensorInfo> tensors_;
  uint64_t data_start_ = 0;
};

}  // namespace tunedesk::gguf
