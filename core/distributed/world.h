// Where this process stands among the processes of one training run, read
// from the environment that torchrun, Slurm scripts and `tunedesk-cli train
// --nproc N` set: MASTER_ADDR, MASTER_PORT, RANK, WORLD_SIZE, LOCAL_RANK
// (and LOCAL_WORLD_SIZE). No libtorch here: the launcher uses it too.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace tunedesk::distributed {

// A variable that is missing, not a number or out of range; the message names it.
class WorldError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct World {
  int rank = 0;              // 0 .. size-1; rank 0 writes every file of the run
  int size = 1;
  int local_rank = 0;        // index on this machine: picks cuda:LOCAL_RANK
  int local_size = 1;        // processes on this machine: they share its cores
  std::string master_addr = "127.0.0.1";
  uint16_t master_port = 29500;
  // Longest wait for any collective or for the others to connect before a
  // process gives up with an error (TUNEDESK_DIST_TIMEOUT_S, default 30 min as in PyTorch).
  std::chrono::seconds timeout{1800};

  bool is_main() const { return rank == 0; }
  bool distributed() const { return size > 1; }
  std::string describe() const;  // "process 1 of 2 (127.0.0.1:29500)"
};

// The world described by the environment, or nullopt when WORLD_SIZE is
// unset (a single process). Throws WorldError for inconsistent values.
std::optional<World> world_from_environment();

// A TCP port that was free a moment ago on 127.0.0.1 (for a local launch).
uint16_t free_local_port();

}  // namespace tunedesk::distributed
