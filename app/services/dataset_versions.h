// Versions of a dataset: every file TuneDesk writes from another — converted,
// cleaned, augmented — records where it came from and how, so that the
// desktop and the browser can show a version's source and what changed
// (data/row_diff.h), and "undo" is choosing the source again. The record is a
// small JSON file beside the version (DIR/.versions/NAME.json, written
// atomically), so that any front end that writes or lists the file sees it.
#pragma once

#include <QDateTime>
#include <QString>

#include <nlohmann/json.hpp>

#include <optional>

namespace tunedesk::services {

struct VersionOrigin {
  QString source;   // the file it was made from (absolute)
  QString made_by;  // "convert", "clean", "augment"
  QDateTime created;
};

// Records that `version` was made from `source` by `made_by`. Throws util::FileError.
void record_version(const QString& version, const QString& source, const QString& made_by);
// Where `version` came from; nothing for an upload or a file made elsewhere.
std::optional<VersionOrigin> version_origin(const QString& version);

// The rows of `after` against those of `before` (both read as any dataset is):
// data::row_diff_json's form with the first `limit` entries. Throws what reading throws.
nlohmann::json version_diff(const QString& before, const QString& after, std::size_t limit);

}  // namespace tunedesk::services
