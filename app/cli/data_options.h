// What the `data` commands share: how to read a dataset file, the
// validation's limits, the model type whose instruction the rows get, and how
// a list of line numbers is printed.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "arg_parser.h"
#include "data/dataset_reader.h"
#include "data/model_types.h"
#include "data/validator.h"

namespace tunedesk::cli {

// --encoding, --delimiter, --format, --sheet, --model-type(s) and the validation's limits.
void add_reading_options(ArgParser& p);
data::ReadOptions reading_options(const ArgParser& p);
data::ValidationOptions validation_options(const ArgParser& p);
data::ModelTypeCatalog model_types(const ArgParser& p);
const data::ModelType& chosen_model_type(const ArgParser& p, const data::ModelTypeCatalog& catalog);

// "3, 7, 12, … (40 more)"
std::string line_list(const std::vector<std::size_t>& lines, std::size_t max_shown = 20);

}  // namespace tunedesk::cli
