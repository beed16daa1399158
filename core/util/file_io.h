// File reading and atomic writing.
//
// Nothing a user gave us is ever modified, and nothing we write is ever seen
// half-written: AtomicFileWriter writes to a temporary file beside the target,
// fsyncs it, renames it over the target and fsyncs the directory.
#pragma once

#include <cstdint>
#include <filesystem>
#include <future>
#include <stdexcept>
#include <string>
#include <string_view>

namespace tunedesk::util {

// A file that cannot be read or written; the message names the file and the reason.
class FileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The whole file. Throws FileError (missing, a directory, unreadable).
std::string read_file(const std::filesystem::path& path);

// Size in bytes. Throws FileError when the path is not a readable regular file.
std::uintmax_t regular_file_size(const std::filesystem::path& path);

// A file mapped read-only into memory: uploads are read without copying them.
class MappedFile {
 public:
  MappedFile() = default;
  explicit MappedFile(const std::filesystem::path& path);  // throws FileError
  ~MappedFile();
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  std::string_view bytes() const { return {static_cast<const char*>(data_), size_}; }
  // Lets the kernel take back the resident pages wholly inside `range` (a
  // part of bytes()) once they are no longer needed; the mapping stays, and
  // reading them again reads the file again. Returns the bytes given back.
  std::size_t drop_resident(std::string_view range) const;

 private:
  void* data_ = nullptr;
  std::size_t size_ = 0;
};

class AtomicFileWriter {
 public:
  // Creates the temporary file; throws FileError when the directory is not writable.
  explicit AtomicFileWriter(std::filesystem::path target);
  ~AtomicFileWriter();  // removes the temporary file unless commit() succeeded
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  void write(std::string_view bytes);  // buffered; full buffers are written on a second thread
  // Flushes, fsyncs, renames over the target and fsyncs the directory.
  void commit();

  const std::filesystem::path& target() const { return target_; }

 private:
  void flush_buffer();       // hands buffer_ to the writing thread
  void wait_for_pending();   // rethrows a write error

  std::filesystem::path target_;
  std::filesystem::path temp_;
  int fd_ = -1;
  std::string buffer_;          // being filled
  std::string writing_;         // being written by `pending_`
  std::future<void> pending_;
  bool committed_ = false;
};

// fsync a file written by other code (torch::save), and a directory after
// renaming into it, so that what was written survives a crash.
void fsync_path(const std::filesystem::path& path);

// Convenience: the whole content at once.
void write_file_atomically(const std::filesystem::path& target, std::string_view content);

}  // namespace tunedesk::util
