#include "services/data_dir.h"

#include <QDir>
#include <QStandardPaths>

namespace tunedesk::services {

QString data_dir(const QString& override_dir) {
  if (!override_dir.isEmpty()) return QDir(override_dir).absolutePath();
  const QString env = qEnvironmentVariable("TUNEDESK_DATA_DIR");
  if (!env.isEmpty()) return QDir(env).absolutePath();
  const QString generic = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
  return QDir(generic).filePath("TuneDesk");
}

QString database_path(const QString& dir) { return QDir(dir).filePath("tunedesk.db"); }

}  // namespace tunedesk::services
