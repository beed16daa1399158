// Reading an uploaded file (CSV, an Excel workbook (.xlsx), or JSONL in alpaca
// or messages form) into a Dataset. Problems with the content become findings;
// only a file that cannot be read at all (missing, a directory, an unknown
// encoding name, a damaged workbook) throws.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "data/xlsx_reader.h"

namespace tunedesk::data {

struct ReadOptions {
  std::string encoding = "auto";              // or a name decode_to_utf8 accepts
  char delimiter = 0;                         // CSV: 0 = detect
  std::string format = "auto";                // "auto", "csv", "xlsx" or "jsonl"
  std::string sheet;                          // xlsx: the sheet to read; empty = the first
  std::uintmax_t max_file_bytes = 50u << 20;  // larger files get file_too_large and are not read
  XlsxLimits xlsx;                            // against zip bombs and giant sheets
};

// The file name suffixes read as datasets, lower case without the dot: what
// upload forms, file dialogs and folder listings offer.
const std::vector<std::string>& dataset_file_suffixes();

// Throws util::FileError when the file cannot be read, UnknownEncodingError
// for an encoding name iconv does not know, XlsxError for a workbook that
// cannot be read (the message starts with the file's name).
Dataset read_dataset(const std::filesystem::path& path, const ReadOptions& options = {});

// The same, for bytes already in memory (an upload in progress, a test).
Dataset read_dataset_bytes(std::string_view bytes, const std::string& display_name,
                           const ReadOptions& options = {});

}  // namespace tunedesk::data
