// The one way a job is asked for — the desktop's Start, POST
// /api/jobs and `tunedesk-cli jobs submit` all come here: the request is
// checked as the trainer will check it (a method it trains, settings it
// accepts, a dataset file, a model folder, a model type it knows) before
// anything is stored, so that a mistake is said at once, in the user's
// language, instead of failing the job when it comes up.
#pragma once

#include <QString>

#include "data/augmentation.h"
#include "services/job_store.h"

namespace tunedesk::services {

struct JobRequest {
  QString owner;
  QString dataset;     // path of the training data (resolved by the front end: an upload, a converted file)
  QString base_model;  // path of the base model folder
  QString method;      // lora, ptuning_v2, sft (PEFT's names too); empty: the settings'
  QString model_type;  // empty: the settings' (general unless they say)
  QString yaml;        // the run's settings (GLM-4 finetune_demo's keys); empty: TuneDesk's defaults
};

// The job `request` asks for, ready for JobStore::create or JobRunner::submit.
// Throws a UserError with its template: training::RunConfigError for the
// settings ("job: training_args.learning_rate: must be from …"),
// ServiceError for the rest (job.method, job.no_dataset, model.no_folder,
// model.no_config, job.model_type).
Job checked_job(const JobRequest& request);

// An augmentation (services/dataset_augmentation.h): `model` writes
// candidates for `dataset`'s rows with `options` (input, model and output
// are the job's own). Checked as above: the dataset file, the model folder, a
// prompt of the user's without its placeholder (UserError "augment.prompts").
struct AugmentationJobRequest {
  QString owner;
  QString dataset;  // the rows to grow from
  QString model;    // a base model, a finished run, an adapter or an exported model folder
  data::AugmentationRequest options;
};
Job checked_augmentation_job(const AugmentationJobRequest& request);

}  // namespace tunedesk::services
