// libFuzzer target: Excel workbooks through the whole reading path. The first
// byte picks what the rest is:
//   0    a whole file (the container itself fuzzed)
//   1-3  the XML of the worksheet, the shared strings or the styles, packed
//        into an otherwise valid workbook (so the fuzzer reaches the XML
//        handlers instead of stopping at zip checksums)
//   4    a number format code, rendered for a value taken from its first bytes
// Checks that nothing crashes or reads out of bounds, that a bad workbook is
// an XlsxError and nothing else, and that every example views text the
// dataset owns. Built and run by scripts/fuzz.sh.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "data/cell_number_format.h"
#include "data/dataset_reader.h"
#include "data/validator.h"
#include "data/xlsx_reader.h"
#include "data/zip_writer.h"

using namespace tunedesk::data;

namespace {

void require(bool condition) {
  if (!condition) std::abort();
}

bool owned_by(const Dataset& ds, std::string_view view) {
  if (view.empty()) return true;
  for (const std::string& s : ds.storage->strings)
    if (view.data() >= s.data() && view.data() + view.size() <= s.data() + s.size()) return true;
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  const int mode = data[0] % 5;
  if (mode == 4) {
    double value = 0;
    std::memcpy(&value, rest.data(), std::min(rest.size(), sizeof value));
    (void)format_cell_number(value, rest.substr(std::min(rest.size(), sizeof value)), data[0] & 8);
    return 0;
  }
  std::string bytes;
  if (mode == 0) bytes = std::string(rest);
  else if (mode == 1) bytes = tunedesk::test::make_workbook(std::string(rest));
  else if (mode == 2) bytes = tunedesk::test::make_workbook("<sheetData><row r=\"1\"><c t=\"s\"><v>0</v></c><c t=\"s\"><v>1</v></c></row>"
                                                            "<row r=\"2\"><c t=\"s\"><v>2</v></c><c s=\"1\"><v>3.5</v></c></row></sheetData>",
                                                            std::string(rest));
  else bytes = tunedesk::test::make_workbook("<sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>text</t></is></c>"
                                             "<c t=\"inlineStr\"><is><t>result</t></is></c></row><row r=\"2\"><c s=\"1\"><v>45296.25</v></c>"
                                             "<c s=\"2\"><v>-0.5</v></c></row></sheetData>",
                                             "", std::string(rest));
  ReadOptions options;
  options.format = "xlsx";
  options.xlsx.max_unpacked_bytes = 64 << 20;
  options.xlsx.max_cells = 100000;
  try {
    const Dataset ds = read_dataset_bytes(bytes, "fuzz.xlsx", options);
    std::size_t previous_line = 0;
    for (const Example& ex : ds.examples) {
      require(ex.line > previous_line);
      previous_line = ex.line;
      require(owned_by(ds, ex.turn.user) && owned_by(ds, ex.turn.assistant));
    }
    const ValidationReport report = validate(ds);
    require(report.valid_rows <= report.rows);
    (void)report_to_json(report).dump();
  } catch (const XlsxError&) {
    // a clear error is the right answer to a broken workbook
  }
  return 0;
}
