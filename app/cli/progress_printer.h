// Training progress on the terminal: one bar redrawn in place on a TTY
// (step, loss, tokens/s, ETA), plain lines when output goes to a file or a
// pipe. Every line also goes to the run's log.
#pragma once

#include <fstream>
#include <string>

#include "training/trainer.h"

namespace tunedesk::cli {

class ProgressPrinter {
 public:
  ProgressPrinter(bool tty, const std::string& log_path, bool append);
  void step(const training::StepMetrics& m);
  void note(const std::string& line);  // a line of its own, kept on screen and in the log
  void finish();                       // ends a drawn bar

 private:
  static std::string plain_line(const training::StepMetrics& m);
  bool tty_;
  bool bar_drawn_ = false;
  std::ofstream log_;
};

std::string format_duration(double seconds);  // "1h02m", "3m05s", "12s"

}  // namespace tunedesk::cli
