// The mock hub as a program, for the CLI, desktop and browser tests:
//   tunedesk_mock_hub MODEL_DIR [--token T] [--cut FILE BYTES]
// (--cut: the first request for FILE goes silent after BYTES bytes)
// serves MODEL_DIR as tiny/model on loopback and prints its two endpoints,
//   hf http://127.0.0.1:PORT/hf
//   ms http://127.0.0.1:PORT/ms
// then runs until it is killed.
#include <QCoreApplication>

#include <cstdio>

#include "services/mock_hub.h"

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  const QStringList args = QCoreApplication::arguments();
  if (args.size() < 2) {
    std::fprintf(stderr, "usage: tunedesk_mock_hub MODEL_DIR [--token T] [--cut FILE BYTES]\n");
    return 2;
  }
  tunedesk::test::MockHub hub(args[1]);
  if (const qsizetype at = args.indexOf("--token"); at > 0 && at + 1 < args.size()) hub.token = args[at + 1];
  if (const qsizetype at = args.indexOf("--cut"); at > 0 && at + 2 < args.size()) {
    hub.cut_file = args[at + 1];
    hub.cut_after = args[at + 2].toLongLong();
    hub.cut_times = 1;
  }
  std::printf("hf %s\nms %s\n", qPrintable(hub.hf_endpoint()), qPrintable(hub.modelscope_endpoint()));
  std::fflush(stdout);
  return QCoreApplication::exec();
}
