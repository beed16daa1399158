// libFuzzer target: arbitrary bytes through the whole reading path — encoding
// detection, CSV (or JSONL) parsing, validation and the JSON report — checking
// that nothing crashes, reads out of bounds, or breaks the parser's invariants.
// Built and run by scripts/fuzz.sh.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <nlohmann/json.hpp>

#include "data/csv_reader.h"
#include "data/dataset_reader.h"
#include "data/text_encoding.h"
#include "data/validator.h"

using namespace tunedesk::data;

namespace {

void require(bool condition) {
  if (!condition) std::abort();
}

void check_csv_invariants(std::string_view text, const CsvTable& table) {
  std::size_t previous_line = 0;
  std::size_t expected_first = 0;
  for (const CsvRecord& r : table.records) {
    require(r.line > previous_line);  // records start on increasing lines
    require(r.line <= table.line_count + 1);
    require(r.first_field == expected_first);
    expected_first += r.field_count;
    previous_line = r.line;
  }
  require(expected_first == table.fields.size());
  for (std::string_view f : table.fields) {
    const bool in_text = f.data() >= text.data() && f.data() + f.size() <= text.data() + text.size();
    bool in_owned = false;
    for (const std::string& s : table.owned_fields)
      in_owned = in_owned || (f.data() >= s.data() && f.data() + f.size() <= s.data() + s.size());
    require(in_text || in_owned || f.empty());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);

  const DecodedText decoded = decode_to_utf8(bytes);
  const CsvTable table = parse_csv(decoded.utf8);
  check_csv_invariants(decoded.utf8, table);

  for (const char* format : {"csv", "jsonl"}) {
    ReadOptions options;
    options.format = format;
    const Dataset ds = read_dataset_bytes(bytes, "fuzz.input", options);
    const ValidationReport report = validate(ds);
    require(report.valid_rows <= report.rows);
    require(report.example_has_error.size() == ds.examples.size());
    (void)report_to_json(report).dump();
  }
  return 0;
}
