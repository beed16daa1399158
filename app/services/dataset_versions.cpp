#include "services/dataset_versions.h"

#include <QDir>
#include <QFileInfo>

#include "data/dataset_reader.h"
#include "data/row_diff.h"
#include "util/file_io.h"

namespace tunedesk::services {
namespace {

QString record_path(const QString& version) {
  const QFileInfo info(version);
  return info.dir().filePath(".versions/" + info.fileName() + ".json");
}

}  // namespace

void record_version(const QString& version, const QString& source, const QString& made_by) {
  const QString path = record_path(version);
  QDir().mkpath(QFileInfo(path).path());
  const nlohmann::json record = {{"source", QFileInfo(source).absoluteFilePath().toStdString()},
                                 {"made_by", made_by.toStdString()},
                                 {"created", QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString()}};
  util::write_file_atomically(path.toStdString(), record.dump(2) + "\n");
}

std::optional<VersionOrigin> version_origin(const QString& version) {
  QFile file(record_path(version));
  if (!file.open(QIODevice::ReadOnly)) return std::nullopt;
  const nlohmann::json record = nlohmann::json::parse(file.readAll().toStdString(), nullptr, /*allow_exceptions=*/false);
  if (!record.is_object() || !record.value("source", nlohmann::json()).is_string()) return std::nullopt;  // not ours
  VersionOrigin o;
  o.source = QString::fromStdString(record["source"].get<std::string>());
  o.made_by = QString::fromStdString(record.value("made_by", ""));
  o.created = QDateTime::fromString(QString::fromStdString(record.value("created", "")), Qt::ISODate);
  return o;
}

nlohmann::json version_diff(const QString& before, const QString& after, std::size_t limit) {
  const data::Dataset earlier = data::read_dataset(before.toStdString());
  const data::Dataset later = data::read_dataset(after.toStdString());
  return data::row_diff_json(earlier, later, data::diff_rows(earlier, later), limit);
}

}  // namespace tunedesk::services
