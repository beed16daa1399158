#include "services/workspace.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

#include <algorithm>

#include "data/dataset_reader.h"
#include "services/account_store.h"
#include "services/service_error.h"

namespace tunedesk::services {

QString safe_file_name(const QString& name) {
  QString base = QFileInfo(QString(name).replace('\\', '/')).fileName();
  base.remove(QChar(0));
  for (QChar& c : base)
    if (c.category() == QChar::Other_Control) c = '_';
  if (base.isEmpty() || base == "." || base == "..") base = "upload";
  return base.left(200);
}

Workspace::Workspace(const QString& data_dir, const QString& user) {
  if (!valid_user_name(user)) throw ServiceError("account.invalid_name", {user.toStdString()});
  root_ = QDir(QDir(data_dir).filePath("users")).filePath(user);
  for (const char* sub : {"uploads", "datasets", "runs", "exports"})
    if (!QDir().mkpath(QDir(root_).filePath(sub)))
      throw ServiceError("cannot create " + QDir(root_).filePath(sub).toStdString());
  root_ = QDir(root_).canonicalPath();
}

QString Workspace::uploads_dir() const { return QDir(root_).filePath("uploads"); }
QString Workspace::datasets_dir() const { return QDir(root_).filePath("datasets"); }
QString Workspace::runs_dir() const { return QDir(root_).filePath("runs"); }
QString Workspace::exports_dir() const { return QDir(root_).filePath("exports"); }
QString Workspace::models_dir() const { return QDir(root_).filePath("models"); }

QString Workspace::store_upload(const QString& original_name, const QByteArray& bytes) {
  const QFileInfo wanted(safe_file_name(original_name));
  QString name = wanted.fileName();
  for (int n = 2; QFileInfo::exists(QDir(uploads_dir()).filePath(name)); ++n)
    name = wanted.completeBaseName() + " (" + QString::number(n) + ")" +
           (wanted.suffix().isEmpty() ? QString() : "." + wanted.suffix());
  const QString path = QDir(uploads_dir()).filePath(name);
  QSaveFile file(path);  // written beside, fsynced, renamed into place
  if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
    throw ServiceError("workspace.store_failed", {path.toStdString(), file.errorString().toStdString()});
  return path;
}

std::vector<Workspace::DatasetFile> Workspace::dataset_files() const {
  std::vector<DatasetFile> out;
  QStringList patterns;
  for (const std::string& suffix : data::dataset_file_suffixes()) patterns << "*." + QString::fromStdString(suffix);
  for (const bool upload : {true, false})
    for (const QFileInfo& info : QDir(upload ? uploads_dir() : datasets_dir()).entryInfoList(patterns, QDir::Files, QDir::Time | QDir::Reversed))
      out.push_back({info, upload});
  return out;
}

QString new_export_folder(const QString& exports_dir, const QString& job_id, bool merged, bool gguf) {
  const QString base = QDir(exports_dir).filePath(job_id + (merged ? "-merged" : "") + (gguf ? "-gguf" : ""));
  QString folder = base;
  for (int n = 2; QDir(folder).exists() && !QDir(folder).isEmpty(); ++n) folder = QString("%1-%2").arg(base).arg(n);
  return folder;
}

QString Workspace::resolve(const QString& relative) const {
  if (relative.isEmpty() || QDir::isAbsolutePath(relative))
    throw ServiceError("'" + relative.toStdString() + "' is not a path inside the workspace");
  const QString joined = QDir::cleanPath(QDir(root_).filePath(relative));
  // Resolve links in what exists of the path, then require it under the root.
  QString existing = joined;
  while (!QFileInfo::exists(existing) && existing != root_) existing = QFileInfo(existing).path();
  const QString real = QFileInfo(existing).canonicalFilePath() + joined.mid(existing.size());
  if (real != root_ && !real.startsWith(root_ + "/"))
    throw ServiceError("'" + relative.toStdString() + "' is outside the workspace");
  return real;
}

bool Workspace::contains(const QString& absolute) const {
  const QString real = QFileInfo(absolute).canonicalFilePath();
  return !real.isEmpty() && real.startsWith(root_ + "/");
}

bool Workspace::is_upload(const QString& absolute) const {
  const QString real = QFileInfo(absolute).canonicalFilePath();
  return !real.isEmpty() && real.startsWith(uploads_dir() + "/");
}

}  // namespace tunedesk::services
