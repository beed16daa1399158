#include "gguf/gguf_file.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <sstream>

namespace tunedesk::gguf {
namespace {

constexpr char kMagic[4] = {'G', 'G', 'U', 'F'};
// Limits a real file never reaches; beyond them a count is corrupt.
constexpr uint64_t kMaxItems = 1ull << 32;
constexpr uint32_t kMaxDims = 4;

struct ScalarInfo {
  ValueType type;
  const char* name;
  int bytes;  // 0: not a fixed-size scalar
};
constexpr ScalarInfo kScalars[] = {
    {ValueType::u8, "u8", 1},     {ValueType::i8, "i8", 1},       {ValueType::u16, "u16", 2},
    {ValueType::i16, "i16", 2},   {ValueType::u32, "u32", 4},     {ValueType::i32, "i32", 4},
    {ValueType::f32, "f32", 4},   {ValueType::boolean, "bool", 1}, {ValueType::string, "string", 0},
    {ValueType::array, "array", 0}, {ValueType::u64, "u64", 8},   {ValueType::i64, "i64", 8},
    {ValueType::f64, "f64", 8},
};

const ScalarInfo* info_of(ValueType t) {
  for (const ScalarInfo& s : kScalars)
    if (s.type == t) return &s;
  return nullptr;
}
bool is_unsigned(ValueType t) {
  return t == ValueType::u8 || t == ValueType::u16 || t == ValueType::u32 || t == ValueType::u64 || t == ValueType::boolean;
}
bool is_signed(ValueType t) { return t == ValueType::i8 || t == ValueType::i16 || t == ValueType::i32 || t == ValueType::i64; }
bool is_float(ValueType t) { return t == ValueType::f32 || t == ValueType::f64; }

// Little-endian encoding of the fixed-size scalars.
void put_bytes(std::string& out, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
void put_u32(std::string& out, uint32_t v) { put_bytes(out, v, 4); }
void put_u64(std::string& out, uint64_t v) { put_bytes(out, v, 8); }
void put_string(std::string& out, std::string_view s) {
  put_u64(out, s.size());
  out.append(s);
}

void put_scalar(std::string& out, ValueType t, uint64_t u, int64_t i, double f) {
  switch (t) {
    case ValueType::u8: case ValueType::u16: case ValueType::u32: case ValueType::u64: case ValueType::boolean:
      put_bytes(out, u, info_of(t)->bytes);
      return;
    case ValueType::i8: case ValueType::i16: case ValueType::i32: case ValueType::i64:
      put_bytes(out, static_cast<uint64_t>(i), info_of(t)->bytes);
      return;
    case ValueType::f32: put_u32(out, std::bit_cast<uint32_t>(static_cast<float>(f))); return;
    case ValueType::f64: put_u64(out, std::bit_cast<uint64_t>(f)); return;
    default: throw std::invalid_argument("not a fixed-size scalar");
  }
}

void put_value(std::string& out, const Value& v) {
  put_u32(out, static_cast<uint32_t>(v.type()));
  if (v.type() == ValueType::string) {
    put_string(out, v.as_string());
  } else if (v.type() == ValueType::array) {
    put_u32(out, static_cast<uint32_t>(v.element()));
    put_u64(out, v.size());
    const ValueType e = v.element();
    if (e == ValueType::string) {
      for (const std::string& s : v.string_items()) put_string(out, s);
    } else if (is_unsigned(e)) {
      for (uint64_t x : v.uint_items()) put_scalar(out, e, x, 0, 0);
    } else if (is_signed(e)) {
      for (int64_t x : v.int_items()) put_scalar(out, e, 0, x, 0);
    } else {
      for (double x : v.float_items()) put_scalar(out, e, 0, 0, x);
    }
  } else {
    put_scalar(out, v.type(), v.type() == ValueType::boolean || is_unsigned(v.type()) ? v.as_uint() : 0,
               is_signed(v.type()) ? v.as_int() : 0, is_float(v.type()) ? v.as_float() : 0);
  }
}

uint64_t align_up(uint64_t n, uint64_t alignment) { return (n + alignment - 1) / alignment * alignment; }

// Reads the file front to back, refusing to step past its end.
class Cursor {
 public:
  Cursor(std::string_view bytes, std::string source) : bytes_(bytes), source_(std::move(source)) {}
  uint64_t position() const { return pos_; }
  uint64_t remaining() const { return bytes_.size() - pos_; }
  [[noreturn]] void fail(const std::string& what) const {
    throw GgufError(source_ + ": " + what + " (at byte " + std::to_string(pos_) + " of " + std::to_string(bytes_.size()) + ")");
  }
  std::string_view take(uint64_t n) {
    if (n > bytes_.size() - pos_) fail("cut short: " + std::to_string(n) + " more bytes expected");
    const std::string_view out = bytes_.substr(pos_, n);
    pos_ += n;
    return out;
  }
  uint64_t number(int bytes) {
    const std::string_view b = take(static_cast<uint64_t>(bytes));
    uint64_t v = 0;
    for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(b[static_cast<std::size_t>(i)]);
    return v;
  }
  std::string string() {
    const uint64_t n = number(8);
    return std::string(take(n));
  }

 private:
  std::string_view bytes_;
  std::string source_;
  uint64_t pos_ = 0;
};

int64_t sign_extend(uint64_t v, int bytes) {
  if (bytes == 8) return static_cast<int64_t>(v);
  const uint64_t sign = 1ull << (8 * bytes - 1);
  return static_cast<int64_t>((v ^ sign) - sign);
}

Value read_scalar(Cursor& c, ValueType t) {
  const ScalarInfo* s = info_of(t);
  if (t == ValueType::string) return Value::string(c.string());
  if (!s || s->bytes == 0) c.fail("unknown value type " + std::to_string(static_cast<uint32_t>(t)));
  const uint64_t raw = c.number(s->bytes);
  if (t == ValueType::boolean) {
    if (raw > 1) c.fail("a boolean is " + std::to_string(raw));
    return Value::boolean(raw == 1);
  }
  if (is_unsigned(t)) return Value::of_uint(t, raw);
  if (is_signed(t)) return Value::of_int(t, sign_extend(raw, s->bytes));
  if (t == ValueType::f32) return Value::of_float(t, std::bit_cast<float>(static_cast<uint32_t>(raw)));
  return Value::of_float(t, std::bit_cast<double>(raw));
}

Value read_value(Cursor& c, ValueType t) {
  if (t != ValueType::array) return read_scalar(c, t);
  const auto element = static_cast<ValueType>(c.number(4));
  const uint64_t n = c.number(8);
  if (n > kMaxItems) c.fail("an array of " + std::to_string(n) + " items");
  if (element == ValueType::array) c.fail("arrays of arrays are not supported");
  const ScalarInfo* s = info_of(element);
  if (!s) c.fail("unknown array element type " + std::to_string(static_cast<uint32_t>(element)));
  // Every element takes bytes of the file (a string at least its 8-byte
  // length): a count the rest of the file cannot hold is corrupt, and is
  // refused before anything is allocated for it.
  const uint64_t least = element == ValueType::string ? 8 : static_cast<uint64_t>(s->bytes);
  if (n > c.remaining() / least) c.fail("an array of " + std::to_string(n) + " items in " + std::to_string(c.remaining()) + " bytes");
  if (element == ValueType::string) {
    std::vector<std::string> items;
    items.reserve(static_cast<std::size_t>(n));
    for (uint64_t i = 0; i < n; ++i) items.push_back(c.string());
    return Value::strings(std::move(items));
  }
  if (element == ValueType::boolean || is_unsigned(element)) {
    std::vector<uint64_t> items(static_cast<std::size_t>(n));
    for (uint64_t& x : items) {
      x = c.number(s->bytes);
      if (element == ValueType::boolean && x > 1) c.fail("a boolean is " + std::to_string(x));
    }
    return Value::uint_array(element, std::move(items));
  }
  if (is_signed(element)) {
    std::vector<int64_t> items(static_cast<std::size_t>(n));
    for (int64_t& x : items) x = sign_extend(c.number(s->bytes), s->bytes);
    return Value::int_array(element, std::move(items));
  }
  std::vector<double> items(static_cast<std::size_t>(n));
  for (double& x : items) {
    const uint64_t raw = c.number(s->bytes);
    x = element == ValueType::f32 ? static_cast<double>(std::bit_cast<float>(static_cast<uint32_t>(raw))) : std::bit_cast<double>(raw);
  }
  return Value::float_array(element, std::move(items));
}

}  // namespace

std::string_view value_type_name(ValueType t) {
  const ScalarInfo* s = info_of(t);
  return s ? s->name : "?";
}

// ---- Value -------------------------------------------------------------------

Value Value::typed(ValueType type, ValueType element) {
  Value x;
  x.type_ = type;
  x.element_ = element;
  return x;
}

Value Value::of_uint(ValueType t, uint64_t v) {
  if (!is_unsigned(t) || t == ValueType::boolean) throw std::invalid_argument("of_uint: not an unsigned type");
  Value x = typed(t);
  x.uint_ = v;
  return x;
}
Value Value::of_int(ValueType t, int64_t v) {
  if (!is_signed(t)) throw std::invalid_argument("of_int: not a signed type");
  Value x = typed(t);
  x.int_ = v;
  return x;
}
Value Value::of_float(ValueType t, double v) {
  if (!is_float(t)) throw std::invalid_argument("of_float: not a float type");
  Value x = typed(t);
  // Kept as the file holds it: an f32 value is the float, widened.
  x.float_ = t == ValueType::f32 ? static_cast<double>(static_cast<float>(v)) : v;
  return x;
}
Value Value::boolean(bool v) {
  Value x = typed(ValueType::boolean);
  x.uint_ = v ? 1 : 0;
  return x;
}
Value Value::string(std::string v) {
  Value x = typed(ValueType::string);
  x.string_ = std::move(v);
  return x;
}
Value Value::uint_array(ValueType element, std::vector<uint64_t> v) {
  if (!is_unsigned(element)) throw std::invalid_argument("uint_array: not an unsigned element type");
  Value x = typed(ValueType::array, element);
  x.uints_ = std::move(v);
  return x;
}
Value Value::int_array(ValueType element, std::vector<int64_t> v) {
  if (!is_signed(element)) throw std::invalid_argument("int_array: not a signed element type");
  Value x = typed(ValueType::array, element);
  x.ints_ = std::move(v);
  return x;
}
Value Value::float_array(ValueType element, std::vector<double> v) {
  if (!is_float(element)) throw std::invalid_argument("float_array: not a float element type");
  Value x = typed(ValueType::array, element);
  if (element == ValueType::f32)
    for (double& d : v) d = static_cast<double>(static_cast<float>(d));
  x.floats_ = std::move(v);
  return x;
}
Value Value::strings(std::vector<std::string> v) {
  Value x = typed(ValueType::array, ValueType::string);
  x.strings_ = std::move(v);
  return x;
}

namespace {
[[noreturn]] void not_a(ValueType actual, const char* wanted) {
  throw std::invalid_argument("a " + std::string(value_type_name(actual)) + " is not " + wanted);
}
}  // namespace

uint64_t Value::as_uint() const {
  if (!is_unsigned(type_)) not_a(type_, "unsigned");
  return uint_;
}
int64_t Value::as_int() const {
  if (is_signed(type_)) return int_;
  if (is_unsigned(type_)) return static_cast<int64_t>(uint_);
  not_a(type_, "an integer");
}
double Value::as_float() const {
  if (!is_float(type_)) not_a(type_, "a float");
  return float_;
}
bool Value::as_bool() const {
  if (type_ != ValueType::boolean) not_a(type_, "a bool");
  return uint_ != 0;
}
const std::string& Value::as_string() const {
  if (type_ != ValueType::string) not_a(type_, "a string");
  return string_;
}
std::size_t Value::size() const {
  if (type_ != ValueType::array) return 0;
  if (element_ == ValueType::string) return strings_.size();
  if (is_unsigned(element_)) return uints_.size();
  if (is_signed(element_)) return ints_.size();
  return floats_.size();
}

std::string Value::describe() const {
  std::ostringstream out;
  const auto scalar = [&](ValueType t, uint64_t u, int64_t i, double f) {
    if (t == ValueType::boolean) out << (u ? "true" : "false");
    else if (is_unsigned(t)) out << u;
    else if (is_signed(t)) out << i;
    else out << f;
  };
  if (type_ == ValueType::string) {
    out << '"' << (string_.size() > 60 ? string_.substr(0, 57) + "..." : string_) << '"';
  } else if (type_ == ValueType::array) {
    out << '[' << size() << " × " << value_type_name(element_);
    for (std::size_t k = 0; k < std::min<std::size_t>(size(), 4); ++k) {
      out << (k ? ", " : ": ");
      if (element_ == ValueType::string) out << '"' << strings_[k] << '"';
      else scalar(element_, is_unsigned(element_) ? uints_[k] : 0, is_signed(element_) ? ints_[k] : 0,
                  is_float(element_) ? floats_[k] : 0);
    }
    out << (size() > 4 ? ", ...]" : "]");
  } else {
    scalar(type_, uint_, int_, float_);
  }
  return out.str();
}

uint64_t TensorInfo::bytes() const {
  if (shape.empty()) return row_bytes(type, 1);
  uint64_t rows = 1;
  for (std::size_t d = 0; d + 1 < shape.size(); ++d) rows *= static_cast<uint64_t>(shape[d]);
  return rows * row_bytes(type, shape.back());
}

// ---- GgufWriter ----------------------------------------------------------------

GgufWriter::GgufWriter(std::filesystem::path path) : path_(std::move(path)) {}
GgufWriter::~GgufWriter() = default;

void GgufWriter::set(const std::string& key, Value value) {
  if (out_) throw std::logic_error("GgufWriter::set after begin_data");
  for (auto& [k, v] : metadata_)
    if (k == key) {
      v = std::move(value);
      return;
    }
  metadata_.emplace_back(key, std::move(value));
}

void GgufWriter::add_tensor(const std::string& name, std::vector<int64_t> shape, TensorType type) {
  if (out_) throw std::logic_error("GgufWriter::add_tensor after begin_data");
  if (shape.empty() || shape.size() > kMaxDims) throw std::invalid_argument(name + ": 1 to 4 dimensions");
  for (const TensorInfo& t : tensors_)
    if (t.name == name) throw std::invalid_argument(name + ": declared twice");
  TensorInfo t{name, std::move(shape), type, 0};
  uint64_t offset = 0;
  if (!tensors_.empty()) offset = align_up(tensors_.back().offset + tensors_.back().bytes(), kDefaultAlignment);
  t.offset = offset;
  (void)t.bytes();  // throws for a row length the type cannot hold
  tensors_.push_back(std::move(t));
}

void GgufWriter::begin_data() {
  std::string head(kMagic, 4);
  put_u32(head, kVersion);
  put_u64(head, tensors_.size());
  put_u64(head, metadata_.size());
  for (const auto& [key, value] : metadata_) {
    put_string(head, key);
    put_value(head, value);
  }
  for (const TensorInfo& t : tensors_) {
    put_string(head, t.name);
    put_u32(head, static_cast<uint32_t>(t.shape.size()));
    for (auto d = t.shape.rbegin(); d != t.shape.rend(); ++d) put_u64(head, static_cast<uint64_t>(*d));
    put_u32(head, static_cast<uint32_t>(t.type));
    put_u64(head, t.offset);
  }
  head.resize(align_up(head.size(), kDefaultAlignment), '\0');
  out_ = std::make_unique<util::AtomicFileWriter>(path_);
  out_->write(head);
  written_ = head.size();
  data_start_ = written_;
}

void GgufWriter::write_tensor_data(std::string_view bytes) {
  if (!out_) throw std::logic_error("GgufWriter::write_tensor_data before begin_data");
  if (next_tensor_ >= tensors_.size()) throw std::logic_error("GgufWriter: more tensor data than tensors declared");
  const TensorInfo& t = tensors_[next_tensor_];
  if (bytes.size() > t.bytes() - tensor_written_)
    throw std::invalid_argument(t.name + ": " + std::to_string(tensor_written_ + bytes.size()) + " bytes given, " +
                                std::to_string(t.bytes()) + " expected");
  const uint64_t at = data_start_ + t.offset;
  if (tensor_written_ == 0 && at > written_) {  // alignment padding before the tensor
    out_->write(std::string(at - written_, '\0'));
    written_ = at;
  }
  out_->write(bytes);
  written_ += bytes.size();
  tensor_written_ += bytes.size();
  if (tensor_written_ == t.bytes()) {
    ++next_tensor_;
    tensor_written_ = 0;
  }
}

void GgufWriter::finish() {
  if (!out_) begin_data();
  if (next_tensor_ != tensors_.size())
    throw std::logic_error("GgufWriter: " + std::to_string(tensors_.size() - next_tensor_) + " tensors were not written");
  out_->commit();
}

// ---- GgufReader ----------------------------------------------------------------

GgufReader::GgufReader(const std::filesystem::path& path) : source_(path.string()), file_(path) {
  bytes_ = file_.bytes();
  parse();
}

GgufReader::GgufReader(std::string_view bytes, const std::string& source) : source_(source), bytes_(bytes) { parse(); }

void GgufReader::parse() {
  const std::string_view bytes = bytes_;
  Cursor c(bytes, source_);
  if (bytes.size() < 4 || std::memcmp(bytes.data(), kMagic, 4) != 0) c.fail("not a GGUF file (no GGUF magic)");
  c.take(4);
  version_ = static_cast<uint32_t>(c.number(4));
  if (version_ < 2 || version_ > 3) c.fail("GGUF version " + std::to_string(version_) + " (TuneDesk reads 2 and 3)");
  const uint64_t tensor_count = c.number(8), kv_count = c.number(8);
  if (tensor_count > kMaxItems || kv_count > kMaxItems) c.fail("implausible counts");
  for (uint64_t i = 0; i < kv_count; ++i) {
    std::string key = c.string();
    const auto type = static_cast<ValueType>(c.number(4));
    metadata_.emplace_back(std::move(key), read_value(c, type));
  }
  uint64_t alignment = kDefaultAlignment;
  if (const Value* a = find("general.alignment")) {
    if (a->type() != ValueType::u32 || a->as_uint() == 0 || (a->as_uint() & (a->as_uint() - 1)) != 0)
      c.fail("general.alignment must be a power of two (u32)");
    alignment = a->as_uint();
  }
  for (uint64_t i = 0; i < tensor_count; ++i) {
    TensorInfo t;
    t.name = c.string();
    const uint64_t dims = c.number(4);
    if (dims == 0 || dims > kMaxDims) c.fail(t.name + ": " + std::to_string(dims) + " dimensions");
    std::vector<int64_t> reversed;
    uint64_t elements = 1;  // every element takes at least a byte of the file: more cannot be there
    for (uint64_t d = 0; d < dims; ++d) {
      const uint64_t n = c.number(8);
      if (n == 0 || n > bytes.size() / elements) c.fail(t.name + ": a dimension of " + std::to_string(n) + " does not fit the file");
      elements *= n;
      reversed.push_back(static_cast<int64_t>(n));
    }
    t.shape.assign(reversed.rbegin(), reversed.rend());
    const uint32_t type = static_cast<uint32_t>(c.number(4));
    bool known = false;
    std::string names;
    for (const TypeTraits& k : all_types()) {
      known |= static_cast<uint32_t>(k.type) == type;
      names += (names.empty() ? "" : ", ") + std::string(k.name);
    }
    if (!known) c.fail(t.name + ": ggml type " + std::to_string(type) + " is not one TuneDesk reads (" + names + ")");
    t.type = static_cast<TensorType>(type);
    t.offset = c.number(8);
    if (t.offset % alignment != 0) c.fail(t.name + ": offset " + std::to_string(t.offset) + " is not aligned");
    try {
      (void)t.bytes();
    } catch (const std::invalid_argument& e) {
      c.fail(t.name + ": " + e.what());
    }
    tensors_.push_back(std::move(t));
  }
  data_start_ = align_up(c.position(), alignment);
  if (data_start_ > bytes.size()) c.fail("no data after the tensor descriptions");
  const uint64_t available = bytes.size() - data_start_;
  for (const TensorInfo& t : tensors_)
    if (t.offset > available || t.bytes() > available - t.offset)
      throw GgufError(source_ + ": " + t.name + " lies past the end of the file");
}

const Value* GgufReader::find(std::string_view key) const {
  for (const auto& [k, v] : metadata_)
    if (k == key) return &v;
  return nullptr;
}

const Value& GgufReader::at(std::string_view key) const {
  if (const Value* v = find(key)) return *v;
  throw GgufError(source_ + ": no " + std::string(key));
}

const TensorInfo* GgufReader::find_tensor(std::string_view name) const {
  for (const TensorInfo& t : tensors_)
    if (t.name == name) return &t;
  return nullptr;
}

std::string_view GgufReader::data(const TensorInfo& t) const {
  return bytes_.substr(data_start_ + t.offset, t.bytes());
}

std::vector<float> GgufReader::floats(const TensorInfo& t) const {
  int64_t n = 1;
  for (int64_t d : t.shape) n *= d;
  return decode(t.type, data(t), n);
}

}  // namespace tunedesk::gguf
