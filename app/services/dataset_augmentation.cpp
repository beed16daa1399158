#include "services/dataset_augmentation.h"

#include <QDir>
#include <QJsonArray>

#include <nlohmann/json.hpp>

#include <deque>
#include <fstream>
#include <limits>

#include "data/dataset_reader.h"
#include "data/jsonl_writer.h"
#include "data/model_types.h"
#include "data/validator.h"
#include "services/dataset_conversion.h"
#include "services/dataset_versions.h"
#include "services/service_error.h"

namespace tunedesk::services {
namespace {

constexpr qsizetype kMaxPromptChars = 8000;

[[noreturn]] void refuse(const char* field, const std::string& expected) {
  throw ServiceError("augment.option", {field, expected});
}

// A whole number of `o[field]` from `min` to `max`, or `fallback` when absent.
qint64 whole(const QJsonObject& o, const char* field, qint64 min, qint64 max, qint64 fallback) {
  if (!o.contains(field)) return fallback;
  const double v = o[field].toDouble(-1e300);
  if (!o[field].isDouble() || v != static_cast<double>(static_cast<qint64>(v)) || v < static_cast<double>(min) ||
      v > static_cast<double>(max))
    refuse(field, "a whole number from " + std::to_string(min) + " to " + std::to_string(max));
  return static_cast<qint64>(v);
}

}  // namespace

data::AugmentationRequest augmentation_options_from_json(const QJsonObject& o) {
  data::AugmentationRequest r;
  if (o.contains("kind")) {
    const auto kind = data::parse_augmentation_kind(o["kind"].toString().toStdString());
    if (!kind) refuse("kind", "paraphrase or pairs");
    r.kind = *kind;
  }
  r.per_row = static_cast<std::size_t>(whole(o, "per_row", 1, data::AugmentationRequest::kMaxPerRow, 2));
  if (o.contains("model_type")) {
    if (!o["model_type"].isString()) refuse("model_type", "a model type's name");
    r.model_type = o["model_type"].toString().toStdString();
    const data::ModelTypeCatalog types = data::ModelTypeCatalog::with_user_types();
    if (!types.find(r.model_type)) throw ServiceError("job.model_type", {r.model_type, types.ids()});
  }
  if (o.contains("temperature")) {
    const double t = o["temperature"].toDouble(-1);
    if (!o["temperature"].isDouble() || !(t > 0 && t <= 2)) refuse("temperature", "a number above 0, at most 2");
    r.temperature = t;
  }
  r.seed = static_cast<uint64_t>(whole(o, "seed", 0, qint64{1} << 52, static_cast<qint64>(r.seed)));
  // 0 or absent: every row without errors.
  if (const qint64 limit = whole(o, "limit", 0, qint64{1} << 40, 0); limit > 0) r.limit = static_cast<std::size_t>(limit);
  r.max_new_tokens = whole(o, "max_new_tokens", 0, 2048, 0);
  if (o.contains("prompt")) {  // the user's own template, edited in the panel
    if (!o["prompt"].isString() || o["prompt"].toString().size() > kMaxPromptChars)
      refuse("prompt", "a template of at most " + std::to_string(kMaxPromptChars) + " characters");
    r.prompt_template = o["prompt"].toString().trimmed().toStdString();  // checked with the job (job_submission.h)
  }
  return r;
}

QJsonObject augmentation_options_json(const data::AugmentationRequest& r) {
  QJsonObject o{{"kind", QString::fromUtf8(data::augmentation_kind_name(r.kind).data())},
                {"per_row", static_cast<qint64>(r.per_row)},
                {"model_type", QString::fromStdString(r.model_type)},
                {"temperature", r.temperature},
                {"seed", static_cast<qint64>(r.seed)},
                {"max_new_tokens", static_cast<qint64>(r.max_new_tokens)}};
  if (r.limit != std::numeric_limits<std::size_t>::max()) o["limit"] = static_cast<qint64>(r.limit);
  if (!r.prompt_template.empty()) o["prompt"] = QString::fromStdString(r.prompt_template);
  return o;
}

QJsonObject augmentation_templates_json() {
  const data::AugmentationPrompts prompts = data::AugmentationPrompts::load();
  const data::ModelTypeCatalog types = data::ModelTypeCatalog::with_user_types();
  QJsonObject out;
  for (const data::AugmentationKind kind : {data::AugmentationKind::paraphrase, data::AugmentationKind::pairs}) {
    QJsonObject by_type;
    for (const data::ModelType& type : types.all())
      by_type[QString::fromStdString(type.id)] = QString::fromStdString(prompts.template_for(kind, type.id)).trimmed();
    out[QString::fromUtf8(data::augmentation_kind_name(kind).data())] = by_type;
  }
  return out;
}

QString candidates_path(const Job& job) { return QDir(job.output).filePath("candidates.jsonl"); }

data::AugmentationRequest augmentation_request_of(const Job& job) {
  data::AugmentationRequest r = augmentation_options_from_json(job.config.value("augment").toObject());
  r.input = job.dataset.toStdString();
  r.model = job.base_model.toStdString();
  r.output = candidates_path(job).toStdString();
  return r;
}

void check_reviewable(const Job& job) {
  if (!is_augmentation(job)) throw ServiceError("augment.not_candidates", {job.id.toStdString()});
  if (job.status != JobStatus::completed && job.status != JobStatus::cancelled)
    throw ServiceError("augment.not_ready", {job.id.toStdString(), status_name(job.status).toStdString()});
}

std::vector<Candidate> read_candidates(const Job& job) {
  check_reviewable(job);
  std::vector<Candidate> out;
  std::ifstream in(candidates_path(job).toStdString(), std::ios::binary);
  if (!in) return out;  // cancelled before the first row was done
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const nlohmann::json row = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (!row.is_object()) throw ServiceError("augment.bad_candidate", {std::to_string(out.size()), "not a JSON object"});
    const nlohmann::json generated = row.value("generated", nlohmann::json());
    if (!generated.is_object()) continue;  // a source row (written with --with-source by the CLI)
    Candidate c;
    c.index = static_cast<int>(out.size());
    c.instruction = QString::fromStdString(row.value("instruction", ""));
    c.question = QString::fromStdString(row.value("input", ""));
    c.answer = QString::fromStdString(row.value("output", ""));
    c.kind = QString::fromStdString(generated.value("kind", ""));
    c.from_line = generated.value("from_line", qint64{0});
    out.push_back(std::move(c));
  }
  return out;
}

QJsonObject to_json(const Candidate& c) {
  return QJsonObject{{"index", c.index}, {"instruction", c.instruction}, {"question", c.question},
                     {"answer", c.answer}, {"kind", c.kind}, {"from_line", c.from_line}};
}

std::vector<AcceptedCandidate> accepted_from_json(const QJsonObject& o) {
  if (!o["accepted"].isArray()) refuse("accepted", "a list of {\"index\", \"question\", \"answer\"}");
  std::vector<AcceptedCandidate> out;
  for (const QJsonValue& v : o["accepted"].toArray()) {
    const QJsonObject item = v.toObject();
    if (!v.isObject() || !item["index"].isDouble()) refuse("accepted", "a list of {\"index\", \"question\", \"answer\"}");
    AcceptedCandidate a;
    a.index = item["index"].toInt(-1);
    for (const auto& [field, into] : {std::pair{"question", &a.question}, std::pair{"answer", &a.answer}}) {
      if (!item.contains(field)) continue;
      if (!item[field].isString()) refuse(field, "text");
      *into = item[field].toString();
    }
    out.push_back(std::move(a));
  }
  return out;
}

AugmentedVersion accept_candidates(const Job& job, const std::vector<AcceptedCandidate>& accepted,
                                   const QString& datasets_dir, const QString& name) {
  const std::vector<Candidate> candidates = read_candidates(job);
  data::Dataset dataset = data::read_dataset(job.dataset.toStdString());
  data::ValidationReport report = data::validate(dataset);
  const data::ModelTypeCatalog types = data::ModelTypeCatalog::with_user_types();
  const data::AugmentationRequest options = augmentation_request_of(job);
  const data::ModelType* type = types.find(options.model_type);
  if (!type) throw ServiceError("job.model_type", {options.model_type, types.ids()});

  AugmentedVersion out;
  out.source_rows = report.valid_rows;
  std::deque<std::string>& strings = dataset.storage->strings;  // the new rows' text, owned with the dataset's
  const auto kept = [&](const std::optional<QString>& edit, const QString& original, int index, const char* what) {
    const QString text = (edit ? *edit : original).trimmed();
    if (text.isEmpty()) throw ServiceError("augment.bad_candidate", {std::to_string(index), std::string(what) + " is empty"});
    return std::string_view(strings.emplace_back(text.toStdString()));
  };
  for (const AcceptedCandidate& a : accepted) {
    if (a.index < 0 || static_cast<std::size_t>(a.index) >= candidates.size())
      throw ServiceError("augment.bad_candidate", {std::to_string(a.index), "no such candidate (the job has " +
                                                                              std::to_string(candidates.size()) + ")"});
    const Candidate& c = candidates[static_cast<std::size_t>(a.index)];
    data::Example ex;
    ex.line = static_cast<std::size_t>(c.from_line);
    ex.system = std::string_view(strings.emplace_back(c.instruction.toStdString()));
    ex.turn.user = kept(a.question, c.question, a.index, "the question");
    ex.turn.assistant = kept(a.answer, c.answer, a.index, "the answer");
    ex.turn.user_field = "input";
    ex.turn.assistant_field = "output";
    ex.generated = true;
    dataset.examples.push_back(ex);
    report.example_has_error.push_back(false);
    ++out.generated_rows;
  }
  if (out.source_rows + out.generated_rows == 0) throw ServiceError("augment.no_rows", {job.dataset.toStdString()});
  out.path = new_jsonl_path(datasets_dir, dataset.path, name, ".augmented.jsonl");
  data::ConvertOptions convert;
  convert.instruction = type->instruction;  // for source rows without their own
  data::write_jsonl(dataset, report, out.path.toStdString(), convert);
  record_version(out.path, job.dataset, "augment");
  return out;
}

}  // namespace tunedesk::services
