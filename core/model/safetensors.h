// The safetensors format, read and written by our own code: an 8-byte little
// endian header length, a JSON header {name: {dtype, shape, data_offsets}},
// then the raw little-endian tensor data. Files are memory-mapped; every
// header field is checked against the file before any byte is read, so a
// truncated or hostile file is an error, never an out-of-bounds read.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>

#include <string>
#include <string_view>
#include <vector>

#include "util/file_io.h"
#include "util/user_error.h"

namespace tunedesk::model {

enum class DType { f64, f32, f16, bf16, i64, i32, i16, i8, u8, boolean };

std::size_t dtype_size(DType d);
std::string_view dtype_name(DType d);  // as in the header: "F32", "BF16", ...
std::optional<DType> parse_dtype(std::string_view name);

class SafetensorsError : public UserError {
 public:
  using UserError::UserError;
};

struct TensorView {
  std::string name;
  DType dtype = DType::f32;
  std::vector<int64_t> shape;
  std::string_view bytes;  // into the mapped file

  int64_t numel() const;
};

// Parses and checks the header of a whole safetensors file held in `file`
// (a mapping or a buffer that outlives the result). `source` names it in errors.
struct ParsedSafetensors {
  std::vector<TensorView> tensors;  // in file order
  std::map<std::string, std::string> metadata;
};
ParsedSafetensors parse_safetensors(std::string_view file, const std::string& source);

class SafetensorsFile {
 public:
  explicit SafetensorsFile(const std::filesystem::path& path);  // throws SafetensorsError, util::FileError
  const std::vector<TensorView>& tensors() const { return parsed_.tensors; }
  const TensorView* find(std::string_view name) const;
  const std::map<std::string, std::string>& metadata() const { return parsed_.metadata; }
  const std::filesystem::path& path() const { return path_; }
  // MappedFile::drop_resident for one tensor's bytes; 0 when `name` is not here.
  std::size_t drop_resident(std::string_view name) const;

 private:
  std::filesystem::path path_;
  util::MappedFile file_;
  ParsedSafetensors parsed_;
  std::map<std::string, std::size_t, std::less<>> index_;
};

// Collects tensors and writes them as one safetensors file, atomically.
class SafetensorsWriter {
 public:
  // `bytes` are copied only when written; they must stay valid until write().
  void add(std::string name, DType dtype, std::vector<int64_t> shape, std::string_view bytes);
  void set_metadata(std::string key, std::string value) { metadata_[std::move(key)] = std::move(value); }
  void write(const std::filesystem::path& path) const;  // throws SafetensorsError, util::FileError
  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::string name;
    DType dtype;
    std::vector<int64_t> shape;
    std::string_view bytes;
  };
  std::vector<Entry> entries_;
  std::map<std::string, std::string> metadata_;
};

// Writes a model's weights into `dir` the way Hugging Face lays them out:
// model.safetensors, or, over `max_shard_bytes` (or when `shards` > 1 asks
// for it), model-0000N-of-0000M.safetensors in contiguous runs plus
// model.safetensors.index.json. Weight files of an earlier model there are
// removed first. Each file is written atomically.
struct WeightToWrite {
  std::string name;
  DType dtype = DType::f32;
  std::vector<int64_t> shape;
  std::string_view bytes;
};
struct WeightFolderOptions {
  int shards = 0;                                         // 0: as many as max_shard_bytes needs
  std::uintmax_t max_shard_bytes = 5ull * 1024 * 1024 * 1024;  // transformers' default limit
};
// Returns the number of files written.
int write_weight_folder(const std::filesystem::path& dir, const std::vector<WeightToWrite>& tensors,
                        const WeightFolderOptions& options = {});

// All the weights of a model folder: model.safetensors, or the shards listed
// in model.safetensors.index.json (weight_map), or every *.safetensors file.
class WeightFiles {
 public:
  explicit WeightFiles(const std::filesystem::path& model_dir);
  const TensorView* find(std::string_view name) const;
  std::vector<std::string> names() const;
  std::size_t file_count() const { return files_.size(); }
  std::uintmax_t total_bytes() const;
  // Gives back the resident pages of a tensor no longer read from its
  // mapping (one copied into another form). Returns the bytes given back.
  std::size_t drop_resident(std::string_view name) const;

 private:
  std::vector<std::unique_ptr<SafetensorsFile>> files_;
  std::map<std::string, const TensorView*, std::less<>> index_;
};

}  // namespace tunedesk::model
