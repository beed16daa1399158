// The torchrun-style environment: read when complete, refused with the
// variable named when not.
#include "distributed/world.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace tunedesk::distributed {
namespace {

class WorldEnvironment : public ::testing::Test {
 protected:
  static constexpr const char* kNames[] = {"MASTER_ADDR", "MASTER_PORT", "RANK", "WORLD_SIZE",
                                           "LOCAL_RANK",  "LOCAL_WORLD_SIZE", "TUNEDESK_DIST_TIMEOUT_S"};
  void SetUp() override {
    for (const char* n : kNames) ::unsetenv(n);
  }
  void TearDown() override { SetUp(); }
  static void set(const char* name, const char* value) { ::setenv(name, value, 1); }
  static std::string error() {
    try {
      world_from_environment();
    } catch (const WorldError& e) {
      return e.what();
    }
    return "";
  }
};

TEST_F(WorldEnvironment, NoWorldSizeMeansOneProcess) { EXPECT_FALSE(world_from_environment().has_value()); }

TEST_F(WorldEnvironment, ReadsWhatTorchrunSets) {
  set("WORLD_SIZE", "4");
  set("RANK", "3");
  set("LOCAL_RANK", "1");
  set("LOCAL_WORLD_SIZE", "2");
  set("MASTER_ADDR", "10.0.0.1");
  set("MASTER_PORT", "29501");
  set("TUNEDESK_DIST_TIMEOUT_S", "60");
  const auto w = world_from_environment();
  ASSERT_TRUE(w.has_value());
  EXPECT_EQ(w->size, 4);
  EXPECT_EQ(w->rank, 3);
  EXPECT_EQ(w->local_rank, 1);
  EXPECT_EQ(w->local_size, 2);
  EXPECT_EQ(w->master_addr, "10.0.0.1");
  EXPECT_EQ(w->master_port, 29501);
  EXPECT_EQ(w->timeout.count(), 60);
  EXPECT_FALSE(w->is_main());
  EXPECT_EQ(w->describe(), "process 3 of 4 (10.0.0.1:29501)");
}

TEST_F(WorldEnvironment, LocalValuesDefaultToTheWholeWorld) {
  set("WORLD_SIZE", "2");
  set("RANK", "1");
  set("MASTER_ADDR", "127.0.0.1");
  set("MASTER_PORT", "29500");
  const auto w = world_from_environment();
  ASSERT_TRUE(w.has_value());
  EXPECT_EQ(w->local_rank, 1);
  EXPECT_EQ(w->local_size, 2);
}

TEST_F(WorldEnvironment, InconsistentValuesNameTheVariable) {
  set("WORLD_SIZE", "2");
  EXPECT_NE(error().find("RANK is not"), std::string::npos) << error();
  set("RANK", "2");
  EXPECT_NE(error().find("RANK=2 must be between 0 and 1"), std::string::npos) << error();
  set("RANK", "one");
  EXPECT_NE(error().find("RANK=one is not a whole number"), std::string::npos) << error();
  set("RANK", "0");
  EXPECT_NE(error().find("needs MASTER_ADDR and MASTER_PORT"), std::string::npos) << error();
  set("MASTER_ADDR", "127.0.0.1");
  set("MASTER_PORT", "70000");
  EXPECT_NE(error().find("MASTER_PORT=70000 must be between 1 and 65535"), std::string::npos) << error();
}

TEST_F(WorldEnvironment, FreeLocalPortIsUsable) { EXPECT_GT(free_local_port(), 0); }

}  // namespace
}  // namespace tunedesk::distributed
