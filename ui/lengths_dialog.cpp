#include "ui/lengths_dialog.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QPushButton>
#include <QTableWidget>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>

namespace tunedesk::ui {
namespace {

// One distribution: its histogram as a filled step outline over a numeric
// axis of tokens, the limit in the title, the figures beneath.
QWidget* histogram_view(const QString& what, const data::LengthStats& stats, const training::LengthHistogram& h,
                        std::size_t limit, QWidget* parent) {
  auto* box = new QWidget(parent);
  auto* layout = new QVBoxLayout(box);
  layout->setContentsMargins(0, 0, 0, 0);
  auto* chart = new QChart;
  auto* upper = new QLineSeries;
  std::size_t highest = 0;
  for (std::size_t i = 0; i < h.counts.size(); ++i) {
    const auto from = static_cast<qreal>(i * h.width), to = static_cast<qreal>((i + 1) * h.width);
    const auto rows = static_cast<qreal>(h.counts[i]);
    upper->append(from, rows);
    upper->append(to, rows);
    highest = std::max(highest, h.counts[i]);
  }
  auto* area = new QAreaSeries(upper);
  area->setColor(QColor(31, 95, 191));
  area->setBorderColor(QColor(31, 95, 191));
  chart->addSeries(area);
  auto* x = new QValueAxis;
  x->setRange(0, static_cast<qreal>(std::max<std::size_t>(h.counts.size() * h.width, 1)));
  x->setLabelFormat("%d");
  x->setTitleText(LengthsDialog::tr("tokens"));
  chart->addAxis(x, Qt::AlignBottom);
  area->attachAxis(x);
  auto* y = new QValueAxis;
  y->setRange(0, static_cast<qreal>(std::max<std::size_t>(highest, 1)));
  y->setLabelFormat("%d");
  y->setTitleText(LengthsDialog::tr("rows"));
  chart->addAxis(y, Qt::AlignLeft);
  area->attachAxis(y);
  chart->legend()->hide();
  chart->setTitle(limit ? LengthsDialog::tr("%1 (limit %2)").arg(what).arg(limit) : LengthsDialog::tr("%1 (no limit)").arg(what));
  auto* view = new QChartView(chart, box);
  view->setRenderHint(QPainter::Antialiasing);
  view->setMinimumHeight(200);
  layout->addWidget(view, 1);
  auto* figures = new QLabel(LengthsDialog::tr("min %1 · median %2 · p95 %3 · max %4 tokens")
                                 .arg(stats.min)
                                 .arg(stats.median)
                                 .arg(stats.p95)
                                 .arg(stats.max),
                             box);
  figures->setAlignment(Qt::AlignHCenter);
  layout->addWidget(figures);
  return box;
}

}  // namespace

LengthsDialog::LengthsDialog(const training::LengthReport& r, const QString& dataset, QWidget* parent) : QDialog(parent) {
  setObjectName("lengths.dialog");
  setWindowTitle(tr("Token lengths of %1").arg(QFileInfo(dataset).fileName()));
  auto* layout = new QVBoxLayout(this);
  const bool drop = r.limits.overlength == training::TruncationOptions::Overlength::drop;
  auto* summary = new QLabel(this);
  summary->setObjectName("lengths.summary");
  summary->setWordWrap(true);
  summary->setText(r.cut.empty()
                       ? tr("All %n row(s) fit the limits, counted with the base model's tokenizer and chat template, "
                            "the system instruction included.", nullptr, static_cast<int>(r.total.count))
                       : (drop ? tr("%n row(s) are over the limits and will be left out (overlength: drop).", nullptr, static_cast<int>(r.cut.size()))
                               : tr("%n row(s) are over the limits and will be truncated; %1 prompt and %2 answer tokens are lost.",
                                    nullptr, static_cast<int>(r.cut.size()))
                                     .arg(r.prompt_tokens_lost)
                                     .arg(r.answer_tokens_lost)));
  layout->addWidget(summary);
  auto* charts = new QHBoxLayout;
  charts->addWidget(histogram_view(tr("Prompt tokens"), r.prompt, r.prompt_histogram, r.limits.max_input_length, this));
  charts->addWidget(histogram_view(tr("Answer tokens"), r.answer, r.answer_histogram, r.limits.max_output_length, this));
  charts->addWidget(histogram_view(tr("Tokens per row"), r.total, r.total_histogram, r.limits.cutoff_len, this));
  layout->addLayout(charts, 1);

  auto* table = new QTableWidget(static_cast<int>(r.cut.size()), 5, this);
  table->setObjectName("lengths.rows");
  table->setHorizontalHeaderLabels({tr("Line"), tr("Prompt tokens"), tr("Answer tokens"), tr("Prompt tokens cut"), tr("Answer tokens cut")});
  table->verticalHeader()->hide();
  table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  for (int i = 0; i < static_cast<int>(r.cut.size()); ++i) {
    const training::CutRow& c = r.cut[static_cast<std::size_t>(i)];
    const std::size_t values[] = {c.line, c.prompt_tokens, c.answer_tokens, c.prompt_lost, c.answer_lost};
    for (int column = 0; column < 5; ++column) {
      auto* item = new QTableWidgetItem;
      item->setData(Qt::DisplayRole, static_cast<qulonglong>(values[column]));
      table->setItem(i, column, item);
    }
  }
  table->setSortingEnabled(true);
  table->sortItems(0, Qt::AscendingOrder);
  table->setVisible(!r.cut.empty());
  layout->addWidget(table, 1);
  auto* close = new QPushButton(tr("Close"), this);
  connect(close, &QPushButton::clicked, this, &QDialog::accept);
  auto* bottom = new QHBoxLayout;
  bottom->addStretch(1);
  bottom->addWidget(close);
  layout->addLayout(bottom);
  resize(1100, r.cut.empty() ? 420 : 640);
}

}  // namespace tunedesk::ui
