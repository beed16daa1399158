// The desktop window's idle memory: a fresh data directory, an account,
// signed in, the main window shown with its four tabs, then left alone for
// three seconds. Prints the resident memory then (run by bench/run_desktop.sh).
#include <QApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>

#include "ui/app_context.h"
#include "ui/main_window.h"
#include "util/system_memory.h"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setOrganizationName("TuneDesk");
  QApplication::setApplicationName("TuneDesk-bench");
  QTemporaryDir dir;
  using namespace tunedesk;
  ui::AppContext context(dir.filePath("data"));
  context.sign_in(context.accounts().create_user("bench", "bench-password", services::Role::admin));
  QElapsedTimer shown;
  shown.start();
  ui::MainWindow window(context);
  window.show();
  QApplication::processEvents();
  const qint64 window_ms = shown.elapsed();
  QTimer::singleShot(3000, [&] {
    std::printf("main window shown in %lld ms; idle rss_kb=%ld\n", static_cast<long long>(window_ms), static_cast<long>(util::resident_bytes() / 1024));
    QApplication::quit();
  });
  return QApplication::exec();
}
