// The rows of a dataset in tokens, as the trainer will see them: for the
// prompt (system, history, question), the answer and the whole row, a
// histogram with min, median, p95 and max against the run's limit; and the
// rows over the limits, by line, with what the cut (or leaving them out)
// costs. Opened from the training form's length line.
#pragma once

#include <QDialog>

#include "training/length_report.h"

namespace tunedesk::ui {

class LengthsDialog : public QDialog {
  Q_OBJECT

 public:
  LengthsDialog(const training::LengthReport& report, const QString& dataset, QWidget* parent = nullptr);
};

}  // namespace tunedesk::ui
