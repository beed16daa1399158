#include "ui/step_axis.h"

#include <QValueAxis>

#include <algorithm>
#include <cmath>

#include "util/round_number.h"

namespace tunedesk::ui {

void show_steps(QValueAxis* axis, double max_step) {
  max_step = std::max(max_step, 1.0);
  axis->setRange(0, max_step);
  axis->setTickType(QValueAxis::TicksDynamic);
  axis->setTickAnchor(0);
  axis->setTickInterval(static_cast<double>(util::round_up_1_2_5(static_cast<std::size_t>(std::ceil(max_step / 4)))));
  axis->setLabelFormat("%d");
}

}  // namespace tunedesk::ui
