#include "training/trained_with.h"

#include <nlohmann/json.hpp>

#include "util/file_io.h"

namespace tunedesk::training {

using nlohmann::json;

void write_trained_with(const std::filesystem::path& dir, const TrainedWith& info) {
  const json j = {{"method", info.method},
                  {"base_model", info.base_model},
                  {"chat_template", info.chat_template},
                  {"model_type", info.model_type},
                  {"system_instruction", info.system_instruction}};
  util::write_file_atomically(dir / kTrainedWithFile, j.dump(2) + "\n");
}

std::optional<TrainedWith> read_trained_with(const std::filesystem::path& dir) {
  const std::filesystem::path path = dir / kTrainedWithFile;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::nullopt;
  try {
    const json j = json::parse(util::read_file(path));
    TrainedWith info;
    info.method = j.value("method", "");
    info.base_model = j.value("base_model", "");
    info.chat_template = j.value("chat_template", "");
    info.model_type = j.value("model_type", "");
    info.system_instruction = j.value("system_instruction", "");
    return info;
  } catch (const json::exception& e) {
    throw std::runtime_error(path.string() + ": not a valid TuneDesk training record: " + e.what());
  }
}

}  // namespace tunedesk::training
