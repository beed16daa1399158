// POST /api/jobs/{id}/export {"merge": true|false}: a finished job's result
// written into the user's workspace, where the browser can add it as a base
// model: exports/<id> (the adapter or model as it is) or exports/<id>-merged
// (a LoRA adapter merged into its base model), numbered when taken. The
// writing (a merge reads and writes the whole model) runs on a pool thread;
// the answer comes when it is done:
//   201 {"path": "exports/j4f9a21c-merged", "folder": ABSOLUTE, "written": "merged model", "model": true}
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTcpSocket>

#include <exception>
#include <memory>

#include "services/api_server.h"
#include "services/engine_bridge.h"
#include "services/http_helpers.h"
#include "services/workspace.h"

namespace tunedesk::services {
namespace {

// A responder kept until the export is done; the socket goes when the client hangs up.
struct PendingAnswer {
  explicit PendingAnswer(QHttpServerResponder&& r) : responder(std::move(r)), socket(responder.socket()) {}
  void write(const QJsonObject& body, HttpStatus status) {
    if (socket && socket->state() == QAbstractSocket::ConnectedState) responder.write(QJsonDocument(body), status);
  }
  QHttpServerResponder responder;
  QPointer<QTcpSocket> socket;
};

}  // namespace

void ApiServer::export_job(const QString& id, const QHttpServerRequest& request, QHttpServerResponder&& responder) {
  const auto answer = std::make_shared<PendingAnswer>(std::move(responder));
  Refusal refusal;
  const std::optional<Session> s = authorize(request, true, refusal);
  if (!s) return answer->write(error_body(refusal.code, refusal.message), refusal.status);
  const std::optional<Job> job = visible_job(id, *s);
  if (!job) return answer->write(error_body("not_found", "no job '" + id + "'"), HttpStatus::NotFound);
  const QJsonDocument doc = request.body().trimmed().isEmpty() ? QJsonDocument(QJsonObject()) : QJsonDocument::fromJson(request.body());
  if (!doc.isObject() || (doc.object().contains("merge") && !doc.object()["merge"].isBool()))
    return answer->write(error_body("bad_request", "expected JSON {\"merge\": true|false} (optional)"), HttpStatus::BadRequest);
  if (job->status != JobStatus::completed)
    return answer->write(error_body("conflict", QString("job %1 is %2; only a completed job has a result to export")
                                                    .arg(id, status_name(job->status))),
                         HttpStatus::Conflict);
  if (exporting_.contains(id))
    return answer->write(error_body("conflict", "job " + id + " is being exported already"), HttpStatus::Conflict);

  const bool merge = doc.object()["merge"].toBool(false);
  const Workspace workspace(data_dir_, job->owner);  // an administrator exporting another's job writes into theirs
  const QString folder = new_export_folder(workspace.exports_dir(), id, merge);
  const QString name = QFileInfo(folder).fileName();
  exporting_.insert(id);
  const std::string source = job->output.toStdString(), target = folder.toStdString();
  export_pool_.start([this, answer, id, name, folder, source, target, merge] {
    std::string written;
    QJsonObject failure;
    HttpStatus status = HttpStatus::Created;
    try {
      written = engine_bridge().export_result(source, target, merge);
    } catch (const UserError& e) {  // what the request cannot do (merging a prefix, …)
      failure = error_body("bad_request", e);
      status = HttpStatus::BadRequest;
    } catch (const std::exception& e) {  // NaN weights, a full disk: nothing usable was written
      failure = error_body("export_failed", e);
      status = HttpStatus::InternalServerError;
    }
    // The answer goes out on the server's thread.
    QMetaObject::invokeMethod(&http_, [this, answer, id, name, folder, written, failure, status] {
      exporting_.remove(id);
      if (!failure.isEmpty()) return answer->write(failure, status);
      const QString what = QString::fromStdString(written);
      answer->write(QJsonObject{{"path", "exports/" + name}, {"folder", folder}, {"written", what}, {"model", what != "adapter"}},
                    HttpStatus::Created);
    }, Qt::QueuedConnection);
  });
}

}  // namespace tunedesk::services
