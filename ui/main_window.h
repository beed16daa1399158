// The TuneDesk window: four tabs in the order of the work — 数据 Data,
// 校验 Validation, 训练 Training, 对话 Chat — a menu, and a status bar with
// who is signed in and where their data lives.
#pragma once

#include <QMainWindow>

class QTabWidget;

namespace tunedesk::ui {

class AppContext;
class ChatTab;
class DataTab;
class TrainingTab;
class ValidationTab;

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(AppContext& context, QWidget* parent = nullptr);

  QTabWidget& tabs() { return *tabs_; }
  DataTab& data_tab() { return *data_; }
  ValidationTab& validation_tab() { return *validation_; }
  TrainingTab& training_tab() { return *training_; }
  ChatTab& chat_tab() { return *chat_; }

 private:
  void show_about();
  void update_status();

  AppContext& context_;
  QTabWidget* tabs_;
  DataTab* data_;
  ValidationTab* validation_;
  TrainingTab* training_;
  ChatTab* chat_;
};

}  // namespace tunedesk::ui
