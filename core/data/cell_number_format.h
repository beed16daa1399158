// How a spreadsheet shows a number cell: the stored value passed through the
// cell's number format code ("General", "0.00", "#,##0", "0%", "yyyy-mm-dd",
// "h:mm AM/PM", "[h]:mm:ss", "0.00E+00", literals in quotes, a section for
// negatives). Spreadsheet files keep numbers as numbers (a date is a day
// count, 45297 = 2024-01-05) and the format apart, so reading a cell "as the
// user sees it" means rendering it here.
//
// Locale: codes are rendered as written, with English month and day names.
// The short-date built-ins whose look depends on the reader's locale (ids 14
// and 22) are shown as ISO dates ("2024-01-05", "2024-01-05 9:30"), which
// read the same to a Chinese and an English user.
#pragma once

#include <string>
#include <string_view>

namespace tunedesk::data {

// The format code of a built-in number format id (ECMA-376 part 1, 18.8.30,
// plus the zh-CN date ids Excel writes); "" for ids with none (General).
std::string_view builtin_number_format(int id);

// `value` as a cell formatted with `code` shows it. `date1904`: the workbook
// counts days from 1904-01-01 (old Mac Excel) instead of 1899-12-30.
std::string format_cell_number(double value, std::string_view code, bool date1904 = false);

// The General format: up to 15 significant digits, no trailing zeros
// ("2", "0.3", "1234567.891", "1E+20").
std::string format_general_number(double value);

}  // namespace tunedesk::data
