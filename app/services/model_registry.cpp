#include "services/model_registry.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QSqlQuery>

#include <exception>

#include "chat/chat_template.h"
#include "model/checkpoint_layout.h"
#include "model/model_config.h"
#include "model/safetensors.h"

namespace tunedesk::services {
namespace {

constexpr const char* kBuiltinOwner = "";  // visible to all

BaseModel model_from(const QSqlQuery& q) {
  BaseModel m;
  m.name = q.value(0).toString();
  m.path = q.value(1).toString();
  m.architecture = q.value(2).toString();
  m.parameters = q.value(3).toLongLong();
  m.chat_template = q.value(4).toString();
  m.builtin = q.value(5).toString().isEmpty();
  return m;
}

}  // namespace

BaseModel inspect_model_folder(const QString& path) {
  const QString dir = QDir(path).absolutePath();
  if (!QFileInfo(dir).isDir()) throw ServiceError("model.no_folder", {dir.toStdString()});
  BaseModel m;
  m.path = dir;
  m.name = QFileInfo(dir).fileName();
  const std::filesystem::path folder = dir.toStdString();
  try {
    const model::ModelConfig config = model::load_model_config(folder);  // names what is missing or unsupported
    m.architecture = QString::fromStdString(config.architecture);
    m.parameters = model::parameter_count(config);
    const model::WeightFiles weights(folder);  // every *.safetensors header checked
    (void)weights;
  } catch (const UserError& e) {
    throw ServiceError(e);  // keeps its template
  } catch (const std::exception& e) {
    throw ServiceError(e.what());
  }
  if (!QFileInfo::exists(QDir(dir).filePath("tokenizer.json")) && !QFileInfo::exists(QDir(dir).filePath("tokenizer.model")))
    throw ServiceError("model.no_tokenizer", {dir.toStdString()});
  const chat::ChatTemplate* tmpl = chat::detect_template(folder);
  m.chat_template = tmpl ? QString::fromStdString(tmpl->name) : QString("chatml");
  return m;
}

ModelRegistry::ModelRegistry(const QString& database_path) : db_(database_path) {
  db_.run(R"(CREATE TABLE IF NOT EXISTS models (
               owner TEXT NOT NULL, path TEXT NOT NULL, name TEXT NOT NULL, architecture TEXT NOT NULL,
               parameters INTEGER NOT NULL, chat_template TEXT NOT NULL, added_at TEXT NOT NULL,
               PRIMARY KEY (owner, path)))");
}

BaseModel ModelRegistry::add(const QString& owner, const QString& path, const QString& name) {
  BaseModel m = inspect_model_folder(path);
  QSqlQuery q = db_.run("SELECT COUNT(*) FROM models WHERE path = ? AND (owner = ? OR owner = '')", {m.path, owner});
  if (q.next() && q.value(0).toInt() > 0) throw ServiceError("model.already_listed", {m.path.toStdString()});
  if (!name.trimmed().isEmpty()) {
    m.name = name.trimmed();
    if (find(owner, m.name)) throw ServiceError("model.name_taken", {m.name.toStdString()});
  } else {
    const QString base = m.name;
    for (int n = 2; find(owner, m.name); ++n) m.name = QString("%1 (%2)").arg(base).arg(n);
  }
  db_.run("INSERT INTO models (owner, path, name, architecture, parameters, chat_template, added_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
          {owner, m.path, m.name, m.architecture, m.parameters, m.chat_template,
           QDateTime::currentDateTimeUtc().toString(Qt::ISODate)});
  return m;
}

void ModelRegistry::add_builtin(const QString& path, const QString& name) {
  const QString dir = QDir(path).absolutePath();
  QSqlQuery q = db_.run("SELECT COUNT(*) FROM models WHERE owner = '' AND path = ?", {dir});
  if (q.next() && q.value(0).toInt() > 0) return;
  db_.run("DELETE FROM models WHERE owner = '' AND name = ?", {name});  // the bundled model has moved (a new install)
  add(kBuiltinOwner, dir, name);
}

std::vector<BaseModel> ModelRegistry::list(const QString& owner) const {
  std::vector<BaseModel> out;
  QSqlQuery q = db_.run("SELECT name, path, architecture, parameters, chat_template, owner FROM models "
                        "WHERE owner = '' OR owner = ? ORDER BY owner = '' DESC, added_at, name",
                        {owner});
  while (q.next()) out.push_back(model_from(q));
  return out;
}

std::optional<BaseModel> ModelRegistry::find(const QString& owner, const QString& name) const {
  QSqlQuery q = db_.run("SELECT name, path, architecture, parameters, chat_template, owner FROM models "
                        "WHERE name = ? AND (owner = '' OR owner = ?) ORDER BY owner = '' DESC LIMIT 1",
                        {name, owner});
  if (!q.next()) return std::nullopt;
  return model_from(q);
}

void ModelRegistry::remove(const QString& owner, const QString& path) {
  const QString dir = QDir(path).absolutePath();
  QSqlQuery q = db_.run("SELECT COUNT(*) FROM models WHERE owner = ? AND path = ?", {owner, dir});
  if (!q.next() || q.value(0).toInt() == 0)
    throw ServiceError("model.not_yours", {dir.toStdString()});
  db_.run("DELETE FROM models WHERE owner = ? AND path = ?", {owner, dir});
}

}  // namespace tunedesk::services
