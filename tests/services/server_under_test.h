// The built-in server on a data folder of its own, for tests over real
// sockets: the stores' job runner and download queue, and the API on them.
#pragma once

#include <QTemporaryDir>

#include <memory>

#include "services/api/api_server.h"
#include "services/data_dir.h"
#include "services/download_queue.h"
#include "services/job_runner.h"

namespace tunedesk::test {

struct ServerUnderTest {
  QTemporaryDir dir;
  std::unique_ptr<services::JobRunner> runner;
  std::unique_ptr<services::DownloadQueue> downloads;
  std::unique_ptr<services::ApiServer> api;

  // Starts the runner, the queue and the API once `dir` holds what the test put there (not listening yet).
  void open() {
    runner = std::make_unique<services::JobRunner>(services::database_path(dir.path()));
    downloads = std::make_unique<services::DownloadQueue>(services::database_path(dir.path()));
    api = std::make_unique<services::ApiServer>(dir.path(), *runner, *downloads);
  }
};

}  // namespace tunedesk::test
