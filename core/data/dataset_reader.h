// Reading an uploaded file (CSV, or JSONL in alpaca or messages form) into a
// Dataset. Problems with the content become findings; only a file that cannot
// be read at all (missing, a directory, an unknown encoding name) throws.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "data/dataset.h"

namespace tunedesk::data {

struct ReadOptions {
  std::string encoding = "auto";              // or a name decode_to_utf8 accepts
  char delimiter = 0;                         // CSV: 0 = detect
  std::string format = "auto";                // "auto", "csv" or "jsonl"
  std::uintmax_t max_file_bytes = 50u << 20;  // larger files get file_too_large and are not read
};

// Throws util::FileError when the file cannot be read, UnknownEncodingError
// for an encoding name iconv does not know.
Dataset read_dataset(const std::filesystem::path& path, const ReadOptions& options = {});

// The same, for bytes already in memory (an upload in progress, a test).
Dataset read_dataset_bytes(std::string_view bytes, const std::string& display_name,
                           const ReadOptions& options = {});

}  // namespace tunedesk::data
