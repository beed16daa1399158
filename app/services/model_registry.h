// The base models a user can train from: folders in Hugging Face layout,
// checked when added (config.json readable and of a supported family,
// weights present, a tokenizer), with what the UI shows about them. Built-in
// models (the bundled demo) are visible to every user; the others only to
// whoever added them.
#pragma once

#include <QString>

#include <optional>
#include <vector>

#include "services/sqlite_connection.h"

namespace tunedesk::services {

struct BaseModel {
  QString name;            // shown to the user; the folder's name by default
  QString path;            // absolute
  QString architecture;    // "Qwen3ForCausalLM"
  qint64 parameters = 0;
  QString chat_template;   // the template TuneDesk detected ("qwen3", "glm4", …)
  bool builtin = false;
};

class ModelRegistry {
 public:
  explicit ModelRegistry(const QString& database_path);  // throws ServiceError

  // Checks the folder and records it for `owner`. Throws ServiceError saying
  // what is wrong with the folder (missing config.json, an unsupported
  // architecture, no weights, no tokenizer) or that it is already there.
  // Names are unique among the models `owner` sees (they name models in the
  // API): a given `name` that is taken is refused; without one, the folder's
  // name is used, with " (2)", " (3)", … when taken.
  BaseModel add(const QString& owner, const QString& path, const QString& name = {});
  // Records a bundled model for everyone; does nothing if it is there already.
  void add_builtin(const QString& path, const QString& name);
  std::vector<BaseModel> list(const QString& owner) const;  // built-in ones first
  std::optional<BaseModel> find(const QString& owner, const QString& name) const;  // among list(owner)
  void remove(const QString& owner, const QString& path);   // built-in models cannot be removed

 private:
  SqliteConnection db_;
};

// What add() checks, without recording anything.
BaseModel inspect_model_folder(const QString& path);

}  // namespace tunedesk::services
