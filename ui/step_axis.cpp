#include "ui/step_axis.h"

#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace tunedesk::ui {

void show_steps(QValueAxis* axis, double max_step) {
  max_step = std::max(max_step, 1.0);
  const double raw = std::max(max_step / 4, 1.0);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double interval = 10 * magnitude;
  for (const double m : {1.0, 2.0, 5.0})
    if (raw <= m * magnitude) {
      interval = m * magnitude;
      break;
    }
  axis->setRange(0, max_step);
  axis->setTickType(QValueAxis::TicksDynamic);
  axis->setTickAnchor(0);
  axis->setTickInterval(interval);
  axis->setLabelFormat("%d");
}

}  // namespace tunedesk::ui
