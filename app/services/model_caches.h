// Models already on disk in the caches other tools fill: Hugging Face's
// ($HF_HUB_CACHE, or $HF_HOME/hub, or ~/.cache/huggingface/hub:
// models--OWNER--NAME/snapshots/COMMIT/, the one refs/main names) and
// ModelScope's ($MODELSCOPE_CACHE, or ~/.cache/modelscope/hub:
// models/OWNER/NAME/, or OWNER/NAME/ in older versions). Only folders TuneDesk
// can train from are listed (inspect_model_folder accepts them).
#pragma once

#include <QString>

#include <vector>

#include "services/hub_api.h"
#include "services/model_registry.h"

namespace tunedesk::services {

struct CachedModel {
  QString id;      // "Qwen/Qwen2.5-0.5B-Instruct"
  HubKind hub;     // whose cache it is in
  BaseModel model; // what inspect_model_folder says (path: the folder to add)
};

std::vector<CachedModel> find_cached_models();

// The cache folders looked in, as the environment sets them.
QString huggingface_cache_dir();
QString modelscope_cache_dir();

}  // namespace tunedesk::services
