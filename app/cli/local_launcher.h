// `tunedesk-cli train … --nproc N`: starts N copies of this program on this
// machine with the environment torchrun would give them (MASTER_ADDR,
// MASTER_PORT, RANK, WORLD_SIZE, LOCAL_RANK, LOCAL_WORLD_SIZE), passes
// Ctrl-C/SIGTERM on to them, and when one fails gives the others a moment to
// report why before stopping them. No libtorch here.
#pragma once

#include <string>
#include <vector>

namespace tunedesk::cli {

// Runs `program args…` nproc times; returns 0 when all succeed, else the
// exit code of the first that failed (128+signal when one was killed).
int launch_local_processes(int nproc, const std::string& program, const std::vector<std::string>& args);

}  // namespace tunedesk::cli
