#include "ui/training_charts.h"

#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

#include "ui/step_axis.h"

namespace tunedesk::ui {
namespace {

QChartView* make_view(QChart* chart, QWidget* parent) {
  chart->legend()->setAlignment(Qt::AlignBottom);
  chart->setMargins(QMargins(4, 4, 4, 4));
  auto* view = new QChartView(chart, parent);
  view->setRenderHint(QPainter::Antialiasing);
  view->setMinimumHeight(220);
  return view;
}

QValueAxis* attach_axis(QChart* chart, Qt::Alignment where, const QString& title) {
  auto* axis = new QValueAxis;
  axis->setTitleText(title);
  chart->addAxis(axis, where);
  return axis;
}

}  // namespace

TrainingCharts::TrainingCharts(QWidget* parent) : QWidget(parent) {
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);

  auto* loss_chart = new QChart;
  loss_chart->setTitle(tr("Loss"));
  loss_ = new QLineSeries;
  loss_->setName(tr("training loss"));
  loss_->setColor(QColor(160, 190, 235));
  smoothed_ = new QLineSeries;
  smoothed_->setName(tr("smoothed"));
  smoothed_->setPen(QPen(QColor(31, 95, 191), 2.5));
  eval_loss_ = new QLineSeries;
  eval_loss_->setName(tr("evaluation loss"));
  eval_loss_->setPen(QPen(QColor(230, 120, 20), 2));
  eval_points_ = new QScatterSeries;
  eval_points_->setColor(QColor(230, 120, 20));
  eval_points_->setMarkerSize(7);
  for (QAbstractSeries* s : std::initializer_list<QAbstractSeries*>{loss_, smoothed_, eval_loss_, eval_points_})
    loss_chart->addSeries(s);
  loss_chart->legend()->markers(eval_points_).first()->setVisible(false);
  loss_x_ = attach_axis(loss_chart, Qt::AlignBottom, tr("step"));
  loss_y_ = attach_axis(loss_chart, Qt::AlignLeft, QString());
  for (QAbstractSeries* s : loss_chart->series()) {
    s->attachAxis(loss_x_);
    s->attachAxis(loss_y_);
  }
  loss_view_ = make_view(loss_chart, this);
  loss_view_->setObjectName("training.loss_chart");
  layout->addWidget(loss_view_, 3);

  auto* lr_chart = new QChart;
  lr_chart->setTitle(tr("Learning rate"));
  lr_ = new QLineSeries;
  lr_->setName(tr("learning rate"));
  lr_->setPen(QPen(QColor(60, 140, 80), 2));
  lr_chart->addSeries(lr_);
  lr_x_ = attach_axis(lr_chart, Qt::AlignBottom, tr("step"));
  lr_y_ = attach_axis(lr_chart, Qt::AlignLeft, QString());
  lr_y_->setLabelFormat("%.1e");
  lr_->attachAxis(lr_x_);
  lr_->attachAxis(lr_y_);
  lr_view_ = make_view(lr_chart, this);
  lr_view_->setObjectName("training.lr_chart");
  layout->addWidget(lr_view_, 2);
  clear();
}

void TrainingCharts::clear() {
  for (QXYSeries* s : std::initializer_list<QXYSeries*>{loss_, smoothed_, eval_loss_, eval_points_, lr_}) s->clear();
  smoothed_value_ = debias_ = 0;
  max_step_ = 1;
  max_loss_ = min_loss_ = max_lr_ = 0;
  fit_axes();
}

void TrainingCharts::add(const QJsonObject& m) {
  const double step = m.value("step").toDouble();
  if (step <= 0) return;
  const bool first = loss_->count() == 0 && eval_loss_->count() == 0;
  if (m.contains("loss")) {
    const double loss = m.value("loss").toDouble();
    if (std::isfinite(loss)) {
      loss_->append(step, loss);
      // An exponential average, corrected for its start at zero.
      smoothed_value_ = kSmoothing * smoothed_value_ + (1 - kSmoothing) * loss;
      debias_ = kSmoothing * debias_ + (1 - kSmoothing);
      smoothed_->append(step, smoothed_value_ / debias_);
      max_loss_ = first ? loss : std::max(max_loss_, loss);
      min_loss_ = first ? loss : std::min(min_loss_, loss);
    }
  }
  if (m.contains("eval_loss")) {
    const double eval = m.value("eval_loss").toDouble();
    eval_loss_->append(step, eval);
    eval_points_->append(step, eval);
    max_loss_ = std::max(max_loss_, eval);
    min_loss_ = std::min(min_loss_, eval);
  }
  if (m.contains("lr")) {
    lr_->append(step, m.value("lr").toDouble());
    max_lr_ = std::max(max_lr_, m.value("lr").toDouble());
  }
  max_step_ = std::max(max_step_, std::max(step, m.value("total_steps").toDouble()));
  fit_axes();
}

int TrainingCharts::loss_points() const { return static_cast<int>(loss_->count()); }

void TrainingCharts::fit_axes() {
  show_steps(loss_x_, max_step_);
  show_steps(lr_x_, max_step_);
  if (loss_->count() == 0 && eval_loss_->count() == 0) {
    loss_y_->setRange(0, 1);  // nothing yet: a plain scale, not 0 to 0.00005
  } else {
    const double span = std::max(max_loss_ - std::min(min_loss_, 0.0), 1e-3);
    loss_y_->setRange(std::min(min_loss_, 0.0), max_loss_ + span * 0.05);
  }
  lr_y_->setRange(0, max_lr_ > 0 ? max_lr_ * 1.1 : 1e-3);
  loss_y_->applyNiceNumbers();  // ticks at 0, 2, 4, 6, 8 rather than 1.8, 3.7, 5.5, 7.3 (the rate's curve keeps its height)
}

}  // namespace tunedesk::ui
