// The .xlsx reader: number formats against hand-worked values, every cell of
// workbooks written by libxlsxwriter and LibreOffice against the text
// LibreOffice shows for them, the dataset and its findings, and workbooks
// made hostile or broken on purpose.
#include "data/xlsx_reader.h"

#include <gtest/gtest.h>

#include <map>

#include "data/cell_number_format.h"
#include "data/csv_reader.h"
#include "data/dataset_reader.h"
#include "data/test_support.h"
#include "data/validator.h"
#include "data/zip_writer.h"

using namespace tunedesk;
using namespace tunedesk::data;
using test::fixture;
using test::make_workbook;

namespace {

std::string xlsx_fixture(const std::string& name) { return test::read_bytes(fixture("xlsx/" + name)); }

// "B7" -> the cell's text in `sheet` ("" when absent).
std::map<std::string, std::string> cells_of(const Worksheet& sheet) {
  std::map<std::string, std::string> out;
  for (const SheetRow& row : sheet.rows)
    for (std::size_t c = 0; c < row.cells.size(); ++c)
      if (!row.cells[c].empty()) out[column_name(c) + std::to_string(row.number)] = std::string(row.cells[c]);
  return out;
}

// The same for a CSV file LibreOffice saved "as shown" (line ends made LF).
std::map<std::string, std::string> cells_of_csv(const std::string& text) {
  const CsvTable table = parse_csv(text, CsvOptions{','});
  std::map<std::string, std::string> out;
  for (std::size_t r = 0; r < table.records.size(); ++r) {
    const auto fields = table.fields_of(table.records[r]);
    for (std::size_t c = 0; c < fields.size(); ++c) {
      std::string value(fields[c]);
      for (std::size_t at; (at = value.find("\r\n")) != std::string::npos;) value.erase(at, 1);
      if (!value.empty()) out[column_name(c) + std::to_string(r + 1)] = value;
    }
  }
  return out;
}

std::string rows_xml(const std::string& rows) { return "<sheetData>" + rows + "</sheetData>"; }

std::string error_of(const std::string& bytes, const XlsxLimits& limits = {}) {
  try {
    read_xlsx(bytes, {}, limits);
  } catch (const XlsxError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST(CellNumberFormat, GeneralHasNoTrailingZerosAndFifteenDigits) {
  EXPECT_EQ(format_general_number(2), "2");
  EXPECT_EQ(format_general_number(0.1 + 0.2), "0.3");
  EXPECT_EQ(format_general_number(-1234.5), "-1234.5");
  EXPECT_EQ(format_general_number(1e20), "1E+20");
  EXPECT_EQ(format_cell_number(7, ""), "7");
  EXPECT_EQ(format_cell_number(7, "General"), "7");
  EXPECT_EQ(format_cell_number(7, "@"), "7");
}

TEST(CellNumberFormat, NumbersPercentsAndScientific) {
  EXPECT_EQ(format_cell_number(0.25, "0.00"), "0.25");
  EXPECT_EQ(format_cell_number(2.005, "0.0"), "2.0");
  EXPECT_EQ(format_cell_number(1234567.891, "#,##0.00"), "1,234,567.89");
  EXPECT_EQ(format_cell_number(999, "#,##0"), "999");
  EXPECT_EQ(format_cell_number(0, "#,##0"), "0");
  EXPECT_EQ(format_cell_number(7, "000"), "007");
  EXPECT_EQ(format_cell_number(0.5, "#.00"), ".50");
  EXPECT_EQ(format_cell_number(5551234, "000-0000"), "555-1234");
  EXPECT_EQ(format_cell_number(0.5, "0%"), "50%");
  EXPECT_EQ(format_cell_number(0.1234, "0.00%"), "12.34%");
  EXPECT_EQ(format_cell_number(12345.678, "0.00E+00"), "1.23E+04");
  EXPECT_EQ(format_cell_number(0.00012, "0.00E+00"), "1.20E-04");
  EXPECT_EQ(format_cell_number(12345, "##0.0E+0"), "12.3E+3");
  EXPECT_EQ(format_cell_number(1500000, "0.0,,\"M\""), "1.5M");
  EXPECT_EQ(format_cell_number(3.5, "0.0\" kg\""), "3.5 kg");
  EXPECT_EQ(format_cell_number(12, "[$¥-804]#,##0.00"), "¥12.00");
  EXPECT_EQ(format_cell_number(-1234.5, "#,##0.00"), "-1,234.50");
  EXPECT_EQ(format_cell_number(-1234.5, "#,##0.00;(#,##0.00)"), "(1,234.50)");
  EXPECT_EQ(format_cell_number(-3, "0;[Red]0"), "3");
  EXPECT_EQ(format_cell_number(0, "0;-0;\"zero\""), "zero");
}

TEST(CellNumberFormat, DatesCountFromTheSpreadsheetEpochWithThe1900LeapDay) {
  EXPECT_EQ(format_cell_number(45296, "yyyy-mm-dd"), "2024-01-05");
  EXPECT_EQ(format_cell_number(1, "yyyy-mm-dd"), "1900-01-01");
  EXPECT_EQ(format_cell_number(59, "yyyy-mm-dd"), "1900-02-28");
  EXPECT_EQ(format_cell_number(60, "yyyy-mm-dd"), "1900-02-29");  // the day Lotus 1-2-3 invented
  EXPECT_EQ(format_cell_number(61, "yyyy-mm-dd"), "1900-03-01");
  EXPECT_EQ(format_cell_number(43830, "yyyy-mm-dd", /*date1904=*/true), "2024-01-01");
  EXPECT_EQ(format_cell_number(45296, "yyyy\"年\"m\"月\"d\"日\""), "2024年1月5日");
  EXPECT_EQ(format_cell_number(45296, "d-mmm-yy"), "5-Jan-24");
  EXPECT_EQ(format_cell_number(45296, "dddd, mmmm d, yyyy"), "Friday, January 5, 2024");
  EXPECT_EQ(format_cell_number(45296, std::string(builtin_number_format(14))), "2024-01-05");
  EXPECT_EQ(format_cell_number(45296, "YYYY\\-MM\\-DD"), "2024-01-05");
}

TEST(CellNumberFormat, TimesMinutesAndElapsed) {
  const double nine_thirty = 9.5 / 24;
  EXPECT_EQ(format_cell_number(nine_thirty, "h:mm"), "9:30");
  EXPECT_EQ(format_cell_number(nine_thirty, "h:mm AM/PM"), "9:30 AM");
  EXPECT_EQ(format_cell_number(nine_thirty + 0.5, "hh:mm:ss AM/PM"), "09:30:00 PM");
  EXPECT_EQ(format_cell_number(45296 + nine_thirty, "yyyy-mm-dd hh:mm"), "2024-01-05 09:30");
  EXPECT_EQ(format_cell_number(1.5, "[h]:mm:ss"), "36:00:00");
  EXPECT_EQ(format_cell_number(90.25 / 86400, "mm:ss.0"), "01:30.3");
  EXPECT_EQ(format_cell_number(0.999999999, "h:mm:ss"), "0:00:00");  // rounds into the next day
}

TEST(CellNumberFormat, BuiltinIds) {
  EXPECT_EQ(builtin_number_format(0), "");
  EXPECT_EQ(builtin_number_format(2), "0.00");
  EXPECT_EQ(builtin_number_format(49), "@");
  EXPECT_EQ(builtin_number_format(31), "yyyy\"年\"m\"月\"d\"日\"");
  EXPECT_EQ(builtin_number_format(163), "");
}

// Every cell of the workbooks equals what LibreOffice shows in it.
TEST(XlsxReader, EveryCellReadsAsLibreOfficeShowsIt) {
  for (const std::string book : {"features", "lo_formats"}) {
    SCOPED_TRACE(book);
    const Worksheet sheet = read_xlsx(xlsx_fixture(book + ".xlsx"));
    const auto expected = cells_of_csv(xlsx_fixture(book + ".expected.csv"));
    auto got = cells_of(sheet);
    for (auto& [ref, text] : got)
      for (std::size_t at; (at = text.find("\r\n")) != std::string::npos;) text.erase(at, 1);
    EXPECT_GE(expected.size(), 10u);
    EXPECT_EQ(got, expected);
  }
}

TEST(XlsxReader, SheetsHiddenRowsMergedCells) {
  const Worksheet sheet = read_xlsx(xlsx_fixture("features.xlsx"));
  EXPECT_EQ(sheet.name, "问答");
  EXPECT_EQ(sheet.sheet_names, (std::vector<std::string>{"问答", "第二页"}));
  ASSERT_EQ(sheet.merged.size(), 1u);
  EXPECT_EQ(sheet.merged[0].ref, "B7:C7");
  std::vector<std::size_t> hidden;
  for (const SheetRow& row : sheet.rows)
    if (row.hidden) hidden.push_back(row.number);
  EXPECT_EQ(hidden, std::vector<std::size_t>{6});

  const Worksheet second = read_xlsx(xlsx_fixture("features.xlsx"), "第二页");
  EXPECT_EQ(second.name, "第二页");
  EXPECT_EQ(cells_of(second).at("B2"), "第二页的答案");
  const std::string missing = [] {
    try {
      read_xlsx(xlsx_fixture("features.xlsx"), "Sheet9");
    } catch (const XlsxError& e) {
      return std::string(e.what());
    }
    return std::string();
  }();
  EXPECT_NE(missing.find("no sheet \"Sheet9\""), std::string::npos) << missing;
  EXPECT_NE(missing.find("\"问答\", \"第二页\""), std::string::npos) << missing;
}

TEST(XlsxDataset, FindsTheColumnsAndReportsWhatTheSheetHides) {
  const Dataset ds = read_dataset(fixture("xlsx/features.xlsx"));
  EXPECT_EQ(ds.format, SourceFormat::xlsx);
  EXPECT_EQ(ds.sheet, "问答");
  EXPECT_EQ(ds.columns, (std::vector<std::string>{"Text", "Result", "备注"}));
  ASSERT_GE(ds.examples.size(), 20u);
  EXPECT_EQ(ds.examples[0].line, 2u);
  EXPECT_EQ(ds.examples[0].turn.user, "007");
  EXPECT_EQ(ds.examples[0].turn.assistant, "2");
  EXPECT_EQ(ds.examples[2].turn.assistant, "2024-01-05");
  EXPECT_EQ(ds.examples[3].turn.user, "粗体和普通");
  for (const Example& ex : ds.examples)
    if (ex.line == 20) {
      EXPECT_EQ(ex.turn.user, "下划线 _x0041_");  // not an escape its writer made (see unescape_ooxml)
    }
  EXPECT_EQ(test::lines_of(ds.findings, rule::spreadsheet), (std::vector<std::size_t>{6, 7, 8, 19}));
  std::vector<std::string_view> kinds;
  for (const Finding& f : test::findings_of(ds.findings, rule::spreadsheet)) kinds.push_back(f.kind);
  EXPECT_EQ(kinds, (std::vector<std::string_view>{"spreadsheet.hidden_row", "spreadsheet.merged_cells",
                                                  "spreadsheet.empty_row", "spreadsheet.beyond_header"}));
  const ValidationReport report = validate(ds);
  EXPECT_EQ(report.format, "xlsx");
  EXPECT_EQ(report.sheet, "问答");
  EXPECT_EQ(report.rows, ds.examples.size());

  ReadOptions second;
  second.sheet = "第二页";
  const Dataset other = read_dataset(fixture("xlsx/features.xlsx"), second);
  ASSERT_EQ(other.examples.size(), 1u);
  EXPECT_EQ(other.examples[0].turn.user, "第二页的问题");
}

// LibreOffice's conversion of a bundled CSV sample gives the same examples
// (on the sheet's rows: a CSV line number counts the line breaks inside quotes too).
TEST(XlsxDataset, SamplesReadLikeTheirCsv) {
  for (const std::string name : {"general_zh", "arithmetic"}) {
    SCOPED_TRACE(name);
    const Dataset csv = read_dataset(test::sample(name + ".csv"));
    const Dataset xlsx = read_dataset(test::sample(name + ".xlsx"));
    ASSERT_EQ(xlsx.examples.size(), csv.examples.size());
    ASSERT_GT(csv.examples.size(), 5u);
    for (std::size_t i = 0; i < csv.examples.size(); ++i) {
      EXPECT_EQ(xlsx.examples[i].line, i + 2);
      EXPECT_EQ(xlsx.examples[i].turn.user, csv.examples[i].turn.user);
      EXPECT_EQ(xlsx.examples[i].turn.assistant, csv.examples[i].turn.assistant);
    }
    EXPECT_EQ(validate(xlsx).valid_rows, validate(csv).valid_rows);
  }
}

TEST(XlsxDataset, UploadBytesWithoutAKnownNameAreRecognised) {
  const Dataset ds = read_dataset_bytes(test::read_bytes(test::sample("arithmetic.xlsx")), "upload");
  EXPECT_EQ(ds.format, SourceFormat::xlsx);
  EXPECT_GT(ds.examples.size(), 5u);
}

TEST(XlsxReader, InlineStringsEscapesBooleansErrorsAndFormulasWithoutResults) {
  const std::string bytes = make_workbook(rows_xml(
      "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>text</t></is></c><c r=\"B1\" t=\"s\"><v>0</v></c></row>"
      "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><r><t>a</t></r><r><t xml:space=\"preserve\"> b_x000D_ _x005F_x0041_</t></r></is></c>"
      "<c r=\"B2\" t=\"b\"><v>0</v></c></row>"
      "<row r=\"3\"><c r=\"A3\" t=\"e\"><v>#DIV/0!</v></c><c r=\"B3\"><f>SUM(A1:A2)</f></c></row>"
      "<row><c t=\"s\"><v>1</v></c><c s=\"1\"><v>45296</v></c></row>"),
      "<si><t>result</t></si><si><r><t>ruby</t></r><rPh sb=\"0\" eb=\"1\"><t>ルビ</t></rPh></si>",
      "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"yyyy/m/d\"/></numFmts>"
      "<cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/></cellXfs>");
  const Worksheet sheet = read_xlsx(bytes);
  const auto cells = cells_of(sheet);
  EXPECT_EQ(cells.at("A2"), "a b\r _x0041_");
  EXPECT_EQ(cells.at("B2"), "FALSE");
  EXPECT_EQ(cells.at("A3"), "#DIV/0!");
  EXPECT_EQ(cells.count("B3"), 0u);
  EXPECT_EQ(cells.at("A4"), "ruby");  // the phonetic guide is not part of the text
  EXPECT_EQ(cells.at("B4"), "2024/1/5");
  ASSERT_EQ(sheet.formulas_without_value.size(), 1u);
  EXPECT_EQ(sheet.formulas_without_value[0].ref, "B3");

  const Dataset ds = read_dataset_bytes(bytes, "crafted.xlsx");
  const auto findings = test::findings_of(ds.findings, rule::spreadsheet);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].kind, "spreadsheet.formula_without_value");
  EXPECT_EQ(findings[0].line, 3u);
  EXPECT_EQ(test::lines_of(ds.findings, rule::empty_field), std::vector<std::size_t>{});  // not validated yet
  EXPECT_EQ(test::lines_of(validate(ds).findings, rule::empty_field), std::vector<std::size_t>{3});
}

TEST(XlsxReader, BrokenAndHostileWorkbooksAreClearErrors) {
  EXPECT_NE(error_of("text,result\n").find("not an .xlsx workbook"), std::string::npos);
  EXPECT_NE(error_of(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(600, '\0')).find(".xls"),
            std::string::npos);
  const std::string good = xlsx_fixture("features.xlsx");
  EXPECT_NE(error_of(good.substr(0, good.size() / 2)).find("damaged"), std::string::npos) << error_of(good.substr(0, good.size() / 2));
  EXPECT_NE(error_of(test::make_zip({{"word/document.xml", "<w/>"}})).find("no workbook"), std::string::npos);

  const std::string malformed = error_of(make_workbook(rows_xml("<row r=\"1\">\n<c r=\"A1\"><v>1</v></row>")));
  EXPECT_NE(malformed.find("xl/worksheets/sheet1.xml, line 2: malformed XML"), std::string::npos) << malformed;
  const std::string doctype = error_of(test::make_zip({{"xl/workbook.xml",
      "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">]><workbook>&lol;</workbook>"}}));
  EXPECT_NE(doctype.find("DTD"), std::string::npos) << doctype;
  const std::string bad_index = error_of(make_workbook(rows_xml("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>5</v></c></row>"), "<si><t>x</t></si>"));
  EXPECT_NE(bad_index.find("shared string 5 in A1"), std::string::npos) << bad_index;
  EXPECT_NE(error_of(make_workbook(rows_xml("<row r=\"2\"/><row r=\"1\"/>"))).find("comes after row 2"), std::string::npos);
  EXPECT_NE(error_of(make_workbook(rows_xml("<row r=\"1\"><c r=\"A1\"><v>x1</v></c></row>"))).find("number \"x1\" in A1"),
            std::string::npos);

  // A zip bomb: 8 MiB of blanks that deflate to a few KiB, against a 1 MiB limit.
  XlsxLimits small;
  small.max_unpacked_bytes = 1 << 20;
  const std::string bomb = make_workbook(rows_xml(std::string(8 << 20, ' ')), "", "", /*deflate=*/true);
  EXPECT_LT(bomb.size(), 64u << 10);
  EXPECT_NE(error_of(bomb, small).find("unpacks to more than 1 MiB"), std::string::npos) << error_of(bomb, small);

  XlsxLimits few_cells;
  few_cells.max_cells = 3;
  const std::string four = make_workbook(rows_xml("<row r=\"1\"><c><v>1</v></c><c><v>2</v></c><c><v>3</v></c><c><v>4</v></c></row>"));
  EXPECT_NE(error_of(four, few_cells).find("more than 3 cells"), std::string::npos) << error_of(four, few_cells);
  EXPECT_EQ(error_of(four), "(no error)");

  // Through the dataset reader the file's name comes first.
  try {
    read_dataset_bytes("not a workbook", "qa.xlsx");
    ADD_FAILURE() << "no error";
  } catch (const XlsxError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("qa.xlsx: ", 0), 0u) << e.what();
  }
}

// Written as a program that does not compute formulas writes them (make-fixtures.sh).
TEST(XlsxDataset, FormulasWithoutResultsAndRunsOfEmptyRowsAreReported) {
  const Dataset ds = read_dataset(fixture("xlsx/uncomputed.xlsx"));
  EXPECT_EQ(ds.sheet, "数据");
  ASSERT_EQ(ds.examples.size(), 3u);
  EXPECT_EQ(ds.examples[0].turn.assistant, "5");
  EXPECT_EQ(ds.examples[2].line, 8u);
  EXPECT_EQ(ds.blank_lines, 4u);
  std::vector<std::string_view> kinds;
  for (const Finding& f : test::findings_of(ds.findings, rule::spreadsheet)) kinds.push_back(f.kind);
  EXPECT_EQ(kinds, (std::vector<std::string_view>{"spreadsheet.formula_without_value", "spreadsheet.empty_rows"}));
  EXPECT_EQ(test::lines_of(validate(ds).findings, rule::empty_field), std::vector<std::size_t>{3});
}

// Found by the fuzzer: enough percent signs make any number infinite.
TEST(CellNumberFormat, NumbersPastWhatADoubleHoldsShowAsErrors) {
  EXPECT_EQ(format_cell_number(1e300, std::string(200, '%') + "0.0E+0"), "#NUM!");
  EXPECT_EQ(format_cell_number(1e300, "0.0,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,"),
            "0.0");
  EXPECT_EQ(format_cell_number(1.0 / 3, "0." + std::string(60, '0')).size(), 32u);
}
