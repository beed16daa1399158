// Signing in, or — when no account exists yet — creating the administrator
// account with a password the person chooses (there is no default password).
#pragma once

#include <QDialog>

#include <optional>

#include "services/account_store.h"

class QLabel;
class QLineEdit;
class QPushButton;

namespace tunedesk::ui {

class LoginDialog : public QDialog {
  Q_OBJECT

 public:
  explicit LoginDialog(services::AccountStore& accounts, QWidget* parent = nullptr);

  bool first_run() const { return first_run_; }
  // The signed-in user once the dialog is accepted.
  const std::optional<services::User>& user() const { return user_; }

  // For tests and the screenshot tool: the fields by role.
  QLineEdit* name_edit() const { return name_; }
  QLineEdit* password_edit() const { return password_; }
  QLineEdit* confirm_edit() const { return confirm_; }

 public Q_SLOTS:
  void submit();

 private:
  void show_error(const QString& message);

  services::AccountStore& accounts_;
  bool first_run_;
  QLineEdit* name_;
  QLineEdit* password_;
  QLineEdit* confirm_ = nullptr;  // first run only
  QLabel* error_;
  QPushButton* ok_;
  std::optional<services::User> user_;
};

}  // namespace tunedesk::ui
