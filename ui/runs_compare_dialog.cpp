#include "ui/runs_compare_dialog.h"

#include <QChart>
#include <QChartView>
#include <QFile>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QValueAxis>
#include <QVBoxLayout>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

#include "training/run_comparison.h"
#include "ui/step_axis.h"

namespace tunedesk::ui {
namespace {

// One color per run, distinct on screen and in print.
const QColor kColors[] = {QColor(31, 95, 191), QColor(230, 120, 20), QColor(60, 140, 80), QColor(176, 0, 32),
                          QColor(120, 70, 170), QColor(0, 140, 150), QColor(120, 120, 120)};

}  // namespace

RunsCompareDialog::RunsCompareDialog(const std::vector<services::Job>& jobs, QWidget* parent) : QDialog(parent) {
  setObjectName("compare.dialog");
  setWindowTitle(tr("Runs compared"));
  auto* layout = new QVBoxLayout(this);
  auto* splitter = new QSplitter(Qt::Vertical, this);

  auto* chart = new QChart;
  chart->setTitle(tr("Loss by step (evaluation loss dashed)"));
  auto* x = new QValueAxis;
  x->setTitleText(tr("step"));
  auto* y = new QValueAxis;
  y->setTitleText(tr("loss"));
  chart->addAxis(x, Qt::AlignBottom);
  chart->addAxis(y, Qt::AlignLeft);
  double max_step = 1, max_loss = 0;
  std::vector<nlohmann::json> configs;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    const services::Job& job = jobs[i];
    const QColor color = kColors[i % std::size(kColors)];
    auto* loss = new QLineSeries;
    loss->setName(tr("%1 loss").arg(job.id));
    loss->setPen(QPen(color, 2));
    auto* eval = new QLineSeries;
    eval->setName(tr("%1 evaluation").arg(job.id));
    eval->setPen(QPen(color, 2, Qt::DashLine));
    eval->setPointsVisible(true);  // a run evaluated once is a single point
    QFile metrics(job.output + "/metrics.jsonl");
    if (metrics.open(QIODevice::ReadOnly))
      while (!metrics.atEnd()) {
        const QJsonObject m = QJsonDocument::fromJson(metrics.readLine()).object();
        const double step = m.value("step").toDouble(-1);
        if (step < 0) continue;
        max_step = std::max(max_step, step);
        for (auto [key, series] : {std::pair{"loss", loss}, std::pair{"eval_loss", eval}})
          if (m.contains(key) && std::isfinite(m.value(key).toDouble())) {
            series->append(step, m.value(key).toDouble());
            max_loss = std::max(max_loss, m.value(key).toDouble());
          }
      }
    for (QLineSeries* series : {loss, eval}) {
      chart->addSeries(series);
      series->attachAxis(x);
      series->attachAxis(y);
    }
    QFile config(job.output + "/config.json");
    configs.push_back(config.open(QIODevice::ReadOnly) ? nlohmann::json::parse(config.readAll().toStdString(), nullptr, false)
                                                       : nlohmann::json::object());
  }
  show_steps(x, max_step);
  y->setRange(0, max_loss > 0 ? max_loss * 1.05 : 1);
  y->applyNiceNumbers();
  chart->legend()->setAlignment(Qt::AlignBottom);
  auto* view = new QChartView(chart, splitter);
  view->setObjectName("compare.chart");
  view->setRenderHint(QPainter::Antialiasing);
  view->setMinimumHeight(280);

  // The settings that differ: one row per setting, one column per run.
  const std::vector<training::SettingDifference> differences = training::differing_settings(configs);
  auto* box = new QWidget(splitter);
  auto* box_layout = new QVBoxLayout(box);
  box_layout->setContentsMargins(0, 0, 0, 0);
  box_layout->addWidget(new QLabel(differences.empty() ? tr("The runs' settings are the same.")
                                                       : tr("<b>Settings that differ</b>"),
                                   box));
  auto* table = new QTableWidget(static_cast<int>(differences.size()), static_cast<int>(jobs.size()), box);
  table->setObjectName("compare.settings");
  QStringList ids, keys;
  for (const services::Job& job : jobs) ids << job.id;
  for (const training::SettingDifference& d : differences) keys << QString::fromStdString(d.key);
  table->setHorizontalHeaderLabels(ids);
  table->setVerticalHeaderLabels(keys);
  table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  for (int r = 0; r < static_cast<int>(differences.size()); ++r)
    for (int c = 0; c < static_cast<int>(jobs.size()); ++c) {
      auto* item = new QTableWidgetItem(QString::fromStdString(differences[static_cast<std::size_t>(r)].values[static_cast<std::size_t>(c)]));
      item->setToolTip(item->text());
      item->setForeground(kColors[static_cast<std::size_t>(c) % std::size(kColors)]);
      table->setItem(r, c, item);
    }
  table->setVisible(!differences.empty());
  table->setMaximumHeight(table->horizontalHeader()->sizeHint().height() + 4 +
                          static_cast<int>(differences.size()) * table->verticalHeader()->defaultSectionSize());
  box_layout->addWidget(table);
  box_layout->addStretch(1);
  splitter->addWidget(view);
  splitter->addWidget(box);
  splitter->setStretchFactor(0, 3);
  splitter->setStretchFactor(1, 1);
  layout->addWidget(splitter, 1);
  auto* close = new QPushButton(tr("Close"), this);
  connect(close, &QPushButton::clicked, this, &QDialog::accept);
  layout->addWidget(close, 0, Qt::AlignRight);
  resize(1000, 720);
}

}  // namespace tunedesk::ui
