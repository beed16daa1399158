// Several runs side by side: their training loss (and evaluation loss, dashed)
// overlaid on one chart by step, and the settings in which they differ (each
// run's config.json). Opened from the training tab with two or more jobs
// selected.
#pragma once

#include <QDialog>

#include <vector>

#include "services/job_store.h"

namespace tunedesk::ui {

class RunsCompareDialog : public QDialog {
  Q_OBJECT

 public:
  RunsCompareDialog(const std::vector<services::Job>& jobs, QWidget* parent = nullptr);
};

}  // namespace tunedesk::ui
