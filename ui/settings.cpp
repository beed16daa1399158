#include "ui/settings.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

namespace tunedesk::ui {

AppSettings AppSettings::load() {
  QSettings s;
  AppSettings a;
  a.language = s.value("language", a.language).toString();
  a.device = s.value("device", a.device).toString();
  a.data_dir = s.value("data_dir", a.data_dir).toString();
  a.server_enabled = s.value("server/enabled", a.server_enabled).toBool();
  a.server_port = s.value("server/port", a.server_port).toInt();
  a.server_on_network = s.value("server/network", a.server_on_network).toBool();
  a.server_tls = s.value("server/tls", a.server_tls).toString();
  a.tls_certificate = s.value("server/tls_certificate").toString();
  a.tls_key = s.value("server/tls_key").toString();
  return a;
}

void AppSettings::save() const {
  QSettings s;
  s.setValue("language", language);
  s.setValue("device", device);
  s.setValue("data_dir", data_dir);
  s.setValue("server/enabled", server_enabled);
  s.setValue("server/port", server_port);
  s.setValue("server/network", server_on_network);
  s.setValue("server/tls", server_tls);
  s.setValue("server/tls_certificate", tls_certificate);
  s.setValue("server/tls_key", tls_key);
}

services::ServingChoice AppSettings::serving_choice() const {
  services::ServingChoice choice;
  // Every IPv4 address: a dual-stack "any" fails where IPv6 is switched off, and a LAN reaches this by IPv4.
  choice.address = server_on_network ? QHostAddress(QHostAddress::AnyIPv4) : QHostAddress(QHostAddress::LocalHost);
  choice.port = static_cast<quint16>(server_port);
  choice.tls = server_tls == "self_signed" ? services::TlsChoice::self_signed
               : server_tls == "files"     ? services::TlsChoice::files
                                           : services::TlsChoice::off;
  choice.certificate_file = tls_certificate;
  choice.key_file = tls_key;
  return choice;
}

QString effective_language(const QString& setting) {
  if (setting == "zh_CN" || setting == "en") return setting;
  return QLocale::system().language() == QLocale::Chinese ? "zh_CN" : "en";
}

void install_language(const QString& language) {
  QLocale::setDefault(QLocale(language == "zh_CN" ? "zh_CN" : "en_US"));
  // Static: the translators live as long as the application.
  static QTranslator ours, qt_own;
  if (ours.load(":/i18n/tunedesk_" + language + ".qm")) QCoreApplication::installTranslator(&ours);
  if (qt_own.load(QLocale(language), "qtbase", "_", QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
    QCoreApplication::installTranslator(&qt_own);
}

QString ui_language() { return QLocale().language() == QLocale::Chinese ? "zh_CN" : "en"; }

int nvidia_gpu_count() {
  return static_cast<int>(QDir("/proc/driver/nvidia/gpus").entryList(QDir::Dirs | QDir::NoDotAndDotDot).size());
}

}  // namespace tunedesk::ui
