// The block packed weights live in: pieces aligned for vector loads, apart,
// alive after the arena object goes, an error past the room asked for, and
// huge pages under it where the system's setting grants them.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cstdint>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "engine/weight_arena.h"

namespace tunedesk::engine {
namespace {

uintptr_t address(const at::Tensor& t) { return reinterpret_cast<uintptr_t>(t.data_ptr()); }

TEST(WeightArena, PiecesAreAlignedApartAndOutliveTheArena) {
  at::Tensor floats, halves, bytes;
  {
    WeightArena arena(WeightArena::piece_bytes(10 * 10 * 4) + WeightArena::piece_bytes(3 * 2) +
                      WeightArena::piece_bytes(50));
    floats = arena.take({10, 10}, at::kFloat);
    halves = arena.take({3}, at::kBFloat16);
    bytes = arena.take({50}, at::kChar);
    EXPECT_EQ(arena.used(), arena.capacity());
  }
  for (const at::Tensor* t : {&floats, &halves, &bytes}) {
    EXPECT_EQ(address(*t) % WeightArena::kAlignment, 0u);
    EXPECT_TRUE(t->is_contiguous());
  }
  EXPECT_EQ(floats.sizes(), (std::vector<int64_t>{10, 10}));
  EXPECT_EQ(halves.scalar_type(), at::kBFloat16);
  EXPECT_GE(address(halves), address(floats) + 400);
  EXPECT_GE(address(bytes), address(halves) + 6);
  // Written after the arena object is gone: the pieces keep the block mapped.
  floats.copy_(torch::arange(100, torch::kFloat).view({10, 10}));
  halves.fill_(1.5);
  bytes.fill_(-7);
  EXPECT_EQ(floats.sum().item<float>(), 4950.0f);
  EXPECT_EQ(halves.to(at::kFloat).sum().item<float>(), 4.5f);
  EXPECT_EQ(bytes.to(at::kInt).sum().item<int>(), -350);
}

TEST(WeightArena, TakingPastItsRoomIsAnError) {
  WeightArena arena(WeightArena::piece_bytes(64 * 4));
  (void)arena.take({64}, at::kFloat);
  EXPECT_THROW((void)arena.take({1}, at::kChar), std::logic_error);
  EXPECT_THROW((void)WeightArena(WeightArena::piece_bytes(64)).take({65}, at::kChar), std::logic_error);
}

// /sys/kernel/mm/transparent_hugepage/enabled's chosen mode ("always [madvise] never" -> "madvise").
std::optional<std::string> transparent_huge_page_mode() {
  std::ifstream in("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string line;
  if (!std::getline(in, line)) return std::nullopt;
  const auto open = line.find('['), close = line.find(']');
  if (open == std::string::npos || close == std::string::npos) return std::nullopt;
  return line.substr(open + 1, close - open - 1);
}

// AnonHugePages (kB) of the mapping holding `p`, from /proc/self/smaps.
std::optional<long> huge_page_kb_of_mapping_holding(uintptr_t p) {
  std::ifstream in("/proc/self/smaps");
  std::string line;
  bool inside = false;
  while (std::getline(in, line)) {
    uintptr_t from = 0, to = 0;
    char dash = 0;
    std::istringstream range(line);
    if (range >> std::hex >> from >> dash >> to && dash == '-') {  // a mapping's first line: "from-to perms ..."
      inside = from <= p && p < to;
      continue;
    }
    if (inside && line.rfind("AnonHugePages:", 0) == 0) return std::stol(line.substr(14));
  }
  return std::nullopt;
}

TEST(WeightArena, LiesOnHugePagesWhereTheSystemGrantsThem) {
  const std::optional<std::string> mode = transparent_huge_page_mode();
  if (!mode || (*mode != "always" && *mode != "madvise"))
    GTEST_SKIP() << "transparent huge pages are " << mode.value_or("absent") << " on this system";
  WeightArena arena(int64_t{8} << 20);
  EXPECT_TRUE(arena.huge_pages());
  at::Tensor piece = arena.take({int64_t{8} << 20}, at::kByte);
  EXPECT_EQ(address(piece) % (uintptr_t{2} << 20), 0u) << "a 2 MiB-aligned start";
  piece.fill_(1);  // faulted in
  const std::optional<long> kb = huge_page_kb_of_mapping_holding(address(piece));
  ASSERT_TRUE(kb.has_value()) << "no mapping in /proc/self/smaps holds the arena";
  EXPECT_GT(*kb, 0) << "transparent huge pages are " << *mode << ", yet none backs the arena";
}

}  // namespace
}  // namespace tunedesk::engine
