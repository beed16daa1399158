// What a run folder holds that front-ends read without the engine (no
// libtorch here): its checkpoints, and how run times are written.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace tunedesk::training {

// A training run's folder (what `train` writes: checkpoints/ or metrics.jsonl),
// rather than an adapter or model folder.
bool is_run_folder(const std::filesystem::path& dir);

// The step of a checkpoint folder's name ("checkpoint-40" -> 40); -1 for
// anything else, half-written ".tmp" folders included.
int64_t checkpoint_step(const std::filesystem::path& folder);

// The newest complete checkpoint in `dir` ("checkpoint-N" holding state.json),
// or an empty path. Folders left half-written by a crash are ignored.
std::filesystem::path latest_checkpoint(const std::filesystem::path& dir);

// "1h02m", "3m05s", "12s"
std::string format_duration(double seconds);

}  // namespace tunedesk::training
