// Settings: language, device, data directory and the built-in server. The
// server switches at once; language and data directory apply at the next start.
#pragma once

#include <QDialog>

#include "ui/settings.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace tunedesk::ui {

class AppContext;

class SettingsDialog : public QDialog {
  Q_OBJECT

 public:
  SettingsDialog(AppContext& context, QWidget* parent = nullptr);
  void accept() override;

 private:
  AppContext& context_;
  AppSettings settings_;
  QComboBox* language_;
  QComboBox* device_;
  QLineEdit* data_dir_;
  QCheckBox* server_;
  QSpinBox* port_;
  QLabel* server_state_;
};

}  // namespace tunedesk::ui
