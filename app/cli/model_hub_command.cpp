#include "model_hub_command.h"

#include <QCoreApplication>
#include <QDir>
#include <QSocketNotifier>

#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "arg_parser.h"
#include "exit_codes.h"
#include "services/model_caches.h"
#include "services/model_download.h"

namespace tunedesk::cli {
namespace {

using services::DownloadProgress;

std::string bytes_text(double bytes) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(1);
  if (bytes >= 1024.0 * 1024 * 1024) s << bytes / (1024.0 * 1024 * 1024) << " GiB";
  else s << bytes / (1024.0 * 1024) << " MiB";
  return s.str();
}

std::string duration_text(qint64 seconds) {
  if (seconds < 0) return "--:--";
  std::ostringstream s;
  if (seconds >= 3600) s << seconds / 3600 << ":" << std::setw(2) << std::setfill('0') << (seconds / 60) % 60;
  else s << seconds / 60;
  s << ":" << std::setw(2) << std::setfill('0') << seconds % 60;
  return s.str();
}

// One line, redrawn: [#####-----]  45%  1.2 GiB / 2.7 GiB  35.2 MiB/s  0:45 left  3/8 files
std::string progress_line(const DownloadProgress& p) {
  const double share = p.bytes_total > 0 ? static_cast<double>(p.bytes_done) / static_cast<double>(p.bytes_total) : 0.0;
  const int filled = static_cast<int>(share * 24);
  std::ostringstream s;
  s << "[" << std::string(static_cast<std::size_t>(filled), '#') << std::string(static_cast<std::size_t>(24 - filled), '-') << "] "
    << std::setw(3) << static_cast<int>(share * 100) << "%  " << bytes_text(static_cast<double>(p.bytes_done)) << " / "
    << bytes_text(static_cast<double>(p.bytes_total)) << "  " << bytes_text(p.bytes_per_second) << "/s  "
    << duration_text(p.seconds_left()) << " left  " << p.files_done << "/" << p.files_total << " files";
  return s.str();
}

// Ctrl-C stops the download cleanly (what was fetched stays, to resume).
int signal_pipe[2] = {-1, -1};
void on_signal(int) {
  const char c = 1;
  [[maybe_unused]] const auto n = ::write(signal_pipe[1], &c, 1);
}

int download_command(const std::vector<std::string>& args) {
  ArgParser p("tunedesk-cli model download",
              "Download a model from Hugging Face or ModelScope into a folder TuneDesk can train from:\n"
              "the config, tokenizer and safetensors weights only, checked against the hub's checksums.");
  p.positional("REPO", "the model's id on the hub: OWNER/NAME, e.g. Qwen/Qwen2.5-0.5B-Instruct")
      .option("--source", "HUB", "hf (Hugging Face, the default; HF_ENDPOINT names a mirror) or modelscope")
      .option("--revision", "REV", "a branch, tag or commit (default: main on Hugging Face, master on ModelScope)")
      .option("--out", "DIR", "the folder to create (default: ./NAME)")
      .option("--parallel", "N", "files fetched at once (default 3)")
      .epilog("Tokens: HF_TOKEN (or `huggingface-cli login`'s) for gated and private models; MODELSCOPE_API_TOKEN.\n"
              "An interrupted download (Ctrl-C, a lost connection) resumes where it stopped when run again.\n"
              "Exit status: 0 downloaded, 1 the download failed, 2 bad usage.\n"
              "  tunedesk-cli model download Qwen/Qwen2.5-0.5B-Instruct --out models/qwen2.5-0.5b\n"
              "  HF_ENDPOINT=https://hf-mirror.com tunedesk-cli model download Qwen/Qwen2.5-0.5B-Instruct\n"
              "  tunedesk-cli model download ZhipuAI/glm-4-9b-chat --source modelscope");
  if (!p.parse(args)) {
    std::cout << p.help();
    return kExitOk;
  }
  const QString id = QString::fromStdString(p.positional_value("REPO"));
  services::DownloadRequest request;
  try {
    request.repo = services::make_hub_repo(services::parse_hub_kind(QString::fromStdString(p.value_or("--source", "hf"))), id,
                                           QString::fromStdString(p.value_or("--revision", "")));
  } catch (const std::exception& e) {
    throw UsageError(e.what());
  }
  request.folder = QDir::current().absoluteFilePath(QString::fromStdString(p.value_or("--out", id.section('/', -1).toStdString())));
  if (auto n = p.count("--parallel")) request.parallel = static_cast<int>(std::max<std::size_t>(1, *n));

  services::ModelDownload download(request);
  const bool terminal = ::isatty(STDERR_FILENO) == 1;
  std::string last_line;
  int status = kExitOk;
  QObject::connect(&download, &services::ModelDownload::progress, [&](const DownloadProgress& progress) {
    const std::string line = progress_line(progress);
    if (terminal) std::cerr << "\r" << line << std::string(last_line.size() > line.size() ? last_line.size() - line.size() : 0, ' ') << std::flush;
    last_line = line;
  });
  QObject::connect(&download, &services::ModelDownload::finished, [&](const QString& folder) {
    if (terminal) std::cerr << "\n";
    std::cout << "Downloaded " << id.toStdString() << " from " << services::hub_display_name(request.repo.kind).toStdString() << " to "
              << folder.toStdString() << " (" << download.last_progress().files_done << " files, "
              << bytes_text(static_cast<double>(download.last_progress().bytes_done)) << ").\n"
              << "Train from it: tunedesk-cli train --model " << folder.toStdString() << " --data QA.csv --output RUN\n";
    QCoreApplication::quit();
  });
  QObject::connect(&download, &services::ModelDownload::failed, [&](const services::DownloadFailure& failure) {
    if (terminal && !last_line.empty()) std::cerr << "\n";
    std::cerr << "tunedesk-cli model download: " << failure.message.toStdString() << "\n";
    status = kExitCheckFailed;
    QCoreApplication::quit();
  });
  if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signal_pipe) == 0) {
    auto* notifier = new QSocketNotifier(signal_pipe[0], QSocketNotifier::Read, &download);
    QObject::connect(notifier, &QSocketNotifier::activated, [&download, notifier] {
      notifier->setEnabled(false);
      download.cancel();
    });
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
  }
  std::cerr << "Downloading " << id.toStdString() << " (" << request.repo.revision.toStdString() << ") from "
            << services::hub_display_name(request.repo.kind).toStdString() << " (" << request.repo.endpoint.toStdString() << ")\n";
  download.start();
  QCoreApplication::exec();
  return status;
}

int cached_command(const std::vector<std::string>& args) {
  ArgParser p("tunedesk-cli model cached",
              "List the models in the Hugging Face and ModelScope caches that TuneDesk can train from.");
  if (!p.parse(args)) {
    std::cout << p.help();
    return kExitOk;
  }
  const auto models = services::find_cached_models();
  if (models.empty()) {
    std::cout << "No model TuneDesk runs in " << services::huggingface_cache_dir().toStdString() << " or "
              << services::modelscope_cache_dir().toStdString() << "\n";
    return kExitOk;
  }
  std::cout << std::left << std::setw(44) << "MODEL" << std::setw(20) << "CACHE" << std::setw(26) << "ARCHITECTURE" << "FOLDER\n";
  for (const auto& m : models)
    std::cout << std::setw(44) << m.id.toStdString() << std::setw(20) << (services::hub_display_name(m.hub) + " cache").toStdString() << std::setw(26)
              << m.model.architecture.toStdString() << m.model.path.toStdString() << "\n";
  return kExitOk;
}

}  // namespace

int run_model_hub_command(const std::vector<std::string>& args) {
  if (!args.empty() && args[0] == "download") return download_command({args.begin() + 1, args.end()});
  if (!args.empty() && args[0] == "cached") return cached_command({args.begin() + 1, args.end()});
  throw UsageError("tunedesk-cli model download|cached (the other model commands run in tunedesk-cli-engine)");
}

}  // namespace tunedesk::cli
