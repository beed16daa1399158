#include "progress_printer.h"

#include "training/run.h"

#include <cstdio>
#include <iostream>
#include <sstream>

namespace tunedesk::cli {

void ProgressPrinter::step(const training::StepMetrics& m) {
  const std::string line = training::step_line(m);
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
                static_cast<long long>(m.total_steps), m.loss, m.tokens_per_s, training::format_duration(m.eta_s).c_str());
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
