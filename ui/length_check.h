// What the length limits will do to the chosen dataset, for the training
// form to say before Start: every row rendered and counted as the trainer
// does it (training::build_sft_data with the base model's tokenizer and chat
// template, the model type's instruction). Run it off the UI thread.
#pragma once

#include <QString>

#include <optional>

#include "training/length_report.h"

namespace tunedesk::ui {

struct LengthCheck {
  std::optional<training::LengthReport> report;
  QString error;  // why the rows could not be counted (in the user's language)
};

LengthCheck check_lengths(const QString& dataset, const QString& model_dir, const QString& instruction,
                          const training::TruncationOptions& limits);

}  // namespace tunedesk::ui
