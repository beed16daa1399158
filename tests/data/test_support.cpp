#include "data/test_support.h"
#include "test_paths.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>

namespace tunedesk::test {

std::filesystem::path source_dir() { return TUNEDESK_SOURCE_DIR; }
std::filesystem::path fixture(const std::string& name) { return source_dir() / "tests" / "fixtures" / name; }
std::filesystem::path sample(const std::string& name) { return source_dir() / "resources" / "samples" / name; }

TempDir::TempDir() {
  std::random_device rd;
  const auto base = std::filesystem::temp_directory_path();
  for (int attempt = 0; attempt < 100; ++attempt) {
    path_ = base / ("tunedesk-test-" + std::to_string(rd()));
    if (std::filesystem::create_directory(path_)) return;
  }
  throw std::runtime_error("cannot create a temporary directory");
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

void write_bytes(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<data::Finding> findings_of(const std::vector<data::Finding>& all, std::string_view rule) {
  std::vector<data::Finding> out;
  for (const auto& f : all)
    if (f.rule == rule) out.push_back(f);
  return out;
}

std::vector<std::size_t> lines_of(const std::vector<data::Finding>& all, std::string_view rule) {
  std::vector<std::size_t> out;
  for (const auto& f : findings_of(all, rule)) out.push_back(f.line);
  return out;
}

}  // namespace tunedesk::test
