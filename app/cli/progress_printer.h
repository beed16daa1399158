// Training progress on the terminal: one bar redrawn in place on a TTY
// (step, loss, tokens/s, ETA), plain lines when output goes to a file or a
// pipe. (The run itself keeps train.log.)
#pragma once

#include <string>

#include "training/trainer.h"

namespace tunedesk::cli {

class ProgressPrinter {
 public:
  explicit ProgressPrinter(bool tty) : tty_(tty) {}
  void step(const training::StepMetrics& m);
  void note(const std::string& line);  // a line of its own, kept on screen
  void finish();                       // ends a drawn bar

 private:
  bool tty_;
  bool bar_drawn_ = false;
};

}  // namespace tunedesk::cli
