#include "ui/setting_field.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDoubleSpinBox>
#include <QDoubleValidator>
#include <QLineEdit>
#include <QLocale>
#include <QSpinBox>

#include <climits>
#include <cmath>

namespace tunedesk::ui {
namespace {

using training::SettingKind;

QString names_text(const nlohmann::json& names) {
  QStringList out;
  for (const auto& n : names) out << QString::fromStdString(n.get<std::string>());
  return out.join(", ");
}

}  // namespace

QString SettingField::translated(std::string_view english) {
  if (english.empty()) return {};
  const std::string source(english);  // the views are whole literals; a copy ends them for translate()
  return QCoreApplication::translate(training::kTrainingSettingContext, source.c_str());
}

SettingField::SettingField(const training::TrainingSetting& s, QWidget* parent) : QObject(parent), setting_(s) {
  const QString special = translated(s.special);
  switch (s.kind) {
    case SettingKind::whole: {
      auto* box = new QSpinBox(parent);
      box->setRange(static_cast<int>(s.min), static_cast<int>(std::min<double>(s.max, INT_MAX)));
      if (!special.isEmpty()) box->setSpecialValueText(special);  // shown at the minimum, 0
      connect(box, &QSpinBox::valueChanged, this, &SettingField::changed);
      widget_ = box;
      break;
    }
    case SettingKind::number:
      if (s.decimals < 0) {  // learning rates and epsilons: typed as 2e-4
        auto* line = new QLineEdit(parent);
        auto* validator = new QDoubleValidator(s.min, s.max, 12, line);
        validator->setNotation(QDoubleValidator::ScientificNotation);
        validator->setLocale(QLocale::c());
        line->setValidator(validator);
        connect(line, &QLineEdit::textChanged, this, &SettingField::changed);
        widget_ = line;
      } else {
        auto* box = new QDoubleSpinBox(parent);
        box->setDecimals(s.decimals);
        box->setRange(s.min, s.max);
        box->setSingleStep(s.max >= 100 ? 1 : std::pow(10.0, -std::min(s.decimals, 2)));
        if (!special.isEmpty()) box->setSpecialValueText(special);
        connect(box, &QDoubleSpinBox::valueChanged, this, &SettingField::changed);
        widget_ = box;
      }
      break;
    case SettingKind::flag: {
      auto* box = new QCheckBox(translated(s.label), parent);
      connect(box, &QCheckBox::toggled, this, &SettingField::changed);
      widget_ = box;
      break;
    }
    case SettingKind::choice: {
      auto* box = new QComboBox(parent);
      for (const training::SettingChoice& c : s.choices)
        box->addItem(translated(c.label), QString::fromUtf8(c.value.data(), static_cast<qsizetype>(c.value.size())));
      connect(box, &QComboBox::currentIndexChanged, this, &SettingField::changed);
      widget_ = box;
      break;
    }
    case SettingKind::list:
    case SettingKind::text: {
      auto* line = new QLineEdit(parent);
      line->setPlaceholderText(special);
      connect(line, &QLineEdit::editingFinished, this, &SettingField::changed);
      widget_ = line;
      break;
    }
  }
  widget_->setObjectName("setting." + QString::fromUtf8(s.name.data(), static_cast<qsizetype>(s.name.size())));
  widget_->setToolTip(translated(s.help));
}

QString SettingField::label() const {
  if (setting_.kind == SettingKind::flag) return {};
  return tr("%1:").arg(translated(setting_.label));
}

nlohmann::json SettingField::value() const {
  switch (setting_.kind) {
    case SettingKind::whole: return static_cast<int64_t>(static_cast<QSpinBox*>(widget_)->value());
    case SettingKind::number:
      if (auto* line = qobject_cast<QLineEdit*>(widget_)) {
        bool ok = false;
        const double v = QLocale::c().toDouble(line->text(), &ok);
        return ok && v >= setting_.min && v <= setting_.max ? v : last_number_;
      }
      return static_cast<QDoubleSpinBox*>(widget_)->value();
    case SettingKind::flag: return static_cast<QCheckBox*>(widget_)->isChecked();
    case SettingKind::choice: return static_cast<QComboBox*>(widget_)->currentData().toString().toStdString();
    case SettingKind::list: {
      nlohmann::json names = nlohmann::json::array();
      for (const QString& n : static_cast<QLineEdit*>(widget_)->text().split(',', Qt::SkipEmptyParts))
        if (!n.trimmed().isEmpty()) names.push_back(n.trimmed().toStdString());
      return names;
    }
    case SettingKind::text: return static_cast<QLineEdit*>(widget_)->text().trimmed().toStdString();
  }
  return nullptr;
}

void SettingField::set_value(const nlohmann::json& v) {
  switch (setting_.kind) {
    case SettingKind::whole: static_cast<QSpinBox*>(widget_)->setValue(static_cast<int>(v.get<int64_t>())); break;
    case SettingKind::number:
      if (auto* line = qobject_cast<QLineEdit*>(widget_)) {
        last_number_ = v.get<double>();
        line->setText(QLocale::c().toString(last_number_, 'g', 6));
      } else {
        static_cast<QDoubleSpinBox*>(widget_)->setValue(v.get<double>());
      }
      break;
    case SettingKind::flag: static_cast<QCheckBox*>(widget_)->setChecked(v.get<bool>()); break;
    case SettingKind::choice: {
      auto* box = static_cast<QComboBox*>(widget_);
      box->setCurrentIndex(box->findData(QString::fromStdString(v.get<std::string>())));
      break;
    }
    case SettingKind::list: static_cast<QLineEdit*>(widget_)->setText(names_text(v)); break;
    case SettingKind::text: static_cast<QLineEdit*>(widget_)->setText(QString::fromStdString(v.get<std::string>())); break;
  }
}

}  // namespace tunedesk::ui
