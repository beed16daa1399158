#include "ui/login_dialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "services/service_error.h"
#include "ui/error_text.h"

namespace tunedesk::ui {

LoginDialog::LoginDialog(services::AccountStore& accounts, QWidget* parent)
    : QDialog(parent), accounts_(accounts), first_run_(!accounts.has_users()) {
  setWindowTitle(first_run_ ? tr("TuneDesk — first start") : tr("TuneDesk — sign in"));
  setWindowIcon(QIcon(":/icons/tunedesk.svg"));
  auto* layout = new QVBoxLayout(this);

  auto* header = new QLabel(this);
  header->setWordWrap(true);
  header->setText(first_run_ ? tr("<h3>Welcome to TuneDesk</h3>No account exists yet. Create the administrator "
                                  "account: it signs in now and can add other users later.")
                             : tr("<h3>Sign in to TuneDesk</h3>"));
  layout->addWidget(header);

  auto* form = new QFormLayout;
  name_ = new QLineEdit(this);
  name_->setObjectName("login.name");
  name_->setPlaceholderText(first_run_ ? tr("e.g. admin") : QString());
  password_ = new QLineEdit(this);
  password_->setObjectName("login.password");
  password_->setEchoMode(QLineEdit::Password);
  form->addRow(tr("User name:"), name_);
  form->addRow(tr("Password:"), password_);
  if (first_run_) {
    password_->setPlaceholderText(tr("at least %n characters", nullptr, services::kMinPasswordLength));
    confirm_ = new QLineEdit(this);
    confirm_->setObjectName("login.confirm");
    confirm_->setEchoMode(QLineEdit::Password);
    form->addRow(tr("Repeat password:"), confirm_);
  }
  layout->addLayout(form);

  error_ = new QLabel(this);
  error_->setObjectName("login.error");
  error_->setStyleSheet("color: #b00020");
  error_->setWordWrap(true);
  error_->hide();
  layout->addWidget(error_);

  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  ok_ = buttons->button(QDialogButtonBox::Ok);
  ok_->setText(first_run_ ? tr("Create and sign in") : tr("Sign in"));
  buttons->button(QDialogButtonBox::Cancel)->setText(tr("Quit"));
  connect(buttons, &QDialogButtonBox::accepted, this, &LoginDialog::submit);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(buttons);
  setMinimumWidth(420);
}

void LoginDialog::show_error(const QString& message) {
  error_->setText(message);
  error_->show();
}

void LoginDialog::submit() {
  const QString name = name_->text().trimmed();
  const QString password = password_->text();
  if (name.isEmpty()) return show_error(tr("Enter a user name."));
  try {
    if (first_run_) {
      if (password != confirm_->text()) return show_error(tr("The two passwords differ."));
      user_ = accounts_.create_user(name, password, services::Role::admin);
      accept();
      return;
    }
    const services::LoginOutcome outcome = accounts_.login(name, password);
    switch (outcome.result) {
      case services::LoginResult::ok:
        user_ = outcome.user;
        accept();
        return;
      case services::LoginResult::locked:
        password_->clear();
        return show_error(tr("Too many failed attempts: try again in %n seconds.", nullptr, outcome.retry_after_s));
      case services::LoginResult::wrong_credentials:
        password_->clear();
        password_->setFocus();
        return show_error(tr("Wrong user name or password."));
    }
  } catch (const services::ServiceError& e) {
    show_error(error_text(e));
  }
}

}  // namespace tunedesk::ui
