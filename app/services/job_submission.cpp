#include "services/job_submission.h"

#include <QDir>
#include <QFileInfo>

#include "data/model_types.h"
#include "services/service_error.h"
#include "training/run_config.h"

namespace tunedesk::services {

Job checked_job(const JobRequest& r) {
  // The settings, as the engine will read them (engine_plugin.cpp's run_config_of).
  const training::RunConfig settings = training::load_run_config_text(r.yaml.toStdString(), "job");
  training::Method method = settings.train.method;
  if (!r.method.isEmpty()) {
    const std::optional<training::Method> asked = training::parse_method(r.method.toStdString());
    if (!asked) throw ServiceError("job.method", {r.method.toStdString()});
    method = *asked;
  }
  const QString model_type = r.model_type.isEmpty() ? QString::fromStdString(settings.model_type) : r.model_type;
  const data::ModelTypeCatalog types = data::ModelTypeCatalog::with_user_types();
  if (!types.find(model_type.toStdString())) throw ServiceError("job.model_type", {model_type.toStdString(), types.ids()});
  if (!QFileInfo(r.dataset).isFile()) throw ServiceError("job.no_dataset", {r.dataset.toStdString()});
  if (!QFileInfo(r.base_model).isDir()) throw ServiceError("model.no_folder", {r.base_model.toStdString()});
  if (!QFileInfo(QDir(r.base_model).filePath("config.json")).isFile())
    throw ServiceError("model.no_config", {r.base_model.toStdString()});

  Job job;
  job.owner = r.owner;
  job.dataset = QFileInfo(r.dataset).absoluteFilePath();
  job.base_model = QDir(r.base_model).absolutePath();
  job.method = training::method_name(method);
  job.config = QJsonObject{{"yaml", r.yaml}, {"model_type", model_type}};
  return job;
}

}  // namespace tunedesk::services
