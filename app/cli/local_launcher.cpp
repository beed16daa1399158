#include "local_launcher.h"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <iostream>
#include <map>
#include <optional>
#include <thread>

#include "distributed/world.h"

extern char** environ;

namespace tunedesk::cli {
namespace {

std::atomic<int> g_forward_signal{0};
extern "C" void remember_signal(int signal) { g_forward_signal.store(signal); }

// This process's environment with the run's variables set (replaced if present).
std::vector<std::string> child_environment(const std::map<std::string, std::string>& set) {
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) {
    const std::string entry = *e;
    if (!set.count(entry.substr(0, entry.find('=')))) env.push_back(entry);
  }
  for (const auto& [name, value] : set) env.push_back(name + "=" + value);
  return env;
}

pid_t spawn(const std::string& program, const std::vector<std::string>& args, const std::vector<std::string>& env) {
  std::vector<char*> argv, envp;
  argv.push_back(const_cast<char*>(program.c_str()));
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (const std::string& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  pid_t pid = 0;
  if (const int error = ::posix_spawn(&pid, program.c_str(), nullptr, nullptr, argv.data(), envp.data()); error != 0)
    throw std::runtime_error("cannot start " + program + ": " + std::strerror(error));
  return pid;
}

int exit_code_of(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status); }

std::string how_it_ended(int status) {
  if (WIFEXITED(status)) return "exited with code " + std::to_string(WEXITSTATUS(status));
  return std::string("was killed by signal ") + std::to_string(WTERMSIG(status)) + " (" + ::strsignal(WTERMSIG(status)) + ")";
}

}  // namespace

int launch_local_processes(int nproc, const std::string& program, const std::vector<std::string>& args) {
  const uint16_t port = distributed::free_local_port();
  std::cout << "Starting " << nproc << " training processes on this machine (127.0.0.1:" << port
            << "); process 0 reports and writes the run.\n" << std::flush;
  // Ctrl-C reaches the children from the terminal too; a SIGTERM sent to the
  // launcher alone (the desktop app stopping a job) is passed on.
  std::signal(SIGINT, remember_signal);
  std::signal(SIGTERM, remember_signal);
  std::map<pid_t, int> running;  // pid -> rank
  for (int rank = 0; rank < nproc; ++rank) {
    const std::vector<std::string> env = child_environment({{"MASTER_ADDR", "127.0.0.1"},
                                                            {"MASTER_PORT", std::to_string(port)},
                                                            {"WORLD_SIZE", std::to_string(nproc)},
                                                            {"RANK", std::to_string(rank)},
                                                            {"LOCAL_RANK", std::to_string(rank)},
                                                            {"LOCAL_WORLD_SIZE", std::to_string(nproc)}});
    running[spawn(program, args, env)] = rank;
  }

  using Clock = std::chrono::steady_clock;
  int result = 0;
  std::optional<Clock::time_point> failed_at;
  bool terminated = false, killed = false;
  int forwarded = 0;
  while (!running.empty()) {
    if (const int s = g_forward_signal.load(); s != 0 && s != forwarded) {
      forwarded = s;
      for (const auto& [pid, _] : running) ::kill(pid, s == SIGINT ? SIGINT : SIGTERM);
    }
    int status = 0;
    const pid_t pid = ::waitpid(-1, &status, WNOHANG);
    if (pid > 0 && running.count(pid)) {
      const int rank = running[pid];
      running.erase(pid);
      if (status != 0 && result == 0) {
        result = exit_code_of(status);
        failed_at = Clock::now();
        std::cerr << "tunedesk-cli train: training process " << rank << " of " << nproc << " " << how_it_ended(status)
                  << (running.empty() ? "" : "; stopping the others") << "\n";
      }
      continue;
    }
    if (pid < 0 && errno != EINTR) break;
    // After a failure the others normally stop at their next collective with
    // an error of their own; those still running after a while are stopped.
    if (failed_at && !terminated && Clock::now() - *failed_at > std::chrono::seconds(10)) {
      for (const auto& [p, _] : running) ::kill(p, SIGTERM);
      terminated = true;
    }
    if (failed_at && !killed && Clock::now() - *failed_at > std::chrono::seconds(20)) {
      for (const auto& [p, _] : running) ::kill(p, SIGKILL);
      killed = true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return result;
}

}  // namespace tunedesk::cli
