#include "progress_printer.h"

#include <cstdio>
#include <iostream>
#include <sstream>

namespace tunedesk::cli {

std::string format_duration(double seconds) {
  const auto s = static_cast<long long>(seconds + 0.5);
  char out[32];
  if (s >= 3600) std::snprintf(out, sizeof out, "%lldh%02lldm", s / 3600, s % 3600 / 60);
  else if (s >= 60) std::snprintf(out, sizeof out, "%lldm%02llds", s / 60, s % 60);
  else std::snprintf(out, sizeof out, "%llds", s);
  return out;
}

std::string ProgressPrinter::plain_line(const training::StepMetrics& m) {
  char out[256];
  std::snprintf(out, sizeof out, "step %lld/%lld  epoch %.2f  loss %.4f  lr %.2e  grad_norm %.3f  %.0f tok/s  eta %s",
                static_cast<long long>(m.step), static_cast<long long>(m.total_steps), m.epoch, m.loss, m.learning_rate,
                m.grad_norm, m.tokens_per_s, format_duration(m.eta_s).c_str());
  std::string line = out;
  if (m.eval_loss) {
    std::snprintf(out, sizeof out, "  eval_loss %.4f", *m.eval_loss);
    line += out;
  }
  for (const auto& [name, value] : m.eval_metrics) {
    std::snprintf(out, sizeof out, "  %s %.2f", name.c_str(), value);
    line += out;
  }
  return line;
}

void ProgressPrinter::step(const training::StepMetrics& m) {
  const std::string line = plain_line(m);
  if (!tty_ || m.eval_loss) {  // evaluations stay on screen
    if (bar_drawn_) std::cout << "\r\033[K";
    bar_drawn_ = false;
    std::cout << line << "\n" << std::flush;
    if (!tty_) return;
  }
  constexpr int kWidth = 24;
  const int filled = m.total_steps > 0 ? static_cast<int>(kWidth * m.step / m.total_steps) : 0;
  char out[256];
  std::snprintf(out, sizeof out, "\r\033[K[%s%s] %lld/%lld  loss %.4f  %.0f tok/s  eta %s",
                std::string(static_cast<std::size_t>(filled), '#').c_str(),
                std::string(static_cast<std::size_t>(kWidth - filled), '.').c_str(), static_cast<long long>(m.step),
                static_cast<long long>(m.total_steps), m.loss, m.tokens_per_s, format_duration(m.eta_s).c_str());
  std::cout << out << std::flush;
  bar_drawn_ = true;
}

void ProgressPrinter::note(const std::string& line) {
  finish();
  (line.starts_with("warning: ") ? std::cerr : std::cout) << line << "\n" << std::flush;
}

void ProgressPrinter::finish() {
  if (bar_drawn_) std::cout << "\n" << std::flush;
  bar_drawn_ = false;
}

}  // namespace tunedesk::cli
