// Writes small zip archives in memory, for tests that need workbooks no
// spreadsheet program would write: malformed XML, lying parts, zip bombs.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace tunedesk::test {

struct ZipEntry {
  std::string name, data;
  bool deflate = false;  // stored as is otherwise
};

std::string make_zip(const std::vector<ZipEntry>& entries);

// A one-sheet workbook ("Sheet1") with `sheet_xml` inside <worksheet>…</worksheet>
// and, when given, `shared_strings` as the <sst> items and `styles` as the
// styles part's content. `deflate`: compress the sheet part.
std::string make_workbook(const std::string& sheet_xml, const std::string& shared_strings = "",
                          const std::string& styles = "", bool deflate = false);

}  // namespace tunedesk::test
