// POST /api/jobs/{id}/export {"merge": true|false, "format": "hf"|"gguf", "type": "f16", "ollama": true|false}:
// a finished job's result written into the user's workspace, where the
// browser can add it as a base model: exports/<id> (the adapter or model as
// it is), exports/<id>-merged (a LoRA adapter merged into its base model), or
// exports/<id>[-merged]-gguf (GGUF for llama.cpp and Ollama, of type f32,
// f16, bf16, q8_0, q4_0 or q4_k_m: one model file, or for an unmerged LoRA adapter a GGUF
// adapter beside its base model's file; with "ollama" a Modelfile too),
// numbered when taken. The writing (a merge
// reads and writes the whole model) runs on a pool thread; the answer comes
// when it is done:
//   201 {"path": "exports/j4f9a21c-merged", "folder": ABSOLUTE, "written": "merged model", "model": true}
//   201 {"path": "exports/j4f9a21c-merged-gguf", "folder": …, "written": "merged GGUF", "model": false,
//        "file": "exports/j4f9a21c-merged-gguf/j4f9a21c-Q8_0.gguf", "notes": [...], "commands": ["llama-cli -m …"]}
//   201 {"path": "exports/j4f9a21c-gguf", …, "written": "GGUF adapter", "file": "exports/j4f9a21c-gguf/base-F16.gguf",
//        "adapter_file": "exports/j4f9a21c-gguf/j4f9a21c-F16-LoRA.gguf", "modelfile": "exports/j4f9a21c-gguf/Modelfile", …}
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <exception>
#include <memory>

#include "gguf/file_type.h"
#include "services/api/api_controllers.h"
#include "services/engine_bridge.h"
#include "services/api/http_helpers.h"
#include "services/workspace.h"

namespace tunedesk::services {

ExportController::ExportController(ApiContext& api) : api_(api) {
  api_.route("/api/jobs/<arg>/export", HttpMethod::Post,
             [this](const QString& id, const QHttpServerRequest& request, QHttpServerResponder&& responder) {
               start(id, request, std::move(responder));
             });
}

void ExportController::start(const QString& id, const QHttpServerRequest& request, QHttpServerResponder&& responder) {
  const auto answer = std::make_shared<HeldResponder>(std::move(responder));
  ApiRefusal refusal;
  const std::optional<ApiSession> s = api_.sessions.authorize(request, true, refusal);
  if (!s) return answer->write(error_body(refusal.code, refusal.message), refusal.status);
  const std::optional<Job> job = api_.visible_job(id, *s);
  if (!job) return answer->write(error_body("not_found", "no job '" + id + "'"), HttpStatus::NotFound);
  const QJsonDocument doc = request.body().trimmed().isEmpty() ? QJsonDocument(QJsonObject()) : QJsonDocument::fromJson(request.body());
  const QJsonObject body = doc.object();
  const QString format = body["format"].toString("hf"), type = body["type"].toString("f16");
  if (!doc.isObject() || (body.contains("merge") && !body["merge"].isBool()) ||
      (body.contains("format") && !body["format"].isString()) || (body.contains("type") && !body["type"].isString()) ||
      (body.contains("ollama") && !body["ollama"].isBool()) ||
      (body.contains("adapter_only") && !body["adapter_only"].isBool()) ||
      (body.contains("base_gguf") && !body["base_gguf"].isString()) ||
      (format != "hf" && format != "gguf") || !gguf::parse_file_type(type.toStdString()))
    return answer->write(error_body("bad_request", "expected JSON {\"merge\": true|false, \"format\": \"hf\"|\"gguf\", "
                                                   "\"type\": " + QString::fromStdString(gguf::file_type_choices()) + ", "
                                                   "\"ollama\": true|false, \"adapter_only\": true|false, "
                                                   "\"base_gguf\": FILE} (each optional)"),
                         HttpStatus::BadRequest);
  if (!has_trained_model(*job))
    return answer->write(error_body("conflict", is_augmentation(*job)
                                                    ? QString("job %1 is an augmentation; it has candidate rows, not a model to export").arg(id)
                                                    : QString("job %1 is %2; only a completed job has a result to export")
                                                          .arg(id, status_name(job->status))),
                         HttpStatus::Conflict);
  if (exporting_.contains(id))
    return answer->write(error_body("conflict", "job " + id + " is being exported already"), HttpStatus::Conflict);

  ExportSpec spec;
  spec.merge = body["merge"].toBool(false);
  spec.gguf = format == "gguf";
  spec.gguf_type = type.toLower().toStdString();
  spec.ollama = body["ollama"].toBool(false);
  if (spec.ollama && !spec.gguf)
    return answer->write(error_body("bad_request", "\"ollama\" needs \"format\": \"gguf\" (Ollama imports GGUF files)"),
                         HttpStatus::BadRequest);
  spec.adapter_only = body["adapter_only"].toBool(false);
  if (spec.adapter_only && !spec.gguf)
    return answer->write(error_body("bad_request", "\"adapter_only\" needs \"format\": \"gguf\""), HttpStatus::BadRequest);
  if (const QString base = body["base_gguf"].toString().trimmed(); !base.isEmpty()) {
    try {  // a relative path is in the job owner's workspace (exports/…/NAME-F16.gguf)
      spec.base_gguf = ApiContext::requested_path(base, s->user, api_.workspace(job->owner)).toStdString();
    } catch (const ServiceError& e) {
      return answer->write(error_body("outside_workspace", e), HttpStatus::Forbidden);
    }
  }
  const Workspace workspace = api_.workspace(job->owner);  // an administrator exporting another's job writes into theirs
  const QString folder = new_export_folder(workspace.exports_dir(), id, spec.merge, spec.gguf);
  const QString name = QFileInfo(folder).fileName();
  exporting_.insert(id);
  const std::string source = job->output.toStdString(), target = folder.toStdString();
  const QString workspace_root = workspace.root();
  api_.engine_tasks.start([this, answer, id, name, folder, workspace_root, source, target, spec] {
    ExportDone done;
    QJsonObject failure;
    HttpStatus status = HttpStatus::Created;
    try {
      done = engine_bridge().export_result(source, target, spec);
    } catch (const UserError& e) {  // what the request cannot do (merging a prefix, …)
      failure = error_body("bad_request", e);
      status = HttpStatus::BadRequest;
    } catch (const std::exception& e) {  // NaN weights, a full disk: nothing usable was written
      failure = error_body("export_failed", e);
      status = HttpStatus::InternalServerError;
    }
    // The answer goes out on the server's thread.
    QMetaObject::invokeMethod(&api_.server_thread(), [this, answer, id, name, folder, workspace_root, done, failure, status] {
      exporting_.remove(id);
      if (!failure.isEmpty()) return answer->write(failure, status);
      const QString what = QString::fromStdString(done.written);
      QJsonObject reply{{"path", "exports/" + name}, {"folder", folder}, {"written", what},
                        {"model", what == "model" || what == "merged model"}};
      const auto in_export = [&](const std::string& file) {
        return "exports/" + name + "/" + QFileInfo(QString::fromStdString(file)).fileName();
      };
      const auto strings = [](const std::vector<std::string>& items) {
        QJsonArray out;
        for (const std::string& item : items) out.append(QString::fromStdString(item));
        return out;
      };
      if (!done.file.empty() || !done.adapter_file.empty()) {  // GGUF
        // An adapter alone names its base's file where it is: in the workspace, or for an administrator anywhere.
        const QString base = QString::fromStdString(done.file);
        if (what == "GGUF adapter alone")
          reply["file"] = base.startsWith(workspace_root + "/") ? base.mid(workspace_root.size() + 1) : base;
        else
          reply["file"] = in_export(done.file);
        reply["notes"] = strings(done.notes);
        reply["commands"] = strings(done.commands);
      }
      if (!done.adapter_file.empty()) reply["adapter_file"] = in_export(done.adapter_file);
      if (!done.modelfile.empty()) reply["modelfile"] = in_export(done.modelfile);
      answer->write(reply, HttpStatus::Created);
    }, Qt::QueuedConnection);
  });
}

}  // namespace tunedesk::services
