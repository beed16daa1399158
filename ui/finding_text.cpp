#include "ui/finding_text.h"

#include <QHash>

#include "ui/message_template.h"

namespace tunedesk::ui {
namespace {

// The context the templates are translated in (lupdate reads it from the macro).
constexpr const char* kContext = "tunedesk::ui::FindingText";

const QHash<QString, const char*>& templates() {
  static const QHash<QString, const char*> all = {
      {"empty_field.input.empty",
       QT_TRANSLATE_NOOP("tunedesk::ui::FindingText", "the %1 field is empty; every row needs a question or instruction")},
      {"empty_field.input.blank",
       QT_TRANSLATE_NOOP("tunedesk::ui::FindingText",
                         "the %1 field is only white space; every row needs a question or instruction")},
      {"empty_field.output.empty",
       QT_TRANSLATE_NOOP("tunedesk::ui::FindingText", "the %1 field is empty; every row needs an expected answer")},
      {"empty_field.output.blank",
       QT_TRANSLATE_NOOP("tunedesk::ui::FindingText", "the %1 field is only white space; every row needs an expected answer")},
      {"encoding.invalid",
       QT_TRANSLATE_NOOP("tunedesk::ui::FindingText",
                         "the %1 field contains bytes that are not valid %2 (shown as \xEF\xBF\xBD); save the file as "
                         "UTF-8 or choose its encoding in the Data tab")},
      {"encoding.mojibake",
       QT_TRANSLATE_NOOP("tunedesk::ui::FindingText",
                         "the %1 field looks garbled (mojibake such as \"ä¸­æ–‡\" or \"锟斤拷\"): the text was probably "
                         "converted with the wrong encoding before it was saved")},
      {"control_chars", QT_TRANSLATE_NOOP("tunedesk::ui::FindingText",
                                          "the %1 field contains the control character %2 at character %3; remove it")},
      {"too_long.chars",
       QT_TRANSLATE_NOOP("tunedesk::ui::FindingText",
                         "the %1 field has %2 characters; the limit is %3 (%4). Training cuts what is over the limit.")},
      {"too_long.tokens", QT_TRANSLATE_NOOP("tunedesk::ui::FindingText",
                                            "the %1 field is %2 tokens; %3 is %4. Training cuts what is over the limit.")},
      {"too_short", QT_TRANSLATE_N_NOOP("tunedesk::ui::FindingText",
                                        "the %1 field has only %n character(s); at least %2 are expected")},
      {"same_input_output.same",
       QT_TRANSLATE_NOOP("tunedesk::ui::FindingText", "the %1 is the same as the %2; the model would learn nothing from this row")},
      {"same_input_output.cosmetic",
       QT_TRANSLATE_NOOP("tunedesk::ui::FindingText", "the %1 differs from the %2 only in spaces, punctuation or letter case")},
      {"same_input_output.repeats", QT_TRANSLATE_NOOP("tunedesk::ui::FindingText", "the %1 merely repeats the %2")},
      {"too_few_rows.none", QT_TRANSLATE_NOOP("tunedesk::ui::FindingText", "the file has no data rows")},
      {"too_few_rows.few",
       QT_TRANSLATE_NOOP("tunedesk::ui::FindingText", "only %1 usable rows; %2–%3 are recommended for fine-tuning")},
      {"too_many_rows", QT_TRANSLATE_NOOP("tunedesk::ui::FindingText",
                                          "%1 usable rows; %2–%3 are recommended: training takes longer and gains little")},
      {"duplicate", QT_TRANSLATE_NOOP("tunedesk::ui::FindingText", "the same %1 and %2 as line %3")},
      {"conflicting_duplicate",
       QT_TRANSLATE_NOOP("tunedesk::ui::FindingText",
                         "the same %1 as line %2 with a different %3; the model gets mixed signals — keep one answer")},
      {"duplicate_column", QT_TRANSLATE_NOOP("tunedesk::ui::FindingText",
                                             "column \"%1\" appears twice (columns %2 and %3); the first one is used")},
      {"extra_column", QT_TRANSLATE_NOOP("tunedesk::ui::FindingText", "extra columns are ignored: %1")},
      {"missing_column.no_column",
       QT_TRANSLATE_NOOP("tunedesk::ui::FindingText",
                         "no \"%1\" column; the header has %2. The first row must name the columns text (the input) "
                         "and result (the expected output).")},
      {"missing_column.empty_file",
       QT_TRANSLATE_NOOP("tunedesk::ui::FindingText",
                         "the file is empty; it needs a header row with the columns text and result")},
      {"blank_line", QT_TRANSLATE_NOOP("tunedesk::ui::FindingText", "blank line ignored")},
      {"spreadsheet.empty_row", QT_TRANSLATE_NOOP("tunedesk::ui::FindingText", "empty row ignored")},
      {"spreadsheet.empty_rows", QT_TRANSLATE_NOOP("tunedesk::ui::FindingText", "%1 empty rows ignored (rows %2–%3)")},
      {"spreadsheet.hidden_row",
       QT_TRANSLATE_NOOP("tunedesk::ui::FindingText", "row %1 is hidden in the spreadsheet; it is read like any other row")},
      {"spreadsheet.beyond_header",
       QT_TRANSLATE_NOOP("tunedesk::ui::FindingText", "cell %1 is right of the header's last column (%2); it is ignored")},
      {"spreadsheet.merged_cells",
       QT_TRANSLATE_NOOP("tunedesk::ui::FindingText",
                         "cells %1 are merged: only %2 holds the value, the other cells read as empty")},
      {"spreadsheet.formula_without_value",
       QT_TRANSLATE_NOOP("tunedesk::ui::FindingText",
                         "the formula in %1 has no saved result (the program that wrote the file does not compute "
                         "formulas); the cell reads as empty. Open the file in a spreadsheet program and save it again.")},
      {"malformed_row.unterminated_quote",
       QT_TRANSLATE_NOOP("tunedesk::ui::FindingText",
                         "a quote opened on line %1 is never closed; the row is skipped and reading goes on with the next line")},
      {"malformed_row.text_after_quote",
       QT_TRANSLATE_NOOP("tunedesk::ui::FindingText",
                         "text follows the closing quote of field %1; the field was read as \"%2\"")},
      {"malformed_row.extra_fields",
       QT_TRANSLATE_N_NOOP("tunedesk::ui::FindingText",
                           "the row has %n field(s), the header has %1. A field that contains the separator (%2) must "
                           "be put in double quotes.")},
      {"malformed_row.extra_empty",
       QT_TRANSLATE_N_NOOP("tunedesk::ui::FindingText",
                           "the row has %n field(s), the header has %1; the extra fields are empty and ignored")},
      {"malformed_row.missing_field",
       QT_TRANSLATE_N_NOOP("tunedesk::ui::FindingText",
                           "the row has %n field(s), the header has %1; the text or result field is missing")},
      {"malformed_row.short_kept",
       QT_TRANSLATE_N_NOOP("tunedesk::ui::FindingText",
                           "the row has %n field(s), the header has %1; the missing fields are not text or result, so "
                           "the row is kept")},
      {"file_too_large",
       QT_TRANSLATE_NOOP("tunedesk::ui::FindingText", "the file is %1; the limit is %2. Split it into smaller files.")},
      {"non_string_value.number",
       QT_TRANSLATE_NOOP("tunedesk::ui::FindingText",
                         "\"%1\" is the number %2, not a string; it is read as the text \"%2\"")},
      {"non_string_value.boolean",
       QT_TRANSLATE_NOOP("tunedesk::ui::FindingText",
                         "\"%1\" is the boolean %2, not a string; it is read as the text \"%2\"")},
      {"jsonl.not_json", QT_TRANSLATE_NOOP("tunedesk::ui::FindingText", "not valid JSON: %1")},
      {"jsonl.not_object", QT_TRANSLATE_NOOP("tunedesk::ui::FindingText", "each line must be a JSON object ({...})")},
      {"jsonl.not_string", QT_TRANSLATE_NOOP("tunedesk::ui::FindingText", "\"%1\" must be a string, not %2")},
      {"jsonl.no_output", QT_TRANSLATE_NOOP("tunedesk::ui::FindingText", "no \"output\" key; an alpaca record needs instruction/input/output")},
      {"jsonl.no_input", QT_TRANSLATE_NOOP("tunedesk::ui::FindingText", "no \"input\" or \"instruction\" key; an alpaca record needs instruction/input/output")},
      {"jsonl.history_not_list", QT_TRANSLATE_NOOP("tunedesk::ui::FindingText", "\"history\" must be a list of [question, answer] pairs")},
      {"jsonl.history_pair", QT_TRANSLATE_NOOP("tunedesk::ui::FindingText", "%1 must be a [question, answer] pair")},
      {"jsonl.messages_not_list", QT_TRANSLATE_NOOP("tunedesk::ui::FindingText", "\"messages\" must be a non-empty list of {\"role\", \"content\"} objects")},
      {"jsonl.message_shape", QT_TRANSLATE_NOOP("tunedesk::ui::FindingText", "%1 must be an object with a string \"role\" and a \"content\"")},
      {"jsonl.role_out_of_place", QT_TRANSLATE_NOOP("tunedesk::ui::FindingText", "%1 has role \"%2\" out of place; messages go: an optional system message first, then user and assistant taking turns")},
      {"jsonl.no_final_answer", QT_TRANSLATE_NOOP("tunedesk::ui::FindingText", "the conversation must end with an assistant message (the answer to learn)")},
  };
  return all;
}

QString key_of(std::string_view kind) { return QString::fromUtf8(kind.data(), static_cast<qsizetype>(kind.size())); }

}  // namespace

bool has_finding_template(std::string_view kind) { return templates().contains(key_of(kind)); }

QString finding_text(const data::Finding& finding) {
  const auto it = templates().find(key_of(finding.kind));
  if (finding.kind.empty() || it == templates().end()) return QString::fromStdString(finding.message);
  return render_template(kContext, it.value(), finding.args);
}

}  // namespace tunedesk::ui
