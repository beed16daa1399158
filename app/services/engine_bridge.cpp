#include "services/engine_bridge.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QLibrary>
#include <QMutex>

#include "services/service_error.h"

namespace tunedesk::services {
namespace {

QMutex loading;
EngineBridge* loaded = nullptr;

}  // namespace

std::vector<std::string> engine_plugin_candidates() {
  const QString name = "libtunedesk_engine_plugin.so";
  QStringList dirs;
  if (const QString env = qEnvironmentVariable("TUNEDESK_ENGINE_PLUGIN"); !env.isEmpty()) return {env.toStdString()};
  const QString app = QCoreApplication::instance() ? QCoreApplication::applicationDirPath() : QString();
  if (!app.isEmpty()) dirs << app << app + "/../lib/tunedesk";
  dirs << QStringLiteral(TUNEDESK_INSTALLED_PLUGIN_DIR) << QStringLiteral(TUNEDESK_BUILD_PLUGIN_DIR);
  std::vector<std::string> out;
  for (const QString& d : dirs) out.push_back((d + "/" + name).toStdString());
  return out;
}

EngineBridge& engine_bridge() {
  QMutexLocker lock(&loading);
  if (loaded) return *loaded;
  std::string tried, errors;
  for (const std::string& path : engine_plugin_candidates()) {
    tried += "\n  " + path;
    if (!QFileInfo::exists(QString::fromStdString(path))) continue;
    // Never unloaded: the engine lives as long as the process.
    auto* library = new QLibrary(QString::fromStdString(path));
    library->setLoadHints(QLibrary::ResolveAllSymbolsHint);
    using Factory = EngineBridge* (*)();
    if (auto factory = reinterpret_cast<Factory>(library->resolve("tunedesk_engine_bridge"))) {
      loaded = factory();
      return *loaded;
    }
    errors += "\n  " + library->errorString().toStdString();
    delete library;
  }
  throw ServiceError("model.engine_missing", {tried + (errors.empty() ? std::string() : "\nerrors:" + errors)});
}

bool engine_bridge_loaded() {
  QMutexLocker lock(&loading);
  return loaded != nullptr;
}

}  // namespace tunedesk::services
