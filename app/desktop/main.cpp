// TuneDesk, the desktop app: settings and language, the data directory's
// stores, sign-in (or first-run setup), then the window.
//   tunedesk [--data-dir DIR] [--lang zh_CN|en]
#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>
#include <QTimer>

#include <cstdio>
#include <unistd.h>
#include <exception>

#include "services/data_dir.h"
#include "ui/app_context.h"
#include "ui/error_text.h"
#include "ui/login_dialog.h"
#include "ui/main_window.h"
#include "ui/settings.h"
#include "util/system_memory.h"

int main(int argc, char** argv) {
  // The chat transcript's web engine refuses to run as root with its sandbox on.
  if (geteuid() == 0 && !qEnvironmentVariableIsSet("QTWEBENGINE_DISABLE_SANDBOX")) qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1");
  QApplication app(argc, argv);
  QApplication::setOrganizationName("TuneDesk");
  QApplication::setApplicationName("TuneDesk");
  QApplication::setApplicationVersion(TUNEDESK_VERSION);
  QApplication::setDesktopFileName("tunedesk");

  QCommandLineParser args;
  args.setApplicationDescription("TuneDesk: instruction fine-tuning of large language models");
  args.addHelpOption();
  args.addVersionOption();
  args.addOption({"data-dir", "Keep accounts, jobs and workspaces in DIR.", "DIR"});
  args.addOption({"lang", "Show the interface in zh_CN or en.", "LANG"});
  args.process(app);

  using namespace tunedesk;
  const ui::AppSettings settings = ui::AppSettings::load();
  const QString language = ui::effective_language(args.isSet("lang") ? args.value("lang") : settings.language);
  ui::install_language(language);

  try {
    ui::AppContext context(services::data_dir(args.isSet("data-dir") ? args.value("data-dir") : settings.data_dir));
    ui::LoginDialog login(context.accounts());
    if (qEnvironmentVariableIsSet("TUNEDESK_STARTUP_PROBE")) {
      // bench/run_desktop.sh: the first window is on screen; say so and leave.
      QTimer::singleShot(0, &login, [&login] {
        std::printf("login window shown, rss_kb=%ld\n", static_cast<long>(util::resident_bytes() / 1024));
        std::fflush(stdout);
        login.reject();
      });
    }
    if (login.exec() != QDialog::Accepted || !login.user()) return 0;
    context.sign_in(*login.user());
    if (settings.server_enabled) {
      try {
        if (!context.set_server(settings.serving_choice()))
          QMessageBox::warning(nullptr, QObject::tr("Built-in server"),
                               QObject::tr("Port %1 is not free; the built-in server is off (Settings).").arg(settings.server_port));
      } catch (const std::exception& e) {  // TLS files that will not serve: the app starts, the server does not
        QMessageBox::warning(nullptr, QObject::tr("Built-in server"), ui::error_text(e));
      }
    }
    ui::MainWindow window(context);
    window.show();
    return QApplication::exec();
  } catch (const std::exception& e) {
    QMessageBox::critical(nullptr, QObject::tr("TuneDesk cannot start"), QString::fromUtf8(e.what()));
    return 1;
  }
}
