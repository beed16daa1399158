#include "util/file_io.h"

#include <gtest/gtest.h>

#include "data/test_support.h"

using namespace tunedesk;

TEST(AtomicFileWriter, CommitReplacesTheTargetWhole) {
  test::TempDir dir;
  const auto target = dir / "out.jsonl";
  test::write_bytes(target, "old content");
  {
    util::AtomicFileWriter w(target);
    w.write("new ");
    EXPECT_EQ(test::read_bytes(target), "old content");  // untouched until commit
    w.write(std::string(3u << 20, 'x'));                 // larger than the buffer
    w.commit();
  }
  const std::string now = test::read_bytes(target);
  EXPECT_EQ(now.size(), 4u + (3u << 20));
  EXPECT_TRUE(now.starts_with("new x"));
  // No temporary file is left behind.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
}

TEST(AtomicFileWriter, AbandonedWriteLeavesTheOldFileAndNoTemporary) {
  test::TempDir dir;
  const auto target = dir / "state.json";
  test::write_bytes(target, "{\"ok\":true}");
  {
    util::AtomicFileWriter w(target);
    w.write("{\"half\":");
    // destroyed without commit(), as when an exception unwinds
  }
  EXPECT_EQ(test::read_bytes(target), "{\"ok\":true}");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
}

TEST(AtomicFileWriter, UnwritableDirectoryIsAClearError) {
  try {
    util::AtomicFileWriter w("/nonexistent-dir/x.jsonl");
    FAIL();
  } catch (const util::FileError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent-dir/x.jsonl"), std::string::npos);
  }
}

TEST(ReadFile, ReadsBytesExactly) {
  test::TempDir dir;
  const std::string bytes("a\0b\r\n\xFF", 6);
  test::write_bytes(dir / "f", bytes);
  EXPECT_EQ(util::read_file(dir / "f"), bytes);
}

TEST(MappedFile, DroppedPagesReadTheFileAgain) {
  test::TempDir dir;
  const auto path = dir.path() / "weights.bin";
  std::string content(5 * 4096 + 100, '\0');
  for (std::size_t i = 0; i < content.size(); ++i) content[i] = static_cast<char>(i * 7 % 251);
  util::write_file_atomically(path, content);
  const util::MappedFile file(path);
  const std::string_view all = file.bytes();
  // Two whole pages lie inside [100, 100 + 3.5 pages); the partial ones at the edges stay.
  EXPECT_EQ(file.drop_resident(all.substr(100, 4096 * 7 / 2)), 2u * 4096);
  EXPECT_EQ(std::string(all), content);               // reading again reads the file
  EXPECT_EQ(file.drop_resident("outside the mapping"), 0u);
  EXPECT_EQ(file.drop_resident(all.substr(10, 100)), 0u);  // no whole page
}
