#include "data/finding_messages.h"


namespace tunedesk::data {

const MessageTable& finding_templates() {
  static const MessageTable all = {
      {"empty_field.input.empty",
       TUNEDESK_MESSAGE("Finding", "the %1 field is empty; every row needs a question or instruction")},
      {"empty_field.input.blank",
       TUNEDESK_MESSAGE("Finding",
                         "the %1 field is only white space; every row needs a question or instruction")},
      {"empty_field.output.empty",
       TUNEDESK_MESSAGE("Finding", "the %1 field is empty; every row needs an expected answer")},
      {"empty_field.output.blank",
       TUNEDESK_MESSAGE("Finding", "the %1 field is only white space; every row needs an expected answer")},
      {"encoding.invalid",
       TUNEDESK_MESSAGE("Finding",
                         "the %1 field contains bytes that are not valid %2 (shown as \xEF\xBF\xBD); save the file as "
                         "UTF-8 or choose its encoding (the Data tab's Encoding, or --encoding)")},
      {"encoding.mojibake",
       TUNEDESK_MESSAGE("Finding",
                         "the %1 field looks garbled (mojibake such as \"ä¸­æ–‡\" or \"锟斤拷\"): the text was probably "
                         "converted with the wrong encoding before it was saved")},
      {"control_chars", TUNEDESK_MESSAGE("Finding",
                                          "the %1 field contains the control character %2 at character %3; remove it")},
      {"too_long.chars",
       TUNEDESK_MESSAGE("Finding",
                         "the %1 field has %2 characters; the limit is %3 (%4). Training cuts what is over the limit.")},
      {"too_long.tokens", TUNEDESK_MESSAGE("Finding",
                                            "the %1 field is %2 tokens; %3 is %4. Training cuts what is over the limit.")},
      {"too_short", TUNEDESK_COUNTED_MESSAGE("Finding",
                                        "the %1 field has only %n character(s); at least %2 are expected")},
      {"same_input_output.same",
       TUNEDESK_MESSAGE("Finding", "the %1 is the same as the %2; the model would learn nothing from this row")},
      {"same_input_output.cosmetic",
       TUNEDESK_MESSAGE("Finding", "the %1 differs from the %2 only in spaces, punctuation or letter case")},
      {"same_input_output.repeats", TUNEDESK_MESSAGE("Finding", "the %1 merely repeats the %2")},
      {"too_few_rows.none", TUNEDESK_MESSAGE("Finding", "the file has no data rows")},
      {"too_few_rows.few",
       TUNEDESK_MESSAGE("Finding", "only %1 usable rows; %2–%3 are recommended for fine-tuning")},
      {"too_many_rows", TUNEDESK_MESSAGE("Finding",
                                          "%1 usable rows; %2–%3 are recommended: training takes longer and gains little")},
      {"duplicate", TUNEDESK_MESSAGE("Finding", "the same %1 and %2 as line %3")},
      {"conflicting_duplicate",
       TUNEDESK_MESSAGE("Finding",
                         "the same %1 as line %2 with a different %3; the model gets mixed signals — keep one answer")},
      {"duplicate_column", TUNEDESK_MESSAGE("Finding",
                                             "column \"%1\" appears twice (columns %2 and %3); the first one is used")},
      {"extra_column", TUNEDESK_MESSAGE("Finding", "extra columns are ignored: %1")},
      {"missing_column.no_column",
       TUNEDESK_MESSAGE("Finding",
                         "no \"%1\" column; the header has %2. The first row must name the columns text (the input) "
                         "and result (the expected output).")},
      {"missing_column.empty_file",
       TUNEDESK_MESSAGE("Finding",
                         "the file is empty; it needs a header row with the columns text and result")},
      {"blank_line", TUNEDESK_MESSAGE("Finding", "blank line ignored")},
      {"spreadsheet.empty_row", TUNEDESK_MESSAGE("Finding", "empty row ignored")},
      {"spreadsheet.empty_rows", TUNEDESK_MESSAGE("Finding", "%1 empty rows ignored (rows %2–%3)")},
      {"spreadsheet.hidden_row",
       TUNEDESK_MESSAGE("Finding", "row %1 is hidden in the spreadsheet; it is read like any other row")},
      {"spreadsheet.beyond_header",
       TUNEDESK_MESSAGE("Finding", "cell %1 is right of the header's last column (%2); it is ignored")},
      {"spreadsheet.merged_cells",
       TUNEDESK_MESSAGE("Finding",
                         "cells %1 are merged: only %2 holds the value, the other cells read as empty")},
      {"spreadsheet.formula_without_value",
       TUNEDESK_MESSAGE("Finding",
                         "the formula in %1 has no saved result (the program that wrote the file does not compute "
                         "formulas); the cell reads as empty. Open the file in a spreadsheet program and save it again.")},
      {"malformed_row.unterminated_quote",
       TUNEDESK_MESSAGE("Finding",
                         "a quote opened on line %1 is never closed; the row is skipped and reading goes on with the next line")},
      {"malformed_row.text_after_quote",
       TUNEDESK_MESSAGE("Finding",
                         "text follows the closing quote of field %1; the field was read as \"%2\"")},
      {"malformed_row.extra_fields",
       TUNEDESK_COUNTED_MESSAGE("Finding",
                           "the row has %n field(s), the header has %1. A field that contains the separator (%2) must "
                           "be put in double quotes.")},
      {"malformed_row.extra_empty",
       TUNEDESK_COUNTED_MESSAGE("Finding",
                           "the row has %n field(s), the header has %1; the extra fields are empty and ignored")},
      {"malformed_row.missing_field",
       TUNEDESK_COUNTED_MESSAGE("Finding",
                           "the row has %n field(s), the header has %1; the text or result field is missing")},
      {"malformed_row.short_kept",
       TUNEDESK_COUNTED_MESSAGE("Finding",
                           "the row has %n field(s), the header has %1; the missing fields are not text or result, so "
                           "the row is kept")},
      {"file_too_large",
       TUNEDESK_MESSAGE("Finding", "the file is %1; the limit is %2. Split it into smaller files.")},
      {"non_string_value.number",
       TUNEDESK_MESSAGE("Finding",
                         "\"%1\" is the number %2, not a string; it is read as the text \"%2\"")},
      {"non_string_value.boolean",
       TUNEDESK_MESSAGE("Finding",
                         "\"%1\" is the boolean %2, not a string; it is read as the text \"%2\"")},
      {"jsonl.not_json", TUNEDESK_MESSAGE("Finding", "not valid JSON: %1")},
      {"jsonl.not_object", TUNEDESK_MESSAGE("Finding", "each line must be a JSON object ({...})")},
      {"jsonl.not_string", TUNEDESK_MESSAGE("Finding", "\"%1\" must be a string, not %2")},
      {"jsonl.no_output", TUNEDESK_MESSAGE("Finding", "no \"output\" key; an alpaca record needs instruction/input/output")},
      {"jsonl.no_input", TUNEDESK_MESSAGE("Finding", "no \"input\" or \"instruction\" key; an alpaca record needs instruction/input/output")},
      {"jsonl.history_not_list", TUNEDESK_MESSAGE("Finding", "\"history\" must be a list of [question, answer] pairs")},
      {"jsonl.history_pair", TUNEDESK_MESSAGE("Finding", "%1 must be a [question, answer] pair")},
      {"jsonl.messages_not_list", TUNEDESK_MESSAGE("Finding", "\"messages\" must be a non-empty list of {\"role\", \"content\"} objects")},
      {"jsonl.message_shape", TUNEDESK_MESSAGE("Finding", "%1 must be an object with a string \"role\" and a \"content\"")},
      {"jsonl.role_out_of_place", TUNEDESK_MESSAGE("Finding", "%1 has role \"%2\" out of place; messages go: an optional system message first, then user and assistant taking turns")},
      {"jsonl.no_final_answer", TUNEDESK_MESSAGE("Finding", "the conversation must end with an assistant message (the answer to learn)")},
  };
  return all;
}

std::string_view finding_template(std::string_view kind) { return find_template(finding_templates(), kind); }

Finding make_finding(std::string_view rule, Severity severity, std::size_t line, std::optional<std::string> field,
                     std::string_view kind, std::vector<std::string> args) {
  std::string message = fill_template(finding_template(kind), args);
  return {rule, severity, line, std::move(field), std::move(message), kind, std::move(args)};
}

}  // namespace tunedesk::data
