#include "services/model_caches.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace tunedesk::services {
namespace {

QString environment(const char* name) { return qEnvironmentVariable(name).trimmed(); }

void add_if_model(std::vector<CachedModel>& out, const QString& id, HubKind hub, const QString& folder) {
  if (!QFileInfo::exists(folder + "/config.json")) return;
  try {
    out.push_back({id, hub, inspect_model_folder(folder)});
  } catch (const std::exception&) {
    // not a model TuneDesk runs (or a half-filled cache entry): not offered
  }
}

}  // namespace

QString huggingface_cache_dir() {
  if (const QString hub = environment("HF_HUB_CACHE"); !hub.isEmpty()) return hub;
  const QString home = environment("HF_HOME");
  return (home.isEmpty() ? QDir::homePath() + "/.cache/huggingface" : home) + "/hub";
}

QString modelscope_cache_dir() {
  const QString cache = environment("MODELSCOPE_CACHE");
  return cache.isEmpty() ? QDir::homePath() + "/.cache/modelscope/hub" : cache;
}

std::vector<CachedModel> find_cached_models() {
  std::vector<CachedModel> out;
  const QDir hf(huggingface_cache_dir());
  for (const QString& entry : hf.entryList({"models--*"}, QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
    // models--Qwen--Qwen2.5-0.5B-Instruct: owner and name, joined by "--"
    const QStringList parts = entry.mid(8).split("--");
    const QString id = parts.size() >= 2 ? parts.front() + "/" + parts.mid(1).join("--") : parts.front();
    const QDir repo(hf.filePath(entry));
    QString snapshot;
    QFile ref(repo.filePath("refs/main"));
    if (ref.open(QIODevice::ReadOnly)) snapshot = QString::fromLatin1(ref.readAll()).trimmed();
    if (snapshot.isEmpty() || !QFileInfo(repo.filePath("snapshots/" + snapshot)).isDir()) {
      const QStringList snapshots = QDir(repo.filePath("snapshots")).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Time);
      if (snapshots.isEmpty()) continue;
      snapshot = snapshots.front();  // the newest
    }
    add_if_model(out, id, HubKind::huggingface, repo.filePath("snapshots/" + snapshot));
  }
  const QDir ms(modelscope_cache_dir());
  for (const QString& base : {ms.filePath("models"), ms.path()}) {
    const QDir owners(base);
    for (const QString& owner : owners.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
      if (base == ms.path() && (owner == "models" || owner == "datasets" || owner.startsWith('.'))) continue;
      const QDir names(owners.filePath(owner));
      for (const QString& name : names.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
        // modelscope writes a '.' in a name as "___" (Qwen2___5-0___5B-Instruct)
        add_if_model(out, owner + "/" + QString(name).replace("___", "."), HubKind::modelscope, names.filePath(name));
    }
  }
  return out;
}

}  // namespace tunedesk::services
