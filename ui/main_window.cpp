#include "ui/main_window.h"

#include <QApplication>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QTabWidget>

#include "services/engine_bridge.h"
#include "ui/app_context.h"
#include "ui/chat_tab.h"
#include "ui/data_tab.h"
#include "ui/settings_dialog.h"
#include "ui/training_form.h"
#include "ui/training_tab.h"
#include "ui/validation_tab.h"
#include "ui/error_text.h"

// ui_resources.qrc (the icon, each method's default settings) is compiled into
// this static library, where nothing refers to its registration function: the
// linker would leave it out. Registered here, at start-up, for every program
// that shows the window (the desktop app, the UI tests).
static int register_ui_resources() {
  Q_INIT_RESOURCE(ui_resources);
  return 1;
}
[[maybe_unused]] static const int ui_resources_registered = register_ui_resources();

namespace tunedesk::ui {

MainWindow::MainWindow(AppContext& context, QWidget* parent) : QMainWindow(parent), context_(context) {
  setWindowTitle(tr("TuneDesk"));
  setWindowIcon(QIcon(":/icons/tunedesk.svg"));
  tabs_ = new QTabWidget(this);
  tabs_->setDocumentMode(true);
  data_ = new DataTab(context_, tabs_);
  validation_ = new ValidationTab(context_, tabs_);
  training_ = new TrainingTab(context_, tabs_);
  chat_ = new ChatTab(context_, tabs_);
  tabs_->addTab(data_, tr("Data"));
  tabs_->addTab(validation_, tr("Validation"));
  tabs_->addTab(training_, tr("Training"));
  tabs_->addTab(chat_, tr("Chat"));
  setCentralWidget(tabs_);

  // The work flows from tab to tab.
  connect(data_, &DataTab::file_loaded, validation_, &ValidationTab::show_file);
  connect(data_, &DataTab::file_loaded, this, [this] { tabs_->setCurrentWidget(validation_); });
  connect(validation_, &ValidationTab::go_to_line, this, [this](qulonglong line) {
    tabs_->setCurrentWidget(data_);
    data_->select_line(line);
  });
  connect(validation_, &ValidationTab::dataset_converted, this, [this](const QString& path) {
    data_->refresh_file_list();
    training_->select_dataset(path);
  });
  connect(data_, &DataTab::clean_requested, validation_, &ValidationTab::clean);
  connect(data_, &DataTab::augment_requested, validation_, &ValidationTab::augment);
  // A new version (cleaned, augmented) is opened and validated like any file.
  connect(validation_, &ValidationTab::version_written, this, [this](const QString& path) {
    data_->refresh_file_list();
    training_->select_dataset(path);
    data_->open_file(path);
  });
  connect(validation_, &ValidationTab::open_requested, this, [this](const QString& path) {
    tabs_->setCurrentWidget(data_);
    data_->open_file(path);
  });
  connect(training_, &TrainingTab::job_finished, chat_, [this] { chat_->refresh_models(); });
  connect(&training_->form(), &TrainingForm::models_changed, chat_, [this] { chat_->refresh_models(); });

  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->addAction(tr("&Open dataset…"), QKeySequence::Open, data_, &DataTab::choose_file);
  file->addAction(tr("&Settings…"), this, [this] {
    SettingsDialog dialog(context_, this);
    if (dialog.exec() == QDialog::Accepted) update_status();
  });
  file->addSeparator();
  file->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::closeAllWindows);
  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&About TuneDesk"), this, &MainWindow::show_about);

  update_status();
  resize(1280, 820);
}

void MainWindow::update_status() {
  const services::User& user = context_.user();
  QString text = tr("Signed in as %1 (%2) · data in %3")
                     .arg(user.name, user.role == services::Role::admin ? tr("administrator") : tr("user"), context_.data_dir());
  if (context_.server_port()) text += " · " + tr("browser UI at %1").arg(context_.server_url());
  statusBar()->showMessage(text);
}

namespace {

QString engine_description() {
  try {
    return QString::fromStdString(services::engine_bridge().runtime_description());
  } catch (const std::exception& e) {
    return error_text(e).toHtmlEscaped();
  }
}

}  // namespace

void MainWindow::show_about() {
  QMessageBox::about(this, tr("About TuneDesk"),
                     tr("<h3>TuneDesk %1</h3><p>Instruction fine-tuning of large language models on your own "
                        "computer: LoRA, P-Tuning v2 and full fine-tuning.</p><p>%2</p>")
                         .arg(QApplication::applicationVersion(), engine_description()));
}

}  // namespace tunedesk::ui
