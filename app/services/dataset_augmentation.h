// Growing a dataset with a model, as the desktop's Augment panel and the API
// do it: a queued job (method "augment") whose output folder holds the
// candidates (candidates.jsonl, written by training/augment_dataset.h), then
// the user's review — each candidate accepted as it is, edited, or rejected
// — and a new version of the dataset in datasets/ with the source's rows and
// the accepted ones, marked "generated". The source is never changed.
//   job.config: {"augment": {"kind", "per_row", "model_type", "temperature", "seed", "limit", "max_new_tokens", "prompt"}}
#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>
#include <vector>

#include "data/augmentation.h"
#include "services/job_store.h"

namespace tunedesk::services {

// The options of a request's JSON {"kind": "paraphrase|pairs", "per_row": 1..64,
// "model_type", "temperature": 0..2, "seed", "limit", "max_new_tokens": 0..2048,
// "prompt": the user's own template} (all optional; input, model and output are the
// job's). Throws ServiceError("augment.option", {field, expected}).
data::AugmentationRequest augmentation_options_from_json(const QJsonObject& o);
QJsonObject augmentation_options_json(const data::AugmentationRequest& r);

// The built-in templates a panel offers to edit: {"paraphrase": {MODEL TYPE: TEXT, …}, "pairs": {…}},
// for every model type (a type without its own has general's).
QJsonObject augmentation_templates_json();

// What the engine runs for `job`: its options, its dataset and model, candidates into its folder.
data::AugmentationRequest augmentation_request_of(const Job& job);
QString candidates_path(const Job& job);

struct Candidate {
  int index = 0;  // its place in candidates.jsonl, 0-based: what a review names
  QString instruction, question, answer;
  QString kind;         // paraphrase, pairs
  qint64 from_line = 0; // the source row it was made from
};
// Whether `job`'s candidates can be reviewed: a finished or cancelled
// augmentation. Throws ServiceError: augment.not_candidates (another kind of
// job), augment.not_ready (queued, running or failed).
void check_reviewable(const Job& job);
// The candidates of a reviewable job (check_reviewable's errors otherwise).
std::vector<Candidate> read_candidates(const Job& job);
QJsonObject to_json(const Candidate& c);

// A review's verdict on one candidate: accepted, with the user's edits when given.
struct AcceptedCandidate {
  int index = 0;
  std::optional<QString> question, answer;
};
// A review from JSON {"accepted": [{"index", "question"?, "answer"?}, …]}; throws ServiceError("augment.option").
std::vector<AcceptedCandidate> accepted_from_json(const QJsonObject& o);

struct AugmentedVersion {
  QString path;              // the new version in datasets/
  std::size_t source_rows = 0, generated_rows = 0;
};
// The source's rows without errors, then the accepted candidates (edited as
// given; marked generated) into a new training JSONL in `datasets_dir` (the
// name `name`, else SOURCE.augmented.jsonl; never over a file). Throws
// ServiceError: augment.bad_candidate for an index not in the file or an edit
// left empty, augment.no_rows when nothing would be written.
AugmentedVersion accept_candidates(const Job& job, const std::vector<AcceptedCandidate>& accepted,
                                   const QString& datasets_dir, const QString& name = {});

}  // namespace tunedesk::services
