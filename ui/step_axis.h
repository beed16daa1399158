// The x axis of a loss or learning-rate chart: training steps, labelled as
// whole numbers at round intervals (1, 2 or 5 × 10^k: 0, 10, 20, 30, 40),
// so that no tick falls between two steps ("37" for step 37.5).
#pragma once

class QValueAxis;

namespace tunedesk::ui {

// Sets `axis` to show steps 0 .. max_step (at least 1), with about four intervals.
void show_steps(QValueAxis* axis, double max_step);

}  // namespace tunedesk::ui
