#include "engine/weight_arena.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <new>
#include <stdexcept>
#include <string>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace tunedesk::engine {
namespace {

constexpr int64_t kHugePage = int64_t{2} << 20;  // x86-64's transparent huge page: 2 MiB

int64_t round_up(int64_t bytes, int64_t to) { return (bytes + to - 1) / to * to; }

}  // namespace

int64_t WeightArena::piece_bytes(int64_t bytes) { return round_up(bytes, kAlignment); }

WeightArena::WeightArena(int64_t bytes) : capacity_(bytes) {
  if (bytes < 0) throw std::invalid_argument("a weight arena of " + std::to_string(bytes) + " bytes");
#if defined(__linux__)
  // Mapped a huge page more than asked, then trimmed to a 2 MiB-aligned
  // span: huge pages back only the aligned 2 MiB extents of a mapping.
  const int64_t span = round_up(std::max<int64_t>(bytes, 1), kHugePage);
  const std::size_t mapped = static_cast<std::size_t>(span + kHugePage);
  void* raw = ::mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) throw std::bad_alloc();
  const auto start = reinterpret_cast<uintptr_t>(raw);
  const uintptr_t aligned = (start + kHugePage - 1) / kHugePage * kHugePage;
  if (aligned > start) ::munmap(raw, aligned - start);
  const uintptr_t end = start + mapped, used_end = aligned + static_cast<uintptr_t>(span);
  if (end > used_end) ::munmap(reinterpret_cast<void*>(used_end), end - used_end);
  void* base = reinterpret_cast<void*>(aligned);
  huge_pages_ = ::madvise(base, static_cast<std::size_t>(span), MADV_HUGEPAGE) == 0;
  block_ = at::from_blob(
      base, {span}, [span](void* p) { ::munmap(p, static_cast<std::size_t>(span)); }, at::TensorOptions(at::kByte));
#else
  block_ = at::empty({std::max<int64_t>(bytes, 1) + kAlignment}, at::kByte);
  const auto base = reinterpret_cast<uintptr_t>(block_.data_ptr());
  first_ = round_up(static_cast<int64_t>(base), kAlignment) - static_cast<int64_t>(base);
#endif
}

at::Tensor WeightArena::take(at::IntArrayRef sizes, at::ScalarType dtype) {
  int64_t count = 1;
  for (int64_t s : sizes) count *= s;
  const int64_t bytes = count * static_cast<int64_t>(c10::elementSize(dtype));
  if (used_ + piece_bytes(bytes) > capacity_)
    throw std::logic_error("a weight arena of " + std::to_string(capacity_) + " bytes, " + std::to_string(used_) +
                           " taken, asked for " + std::to_string(bytes) + " more");
  at::Tensor piece = block_.narrow(0, first_ + used_, bytes).view(dtype).view(sizes);
  used_ += piece_bytes(bytes);
  return piece;
}

}  // namespace tunedesk::engine
