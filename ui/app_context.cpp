#include "ui/app_context.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include "services/api/api_server.h"
#include "services/data_dir.h"

namespace tunedesk::ui {

QString bundled_demo_model() {
  QStringList candidates;
  if (const QString env = qEnvironmentVariable("TUNEDESK_DEMO_MODEL"); !env.isEmpty()) candidates << env;
  candidates << QCoreApplication::applicationDirPath() + "/../share/tunedesk/models/demo-qwen3"
             << QStringLiteral(TUNEDESK_SOURCE_MODELS_DIR "/demo-qwen3");
  for (const QString& dir : candidates)
    if (QFileInfo::exists(dir + "/config.json")) return QDir(dir).canonicalPath();
  return {};
}

AppContext::AppContext(const QString& data_dir, QObject* parent)
    : QObject(parent),
      data_dir_(data_dir),
      database_(services::database_path(data_dir)),
      accounts_(database_),
      models_(database_),
      jobs_(database_),
      runner_(new services::JobRunner(database_, this)),
      downloads_(new services::DownloadQueue(database_, this)) {
  if (const QString demo = bundled_demo_model(); !demo.isEmpty()) models_.add_builtin(demo, "demo-qwen3");
}

AppContext::~AppContext() = default;

void AppContext::sign_in(const services::User& user) {
  user_ = user;
  workspace_ = std::make_unique<services::Workspace>(data_dir_, user.name);
}

quint16 AppContext::set_server(const std::optional<services::ServingChoice>& choice) {
  server_.reset();
  server_port_ = 0;
  server_url_.clear();
  server_identity_.reset();
  if (!choice) return 0;
  const services::Serving serving = services::prepare_serving(*choice, data_dir_);
  server_ = std::make_unique<services::ApiServer>(data_dir_, *runner_, *downloads_);
  server_port_ = server_->listen(serving.listen);
  if (!server_port_) {
    server_.reset();
    return 0;
  }
  server_identity_ = serving.identity;
  server_url_ = services::served_url(choice->address, server_port_, serving.identity.has_value());
  return server_port_;
}

}  // namespace tunedesk::ui
