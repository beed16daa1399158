// Live training curves (Qt Charts): the training loss as logged and
// smoothed, the evaluation loss, and the learning rate, against the step.
#pragma once

#include <QJsonObject>
#include <QWidget>

class QChart;
class QChartView;
class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace tunedesk::ui {

class TrainingCharts : public QWidget {
  Q_OBJECT

 public:
  explicit TrainingCharts(QWidget* parent = nullptr);

  void clear();
  void add(const QJsonObject& metrics);  // one line of metrics.jsonl
  int loss_points() const;               // for tests: how many steps are drawn

  // How much the smoothed curve follows the past (TensorBoard's slider): 0..1.
  static constexpr double kSmoothing = 0.8;

 private:
  void fit_axes();

  QChartView* loss_view_;
  QChartView* lr_view_;
  QLineSeries* loss_;
  QLineSeries* smoothed_;
  QLineSeries* eval_loss_;
  QScatterSeries* eval_points_;
  QLineSeries* lr_;
  QValueAxis* loss_x_;
  QValueAxis* loss_y_;
  QValueAxis* lr_x_;
  QValueAxis* lr_y_;
  double smoothed_value_ = 0, debias_ = 0;  // debiased exponential average
  double max_step_ = 1, max_loss_ = 0, min_loss_ = 0, max_lr_ = 0;
};

}  // namespace tunedesk::ui
