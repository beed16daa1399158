#include "model/safetensors.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <limits>

#include "util/utf8.h"

namespace tunedesk::model {
namespace {

using nlohmann::json;

// A header larger than this is not a model file (the largest real ones are a few MB).
constexpr uint64_t kMaxHeader = 100ull << 20;

struct DTypeInfo {
  DType dtype;
  const char* name;
  std::size_t size;
};
constexpr DTypeInfo kDTypes[] = {{DType::f64, "F64", 8}, {DType::f32, "F32", 4}, {DType::f16, "F16", 2},
                                 {DType::bf16, "BF16", 2}, {DType::i64, "I64", 8}, {DType::i32, "I32", 4},
                                 {DType::i16, "I16", 2}, {DType::i8, "I8", 1}, {DType::u8, "U8", 1},
                                 {DType::boolean, "BOOL", 1}};

uint64_t read_le64(const char* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}

}  // namespace

std::size_t dtype_size(DType d) {
  for (const auto& i : kDTypes)
    if (i.dtype == d) return i.size;
  return 0;
}

std::string_view dtype_name(DType d) {
  for (const auto& i : kDTypes)
    if (i.dtype == d) return i.name;
  return "?";
}

std::optional<DType> parse_dtype(std::string_view name) {
  for (const auto& i : kDTypes)
    if (name == i.name) return i.dtype;
  return std::nullopt;
}

int64_t TensorView::numel() const {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

ParsedSafetensors parse_safetensors(std::string_view file, const std::string& source) {
  const auto fail = [&](const std::string& what) -> SafetensorsError {
    return SafetensorsError(source + ": " + what);
  };
  if (file.size() < 8) throw fail("too short to be a safetensors file (" + std::to_string(file.size()) + " bytes)");
  const uint64_t header_size = read_le64(file.data());
  if (header_size > kMaxHeader || header_size > file.size() - 8)
    throw fail("the header claims " + std::to_string(header_size) + " bytes but the file has " +
               std::to_string(file.size() - 8) + " after the length (truncated or not safetensors)");
  const std::string_view header_text = file.substr(8, header_size);
  const std::string_view data = file.substr(8 + header_size);

  json header;
  try {
    header = json::parse(header_text);
  } catch (const json::exception& e) {  // parse_error, and out_of_range for numbers too large
    throw fail("the header is not valid JSON: " + utf8::sanitized(e.what()));
  }
  if (!header.is_object()) throw fail("the header is not a JSON object");

  ParsedSafetensors parsed;
  std::vector<std::pair<uint64_t, uint64_t>> ranges;
  for (auto it = header.begin(); it != header.end(); ++it) {
    const std::string& name = it.key();
    const json& entry = it.value();
    if (name == "__metadata__") {
      if (!entry.is_object()) throw fail("__metadata__ must be an object of strings");
      for (auto m = entry.begin(); m != entry.end(); ++m)
        if (m.value().is_string()) parsed.metadata[m.key()] = m.value().get<std::string>();
      continue;
    }
    const auto bad = [&](const std::string& what) { return fail("tensor \"" + name + "\": " + what); };
    if (!entry.is_object() || !entry.contains("dtype") || !entry.contains("shape") || !entry.contains("data_offsets"))
      throw bad("needs dtype, shape and data_offsets");
    if (!entry["dtype"].is_string()) throw bad("dtype must be a string");
    const auto dtype = parse_dtype(entry["dtype"].get<std::string>());
    if (!dtype) throw bad("unknown dtype \"" + entry["dtype"].get<std::string>() + "\"");
    const json& shape = entry["shape"];
    const json& offsets = entry["data_offsets"];
    if (!shape.is_array()) throw bad("shape must be a list");
    if (!offsets.is_array() || offsets.size() != 2 || !offsets[0].is_number_unsigned() || !offsets[1].is_number_unsigned())
      throw bad("data_offsets must be [begin, end]");

    TensorView view;
    view.name = name;
    view.dtype = *dtype;
    uint64_t count = 1;
    for (const json& d : shape) {
      if (!d.is_number_unsigned()) throw bad("shape entries must be whole numbers >= 0");
      const uint64_t dim = d.get<uint64_t>();
      if (dim != 0 && count > std::numeric_limits<uint64_t>::max() / 16 / dim) throw bad("shape is too large");
      count *= dim;
      view.shape.push_back(static_cast<int64_t>(dim));
    }
    const uint64_t begin = offsets[0].get<uint64_t>(), end = offsets[1].get<uint64_t>();
    if (begin > end || end > data.size())
      throw bad("data_offsets [" + std::to_string(begin) + ", " + std::to_string(end) + "] lie outside the " +
                std::to_string(data.size()) + " data bytes");
    if (end - begin != count * dtype_size(*dtype))
      throw bad("holds " + std::to_string(end - begin) + " bytes but its shape and dtype need " +
                std::to_string(count * dtype_size(*dtype)));
    view.bytes = data.substr(begin, end - begin);
    ranges.emplace_back(begin, end);
    parsed.tensors.push_back(std::move(view));
  }
  std::sort(ranges.begin(), ranges.end());
  for (std::size_t i = 1; i < ranges.size(); ++i)
    if (ranges[i].first < ranges[i - 1].second && ranges[i].first != ranges[i].second)
      throw fail("two tensors share data bytes at offset " + std::to_string(ranges[i].first));
  std::sort(parsed.tensors.begin(), parsed.tensors.end(),
            [](const TensorView& a, const TensorView& b) { return a.bytes.data() < b.bytes.data(); });
  return parsed;
}

SafetensorsFile::SafetensorsFile(const std::filesystem::path& path) : path_(path), file_(path) {
  parsed_ = parse_safetensors(file_.bytes(), path.string());
  for (std::size_t i = 0; i < parsed_.tensors.size(); ++i) index_.emplace(parsed_.tensors[i].name, i);
}

const TensorView* SafetensorsFile::find(std::string_view name) const {
  auto it = index_.find(name);
  return it == index_.end() ? nullptr : &parsed_.tensors[it->second];
}

std::size_t SafetensorsFile::drop_resident(std::string_view name) const {
  const TensorView* view = find(name);
  return view ? file_.drop_resident(view->bytes) : 0;
}

void SafetensorsWriter::add(std::string name, DType dtype, std::vector<int64_t> shape, std::string_view bytes) {
  int64_t count = 1;
  for (int64_t d : shape) count *= d;
  if (static_cast<std::size_t>(count) * dtype_size(dtype) != bytes.size())
    throw SafetensorsError("tensor \"" + name + "\": " + std::to_string(bytes.size()) + " bytes do not fit its shape");
  for (const Entry& e : entries_)
    if (e.name == name) throw SafetensorsError("tensor \"" + name + "\" added twice");
  entries_.push_back({std::move(name), dtype, std::move(shape), bytes});
}

void SafetensorsWriter::write(const std::filesystem::path& path) const {
  json header = json::object();
  if (!metadata_.empty()) header["__metadata__"] = metadata_;
  uint64_t offset = 0;
  for (const Entry& e : entries_) {
    header[e.name] = {{"dtype", dtype_name(e.dtype)}, {"shape", e.shape}, {"data_offsets", {offset, offset + e.bytes.size()}}};
    offset += e.bytes.size();
  }
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');  // keep the data 8-byte aligned
  char length[8];
  for (int i = 0; i < 8; ++i) length[i] = static_cast<char>((static_cast<uint64_t>(text.size()) >> (8 * i)) & 0xFF);
  util::AtomicFileWriter out(path);
  out.write(std::string_view(length, 8));
  out.write(text);
  for (const Entry& e : entries_) out.write(e.bytes);
  out.commit();
}

int write_weight_folder(const std::filesystem::path& dir, const std::vector<WeightToWrite>& tensors,
                        const WeightFolderOptions& options) {
  namespace fs = std::filesystem;
  fs::create_directories(dir);
  // Split into contiguous runs: either `shards` equal counts, or by size.
  std::vector<std::pair<std::size_t, std::size_t>> runs;  // [begin, end)
  if (options.shards > 1) {
    const std::size_t n = std::min<std::size_t>(static_cast<std::size_t>(options.shards), std::max<std::size_t>(1, tensors.size()));
    for (std::size_t s = 0; s < n; ++s) runs.emplace_back(tensors.size() * s / n, tensors.size() * (s + 1) / n);
  } else {
    std::size_t begin = 0;
    std::uintmax_t bytes = 0;
    for (std::size_t i = 0; i < tensors.size(); ++i) {
      if (i > begin && bytes + tensors[i].bytes.size() > options.max_shard_bytes) {
        runs.emplace_back(begin, i);
        begin = i;
        bytes = 0;
      }
      bytes += tensors[i].bytes.size();
    }
    runs.emplace_back(begin, tensors.size());
  }

  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.path().extension() == ".safetensors" || entry.path().filename() == "model.safetensors.index.json")
      fs::remove(entry.path(), ec);
  std::uintmax_t total = 0;
  json weight_map = json::object();
  for (std::size_t s = 0; s < runs.size(); ++s) {
    char name[64];
    std::snprintf(name, sizeof name, "model-%05zu-of-%05zu.safetensors", s + 1, runs.size());
    const std::string file = runs.size() == 1 ? "model.safetensors" : name;
    SafetensorsWriter writer;
    writer.set_metadata("format", "pt");
    for (std::size_t i = runs[s].first; i < runs[s].second; ++i) {
      const WeightToWrite& t = tensors[i];
      writer.add(t.name, t.dtype, t.shape, t.bytes);
      weight_map[t.name] = file;
      total += t.bytes.size();
    }
    writer.write(dir / file);
  }
  if (runs.size() > 1)
    util::write_file_atomically(dir / "model.safetensors.index.json",
                                json{{"metadata", {{"total_size", total}}}, {"weight_map", weight_map}}.dump(2) + "\n");
  return static_cast<int>(runs.size());
}

WeightFiles::WeightFiles(const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  std::vector<fs::path> paths;
  std::error_code ec;
  if (fs::exists(dir / "model.safetensors.index.json", ec)) {
    json index;
    try {
      index = json::parse(util::read_file(dir / "model.safetensors.index.json"));
    } catch (const json::exception& e) {
      throw SafetensorsError((dir / "model.safetensors.index.json").string() + ": not valid JSON: " + utf8::sanitized(e.what()));
    }
    if (!index.contains("weight_map") || !index["weight_map"].is_object())
      throw SafetensorsError((dir / "model.safetensors.index.json").string() + ": no \"weight_map\"");
    for (const auto& [name, file] : index["weight_map"].items()) {
      const fs::path p = dir / file.get<std::string>();
      if (std::find(paths.begin(), paths.end(), p) == paths.end()) paths.push_back(p);
    }
  } else if (fs::exists(dir / "model.safetensors", ec)) {
    paths.push_back(dir / "model.safetensors");
  } else {
    for (const auto& entry : fs::directory_iterator(dir, ec))
      if (entry.path().extension() == ".safetensors") paths.push_back(entry.path());
    std::sort(paths.begin(), paths.end());
  }
  if (paths.empty()) throw SafetensorsError("model.no_weights", {dir.string()});
  for (const fs::path& p : paths) {
    files_.push_back(std::make_unique<SafetensorsFile>(p));
    for (const TensorView& t : files_.back()->tensors()) {
      if (!index_.emplace(t.name, &t).second)
        throw SafetensorsError(p.string() + ": tensor \"" + t.name + "\" is also in another shard");
    }
  }
}

const TensorView* WeightFiles::find(std::string_view name) const {
  auto it = index_.find(name);
  return it == index_.end() ? nullptr : it->second;
}

std::vector<std::string> WeightFiles::names() const {
  std::vector<std::string> out;
  for (const auto& [name, _] : index_) out.push_back(name);
  return out;
}

std::size_t WeightFiles::drop_resident(std::string_view name) const {
  for (const auto& file : files_)
    if (file->find(name)) return file->drop_resident(name);
  return 0;
}

std::uintmax_t WeightFiles::total_bytes() const {
  std::uintmax_t n = 0;
  for (const auto& [_, t] : index_) n += t->bytes.size();
  return n;
}

}  // namespace tunedesk::model
