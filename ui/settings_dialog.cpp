#include "ui/settings_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

#include "services/api_keys.h"
#include "ui/app_context.h"
#include "ui/error_text.h"

namespace tunedesk::ui {

SettingsDialog::SettingsDialog(AppContext& context, QWidget* parent)
    : QDialog(parent), context_(context), settings_(AppSettings::load()) {
  setWindowTitle(tr("Settings"));
  auto* form = new QFormLayout(this);

  language_ = new QComboBox(this);
  language_->addItem(tr("Follow the system"), QString());
  language_->addItem("中文（简体）", "zh_CN");
  language_->addItem("English", "en");
  language_->setCurrentIndex(std::max(0, language_->findData(settings_.language)));
  form->addRow(tr("Language (after a restart):"), language_);

  device_ = new QComboBox(this);
  device_->addItem(tr("Automatic (GPU when there is one)"), "auto");
  device_->addItem(tr("CPU"), "cpu");
  if (nvidia_gpu_count() > 0) device_->addItem(tr("GPU (CUDA)"), "cuda");
  device_->setCurrentIndex(std::max(0, device_->findData(settings_.device)));
  form->addRow(tr("Device for training and chat:"), device_);

  auto* dir_row = new QHBoxLayout;
  data_dir_ = new QLineEdit(settings_.data_dir, this);
  data_dir_->setPlaceholderText(context_.data_dir());
  auto* browse = new QPushButton(tr("Browse…"), this);
  connect(browse, &QPushButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Data directory"), context_.data_dir());
    if (!dir.isEmpty()) data_dir_->setText(dir);
  });
  dir_row->addWidget(data_dir_, 1);
  dir_row->addWidget(browse);
  form->addRow(tr("Data directory (after a restart):"), dir_row);

  add_server_rows(form);

  // API keys: how programs (OpenAI client libraries, scripts) reach the server as this user.
  auto* key_row = new QHBoxLayout;
  auto* new_key = new QPushButton(tr("Create an API key"), this);
  new_key->setObjectName("settings.new_key");
  auto* key = new QLineEdit(this);
  key->setObjectName("settings.key");
  key->setReadOnly(true);
  key->setPlaceholderText(tr("shown once, when it is made"));
  connect(new_key, &QPushButton::clicked, this, [this, key] {
    key->setText(services::ApiKeyStore(context_.database()).create(context_.user().name));
    key->selectAll();
    key->setFocus();
  });
  key_row->addWidget(new_key);
  key_row->addWidget(key, 1);
  form->addRow(tr("API key:"), key_row);
  auto* key_hint = new QLabel(tr("Send it as <code>Authorization: Bearer KEY</code>; copy it now, it is not shown again."), this);
  key_hint->setWordWrap(true);
  form->addRow(QString(), key_hint);

  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  form->addRow(buttons);
}

void SettingsDialog::add_server_rows(QFormLayout* form) {
  server_ = new QCheckBox(tr("Serve the browser UI and API"), this);
  server_->setObjectName("settings.server");
  server_->setChecked(settings_.server_enabled);
  port_ = new QSpinBox(this);
  port_->setRange(1024, 65535);
  port_->setValue(settings_.server_port);
  auto* server_row = new QHBoxLayout;
  server_row->addWidget(server_);
  server_row->addWidget(new QLabel(tr("Port:"), this));
  server_row->addWidget(port_);
  form->addRow(tr("Built-in server:"), server_row);

  reach_ = new QComboBox(this);
  reach_->setObjectName("settings.reach");
  reach_->addItem(tr("This computer only (127.0.0.1)"), false);
  reach_->addItem(tr("Other machines too (every address of this computer)"), true);
  reach_->setCurrentIndex(settings_.server_on_network ? 1 : 0);
  form->addRow(tr("Reachable from:"), reach_);

  tls_ = new QComboBox(this);
  tls_->setObjectName("settings.tls");
  tls_->addItem(tr("Off (plain HTTP)"), "off");
  tls_->addItem(tr("Self-signed certificate (made once, kept in the data folder)"), "self_signed");
  tls_->addItem(tr("Certificate files (PEM)"), "files");
  tls_->setCurrentIndex(std::max(0, tls_->findData(settings_.server_tls)));
  form->addRow(tr("HTTPS:"), tls_);

  tls_files_ = new QWidget(this);
  auto* files = new QFormLayout(tls_files_);
  files->setContentsMargins(0, 0, 0, 0);
  const auto file_row = [this](const QString& value, const QString& title) {
    auto* row = new QHBoxLayout;
    auto* edit = new QLineEdit(value, this);
    auto* browse = new QPushButton(tr("Browse…"), this);
    connect(browse, &QPushButton::clicked, this, [this, edit, title] {
      const QString file = QFileDialog::getOpenFileName(this, title, edit->text(), tr("PEM files (*.pem *.crt *.key);;All files (*)"));
      if (!file.isEmpty()) edit->setText(file);
    });
    row->addWidget(edit, 1);
    row->addWidget(browse);
    return std::pair{edit, row};
  };
  auto [certificate, certificate_row] = file_row(settings_.tls_certificate, tr("Certificate"));
  auto [key, key_row] = file_row(settings_.tls_key, tr("Private key"));
  certificate_ = certificate;
  key_ = key;
  certificate_->setObjectName("settings.tls_certificate");
  key_->setObjectName("settings.tls_key");
  files->addRow(tr("Certificate:"), certificate_row);
  files->addRow(tr("Private key:"), key_row);
  form->addRow(QString(), tls_files_);

  plain_http_warning_ = new QLabel(
      tr("Other machines will reach TuneDesk over plain HTTP: passwords, sessions and API keys cross the network "
         "unencrypted. Choose HTTPS unless the network is yours alone."),
      this);
  plain_http_warning_->setObjectName("settings.plain_http_warning");
  plain_http_warning_->setWordWrap(true);
  plain_http_warning_->setStyleSheet("color: #b45309");
  form->addRow(QString(), plain_http_warning_);

  server_state_ = new QLabel(this);
  server_state_->setObjectName("settings.server_state");
  server_state_->setWordWrap(true);
  server_state_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  form->addRow(QString(), server_state_);
  show_server_state();

  connect(reach_, &QComboBox::currentIndexChanged, this, &SettingsDialog::update_server_rows);
  connect(tls_, &QComboBox::currentIndexChanged, this, &SettingsDialog::update_server_rows);
  connect(server_, &QCheckBox::toggled, this, &SettingsDialog::update_server_rows);
  update_server_rows();
}

void SettingsDialog::update_server_rows() {
  auto* form = static_cast<QFormLayout*>(layout());
  form->setRowVisible(tls_files_, tls_->currentData().toString() == "files");
  form->setRowVisible(plain_http_warning_, server_->isChecked() && reach_->currentData().toBool() &&
                                               tls_->currentData().toString() == "off");
  if (isVisible()) adjustSize();  // room for the rows that appeared
}

void SettingsDialog::show_server_state() {
  if (!context_.server_port()) {
    server_state_->setText(tr("Not running."));
    return;
  }
  QString text = tr("Running at %1").arg(context_.server_url());
  if (const auto& identity = context_.server_identity())
    text += "\n" + tr("Certificate fingerprint (SHA-256), to compare with what the browser shows:") + "\n" + identity->fingerprint;
  server_state_->setText(text);
}

void SettingsDialog::accept() {
  settings_.language = language_->currentData().toString();
  settings_.device = device_->currentData().toString();
  settings_.data_dir = data_dir_->text().trimmed();
  const AppSettings before = settings_;
  settings_.server_enabled = server_->isChecked();
  settings_.server_port = port_->value();
  settings_.server_on_network = reach_->currentData().toBool();
  settings_.server_tls = tls_->currentData().toString();
  settings_.tls_certificate = certificate_->text().trimmed();
  settings_.tls_key = key_->text().trimmed();
  const bool was_running = context_.server_port() != 0;
  const bool changed = settings_.server_enabled != was_running || settings_.server_port != before.server_port ||
                       settings_.server_on_network != before.server_on_network || settings_.server_tls != before.server_tls ||
                       settings_.tls_certificate != before.tls_certificate || settings_.tls_key != before.tls_key;
  if (changed) {
    try {
      const quint16 port = context_.set_server(settings_.server_enabled ? std::optional(settings_.serving_choice()) : std::nullopt);
      if (settings_.server_enabled && !port) {
        server_state_->setText(tr("Port %1 is not free; choose another.").arg(settings_.server_port));
        return;
      }
    } catch (const std::exception& e) {  // certificate files that will not serve: said here, the dialog stays open
      server_state_->setText(error_text(e));
      return;
    }
  }
  settings_.save();
  QDialog::accept();
}

}  // namespace tunedesk::ui
