// Settings: language, device, data directory and the built-in server. The
// server switches at once; language and data directory apply at the next start.
#pragma once

#include <QDialog>

#include "ui/settings.h"

class QCheckBox;
class QComboBox;
class QFormLayout;
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
  // The server's row of choices: enabled, port, reach, HTTPS and its files.
  void add_server_rows(QFormLayout* form);
  // Shows or hides what depends on the choices (the files, the plain-HTTP warning).
  void update_server_rows();
  void show_server_state();

  QCheckBox* server_;
  QSpinBox* port_;
  QComboBox* reach_;
  QComboBox* tls_;
  QWidget* tls_files_;
  QLineEdit* certificate_;
  QLineEdit* key_;
  QLabel* plain_http_warning_;
  QLabel* server_state_;
};

}  // namespace tunedesk::ui
