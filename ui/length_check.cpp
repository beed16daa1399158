#include "ui/length_check.h"

#include "data/dataset_reader.h"
#include "data/validator.h"
#include "ui/error_text.h"

namespace tunedesk::ui {

LengthCheck check_lengths(const QString& dataset, const QString& model_dir, const QString& instruction,
                          const training::TruncationOptions& limits) {
  try {
    const data::Dataset ds = data::read_dataset(dataset.toStdString());
    const data::ValidationReport report = data::validate(ds);
    return {training::count_lengths(ds, report, model_dir.toStdString(), instruction.toStdString(), limits), {}};
  } catch (const std::exception& e) {
    return {std::nullopt, error_text(e)};
  }
}

}  // namespace tunedesk::ui
