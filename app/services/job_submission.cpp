#include "services/job_submission.h"

#include <QDir>
#include <QFileInfo>

#include "data/model_types.h"
#include "services/dataset_augmentation.h"
#include "services/service_error.h"
#include "training/run_config.h"

namespace tunedesk::services {
namespace {

void check_dataset_and_model(const QString& dataset, const QString& model) {
  if (!QFileInfo(dataset).isFile()) throw ServiceError("job.no_dataset", {dataset.toStdString()});
  if (!QFileInfo(model).isDir()) throw ServiceError("model.no_folder", {model.toStdString()});
}

}  // namespace

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
  check_dataset_and_model(r.dataset, r.base_model);
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

Job checked_augmentation_job(const AugmentationJobRequest& r) {
  const data::ModelTypeCatalog types = data::ModelTypeCatalog::with_user_types();
  if (!types.find(r.options.model_type)) throw ServiceError("job.model_type", {r.options.model_type, types.ids()});
  if (!r.options.prompt_template.empty())  // the user's own prompt has what its kind works from
    data::AugmentationPrompts::check_template(r.options.kind, r.options.prompt_template, "prompt",
                                              std::string(data::augmentation_kind_name(r.options.kind)));
  check_dataset_and_model(r.dataset, r.model);
  Job job;
  job.owner = r.owner;
  job.dataset = QFileInfo(r.dataset).absoluteFilePath();
  job.base_model = QDir(r.model).absolutePath();
  job.method = kAugmentationMethod;
  job.config = QJsonObject{{"augment", augmentation_options_json(r.options)}};
  return job;
}

}  // namespace tunedesk::services
