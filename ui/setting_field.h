// One training setting (training/training_settings.h) as a field of the
// training form: a spin box for a count, a spin box or (in scientific
// notation) a line for a number, a check box for a flag, a list of choices,
// a line for names or text. Range, special value ("by epochs"), label and
// tooltip come from the setting's row, translated in its context; the
// widget is named "setting.NAME".
#pragma once

#include <QObject>
#include <QString>

#include <nlohmann/json.hpp>

#include "training/training_settings.h"

class QWidget;

namespace tunedesk::ui {

class SettingField : public QObject {
  Q_OBJECT

 public:
  SettingField(const training::TrainingSetting& setting, QWidget* parent);

  const training::TrainingSetting& setting() const { return setting_; }
  QWidget* widget() const { return widget_; }
  // "Learning rate:" for the form's label column; empty for a check box, whose text is its label.
  QString label() const;

  nlohmann::json value() const;                // in the row's kind, within its range
  void set_value(const nlohmann::json& value);  // a value outside the range is clamped by the widget

  // The setting's text in the user's language ("TrainingSetting" context of the .ts files).
  static QString translated(std::string_view english);

 Q_SIGNALS:
  void changed();

 private:
  const training::TrainingSetting& setting_;
  QWidget* widget_ = nullptr;
  double last_number_ = 0;  // a scientific line's value while its text is half typed
};

}  // namespace tunedesk::ui
