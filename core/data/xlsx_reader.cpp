#include "data/xlsx_reader.h"

#include <expat.h>
#include <zip.h>

#include <charconv>
#include <cstring>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <optional>

#include "data/cell_number_format.h"
#include "util/utf8.h"

namespace tunedesk::data {
namespace {

// Sheet limits of the format (ECMA-376 part 1, 18.3.1.73 and .4): XFD, 1,048,576.
constexpr std::size_t kMaxColumns = 16384;
constexpr std::size_t kMaxRows = 1048576;

// ---- the zip container ---------------------------------------------------

class ZipArchive {
 public:
  ZipArchive(std::string_view bytes, const XlsxLimits& limits) : limits_(limits) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (source) {
      archive_ = zip_open_from_source(source, ZIP_RDONLY, &error);
      if (!archive_) zip_source_free(source);
    }
    if (!archive_) {
      const std::string reason = zip_error_strerror(&error);
      zip_error_fini(&error);
      throw XlsxError("not a readable .xlsx workbook (the zip container is damaged: " + reason + ")");
    }
    zip_error_fini(&error);
  }
  ~ZipArchive() { zip_discard(archive_); }
  ZipArchive(const ZipArchive&) = delete;
  ZipArchive& operator=(const ZipArchive&) = delete;

  bool has(const std::string& part) const { return locate(part) >= 0; }

  // Feeds the part's uncompressed bytes to `sink`, chunk by chunk.
  void stream(const std::string& part, const std::function<void(std::string_view)>& sink) {
    const zip_int64_t index = locate(part);
    if (index < 0) throw XlsxError("the workbook has no part " + part);
    zip_file_t* file = zip_fopen_index(archive_, static_cast<zip_uint64_t>(index), 0);
    if (!file) throw XlsxError(part + ": " + zip_strerror(archive_) + " (is the workbook password-protected?)");
    const std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> closer(file, zip_fclose);
    std::vector<char> buffer(1 << 16);
    for (;;) {
      const zip_int64_t n = zip_fread(file, buffer.data(), buffer.size());
      if (n < 0) throw XlsxError(part + ": the zip container is damaged (" + zip_file_strerror(file) + ")");
      if (n == 0) break;
      unpacked_ += static_cast<std::uint64_t>(n);
      if (unpacked_ > limits_.max_unpacked_bytes)
        throw XlsxError("the workbook unpacks to more than " + std::to_string(limits_.max_unpacked_bytes >> 20) +
                        " MiB; TuneDesk stops there (save the data as CSV, or split it)");
      sink({buffer.data(), static_cast<std::size_t>(n)});
    }
  }

 private:
  zip_int64_t locate(const std::string& part) const {
    const zip_int64_t exact = zip_name_locate(archive_, part.c_str(), 0);
    return exact >= 0 ? exact : zip_name_locate(archive_, part.c_str(), ZIP_FL_NOCASE);
  }

  zip_t* archive_ = nullptr;
  const XlsxLimits& limits_;
  std::uint64_t unpacked_ = 0;
};

// ---- XML parts, streamed -------------------------------------------------

// Element and attribute names arrive as "namespace|local" (or "local"); the
// parts are matched on local names so that the transitional and the strict
// namespaces of OOXML, and any prefix a writer chose, read the same.
std::string_view local_name(const char* name) {
  const std::string_view s(name);
  const std::size_t bar = s.rfind('|');
  return bar == std::string_view::npos ? s : s.substr(bar + 1);
}

std::optional<std::string_view> attribute(const char** attributes, std::string_view name) {
  for (const char** a = attributes; *a; a += 2)
    if (local_name(a[0]) == name) return std::string_view(a[1]);
  return std::nullopt;
}

class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  virtual void start(std::string_view /*name*/, const char** /*attributes*/) {}
  virtual void end(std::string_view /*name*/) {}
  virtual void text(std::string_view /*chars*/) {}
};

struct ParseState {
  XmlHandler* handler;
  XML_Parser parser;
  std::exception_ptr failure;  // thrown by a handler; rethrown once expat has returned
  bool doctype = false;
};

void stop_with(ParseState& state, std::exception_ptr e) {
  if (!state.failure) state.failure = std::move(e);
  XML_StopParser(state.parser, XML_FALSE);
}

void parse_part(ZipArchive& zip, const std::string& part, XmlHandler& handler) {
  const std::unique_ptr<std::remove_pointer_t<XML_Parser>, void (*)(XML_Parser)> parser(XML_ParserCreateNS(nullptr, '|'),
                                                                                         XML_ParserFree);
  if (!parser) throw std::bad_alloc();
  ParseState state{&handler, parser.get(), nullptr};
  XML_SetUserData(parser.get(), &state);
  XML_SetElementHandler(
      parser.get(),
      [](void* data, const XML_Char* name, const XML_Char** attributes) {
        auto& s = *static_cast<ParseState*>(data);
        try {
          s.handler->start(local_name(name), attributes);
        } catch (...) {
          stop_with(s, std::current_exception());
        }
      },
      [](void* data, const XML_Char* name) {
        auto& s = *static_cast<ParseState*>(data);
        try {
          s.handler->end(local_name(name));
        } catch (...) {
          stop_with(s, std::current_exception());
        }
      });
  XML_SetCharacterDataHandler(parser.get(), [](void* data, const XML_Char* chars, int length) {
    auto& s = *static_cast<ParseState*>(data);
    try {
      s.handler->text({chars, static_cast<std::size_t>(length)});
    } catch (...) {
      stop_with(s, std::current_exception());
    }
  });
  // Workbook parts never declare a DTD; one that does is refused before any
  // entity could be defined or expanded.
  XML_SetStartDoctypeDeclHandler(parser.get(), [](void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
    auto& s = *static_cast<ParseState*>(data);
    s.doctype = true;
    XML_StopParser(s.parser, XML_FALSE);
  });

  const auto fail = [&]() -> XlsxError {
    if (state.doctype) return XlsxError(part + ": a document type declaration (DTD) is not allowed in a workbook");
    return XlsxError(part + ", line " + std::to_string(XML_GetCurrentLineNumber(parser.get())) +
                     ": malformed XML (" + XML_ErrorString(XML_GetErrorCode(parser.get())) + ")");
  };
  zip.stream(part, [&](std::string_view chunk) {
    if (XML_Parse(parser.get(), chunk.data(), static_cast<int>(chunk.size()), XML_FALSE) != XML_STATUS_OK) {
      if (state.failure) std::rethrow_exception(state.failure);
      throw fail();
    }
  });
  if (XML_Parse(parser.get(), nullptr, 0, XML_TRUE) != XML_STATUS_OK) {
    if (state.failure) std::rethrow_exception(state.failure);
    throw fail();
  }
}

// OOXML writes the characters XML cannot hold as _xHHHH_ ("_x000D_" for a
// carriage return), and an underscore that would start such a sequence as
// "_x005F_". Only those are decoded: writers that do not escape (libxlsxwriter
// leaves a typed "_x0041_" as it is) then read as LibreOffice shows them.
std::string unescape_ooxml(std::string s) {
  if (s.find("_x") == std::string::npos) return s;
  const auto escape_at = [&](std::size_t i, unsigned& code) {
    return i + 6 < s.size() && s[i] == '_' && s[i + 1] == 'x' && s[i + 6] == '_' &&
           std::from_chars(s.data() + i + 2, s.data() + i + 6, code, 16).ptr == s.data() + i + 6;
  };
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    unsigned code = 0, next = 0;
    if (escape_at(i, code) && code < 0x20) {
      out += static_cast<char>(code);
      i += 7;
    } else if (escape_at(i, code) && code == 0x5F && escape_at(i + 6, next)) {
      out += '_';  // the escaped underscore; "x0041_" after it stays text
      i += 7;
      out += s.substr(i, 6);
      i += 6;
    } else {
      out += s[i++];
    }
  }
  return out;
}

// ---- package structure: which part is the workbook, the sheets, the strings

// "xl/workbook.xml" + "worksheets/sheet1.xml" -> "xl/worksheets/sheet1.xml";
// an absolute target ("/xl/...") is from the package root.
std::string resolve_target(const std::string& source_part, std::string_view target) {
  std::string path;
  if (!target.empty() && target[0] == '/') {
    target.remove_prefix(1);
  } else if (const std::size_t slash = source_part.rfind('/'); slash != std::string::npos) {
    path = source_part.substr(0, slash + 1);
  }
  std::vector<std::string> segments;
  std::string all = path + std::string(target);
  std::size_t start = 0;
  while (start <= all.size()) {
    const std::size_t slash = std::min(all.find('/', start), all.size());
    const std::string segment = all.substr(start, slash - start);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    start = slash + 1;
  }
  std::string out;
  for (const std::string& s : segments) out += (out.empty() ? "" : "/") + s;
  return out;
}

// "xl/workbook.xml" -> "xl/_rels/workbook.xml.rels"
std::string relationships_part(const std::string& part) {
  const std::size_t slash = part.rfind('/');
  const std::string dir = slash == std::string::npos ? "" : part.substr(0, slash + 1);
  return dir + "_rels/" + part.substr(slash == std::string::npos ? 0 : slash + 1) + ".rels";
}

struct Relationship {
  std::string type, target;  // type: the last segment of the type URI ("worksheet", "sharedStrings")
};

class RelationshipsHandler : public XmlHandler {
 public:
  std::map<std::string, Relationship> by_id;
  void start(std::string_view name, const char** attributes) override {
    if (name != "Relationship") return;
    const auto id = attribute(attributes, "Id"), type = attribute(attributes, "Type"), target = attribute(attributes, "Target");
    if (!id || !type || !target) return;
    const std::size_t slash = type->rfind('/');
    by_id[std::string(*id)] = {std::string(slash == std::string_view::npos ? *type : type->substr(slash + 1)), std::string(*target)};
  }
};

std::map<std::string, Relationship> read_relationships(ZipArchive& zip, const std::string& part) {
  RelationshipsHandler handler;
  const std::string rels = relationships_part(part);
  if (zip.has(rels)) parse_part(zip, rels, handler);
  for (auto& [id, r] : handler.by_id) r.target = resolve_target(part, r.target);
  return std::move(handler.by_id);
}

struct SheetEntry {
  std::string name, relationship_id;
};

class WorkbookHandler : public XmlHandler {
 public:
  std::vector<SheetEntry> sheets;
  bool date1904 = false;
  void start(std::string_view name, const char** attributes) override {
    if (name == "sheet") {
      const auto sheet_name = attribute(attributes, "name"), id = attribute(attributes, "id");
      if (sheet_name && id) sheets.push_back({std::string(*sheet_name), std::string(*id)});
    } else if (name == "workbookPr") {
      const auto value = attribute(attributes, "date1904");
      date1904 = value && (*value == "1" || *value == "true");
    }
  }
};

// cellXfs: a cell's style index -> its number format code ("" = General).
class StylesHandler : public XmlHandler {
 public:
  std::vector<std::string> format_of_style;
  void start(std::string_view name, const char** attributes) override {
    if (name == "numFmt") {
      const auto id = attribute(attributes, "numFmtId"), code = attribute(attributes, "formatCode");
      int n = 0;
      if (id && code && std::from_chars(id->data(), id->data() + id->size(), n).ec == std::errc()) custom_[n] = *code;
    } else if (name == "cellXfs") {
      in_cell_xfs_ = true;
    } else if (name == "xf" && in_cell_xfs_) {
      int id = 0;
      if (const auto value = attribute(attributes, "numFmtId")) std::from_chars(value->data(), value->data() + value->size(), id);
      const auto custom = custom_.find(id);
      format_of_style.emplace_back(custom != custom_.end() ? std::string_view(custom->second) : builtin_number_format(id));
    }
  }
  void end(std::string_view name) override {
    if (name == "cellXfs") in_cell_xfs_ = false;
  }

 private:
  std::map<int, std::string> custom_;  // numFmts come before cellXfs in the part
  bool in_cell_xfs_ = false;
};

// Text of <t> elements, joined per <si> (rich text runs included, the
// phonetic guides of <rPh> left out), as used by shared and inline strings.
class StringItemText {
 public:
  void start(std::string_view name) {
    if (name == "rPh") ++phonetic_;
    else if (name == "t" && !phonetic_) in_text_ = true;
  }
  void end(std::string_view name) {
    if (name == "rPh" && phonetic_) --phonetic_;
    else if (name == "t") in_text_ = false;
  }
  void text(std::string_view chars) {
    if (in_text_) value_ += chars;
  }
  std::string take() {
    std::string out = unescape_ooxml(std::move(value_));
    value_.clear();
    return out;
  }

 private:
  std::string value_;
  int phonetic_ = 0;
  bool in_text_ = false;
};

class SharedStringsHandler : public XmlHandler {
 public:
  SharedStringsHandler(std::deque<std::string>& storage, std::vector<std::string_view>& strings, const XlsxLimits& limits)
      : storage_(storage), strings_(strings), limits_(limits) {}
  void start(std::string_view name, const char**) override {
    if (name == "si") in_item_ = true;
    else if (in_item_) item_.start(name);
  }
  void end(std::string_view name) override {
    if (name == "si") {
      in_item_ = false;
      if (strings_.size() >= limits_.max_cells)
        throw XlsxError("the workbook has more than " + std::to_string(limits_.max_cells) + " shared strings");
      strings_.push_back(storage_.emplace_back(item_.take()));
    } else if (in_item_) {
      item_.end(name);
    }
  }
  void text(std::string_view chars) override {
    if (in_item_) item_.text(chars);
  }

 private:
  std::deque<std::string>& storage_;
  std::vector<std::string_view>& strings_;
  const XlsxLimits& limits_;
  StringItemText item_;
  bool in_item_ = false;
};

// ---- cell references -----------------------------------------------------

struct CellRef {
  std::size_t column = 0, row = 0;  // column 0-based, row 1-based; 0 = not given
};

// "B12" -> column 1, row 12. Either part may be absent ("B", "12").
std::optional<CellRef> parse_ref(std::string_view ref) {
  CellRef out;
  std::size_t i = 0, column = 0;
  for (; i < ref.size() && std::isalpha(static_cast<unsigned char>(ref[i])); ++i) {
    column = column * 26 + static_cast<std::size_t>(std::toupper(static_cast<unsigned char>(ref[i])) - 'A' + 1);
    if (column > kMaxColumns) return std::nullopt;
  }
  if (i > 0) out.column = column;  // 1-based here; made 0-based by the caller
  if (i < ref.size()) {
    if (std::from_chars(ref.data() + i, ref.data() + ref.size(), out.row).ptr != ref.data() + ref.size()) return std::nullopt;
    if (out.row == 0 || out.row > kMaxRows) return std::nullopt;
  }
  return out;
}

class SheetHandler : public XmlHandler {
 public:
  SheetHandler(Worksheet& sheet, const std::vector<std::string_view>& shared, const std::vector<std::string>& formats,
               bool date1904, const std::string& part, const XlsxLimits& limits)
      : sheet_(sheet), shared_(shared), formats_(formats), date1904_(date1904), part_(part), limits_(limits) {}

  void start(std::string_view name, const char** attributes) override {
    if (name == "row") {
      std::size_t number = last_row_ + 1;
      if (const auto r = attribute(attributes, "r")) {
        const auto ref = parse_ref(*r);
        if (!ref || ref->row == 0) throw bad(std::string("row number \"") + std::string(*r) + "\"");
        number = ref->row;
      }
      if (number <= last_row_) throw bad("row " + std::to_string(number) + " comes after row " + std::to_string(last_row_));
      if (number > kMaxRows) throw bad("row " + std::to_string(number) + " is past the sheet's last row");
      const auto hidden = attribute(attributes, "hidden");
      row_ = SheetRow{number, hidden && (*hidden == "1" || *hidden == "true"), {}};
      last_row_ = number;
      next_column_ = 0;
      in_row_ = true;
    } else if (name == "c" && in_row_) {
      cell_ = Cell{};
      cell_.column = next_column_;
      if (const auto r = attribute(attributes, "r")) {
        const auto ref = parse_ref(*r);
        if (!ref || ref->column == 0) throw bad("cell reference \"" + std::string(*r) + "\"");
        cell_.column = ref->column - 1;
      }
      if (cell_.column >= kMaxColumns) throw bad("a cell past column XFD");
      if (const auto t = attribute(attributes, "t")) cell_.type = *t;
      if (const auto s = attribute(attributes, "s")) std::from_chars(s->data(), s->data() + s->size(), cell_.style);
      next_column_ = cell_.column + 1;
      in_cell_ = true;
    } else if (in_cell_ && name == "v") {
      in_value_ = true;
    } else if (in_cell_ && name == "f") {
      cell_.formula = true;
    } else if (in_cell_ && name == "is") {
      in_inline_ = true;
      cell_.has_value = true;  // an inline string, even an empty one
    } else if (in_inline_) {
      inline_.start(name);
    } else if (name == "mergeCell") {
      if (const auto ref = attribute(attributes, "ref")) add_merged(*ref);
    }
  }

  void end(std::string_view name) override {
    if (name == "v" && in_value_) {
      in_value_ = false;
      cell_.has_value = true;
    } else if (name == "is") {
      in_inline_ = false;
      cell_.value = inline_.take();
    } else if (in_inline_) {
      inline_.end(name);
    } else if (name == "c" && in_cell_) {
      in_cell_ = false;
      finish_cell();
    } else if (name == "row" && in_row_) {
      in_row_ = false;
      if (!row_.cells.empty()) sheet_.rows.push_back(std::move(row_));
    }
  }

  void text(std::string_view chars) override {
    if (in_value_) cell_.value += chars;
    else if (in_inline_) inline_.text(chars);
  }

 private:
  struct Cell {
    std::size_t column = 0;
    std::string type, value;
    std::size_t style = 0;
    bool formula = false, has_value = false;
  };

  XlsxError bad(const std::string& what) const { return XlsxError(part_ + ": " + what + " is not valid in a worksheet"); }

  std::string ref_name() const { return column_name(cell_.column) + std::to_string(row_.number); }

  void finish_cell() {
    if (!cell_.has_value) {
      if (cell_.formula) sheet_.formulas_without_value.push_back({row_.number, ref_name()});
      return;
    }
    std::string_view text;
    if (cell_.type == "s") {
      std::size_t index = 0;
      const auto [end, ec] = std::from_chars(cell_.value.data(), cell_.value.data() + cell_.value.size(), index);
      if (ec != std::errc() || index >= shared_.size())
        throw bad("shared string " + cell_.value + " in " + ref_name() + " (the table has " + std::to_string(shared_.size()) + ")");
      text = shared_[index];
    } else if (cell_.type == "inlineStr" || cell_.type == "str") {
      text = sheet_.strings.emplace_back(unescape_ooxml(std::move(cell_.value)));
    } else if (cell_.type == "b") {
      text = cell_.value == "1" || cell_.value == "true" ? "TRUE" : "FALSE";
    } else if (cell_.type == "e" || cell_.type == "d") {  // an error ("#DIV/0!") or an ISO 8601 date: as written
      text = sheet_.strings.emplace_back(std::move(cell_.value));
    } else {
      double number = 0;
      const std::string_view v = utf8::trim(cell_.value);
      const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), number);
      if (ec != std::errc() || end != v.data() + v.size()) throw bad("number \"" + cell_.value + "\" in " + ref_name());
      const std::string_view code = cell_.style < formats_.size() ? std::string_view(formats_[cell_.style]) : std::string_view();
      text = sheet_.strings.emplace_back(code.empty() || code == "General" ? format_general_number(number)
                                                                            : format_cell_number(number, code, date1904_));
    }
    if (text.empty()) return;
    if (++cells_ > limits_.max_cells)
      throw XlsxError("the sheet has more than " + std::to_string(limits_.max_cells) +
                      " cells with values; TuneDesk stops there (split the data into smaller files)");
    if (row_.cells.size() <= cell_.column) row_.cells.resize(cell_.column + 1);
    row_.cells[cell_.column] = text;
  }

  void add_merged(std::string_view ref) {
    const std::size_t colon = ref.find(':');
    const auto first = parse_ref(ref.substr(0, colon));
    const auto last = colon == std::string_view::npos ? first : parse_ref(ref.substr(colon + 1));
    if (!first || !last || first->column == 0 || last->column == 0 || first->row == 0 || last->row == 0) return;
    sheet_.merged.push_back({std::string(ref), first->row, last->row, first->column - 1, last->column - 1});
  }

  Worksheet& sheet_;
  const std::vector<std::string_view>& shared_;
  const std::vector<std::string>& formats_;
  const bool date1904_;
  const std::string& part_;
  const XlsxLimits& limits_;
  SheetRow row_;
  Cell cell_;
  StringItemText inline_;
  std::size_t last_row_ = 0, next_column_ = 0, cells_ = 0;
  bool in_row_ = false, in_cell_ = false, in_value_ = false, in_inline_ = false;
};

std::string find_workbook_part(ZipArchive& zip) {
  for (const auto& [id, r] : read_relationships(zip, ""))
    if (r.type == "officeDocument" && zip.has(r.target)) return r.target;
  if (zip.has("xl/workbook.xml")) return "xl/workbook.xml";
  throw XlsxError("the zip archive holds no workbook (is it a .docx, .pptx or another zip file?)");
}

}  // namespace

bool looks_like_zip(std::string_view bytes) { return bytes.starts_with("PK\x03\x04") || bytes.starts_with("PK\x05\x06"); }

std::string column_name(std::size_t column) {
  std::string name;
  for (std::size_t n = column + 1; n > 0; n = (n - 1) / 26) name.insert(name.begin(), static_cast<char>('A' + (n - 1) % 26));
  return name;
}

Worksheet read_xlsx(std::string_view bytes, std::string_view sheet_name, const XlsxLimits& limits) {
  if (bytes.starts_with("\xD0\xCF\x11\xE0"))
    throw XlsxError("this is an old-style Excel file (.xls, Excel 97–2003) or an encrypted workbook; "
                    "save it as .xlsx (Excel Workbook) or CSV and upload that");
  if (!looks_like_zip(bytes)) throw XlsxError("not an .xlsx workbook (an .xlsx file is a zip archive; this one is not)");
  ZipArchive zip(bytes, limits);
  const std::string workbook_part = find_workbook_part(zip);
  WorkbookHandler workbook;
  parse_part(zip, workbook_part, workbook);
  const std::map<std::string, Relationship> relationships = read_relationships(zip, workbook_part);

  Worksheet sheet;
  const SheetEntry* chosen = nullptr;
  for (const SheetEntry& s : workbook.sheets) {
    sheet.sheet_names.push_back(s.name);
    if (!chosen && (sheet_name.empty() || s.name == sheet_name)) chosen = &s;
  }
  if (!chosen) {
    std::string names;
    for (const std::string& n : sheet.sheet_names) names += (names.empty() ? "\"" : ", \"") + n + "\"";
    throw XlsxError(sheet_name.empty() ? "the workbook has no sheets"
                                       : "the workbook has no sheet \"" + std::string(sheet_name) + "\"; its sheets are " + names);
  }
  sheet.name = chosen->name;
  const auto target = relationships.find(chosen->relationship_id);
  if (target == relationships.end() || !zip.has(target->second.target))
    throw XlsxError("sheet \"" + chosen->name + "\" has no worksheet part (is it a chart sheet?)");

  std::vector<std::string_view> shared;
  StylesHandler styles;
  for (const auto& [id, r] : relationships) {
    if (r.type == "sharedStrings" && zip.has(r.target)) {
      SharedStringsHandler handler(sheet.strings, shared, limits);
      parse_part(zip, r.target, handler);
    } else if (r.type == "styles" && zip.has(r.target)) {
      parse_part(zip, r.target, styles);
    }
  }
  SheetHandler handler(sheet, shared, styles.format_of_style, workbook.date1904, target->second.target, limits);
  parse_part(zip, target->second.target, handler);
  return sheet;
}

}  // namespace tunedesk::data
