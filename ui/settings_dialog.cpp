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

  server_ = new QCheckBox(tr("Serve the browser UI and API on 127.0.0.1"), this);
  server_->setChecked(settings_.server_enabled);
  port_ = new QSpinBox(this);
  port_->setRange(1024, 65535);
  port_->setValue(settings_.server_port);
  auto* server_row = new QHBoxLayout;
  server_row->addWidget(server_);
  server_row->addWidget(new QLabel(tr("Port:"), this));
  server_row->addWidget(port_);
  form->addRow(tr("Built-in server:"), server_row);
  server_state_ = new QLabel(this);
  server_state_->setText(context_.server_port() ? tr("Running at http://127.0.0.1:%1/").arg(context_.server_port())
                                                : tr("Not running."));
  form->addRow(QString(), server_state_);

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

void SettingsDialog::accept() {
  settings_.language = language_->currentData().toString();
  settings_.device = device_->currentData().toString();
  settings_.data_dir = data_dir_->text().trimmed();
  settings_.server_enabled = server_->isChecked();
  settings_.server_port = port_->value();
  settings_.save();
  const bool was_running = context_.server_port() != 0;
  if (settings_.server_enabled != was_running || (was_running && context_.server_port() != settings_.server_port)) {
    const quint16 port = context_.set_server(settings_.server_enabled, static_cast<quint16>(settings_.server_port));
    if (settings_.server_enabled && !port) {
      server_state_->setText(tr("Port %1 is not free; choose another.").arg(settings_.server_port));
      return;
    }
  }
  QDialog::accept();
}

}  // namespace tunedesk::ui
