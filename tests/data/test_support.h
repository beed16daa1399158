// Helpers shared by the data-pipeline tests.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "data/dataset.h"
#include "data/finding.h"
#include "data/validation_report.h"

namespace tunedesk::test {

std::filesystem::path source_dir();                       // the repository root
std::filesystem::path fixture(const std::string& name);   // tests/fixtures/NAME
std::filesystem::path sample(const std::string& name);    // resources/samples/NAME

// A fresh empty directory, removed with everything in it when destroyed.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

void write_bytes(const std::filesystem::path& path, std::string_view bytes);
std::string read_bytes(const std::filesystem::path& path);

// The findings of `rule` (in line order).
std::vector<data::Finding> findings_of(const std::vector<data::Finding>& all, std::string_view rule);
// The lines of the findings of `rule`.
std::vector<std::size_t> lines_of(const std::vector<data::Finding>& all, std::string_view rule);

}  // namespace tunedesk::test
