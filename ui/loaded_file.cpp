#include "ui/loaded_file.h"

#include <QStringList>

#include <exception>

#include "data/dataset_reader.h"
#include "data/validator.h"
#include "ui/error_text.h"

namespace tunedesk::ui {

QString dataset_name_filters() {
  QStringList patterns;
  for (const std::string& suffix : data::dataset_file_suffixes()) patterns << "*." + QString::fromStdString(suffix);
  return patterns.join(' ');
}

std::shared_ptr<const LoadedFile> load_and_validate(const QString& path, const QString& encoding, const QString& sheet) {
  auto file = std::make_shared<LoadedFile>();
  file->path = path;
  file->encoding_asked = encoding;
  file->sheet_asked = sheet;
  try {
    data::ReadOptions options;
    options.encoding = encoding.toStdString();
    options.sheet = sheet.toStdString();
    file->dataset = data::read_dataset(path.toStdString(), options);
    file->report = data::validate(file->dataset);
  } catch (const std::exception& e) {
    file->error = error_text(e);
  }
  return file;
}

}  // namespace tunedesk::ui
