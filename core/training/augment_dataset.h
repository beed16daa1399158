// Growing a dataset with a model (data/augmentation.h says what is asked):
// for each row without errors, up to `per_row` candidates from the model —
// paraphrases of the question with the row's answer, or new pairs taken from
// the answer — written as alpaca JSONL marked "generated" ({"kind", "model",
// "from_line"}), never into the training data itself: the user reviews them.
// The CLI (`data augment`) and the job queue (through the engine plugin) both
// run this.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>

#include "data/augmentation.h"
#include "data/dataset.h"
#include "data/model_types.h"
#include "data/validation_report.h"

namespace tunedesk::training {

// After each source row: rows done of the rows to do, candidates written so far.
using AugmentationProgress = std::function<void(std::size_t rows_done, std::size_t rows_total, std::size_t written)>;

// `dataset` read and checked by the caller (its rows with errors are left
// out); `type` gives rows without an instruction theirs and picks the
// templates. Writes request.output atomically, also when cancelled (what was
// made by then). Throws UserError for unusable templates, std::runtime_error
// when the model cannot be opened, util::FileError when writing fails.
data::AugmentationOutcome augment_dataset(const data::Dataset& dataset, const data::ValidationReport& report,
                                          const data::ModelType& type, const data::AugmentationRequest& request,
                                          const AugmentationProgress& progress = {},
                                          const std::atomic<bool>* cancel = nullptr);

// The same for request.input read with the default options and request.model_type
// looked up among the built-in and the user's model types (UserError "augment.model_type" when unknown).
data::AugmentationOutcome augment_file(const data::AugmentationRequest& request, const AugmentationProgress& progress = {},
                                       const std::atomic<bool>* cancel = nullptr);

}  // namespace tunedesk::training
