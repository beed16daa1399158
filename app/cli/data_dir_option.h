// --data-dir, which every command on TuneDesk's stores (users, jobs, serve) takes.
#pragma once

#include <QString>

#include "arg_parser.h"
#include "services/data_dir.h"

namespace tunedesk::cli {

inline void add_data_dir_option(ArgParser& p) {
  p.option("--data-dir", "DIR", "TuneDesk's data folder (default: $TUNEDESK_DATA_DIR or ~/.local/share/TuneDesk)");
}

// The folder --data-dir names, else $TUNEDESK_DATA_DIR's, else the default (services/data_dir.h).
inline QString data_dir_option(const ArgParser& p) {
  return services::data_dir(QString::fromStdString(p.value_or("--data-dir", "")));
}

}  // namespace tunedesk::cli
