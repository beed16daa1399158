#include "services/api/api_context.h"

#include <QDir>
#include <QFileInfo>

#include "services/api/http_helpers.h"
#include "services/data_dir.h"
#include "services/service_error.h"

namespace tunedesk::services {

ApiContext::ApiContext(const QString& data_dir_, JobRunner& runner_, DownloadQueue& downloads_, QHttpServer& http)
    : data_dir(data_dir_),
      runner(runner_),
      downloads(downloads_),
      accounts(database_path(data_dir_)),
      keys(database_path(data_dir_)),
      datasets(database_path(data_dir_)),
      jobs(database_path(data_dir_)),
      models(database_path(data_dir_)),
      sessions(accounts, keys),
      http_(http) {
  engine_tasks.setMaxThreadCount(1);
}

QHttpServerResponse ApiContext::with_session(const QHttpServerRequest& request, bool write, const Handler& handle) {
  ApiRefusal refusal;
  const std::optional<ApiSession> s = sessions.authorize(request, write, refusal);
  if (!s) return error(refusal.status, refusal.code, refusal.message);
  return handle(*s);
}

QHttpServerResponse ApiContext::with_admin(const QHttpServerRequest& request, bool write, const Handler& handle) {
  return with_session(request, write, [&](const ApiSession& s) {
    if (s.user.role != Role::admin) return error(HttpStatus::Forbidden, "forbidden", "only administrators may do this");
    return handle(s);
  });
}

QHttpServerResponse ApiContext::with_job(const QString& id, const QHttpServerRequest& request, bool write,
                                         const std::function<QHttpServerResponse(const ApiSession&, const Job&)>& handle) {
  return with_session(request, write, [&](const ApiSession& s) {
    const std::optional<Job> job = visible_job(id, s);
    if (!job) return error(HttpStatus::NotFound, "not_found", "no job '" + id + "'");
    return handle(s, *job);
  });
}

QHttpServerResponse ApiContext::with_dataset(
    const QString& id, const QHttpServerRequest& request, bool write,
    const std::function<QHttpServerResponse(const ApiSession&, const DatasetRecord&)>& handle) {
  return with_session(request, write, [&](const ApiSession& s) {
    const std::optional<DatasetRecord> dataset = visible_dataset(id, s);
    if (!dataset) return error(HttpStatus::NotFound, "not_found", "no dataset '" + id + "'");
    return handle(s, *dataset);
  });
}

std::optional<Job> ApiContext::visible_job(const QString& id, const ApiSession& session) const {
  return jobs.find_visible(id, session.user);
}

std::optional<DatasetRecord> ApiContext::visible_dataset(const QString& id, const ApiSession& session) const {
  std::optional<DatasetRecord> d = datasets.find(id);
  // A file deleted since is answered like a dataset that does not exist.
  if (!d || d->owner != session.user.name || !QFileInfo(d->path).isFile()) return std::nullopt;
  return d;
}

QString ApiContext::dataset_file(const QString& asked, const ApiSession& session) const {
  if (const std::optional<DatasetRecord> d = visible_dataset(asked, session)) return d->path;
  QString path;
  try {
    path = workspace(session.user.name).resolve(asked);
  } catch (const ServiceError&) {
    return {};
  }
  return QFileInfo(path).isFile() ? path : QString();
}

QString ApiContext::chat_model_path(const QString& name, const ApiSession& session) const {
  if (const std::optional<BaseModel> base = models.find(session.user.name, name)) return base->path;
  if (const std::optional<Job> job = visible_job(name, session); job && has_trained_model(*job)) return job->output;
  return {};
}

QString ApiContext::requested_path(const QString& requested, const User& user, const Workspace& workspace) {
  const QString clean = QDir::cleanPath(requested);
  if (QDir::isAbsolutePath(requested) && user.role == Role::admin) return clean;
  const auto outside = [&] {
    return ServiceError("model.outside_workspace", {requested.toStdString(), workspace.root().toStdString()});
  };
  QString relative = requested;
  if (QDir::isAbsolutePath(requested)) {
    if (!clean.startsWith(workspace.root() + "/")) throw outside();
    relative = clean.mid(workspace.root().size() + 1);
  }
  try {
    return workspace.resolve(relative);  // ".." and links that lead out are refused
  } catch (const ServiceError&) {
    throw outside();
  }
}

}  // namespace tunedesk::services
