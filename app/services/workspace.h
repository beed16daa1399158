// A user's workspace: a folder tree under the data directory that only that
// user's requests reach.
//   uploads/   files exactly as uploaded (never modified)
//   datasets/  converted training data
//   runs/      training runs
//   exports/   exported models
// Every path a request names is resolved inside the tree or refused.
#pragma once

#include <QByteArray>
#include <QFileInfo>
#include <QString>

#include <vector>

namespace tunedesk::services {

class Workspace {
 public:
  // Creates the folders. `user` must be a valid account name.
  Workspace(const QString& data_dir, const QString& user);

  const QString& root() const { return root_; }
  QString uploads_dir() const;
  QString datasets_dir() const;
  QString runs_dir() const;
  QString exports_dir() const;
  QString models_dir() const;  // downloaded base models

  // Keeps `bytes` as uploaded under uploads/, atomically, never replacing an
  // earlier upload: a second "qa.csv" becomes "qa (2).csv". Returns the path.
  QString store_upload(const QString& original_name, const QByteArray& bytes);

  // The dataset files kept here (CSV, JSONL, JSON): uploads/ then datasets/,
  // each oldest first. The one listing the data tab, the training form and the API share.
  struct DatasetFile {
    QFileInfo info;
    bool upload;  // kept as uploaded; else written by a conversion
  };
  std::vector<DatasetFile> dataset_files() const;

  // `relative` inside the workspace as an absolute path; throws ServiceError
  // for anything that would leave it ("..", absolute paths, links out).
  QString resolve(const QString& relative) const;
  // Whether the file `absolute` is inside the workspace (links resolved), and among the uploads.
  bool contains(const QString& absolute) const;
  bool is_upload(const QString& absolute) const;

 private:
  QString root_;
};

// Where an export of `job_id` goes, never over an earlier one: exports_dir/<id>
// (or <id>-merged, <id>-gguf, <id>-merged-gguf), else the first of -2, -3, …
// that does not exist or is empty.
QString new_export_folder(const QString& exports_dir, const QString& job_id, bool merged, bool gguf = false);

// A file name from a client, reduced to a safe base name ("../../x.csv" → "x.csv").
QString safe_file_name(const QString& name);

}  // namespace tunedesk::services
