#include "ui/length_check.h"

#include "chat/chat_template.h"
#include "data/dataset_reader.h"
#include "data/validator.h"
#include "tokenizer/tokenizer.h"
#include "ui/error_text.h"

namespace tunedesk::ui {

LengthCheck check_lengths(const QString& dataset, const QString& model_dir, const QString& instruction,
                          const training::TruncationOptions& limits) {
  try {
    const data::Dataset ds = data::read_dataset(dataset.toStdString());
    const data::ValidationReport report = data::validate(ds);
    const tok::Tokenizer tokenizer = tok::Tokenizer::load(model_dir.toStdString());
    const chat::ChatTemplate& tmpl = chat::choose_template(model_dir.toStdString(), "");
    return {training::length_report(training::build_sft_data(ds, report, tokenizer, tmpl, instruction.toStdString(), limits), limits),
            {}};
  } catch (const std::exception& e) {
    return {std::nullopt, error_text(e)};
  }
}

}  // namespace tunedesk::ui
