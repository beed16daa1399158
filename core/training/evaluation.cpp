#include "training/evaluation.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>
#include <stdexcept>

#include "training/text_metrics.h"
#include "util/file_io.h"

namespace tunedesk::training {
namespace {

using nlohmann::json;

AnswerTotals totals(const std::vector<EvaluatedRow>& rows, bool tuned) {
  AnswerTotals t;
  std::vector<std::string> answers, references;
  for (const EvaluatedRow& r : rows) {
    answers.push_back(tuned ? r.tuned : r.base);
    references.push_back(r.expected);
    t.exact += (tuned ? r.tuned_scores : r.base_scores).exact;
  }
  if (rows.empty()) return t;
  const std::map<std::string, double> means = score_answers(answers, references);
  t.rouge_1 = means.at("rouge-1");
  t.rouge_2 = means.at("rouge-2");
  t.rouge_l = means.at("rouge-l");
  t.bleu_4 = means.at("bleu-4");
  t.exact_share = static_cast<double>(t.exact) / static_cast<double>(rows.size());
  return t;
}

json totals_json(const AnswerTotals& t) {
  return {{"exact", t.exact}, {"exact_share", t.exact_share}, {"rouge-1", t.rouge_1},
          {"rouge-2", t.rouge_2}, {"rouge-l", t.rouge_l}, {"bleu-4", t.bleu_4}};
}

json scores_json(const AnswerScores& s) { return {{"rouge-l", s.rouge_l}, {"bleu-4", s.bleu_4}, {"exact", s.exact}}; }

// Members of the expected type, or an error naming the member.
const json& member(const json& j, const char* key, const std::string& where) {
  if (!j.is_object() || !j.contains(key)) throw std::runtime_error(where + ": no \"" + key + "\"");
  return j[key];
}
[[noreturn]] void wrong_type(const char* key, const char* type, const std::string& where) {
  throw std::runtime_error(where + ": \"" + key + "\" is not " + type);
}
std::string text_of(const json& j, const char* key, const std::string& where) {
  const json& v = member(j, key, where);
  if (!v.is_string()) wrong_type(key, "a string", where);
  return v.get<std::string>();
}
double number_of(const json& j, const char* key, const std::string& where) {
  const json& v = member(j, key, where);
  if (!v.is_number()) wrong_type(key, "a number", where);
  return v.get<double>();
}
std::size_t count_of(const json& j, const char* key, const std::string& where) {
  const json& v = member(j, key, where);
  if (!v.is_number_integer() || v.get<int64_t>() < 0) wrong_type(key, "a whole number", where);
  return v.get<std::size_t>();
}
bool flag_of(const json& j, const char* key, const std::string& where) {
  const json& v = member(j, key, where);
  if (!v.is_boolean()) wrong_type(key, "true or false", where);
  return v.get<bool>();
}

AnswerTotals totals_from(const json& j, const std::string& where) {
  AnswerTotals t;
  t.exact = count_of(j, "exact", where);
  t.exact_share = number_of(j, "exact_share", where);
  t.rouge_1 = number_of(j, "rouge-1", where);
  t.rouge_2 = number_of(j, "rouge-2", where);
  t.rouge_l = number_of(j, "rouge-l", where);
  t.bleu_4 = number_of(j, "bleu-4", where);
  return t;
}

AnswerScores scores_from(const json& j, const std::string& where) {
  return {number_of(j, "rouge-l", where), number_of(j, "bleu-4", where), flag_of(j, "exact", where)};
}

// RFC 4180: quoted when it holds a comma, a quote or a line break; quotes doubled.
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string number(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", v);
  return buffer;
}

std::string now_iso() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&t, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

}  // namespace

void score_evaluation(Evaluation& e) {
  for (EvaluatedRow& r : e.rows) {
    const std::string_view expected = answer_text(r.expected);
    for (auto [answer, scores] : {std::pair{&r.base, &r.base_scores}, std::pair{&r.tuned, &r.tuned_scores}}) {
      scores->rouge_l = rouge_l(answer_text(*answer), expected);
      scores->bleu_4 = bleu_4(answer_text(*answer), expected);
      scores->exact = answer_text(*answer) == expected;
    }
  }
  e.base = totals(e.rows, false);
  e.tuned = totals(e.rows, true);
  if (e.created.empty()) e.created = now_iso();
}

json evaluation_json(const Evaluation& e) {
  json rows = json::array();
  for (const EvaluatedRow& r : e.rows)
    rows.push_back({{"line", r.line}, {"question", r.question}, {"expected", r.expected}, {"base", r.base},
                    {"tuned", r.tuned}, {"base_scores", scores_json(r.base_scores)}, {"tuned_scores", scores_json(r.tuned_scores)}});
  return {{"data", e.data},       {"rows_from", e.rows_from}, {"weights", e.weights}, {"created", e.created},
          {"count", e.rows.size()}, {"base", totals_json(e.base)}, {"tuned", totals_json(e.tuned)}, {"rows", rows}};
}

Evaluation evaluation_from_json(const json& j) {
  const std::string where = "evaluation";
  Evaluation e;
  e.data = text_of(j, "data", where);
  e.rows_from = text_of(j, "rows_from", where);
  e.weights = text_of(j, "weights", where);
  e.created = text_of(j, "created", where);
  e.base = totals_from(member(j, "base", where), where + ".base");
  e.tuned = totals_from(member(j, "tuned", where), where + ".tuned");
  const json& rows = member(j, "rows", where);
  if (!rows.is_array()) wrong_type("rows", "a list", where);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::string at = where + ".rows[" + std::to_string(i) + "]";
    const json& r = rows[i];
    EvaluatedRow row;
    row.line = count_of(r, "line", at);
    row.question = text_of(r, "question", at);
    row.expected = text_of(r, "expected", at);
    row.base = text_of(r, "base", at);
    row.tuned = text_of(r, "tuned", at);
    row.base_scores = scores_from(member(r, "base_scores", at), at + ".base_scores");
    row.tuned_scores = scores_from(member(r, "tuned_scores", at), at + ".tuned_scores");
    e.rows.push_back(std::move(row));
  }
  return e;
}

std::string evaluation_csv(const Evaluation& e) {
  std::string out = "\xEF\xBB\xBFline,question,expected,base,tuned,base_rouge_l,tuned_rouge_l,rouge_l_change,base_bleu_4,"
                    "tuned_bleu_4,base_exact,tuned_exact\r\n";
  for (const EvaluatedRow& r : e.rows) {
    out += std::to_string(r.line) + "," + csv_field(r.question) + "," + csv_field(r.expected) + "," + csv_field(r.base) + "," +
           csv_field(r.tuned) + "," + number(r.base_scores.rouge_l) + "," + number(r.tuned_scores.rouge_l) + "," +
           number(r.tuned_scores.rouge_l - r.base_scores.rouge_l) + "," + number(r.base_scores.bleu_4) + "," +
           number(r.tuned_scores.bleu_4) + "," + (r.base_scores.exact ? "1" : "0") + "," + (r.tuned_scores.exact ? "1" : "0") +
           "\r\n";
  }
  return out;
}

std::string evaluation_jsonl(const Evaluation& e) {
  std::string out;
  const json whole = evaluation_json(e);
  for (const json& row : whole["rows"]) out += row.dump() + "\n";
  return out;
}

std::filesystem::path evaluation_file(const std::filesystem::path& run_dir) { return run_dir / "evaluation.json"; }

void save_evaluation(const std::filesystem::path& run_dir, const Evaluation& e) {
  util::write_file_atomically(evaluation_file(run_dir), evaluation_json(e).dump(1) + "\n");
}

std::optional<Evaluation> load_evaluation(const std::filesystem::path& run_dir) {
  const std::filesystem::path file = evaluation_file(run_dir);
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return std::nullopt;
  try {
    return evaluation_from_json(json::parse(util::read_file(file)));
  } catch (const std::exception& e) {
    throw std::runtime_error(file.string() + ": " + e.what());
  }
}

}  // namespace tunedesk::training
