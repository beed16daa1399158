// Where TuneDesk keeps its state: the platform's application data folder
// (~/.local/share/TuneDesk on Linux), or TUNEDESK_DATA_DIR, or --data-dir.
//   DATA/tunedesk.db          accounts and jobs
//   DATA/users/<user>/...     each user's workspace
#pragma once

#include <QString>

namespace tunedesk::services {

// `override_dir` wins when not empty, then $TUNEDESK_DATA_DIR, then the platform folder.
QString data_dir(const QString& override_dir = {});
QString database_path(const QString& data_dir);

}  // namespace tunedesk::services
