#include "util/file_io.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <algorithm>
#include <utility>

namespace tunedesk::util {
namespace {

constexpr std::size_t kWriteBuffer = 1 << 20;

std::string describe(const std::filesystem::path& path, const char* what, int err) {
  return std::string(what) + " '" + path.string() + "': " + std::strerror(err);
}

void fsync_directory(const std::filesystem::path& dir) {
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;  // best effort: some filesystems do not allow opening directories
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

std::uintmax_t regular_file_size(const std::filesystem::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw FileError(describe(path, "cannot open", errno));
  if (S_ISDIR(st.st_mode)) throw FileError("cannot read '" + path.string() + "': it is a directory");
  if (!S_ISREG(st.st_mode)) throw FileError("cannot read '" + path.string() + "': not a regular file");
  return static_cast<std::uintmax_t>(st.st_size);
}

std::string read_file(const std::filesystem::path& path) {
  regular_file_size(path);  // clear errors for directories and devices
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw FileError(describe(path, "cannot open", errno));
  struct stat st {};
  std::string data;
  if (::fstat(fd, &st) == 0 && st.st_size > 0) data.resize(static_cast<std::size_t>(st.st_size));
  std::size_t used = 0;
  while (true) {
    if (used == data.size()) data.resize(std::max<std::size_t>(data.size() * 2, 1 << 16));  // file grew
    const ssize_t n = ::read(fd, data.data() + used, data.size() - used);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      throw FileError(describe(path, "cannot read", err));
    }
    used += static_cast<std::size_t>(n);
  }
  ::close(fd);
  data.resize(used);
  return data;
}

MappedFile::MappedFile(const std::filesystem::path& path) {
  size_ = static_cast<std::size_t>(regular_file_size(path));
  if (size_ == 0) return;  // nothing to map; bytes() is empty
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw FileError(describe(path, "cannot open", errno));
  data_ = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  const int err = errno;
  ::close(fd);
  if (data_ == MAP_FAILED) {
    data_ = nullptr;
    size_ = 0;
    throw FileError(describe(path, "cannot read", err));
  }
}

std::size_t MappedFile::drop_resident(std::string_view range) const {
  const auto begin = reinterpret_cast<uintptr_t>(range.data()), end = begin + range.size();
  const auto start = reinterpret_cast<uintptr_t>(data_);
  if (!data_ || begin < start || end > start + size_) return 0;
  const auto page = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
  const uintptr_t first = (begin + page - 1) / page * page, last = end / page * page;  // pages wholly inside
  if (last <= first) return 0;
  if (::madvise(reinterpret_cast<void*>(first), last - first, MADV_DONTNEED) != 0) return 0;
  return last - first;
}

MappedFile::~MappedFile() {
  if (data_) ::munmap(data_, size_);
}

MappedFile::MappedFile(MappedFile&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
  if (this != &other) {
    if (data_) ::munmap(data_, size_);
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

AtomicFileWriter::AtomicFileWriter(std::filesystem::path target) : target_(std::move(target)) {
  std::string pattern = target_.string() + ".tmp-XXXXXX";
  fd_ = ::mkstemp(pattern.data());
  if (fd_ < 0) throw FileError(describe(target_, "cannot write", errno));
  temp_ = pattern;
  ::fchmod(fd_, 0644);  // mkstemp creates 0600; a converted dataset is an ordinary file
  buffer_.reserve(kWriteBuffer);
}

AtomicFileWriter::~AtomicFileWriter() {
  if (pending_.valid()) pending_.wait();
  if (fd_ >= 0) ::close(fd_);
  if (!committed_) ::unlink(temp_.c_str());
}

void AtomicFileWriter::write(std::string_view bytes) {
  while (!bytes.empty()) {
    const std::size_t room = kWriteBuffer - std::min(buffer_.size(), kWriteBuffer);
    const std::size_t take = std::min(room, bytes.size());
    buffer_.append(bytes.substr(0, take));
    bytes.remove_prefix(take);
    if (buffer_.size() >= kWriteBuffer) flush_buffer();
  }
}

void AtomicFileWriter::wait_for_pending() {
  if (pending_.valid()) pending_.get();
}

void AtomicFileWriter::flush_buffer() {
  // Formatting the next buffer overlaps with writing this one.
  wait_for_pending();
  writing_.swap(buffer_);
  buffer_.clear();
  if (writing_.empty()) return;
  pending_ = std::async(std::launch::async, [this] {
    std::size_t done = 0;
    while (done < writing_.size()) {
      const ssize_t n = ::write(fd_, writing_.data() + done, writing_.size() - done);
      if (n < 0) {
        if (errno == EINTR) continue;
        throw FileError(describe(target_, "cannot write", errno));
      }
      done += static_cast<std::size_t>(n);
    }
  });
}

void AtomicFileWriter::commit() {
  flush_buffer();
  wait_for_pending();
  if (::fsync(fd_) != 0) throw FileError(describe(target_, "cannot sync", errno));
  if (::close(fd_) != 0) {
    fd_ = -1;
    throw FileError(describe(target_, "cannot close", errno));
  }
  fd_ = -1;
  if (::rename(temp_.c_str(), target_.c_str()) != 0) throw FileError(describe(target_, "cannot replace", errno));
  committed_ = true;
  fsync_directory(target_.parent_path());
}

void fsync_path(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw FileError(describe(path, "cannot open", errno));
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0 && err != EINVAL) throw FileError(describe(path, "cannot sync", err));
}

void write_file_atomically(const std::filesystem::path& target, std::string_view content) {
  AtomicFileWriter writer(target);
  writer.write(content);
  writer.commit();
}

}  // namespace tunedesk::util
