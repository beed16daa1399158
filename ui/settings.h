// The desktop app's preferences, kept with QSettings (~/.config/TuneDesk/TuneDesk.conf):
// language, device, data directory and the built-in server.
#pragma once

#include <QString>

#include "services/serving.h"

namespace tunedesk::ui {

struct AppSettings {
  QString language;   // "" = follow the system locale, "zh_CN" or "en"
  QString device = "auto";  // auto, cpu, cuda
  QString data_dir;   // "" = the platform default (services/data_dir.h)
  bool server_enabled = false;
  int server_port = 5000;
  bool server_on_network = false;  // every IPv4 address of this machine, not only 127.0.0.1
  QString server_tls = "off";      // off, self_signed, files
  QString tls_certificate, tls_key;  // PEM files, for "files"

  static AppSettings load();
  void save() const;
  // The server settings as `tunedesk-cli serve` would take them.
  services::ServingChoice serving_choice() const;
};

// "zh_CN" or "en": the language to show, from the setting or the system locale.
QString effective_language(const QString& setting);

// Makes `language` ("zh_CN" or "en") the interface's: its translation and
// the default locale that widgets read through ui_language(). Call once at start.
void install_language(const QString& language);
// The interface's language: "zh_CN" or "en".
QString ui_language();

// NVIDIA GPUs the driver reports (/proc/driver/nvidia/gpus), without loading
// the engine; whether this build's libtorch can use them shows when a job starts.
int nvidia_gpu_count();


}  // namespace tunedesk::ui
