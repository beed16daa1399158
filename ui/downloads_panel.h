// The signed-in user's model downloads, under the training jobs: each with
// its repository, hub and folder, a progress bar with bytes, speed, time left
// and files while it runs, how it ended otherwise (in the user's language),
// and Cancel (what was fetched stays) or Resume (fetches only what is
// missing). Hidden while there are none. It follows the download queue's
// signals; the queue does the work.
#pragma once

#include <QHash>
#include <QString>
#include <QWidget>

class QTableWidget;

namespace tunedesk::services {
struct DownloadStatus;
}

namespace tunedesk::ui {

class AppContext;

class DownloadsPanel : public QWidget {
  Q_OBJECT

 public:
  explicit DownloadsPanel(AppContext& context, QWidget* parent = nullptr);

 public Q_SLOTS:
  void refresh();  // every row again (after signing in, or a new download)

 Q_SIGNALS:
  void message(const QString& text);

 private:
  void update_row(const QString& id, const QString& state);
  void fill_row(int row, const services::DownloadStatus& d);

  AppContext& context_;
  QTableWidget* table_;
  QHash<QString, int> rows_;       // download id -> row
  QHash<QString, QString> states_;  // download id -> the state its row shows
};

}  // namespace tunedesk::ui
