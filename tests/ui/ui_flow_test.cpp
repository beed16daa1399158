// The desktop app driven as a person would use it (QTest): first start and
// sign-in, open the sample CSV, read the report, convert, train a short LoRA
// run on a demo-like model while points arrive on the loss chart, export it
// merged into a base model, then ask the result a question in chat. Every step leaves a screenshot of the
// window in TUNEDESK_SCREENSHOT_DIR (default: ./screenshots), in the
// language of TUNEDESK_UI_LANG (en by default).
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QScrollArea>
#include <QDir>
#include <QDoubleSpinBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QTableWidget>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTimer>
#include <QTreeWidget>
#include <QValueAxis>
#include <QtTest/QtTest>

#include <unistd.h>

#include <cmath>

#include "data/dataset_reader.h"
#include "data/validator.h"
#include "model/tiny_model.h"
#include "services/mock_hub.h"
#include "test_paths.h"
#include "ui/app_context.h"
#include "ui/chat_tab.h"
#include "ui/augment_dialog.h"
#include "ui/clean_dialog.h"
#include "ui/version_diff_dialog.h"
#include "services/dataset_versions.h"
#include "ui/data_tab.h"
#include "ui/error_text.h"
#include "ui/settings_dialog.h"
#include "ui/step_axis.h"
#include "services/tls_identity.h"
#include "ui/export_dialog.h"
#include "ui/finding_text.h"
#include "data/finding_messages.h"
#include "ui/login_dialog.h"
#include "ui/main_window.h"
#include "ui/settings.h"
#include "ui/training_charts.h"
#include "ui/training_form.h"
#include "ui/training_tab.h"
#include "training/training_settings.h"
#include "ui/transcript_view.h"
#include "ui/validation_tab.h"
#include "util/user_error.h"

using namespace tunedesk;

class UiFlowTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase();
  void firstStartThenSignIn();
  void dataValidationTrainingChat();
  void excelWorkbookWithSheets();
  void downloadingABaseModel();
  void comparingRuns();
  void stepAxesTickAtRoundSteps();
  void findingsInTheUserLanguage();
  void errorsInTheUserLanguage();
  void addingAndRemovingABaseModel();
  void methodDefaultsFromTheShippedConfigs();
  void trainingFormFollowsTheSettingsTable();
  void cleaningIntoANewVersion();
  void augmentingWithAReview();
  void nearDuplicateGroupsAsChosen();
  void transcriptRendersMarkdownSafely();
  void servingToTheNetworkFromSettings();
  void cleanupTestCase();

 private:
  void shoot(QWidget& widget, const QString& name);

  QTemporaryDir dir_;
  QString shots_;
  std::unique_ptr<ui::AppContext> context_;
};

void UiFlowTest::initTestCase() {
  QVERIFY(dir_.isValid());
  QStandardPaths::setTestModeEnabled(true);  // settings of the test, not the user's
  shots_ = qEnvironmentVariable("TUNEDESK_SCREENSHOT_DIR", QDir::currentPath() + "/screenshots");
  QDir().mkpath(shots_);
  // The demo model's shape (scripts/make-demo-model.sh), made here: tests never download.
  model::TinyModelSpec spec;
  spec.arch = model::Arch::qwen3;
  spec.layers = 4;
  spec.hidden = 128;
  spec.heads = 4;
  spec.kv_heads = 2;
  spec.seed = 42;
  spec.tie_embeddings = false;
  spec.head_std = 0.1;
  const QString model = dir_.filePath("models/demo-qwen3");
  model::write_tiny_model(model.toStdString(), spec);
  qputenv("TUNEDESK_DEMO_MODEL", model.toUtf8());
  context_ = std::make_unique<ui::AppContext>(dir_.filePath("data"));
}

void UiFlowTest::shoot(QWidget& widget, const QString& name) {
  QApplication::processEvents();
  const QString path = shots_ + "/" + name + ".png";
  QVERIFY2(widget.grab().save(path), qPrintable("cannot save " + path));
}

void UiFlowTest::firstStartThenSignIn() {
  {
    ui::LoginDialog first(context_->accounts());
    QVERIFY(first.first_run());
    first.show();
    first.name_edit()->setText("admin");
    first.password_edit()->setText("short");
    first.confirm_edit()->setText("short");
    first.submit();
    QVERIFY(first.result() != QDialog::Accepted);  // too short: refused, with a message
    QVERIFY(first.findChild<QLabel*>("login.error")->isVisible());
    first.password_edit()->setText("correct horse");
    first.confirm_edit()->setText("correct horse");
    shoot(first, "01-first-start");
    first.submit();
    QCOMPARE(first.result(), int(QDialog::Accepted));
    QVERIFY(first.user() && first.user()->role == services::Role::admin);
  }
  ui::LoginDialog login(context_->accounts());
  QVERIFY(!login.first_run());
  login.show();
  login.name_edit()->setText("admin");
  login.password_edit()->setText("wrong password");
  login.submit();
  QVERIFY(login.result() != QDialog::Accepted);
  QVERIFY(login.findChild<QLabel*>("login.error")->isVisible());
  login.password_edit()->setText("correct horse");
  shoot(login, "02-sign-in");
  login.submit();
  QCOMPARE(login.result(), int(QDialog::Accepted));
  context_->sign_in(*login.user());
}

void UiFlowTest::dataValidationTrainingChat() {
  ui::MainWindow window(*context_);
  window.resize(1360, 860);
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));

  // Data: the sample CSV is kept as uploaded, read and previewed.
  const QString sample = QString(TUNEDESK_SOURCE_DIR) + "/resources/samples/arithmetic.csv";
  ui::DataTab& data = window.data_tab();
  QSignalSpy loaded(&data, &ui::DataTab::file_loaded);
  data.open_file(sample);
  QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 30000);
  QVERIFY(data.current() && data.current()->error.isEmpty());
  QFile original(sample), kept(data.current()->path);
  QVERIFY(original.open(QIODevice::ReadOnly) && kept.open(QIODevice::ReadOnly));
  QCOMPARE(kept.readAll(), original.readAll());
  QVERIFY(data.current()->path.startsWith(context_->workspace().uploads_dir()));
  const auto rows = data.current()->report.rows;
  QVERIFY(rows > 0);
  // The file list shows each file's verdict.
  const auto listed = window.findChild<QTreeWidget*>("data.files")->findItems("arithmetic.csv", Qt::MatchRecursive);
  QCOMPARE(listed.size(), 1);
  QTRY_VERIFY(listed.front()->text(2).startsWith(QString::fromUtf8("✔")));
  window.tabs().setCurrentWidget(&data);
  shoot(window, "03-data");
  // The file's new versions start here too: "Augment…" opens the validation tab's dialog for this file.
  auto* augment = window.findChild<QPushButton*>("data.augment");
  QVERIFY(augment && augment->isEnabled() && window.findChild<QPushButton*>("data.clean")->isEnabled());
  augment->click();
  QTRY_VERIFY(window.findChild<ui::AugmentDialog*>());
  auto* augment_dialog = window.findChild<ui::AugmentDialog*>();
  QVERIFY(augment_dialog->windowTitle().contains("arithmetic.csv"));
  augment_dialog->close();  // deletes itself
  QTRY_VERIFY(!window.findChild<ui::AugmentDialog*>());

  // Validation: the report, then conversion to JSONL.
  window.tabs().setCurrentWidget(&window.validation_tab());
  QVERIFY(window.findChild<QLabel*>("validation.verdict")->text().contains("arithmetic.csv"));
  shoot(window, "04-validation");
  QSignalSpy converted(&window.validation_tab(), &ui::ValidationTab::dataset_converted);
  window.validation_tab().convert();
  QTRY_COMPARE_WITH_TIMEOUT(converted.count(), 1, 30000);
  const QString dataset = converted.first().first().toString();
  QVERIFY(QFile::exists(dataset));
  QVERIFY(window.findChild<QLabel*>("validation.convert_result")->text().contains(dataset));

  // Training: a short LoRA run on the demo model; the chart fills as it goes.
  ui::TrainingTab& training = window.training_tab();
  window.tabs().setCurrentWidget(&training);
  QCOMPARE(training.form().dataset(), dataset);  // conversion chose it
  QVERIFY(training.form().base_model().endsWith("demo-qwen3"));
  QCOMPARE(training.form().method(), QString("lora"));
  // Before Start: the rows counted in tokens against the limits (all fit at the shipped 1024;
  // at 24 tokens in all every row is over, named by its line).
  auto* lengths = window.findChild<QLabel*>("training.lengths");
  QTRY_VERIFY_WITH_TIMEOUT(!lengths->styleSheet().contains("9a6700") && !lengths->text().isEmpty() &&
                               !lengths->text().contains(QString::fromUtf8("…")), 20000);
  auto* cutoff = window.findChild<QSpinBox*>("setting.cutoff_len");
  QVERIFY(cutoff);
  const int shipped_cutoff = cutoff->value();
  cutoff->setValue(24);
  QTRY_VERIFY_WITH_TIMEOUT(lengths->styleSheet().contains("9a6700") && lengths->text().contains("2, 3, 4"), 20000);
  // What the cut takes from each side (this test also runs in Chinese).
  QVERIFY2(QRegularExpression(QString::fromUtf8(R"(\(\d+ prompt and \d+ answer tokens past the limits\)|问题词元共 \d+ 个、答案词元共 \d+ 个)"))
               .match(lengths->text())
               .hasMatch(),
           qPrintable(lengths->text()));
  shoot(window, "05d-lengths");
  // The details: the three distributions and the rows over the limits, by line.
  auto* details = window.findChild<QPushButton*>("training.lengths_details");
  QVERIFY(details && details->isEnabled());
  details->click();
  QDialog* lengths_dialog = nullptr;
  QTRY_VERIFY((lengths_dialog = window.findChild<QDialog*>("lengths.dialog")) != nullptr && lengths_dialog->isVisible());
  auto* over_rows = lengths_dialog->findChild<QTableWidget*>("lengths.rows");
  // Every row of the converted training split is over 24 tokens.
  QVERIFY(over_rows->rowCount() > 0 && over_rows->rowCount() <= static_cast<int>(rows));
  QVERIFY(lengths_dialog->findChild<QLabel*>("lengths.summary")->text().contains(QString::number(over_rows->rowCount())));
  QVERIFY(over_rows->rowCount() < 2 || over_rows->item(0, 0)->text().toInt() < over_rows->item(1, 0)->text().toInt());  // by line
  QCOMPARE(lengths_dialog->findChildren<QChartView*>().size(), 3);
  shoot(*lengths_dialog, "05e-lengths-details");
  lengths_dialog->accept();
  cutoff->setValue(shipped_cutoff);
  QTRY_VERIFY_WITH_TIMEOUT(!lengths->styleSheet().contains("9a6700"), 20000);
  // Will it fit: the estimate under the settings, within the free RAM. Full fine-tuning under a limit
  // below its estimate (but above LoRA's) is refused at Start with the change that fits offered;
  // applied, the run fits again.
  auto* memory = window.findChild<QLabel*>("training.memory");
  QVERIFY(memory);
  QTRY_VERIFY_WITH_TIMEOUT(training.form().memory_check().has_value() && !memory->text().isEmpty(), 20000);
  QVERIFY(training.form().memory_check()->fits);
  QVERIFY(!memory->styleSheet().contains("b42318"));
  const std::uint64_t lora_estimate = training.form().memory_check()->estimate.total;
  const training::RunConfig before_memory = training.form().config();
  auto* method_box = window.findChild<QComboBox*>("setting.method");
  method_box->setCurrentIndex(method_box->findData("sft"));
  QVERIFY(training.form().memory_check() && training.form().memory_check()->estimate.total > lora_estimate);
  training::RunConfig limited = training.form().config();
  // Between the two estimates, in the form's hundredths of a gigabyte.
  limited.memory_limit_gb = std::round(static_cast<double>(lora_estimate + training.form().memory_check()->estimate.total) / 2e7) / 100;
  training.form().set_config(limited);
  QVERIFY(training.form().memory_check() && !training.form().memory_check()->fits);
  QVERIFY(training.form().memory_check()->change.has_value());
  QVERIFY(memory->styleSheet().contains("b42318"));
  auto* memory_apply = window.findChild<QPushButton*>("training.memory_apply");
  auto* memory_override = window.findChild<QCheckBox*>("training.memory_override");
  QVERIFY(memory_apply->isVisibleTo(&window) && memory_override->isVisibleTo(&window));
  for (QWidget* w = memory->parentWidget(); w; w = w->parentWidget())
    if (auto* scroll = qobject_cast<QScrollArea*>(w)) scroll->ensureWidgetVisible(memory_apply);
  shoot(window, "05f-memory-over");
  QVERIFY(training.start().isEmpty());  // refused: over the limit, "Start anyway" not ticked
  QVERIFY(window.findChild<QLabel*>("training.message")->text().contains(memory_override->text().remove('&')));
  memory_apply->click();
  QVERIFY(training.form().memory_check() && training.form().memory_check()->fits);
  QVERIFY(!memory_apply->isVisibleTo(&window) && !memory_override->isVisibleTo(&window));
  QCOMPARE(training.form().config().memory_limit_gb, limited.memory_limit_gb);  // the limit stays
  training.form().set_config(before_memory);
  QCOMPARE(training.form().method(), QString("lora"));
  QVERIFY(training.form().memory_check() && training.form().memory_check()->fits);
  window.findChild<QSpinBox*>("setting.max_steps")->setValue(40);
  window.findChild<QLineEdit*>("setting.learning_rate")->setText("5e-3");
  const QString id = training.start();
  QVERIFY2(!id.isEmpty(), qPrintable(window.findChild<QLabel*>("training.message")->text()));
  QTRY_VERIFY_WITH_TIMEOUT(training.charts().loss_points() >= 3, 120000);
  QCOMPARE(window.findChild<QLabel*>("training.message")->text(), ui::TrainingTab::tr("Job %1 is running.").arg(id));  // not "queued" still
  {  // The jobs table counts the running job's steps as they come, not only when it starts and ends.
    auto* table = window.findChild<QTableWidget*>("training.jobs");
    const auto step_cell = [&]() -> QString {
      for (int row = 0; row < table->rowCount(); ++row)
        if (table->item(row, 0)->text() == id) return table->item(row, 5)->text();
      return "(no row)";
    };
    QVERIFY2(QRegularExpression("^([3-9]|[1-3][0-9]|40)/40$").match(step_cell()).hasMatch(), qPrintable(step_cell()));
  }
  shoot(window, "05-training");
  QTRY_VERIFY_WITH_TIMEOUT(context_->jobs().find(id)->status != services::JobStatus::running &&
                               context_->jobs().find(id)->status != services::JobStatus::queued,
                           300000);
  const services::Job job = *context_->jobs().find(id);
  QVERIFY2(job.status == services::JobStatus::completed, qPrintable(job.error));
  QTRY_COMPARE(training.charts().loss_points(), 40);
  // Lower than at the start: the run learnt something.
  QVERIFY(job.metrics.value("loss").toDouble() < 0.5 * 6.9);
  shoot(window, "06-training-done");

  // Export: merged into a complete model (in the dialog, off the UI thread), which joins the base models.
  auto* export_button = window.findChild<QPushButton*>("training.export");
  QVERIFY(export_button->isEnabled());
  QString dialog_state;
  QTimer poll;
  connect(&poll, &QTimer::timeout, &window, [&] {
    auto* dialog = qobject_cast<ui::ExportDialog*>(QApplication::activeModalWidget());
    if (!dialog) return;
    poll.stop();
    const auto* merge = dialog->findChild<QCheckBox*>("export.merge");
    dialog_state = QString("merge %1, add %2, folder %3")
                       .arg(merge->isChecked())
                       .arg(dialog->findChild<QCheckBox*>("export.add")->isChecked())
                       .arg(dialog->folder());
    shoot(*dialog, "06b-export");
    dialog->start();
  });
  poll.start(50);
  export_button->click();  // the dialog's own event loop runs until the export is written
  const QString merged = QDir(context_->workspace().exports_dir()).filePath(id + "-merged");
  QCOMPARE(dialog_state, QString("merge 1, add 1, folder %1").arg(merged));
  const QString told = window.findChild<QLabel*>("training.message")->text();
  QVERIFY2(told.contains(QDir::toNativeSeparators(merged)), qPrintable(told));
  QVERIFY(QFileInfo::exists(merged + "/config.json") && QFileInfo::exists(merged + "/tokenizer.json"));
  QCOMPARE(training.form().base_model(), merged);  // added to the base models, and chosen

  // Export again as GGUF (Q8_0), not merged: the adapter as a GGUF adapter beside its base model's file and an
  // Ollama Modelfile; progress shown, the llama.cpp and Ollama commands said at the end.
  QString gguf_state, done_text;
  QTimer gguf_poll;
  connect(&gguf_poll, &QTimer::timeout, &window, [&] {
    QWidget* modal = QApplication::activeModalWidget();
    if (auto* done = qobject_cast<QMessageBox*>(modal); done && done->objectName() == "export.done") {
      done_text = done->text();
      shoot(*done, "06d-export-gguf-done");
      done->accept();
      gguf_poll.stop();
      return;
    }
    auto* dialog = qobject_cast<ui::ExportDialog*>(modal);
    if (!dialog || !gguf_state.isEmpty()) return;
    auto* format = dialog->findChild<QComboBox*>("export.format");
    format->setCurrentIndex(format->findData("gguf"));
    auto* type = dialog->findChild<QComboBox*>("export.type");
    type->setCurrentIndex(type->findData("q8_0"));
    dialog->findChild<QCheckBox*>("export.merge")->setChecked(false);
    gguf_state = QString("merge %1 (%2), type %3, ollama %4, add %5, folder %6")
                     .arg(dialog->findChild<QCheckBox*>("export.merge")->isChecked())
                     .arg(dialog->findChild<QCheckBox*>("export.merge")->isEnabled() ? "can change" : "fixed")
                     .arg(type->isEnabled())
                     .arg(dialog->findChild<QCheckBox*>("export.ollama")->isChecked())
                     .arg(dialog->findChild<QCheckBox*>("export.add")->isEnabled())
                     .arg(dialog->folder());
    shoot(*dialog, "06c-export-gguf");
    dialog->start();
  });
  gguf_poll.start(50);
  export_button->click();
  const QString gguf_folder = QDir(context_->workspace().exports_dir()).filePath(id + "-gguf");
  QCOMPARE(gguf_state, QString("merge 0 (can change), type 1, ollama 1, add 0, folder %1").arg(gguf_folder));
  const QString adapter_file = gguf_folder + "/" + QFileInfo(job.output).fileName() + "-Q8_0-LoRA.gguf";
  QVERIFY2(QFileInfo::exists(adapter_file), qPrintable(adapter_file));
  QVERIFY(QFileInfo::exists(gguf_folder + "/Modelfile"));
  QVERIFY2(done_text.contains("llama-cli -m") && done_text.contains("--lora " + QDir::toNativeSeparators(adapter_file)) &&
               done_text.contains("ollama create "),
           qPrintable(done_text));

  // Evaluate: the base model and the fine-tuned one answer the rows the run held out, side by side;
  // the table is kept with the run and sorted by the change.
  auto* evaluate = window.findChild<QPushButton*>("training.evaluate");
  QVERIFY(evaluate && evaluate->isEnabled());
  evaluate->click();
  QDialog* evaluation = nullptr;
  QTRY_VERIFY((evaluation = window.findChild<QDialog*>("evaluation.dialog")) != nullptr && evaluation->isVisible());
  QVERIFY(evaluation->findChild<QRadioButton*>("evaluation.held_out")->isChecked());
  evaluation->findChild<QSpinBox*>()->setValue(8);
  evaluation->findChild<QPushButton*>("evaluation.start")->click();
  auto* table = evaluation->findChild<QTableWidget*>("evaluation.table");
  const int held_out = static_cast<int>(QJsonDocument::fromJson([&] {
                                          QFile config(job.output + "/config.json");
                                          return config.open(QIODevice::ReadOnly) ? config.readAll() : QByteArray();
                                        }()).object()["val_lines"].toArray().size());
  QVERIFY(held_out > 0);
  QTRY_COMPARE_WITH_TIMEOUT(table->rowCount(), held_out, 120000);
  auto* totals = evaluation->findChild<QLabel*>("evaluation.totals");
  QVERIFY2(totals->text().contains("arithmetic") || totals->text().contains(QFileInfo(dataset).fileName()), qPrintable(totals->text()));
  QVERIFY(evaluation->findChild<QPushButton*>("evaluation.export_csv")->isEnabled());
  QVERIFY(QFileInfo::exists(job.output + "/evaluation.json"));
  QVERIFY(!table->item(0, 3)->text().isEmpty() || !table->item(0, 4)->text().isEmpty());
  shoot(*evaluation, "06e-evaluation");
  evaluation->reject();

  // Chat with the result: the fine-tuned model answers (streaming into the transcript).
  ui::ChatTab& chat = window.chat_tab();
  window.tabs().setCurrentWidget(&chat);
  QVERIFY(chat.select_model(job.output));
  window.findChild<QCheckBox*>("chat.compare")->setChecked(true);
  QSignalSpy answered(&chat, &ui::ChatTab::answered);
  chat.send("1+1");
  QTRY_COMPARE_WITH_TIMEOUT(answered.count(), 1, 120000);
  QVERIFY2(!chat.last_answer(0).isEmpty(), qPrintable(window.findChild<QLabel*>("chat.status")->text()));
  // Shown as it streamed in (Markdown may fold white space, so compare its last line).
  const QString last_line = chat.last_answer(0).trimmed().split('\n').last().trimmed();
  auto* transcript = window.findChild<ui::TranscriptView*>("chat.transcript");
  QTRY_VERIFY2_WITH_TIMEOUT(transcript->rendered_text().contains(last_line), qPrintable(transcript->rendered_text()), 30000);
  // The base model was asked the same question beside it.
  QTRY_VERIFY_WITH_TIMEOUT(window.findChild<ui::TranscriptView*>("chat.base_transcript")->rendered_text().contains("1+1"), 30000);
  shoot(window, "07-chat");
}

// Every finding core writes for the broken samples and fixtures has a
// template here: in English it reads as core's message (so the two never
// drift apart), in Chinese it is translated.
// An Excel workbook is opened like a CSV: kept as uploaded, its first sheet
// read, the other sheets offered; choosing one reads it.
void UiFlowTest::excelWorkbookWithSheets() {
  ui::MainWindow window(*context_);
  window.resize(1360, 860);
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  ui::DataTab& data = window.data_tab();
  window.tabs().setCurrentWidget(&data);
  QSignalSpy loaded(&data, &ui::DataTab::file_loaded);
  data.open_file(QString(TUNEDESK_SOURCE_DIR) + "/tests/fixtures/xlsx/features.xlsx");
  QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 30000);
  QVERIFY(data.current() && data.current()->error.isEmpty());
  QCOMPARE(QString::fromStdString(data.current()->report.sheet), QString::fromUtf8("问答"));
  window.tabs().setCurrentWidget(&data);  // opening a file moves on to its report
  auto* sheet = window.findChild<QComboBox*>("data.sheet");
  QVERIFY(sheet && sheet->isVisible());
  QCOMPARE(sheet->count(), 2);
  QVERIFY(!window.findChild<QComboBox*>("data.encoding")->isEnabled());
  QVERIFY(window.findChild<QLabel*>("data.summary")->text().contains(QString::fromUtf8("问答")));
  QVERIFY(data.current()->report.rows >= 20);
  shoot(window, "03b-data-xlsx");
  window.tabs().setCurrentWidget(&window.validation_tab());
  QVERIFY(window.findChild<QLabel*>("validation.verdict")->text().contains("features.xlsx"));
  shoot(window, "04b-validation-xlsx");

  window.tabs().setCurrentWidget(&data);
  sheet->setCurrentIndex(1);
  Q_EMIT sheet->activated(1);
  QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 2, 30000);
  QCOMPARE(QString::fromStdString(data.current()->report.sheet), QString::fromUtf8("第二页"));
  QCOMPARE(data.current()->report.rows, std::size_t{1});
  QCOMPARE(sheet->currentText(), QString::fromUtf8("第二页"));
}

// A model downloaded from a hub (a mock one on loopback, through the
// Hugging Face mirror variable) lands on the base model list; one in the
// Hugging Face cache is offered and added with one click.
void UiFlowTest::downloadingABaseModel() {
  QTemporaryDir hub_dir;
  model::TinyModelSpec spec;
  spec.arch = model::Arch::llama;
  spec.shards = 2;
  model::write_tiny_model(hub_dir.filePath("repo").toStdString(), spec);
  test::MockHub hub(hub_dir.filePath("repo"));
  // The second shard goes silent after 2 KiB once: the download is running while it is looked at, cancelled, resumed.
  const QString cut = "model-00002-of-00002.safetensors";
  hub.cut_file = cut;
  hub.cut_after = 2048;
  hub.cut_times = 1;
  qputenv("HF_ENDPOINT", hub.hf_endpoint().toUtf8());
  qputenv("HF_TOKEN", "");
  qputenv("HF_HOME", hub_dir.filePath("hf-home").toUtf8());
  // A model in the Hugging Face cache, as huggingface_hub lays it out.
  const QString snapshot = hub_dir.filePath("hf-cache/models--cached--tiny/snapshots/abc123");
  model::write_tiny_model(snapshot.toStdString(), spec);
  QDir().mkpath(hub_dir.filePath("hf-cache/models--cached--tiny/refs"));
  qputenv("HF_HUB_CACHE", hub_dir.filePath("hf-cache").toUtf8());
  qputenv("MODELSCOPE_CACHE", hub_dir.filePath("ms-cache").toUtf8());

  ui::MainWindow window(*context_);
  window.resize(1360, 860);
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  window.tabs().setCurrentWidget(&window.training_tab());
  auto* button = window.findChild<QPushButton*>("training.download_model");
  QVERIFY(button);
  button->click();
  QDialog* dialog = nullptr;
  QTRY_VERIFY((dialog = window.findChild<QDialog*>("download.dialog")) != nullptr);
  QVERIFY(dialog->findChild<QLabel*>("download.where")->text().contains(hub.hf_endpoint()));
  auto* cached = dialog->findChild<QTreeWidget*>("download.cached");
  QCOMPARE(cached->topLevelItemCount(), 1);
  QCOMPARE(cached->topLevelItem(0)->text(0), QString("cached/tiny"));
  dialog->findChild<QLineEdit*>("download.repo")->setText("tiny/model");
  const QString folder = dialog->findChild<QLineEdit*>("download.folder")->text();
  QVERIFY(folder.startsWith(context_->workspace().models_dir()));
  QVERIFY(folder.endsWith("/model"));
  shoot(*dialog, "05b-download");
  QPointer<QDialog> closing = dialog;
  dialog->findChild<QPushButton*>("download.start")->click();
  QTRY_VERIFY(!closing || !closing->isVisible());  // the download goes on in the background
  // Under the jobs: its row, with progress while it runs and Cancel.
  auto* panel = window.findChild<QWidget*>("training.downloads_panel");
  auto* downloads = window.findChild<QTableWidget*>("training.downloads");
  QVERIFY(panel && downloads);
  QTRY_VERIFY(panel->isVisible());
  QCOMPARE(downloads->item(0, 0)->text(), QString("tiny/model"));
  QTRY_VERIFY_WITH_TIMEOUT(hub.bytes_served.value(cut) >= 2048, 15000);
  QTRY_VERIFY(qobject_cast<QProgressBar*>(downloads->cellWidget(0, 3))->value() > 0);
  auto* cancel = qobject_cast<QPushButton*>(downloads->cellWidget(0, 5));
  QVERIFY(cancel && cancel->objectName() == "download.cancel");
  shoot(window, "05c-download-running");
  cancel->click();
  // Cancelled: what was fetched stays; Resume goes on from there.
  QPushButton* resume = nullptr;
  QTRY_VERIFY((resume = qobject_cast<QPushButton*>(downloads->cellWidget(0, 5))) != nullptr &&
              resume->objectName() == "download.resume");
  QCOMPARE(qobject_cast<QProgressBar*>(downloads->cellWidget(0, 3))->property("state").toString(), QString("cancelled"));
  resume->click();
  auto* model = window.findChild<QComboBox*>("training.model");
  QTRY_VERIFY_WITH_TIMEOUT(model->findData(folder) >= 0, 30000);  // added to the base models and selected
  QCOMPARE(model->currentData().toString(), folder);
  QVERIFY(QFileInfo::exists(folder + "/" + cut));
  QCOMPARE(hub.bytes_served.value(cut), QFileInfo(hub_dir.filePath("repo/" + cut)).size());  // nothing fetched twice
  QTRY_COMPARE(qobject_cast<QProgressBar*>(downloads->cellWidget(0, 3))->property("state").toString(), QString("done"));
  QVERIFY(downloads->cellWidget(0, 5) == nullptr);

  // The cached one, with one click.
  button->click();
  QTRY_VERIFY((dialog = window.findChild<QDialog*>("download.dialog")) != nullptr && dialog->isVisible());
  cached = dialog->findChild<QTreeWidget*>("download.cached");
  shoot(*dialog, "05d-download-cached");
  qobject_cast<QPushButton*>(cached->itemWidget(cached->topLevelItem(0), 3))->click();
  QTRY_VERIFY(model->findData(snapshot) >= 0);
  QCOMPARE(model->currentData().toString(), snapshot);
  for (const char* name : {"HF_ENDPOINT", "HF_TOKEN", "HF_HOME", "HF_HUB_CACHE", "MODELSCOPE_CACHE"}) qunsetenv(name);
}

// A second, shorter run at another learning rate; the two selected and
// compared: their loss curves on one chart, the settings that differ listed.
void UiFlowTest::comparingRuns() {
  ui::MainWindow window(*context_);
  window.resize(1360, 860);
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  ui::TrainingTab& training = window.training_tab();
  window.tabs().setCurrentWidget(&training);
  const auto completed = [&] {
    int n = 0;
    for (const services::Job& j : context_->jobs().list(context_->user().name)) n += j.status == services::JobStatus::completed;
    return n;
  };
  const int before = completed();
  QVERIFY2(before >= 1, "dataValidationTrainingChat trains the first run");
  QTRY_VERIFY_WITH_TIMEOUT(!training.form().dataset().isEmpty(), 10000);
  window.findChild<QSpinBox*>("setting.max_steps")->setValue(10);
  window.findChild<QLineEdit*>("setting.learning_rate")->setText("1e-3");
  const QString id = training.start();
  QVERIFY2(!id.isEmpty(), qPrintable(window.findChild<QLabel*>("training.message")->text()));
  QTRY_COMPARE_WITH_TIMEOUT(completed(), before + 1, 120000);
  auto* jobs = window.findChild<QTableWidget*>("training.jobs");
  QTRY_VERIFY(jobs->rowCount() >= 2);
  auto* compare = window.findChild<QPushButton*>("training.compare");
  QVERIFY(!compare->isEnabled());
  jobs->selectionModel()->select(jobs->model()->index(0, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
  jobs->selectionModel()->select(jobs->model()->index(1, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
  QVERIFY(compare->isEnabled());
  compare->click();
  QDialog* dialog = nullptr;
  QTRY_VERIFY((dialog = window.findChild<QDialog*>("compare.dialog")) != nullptr && dialog->isVisible());
  auto* chart = dialog->findChild<QChartView*>("compare.chart");
  QCOMPARE(chart->chart()->series().size(), 4);  // loss and evaluation loss of each
  auto* settings = dialog->findChild<QTableWidget*>("compare.settings");
  QCOMPARE(settings->columnCount(), 2);
  QStringList keys;
  for (int r = 0; r < settings->rowCount(); ++r) keys << settings->verticalHeaderItem(r)->text();
  QVERIFY2(keys.contains("learning_rate") && keys.contains("max_steps"), qPrintable(keys.join(", ")));
  shoot(*dialog, "06f-runs-compared");
  dialog->accept();

  // Chat with the two runs side by side: the same question to each, both answers shown.
  ui::ChatTab& chat = window.chat_tab();
  window.tabs().setCurrentWidget(&chat);
  chat.refresh_models();
  const services::Job newer = *context_->jobs().find(id);
  const QString older_output = [&] {
    for (const services::Job& j : context_->jobs().list(context_->user().name))
      if (j.id != id && j.status == services::JobStatus::completed) return j.output;
    return QString();
  }();
  QVERIFY(chat.select_model(newer.output));
  window.findChild<QCheckBox*>("chat.compare")->setChecked(true);
  auto* second = window.findChild<QComboBox*>("chat.compare_with");
  QVERIFY(second->isEnabled());
  second->setCurrentIndex(second->findData(older_output));
  QVERIFY(second->currentIndex() > 0);
  QSignalSpy answered(&chat, &ui::ChatTab::answered);
  chat.send("1+1");
  QTRY_COMPARE_WITH_TIMEOUT(answered.count(), 1, 120000);
  QVERIFY(!chat.last_answer(0).isEmpty() || !chat.last_answer(1).isEmpty());
  QTRY_VERIFY_WITH_TIMEOUT(window.findChild<ui::TranscriptView*>("chat.base_transcript")->rendered_text().contains("1+1"), 30000);
  shoot(window, "07b-chat-two-runs");
}

// Charts' step axes: whole steps at round intervals, about four of them, whatever the run's length.
void UiFlowTest::stepAxesTickAtRoundSteps() {
  for (const auto& [max_step, interval] : std::initializer_list<std::pair<double, double>>{
           {0, 1}, {1, 1}, {7, 2}, {40, 10}, {60, 20}, {150, 50}, {1000, 500}, {2400, 1000}}) {
    QValueAxis axis;
    ui::show_steps(&axis, max_step);
    QCOMPARE(axis.tickType(), QValueAxis::TicksDynamic);
    QCOMPARE(axis.tickAnchor(), 0.0);
    QVERIFY2(axis.tickInterval() == interval, qPrintable(QString("%1 steps: every %2").arg(max_step).arg(axis.tickInterval())));
    QCOMPARE(axis.max(), std::max(max_step, 1.0));
    QCOMPARE(axis.labelFormat(), QString("%d"));
  }
}

void UiFlowTest::findingsInTheUserLanguage() {
  const bool chinese = qEnvironmentVariable("TUNEDESK_UI_LANG", "en") == "zh_CN";
  const QString source = TUNEDESK_SOURCE_DIR;
  // A JSONL file with one of each kind of broken record.
  const QString jsonl = dir_.filePath("broken.jsonl");
  QFile broken(jsonl);
  QVERIFY(broken.open(QIODevice::WriteOnly));
  broken.write(R"(not json
[1, 2]
{"instruction": "a", "input": "b"}
{"output": "x"}
{"instruction": "q", "input": "", "output": "a", "history": 5}
{"instruction": "q", "input": "", "output": "a", "history": [[1]]}
{"messages": []}
{"messages": [{"content": "x"}]}
{"messages": [{"role": "assistant", "content": "x"}]}
{"messages": [{"role": "user", "content": "x"}]}
{"instruction": {"a": 1}, "input": "", "output": "a"}
{"instruction": "q", "input": "", "output": 2}
)");
  broken.close();
  int checked = 0;
  for (const QString& file : {source + "/resources/samples/broken.csv", source + "/resources/samples/broken_missing_column.csv",
                             source + "/tests/fixtures/mixed_columns.csv", source + "/tests/fixtures/cr_only.csv", jsonl,
                             source + "/tests/fixtures/xlsx/features.xlsx", source + "/tests/fixtures/xlsx/uncomputed.xlsx"}) {
    const data::Dataset dataset = data::read_dataset(file.toStdString());
    const data::ValidationReport report = data::validate(dataset);
    for (const data::Finding& f : report.findings) {
      const std::string where = file.toStdString() + ":" + std::to_string(f.line) + ": " + f.message;
      QVERIFY2(!f.kind.empty(), ("a finding without a template: " + where).c_str());
      QVERIFY2(!data::finding_template(f.kind).empty(), ("no template for '" + std::string(f.kind) + "': " + where).c_str());
      const QString shown = ui::finding_text(f);
      if (chinese)
        QVERIFY2(shown != QString::fromStdString(f.message), ("not translated: " + where).c_str());
      else
        QCOMPARE(shown, QString::fromStdString(f.message));
      ++checked;
    }
  }
  QVERIFY(checked >= 10);
}

// Every error template core and the services use is translated (core's
// English is the source of the .ts files); in Chinese, each reads differently.
void UiFlowTest::errorsInTheUserLanguage() {
  const bool chinese = ui::ui_language() == "zh_CN";
  int checked = 0;
  for (const auto& [kind, english] : user_error_templates()) {
    const std::string where(kind);
    std::vector<std::string> args = {"/data/x", "B", "C"};
    if (english.find("%n") != std::string_view::npos) args.insert(args.begin(), "3");
    const UserError error{std::string(kind), args};
    const QString shown = ui::error_text(error);
    if (chinese)
      QVERIFY2(shown != QString::fromUtf8(error.what()), ("not translated: " + where).c_str());
    else
      QCOMPARE(shown, QString::fromUtf8(error.what()));
    QVERIFY2(shown.contains("/data/x") || english.find("%1") == std::string_view::npos, ("a value is lost: " + where).c_str());
    ++checked;
  }
  QVERIFY(checked >= 25);
}

// The training form adds a model folder in Hugging Face layout (refusing one
// that is not, saying why in the user's language) and takes it off the list.
void UiFlowTest::addingAndRemovingABaseModel() {
  ui::MainWindow window(*context_);
  ui::TrainingForm& form = window.training_tab().form();
  QSignalSpy said(&form, &ui::TrainingForm::message);
  auto* models = window.findChild<QComboBox*>("training.model");
  const int before = models->count();

  const QString not_a_model = dir_.filePath("not-a-model");
  QVERIFY(QDir().mkpath(not_a_model));
  QVERIFY(!form.add_model_folder(not_a_model));
  QCOMPARE(models->count(), before);
  const QString refusal = said.last().at(0).toString();
  QVERIFY2(refusal.contains("not-a-model") && refusal.contains("config.json"), qPrintable(refusal));
  if (ui::ui_language() == "zh_CN") QVERIFY2(!refusal.contains("no config.json"), qPrintable(refusal));

  model::TinyModelSpec spec;
  spec.arch = model::Arch::llama;
  const QString folder = dir_.filePath("my-llama");
  model::write_tiny_model(folder.toStdString(), spec);
  QSignalSpy changed(&form, &ui::TrainingForm::models_changed);
  QVERIFY(form.add_model_folder(folder));
  QCOMPARE(changed.count(), 1);
  QCOMPARE(models->count(), before + 1);
  QCOMPARE(form.base_model(), QDir(folder).absolutePath());
  QVERIFY(window.findChild<QLabel*>("training.model_info")->text().contains("LlamaForCausalLM"));
  QVERIFY(window.findChild<QPushButton*>("training.remove_model")->isEnabled());
  // The chat tab offers it too.
  auto* chat_models = window.chat_tab().findChild<QComboBox*>("chat.model");
  QVERIFY(chat_models->findData(QDir(folder).absolutePath()) >= 0);
  // Added twice: refused, saying so.
  QVERIFY(!form.add_model_folder(folder));

  window.findChild<QPushButton*>("training.remove_model")->click();
  QCOMPARE(models->count(), before);
  QVERIFY(QFileInfo::exists(folder + "/config.json"));  // the folder stays
  QVERIFY(chat_models->findData(QDir(folder).absolutePath()) < 0);
  // The bundled model cannot be removed.
  models->setCurrentIndex(models->findText("demo-qwen3", Qt::MatchStartsWith));
  QVERIFY(!window.findChild<QPushButton*>("training.remove_model")->isEnabled());
}

// Settings offers what `serve` does: reach beyond 127.0.0.1, with a warning
// while HTTPS is off; a self-signed certificate, its fingerprint shown; a
// key that is not the certificate's, refused in the dialog in the user's language.
void UiFlowTest::servingToTheNetworkFromSettings() {
  if (!services::tls_available()) QSKIP("Qt has no TLS backend here");
  ui::SettingsDialog dialog(*context_);
  dialog.show();
  auto* server = dialog.findChild<QCheckBox*>("settings.server");
  auto* reach = dialog.findChild<QComboBox*>("settings.reach");
  auto* tls = dialog.findChild<QComboBox*>("settings.tls");
  auto* warning = dialog.findChild<QLabel*>("settings.plain_http_warning");
  auto* state = dialog.findChild<QLabel*>("settings.server_state");
  {
    QTcpServer probe;  // a port free now
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    dialog.findChild<QSpinBox*>()->setValue(probe.serverPort());
  }
  server->setChecked(true);
  reach->setCurrentIndex(reach->findData(true));
  tls->setCurrentIndex(tls->findData("off"));
  QVERIFY(warning->isVisible());
  shoot(dialog, "14-settings-plain-http-on-network");
  reach->setCurrentIndex(reach->findData(false));
  QVERIFY(!warning->isVisible());  // on 127.0.0.1 plain HTTP is fine
  reach->setCurrentIndex(reach->findData(true));
  tls->setCurrentIndex(tls->findData("files"));
  QVERIFY(!warning->isVisible());
  QVERIFY(dialog.findChild<QLineEdit*>("settings.tls_certificate")->isVisible());

  // Files that are not a pair: the dialog says so and stays open.
  const services::PemPair first = services::make_self_signed_pem({"localhost"}, 30), second = services::make_self_signed_pem({"localhost"}, 30);
  const auto write = [&](const QString& name, const QByteArray& bytes) {
    QFile f(dir_.filePath(name));
    f.open(QIODevice::WriteOnly);
    f.write(bytes);
    return f.fileName();
  };
  dialog.findChild<QLineEdit*>("settings.tls_certificate")->setText(write("cert.pem", first.certificate));
  dialog.findChild<QLineEdit*>("settings.tls_key")->setText(write("other-key.pem", second.key));
  dialog.accept();
  QVERIFY(dialog.isVisible());
  QVERIFY2(state->text().contains("other-key.pem"), qPrintable(state->text()));
  if (ui::ui_language() == "zh_CN") QVERIFY2(state->text().contains("不匹配"), qPrintable(state->text()));

  tls->setCurrentIndex(tls->findData("self_signed"));
  dialog.accept();
  QVERIFY2(context_->server_port() != 0, qPrintable(state->text()));
  QVERIFY(context_->server_url().startsWith("https://"));
  QVERIFY(context_->server_identity().has_value());
  ui::SettingsDialog again(*context_);
  again.show();
  const QString shown = again.findChild<QLabel*>("settings.server_state")->text();
  QVERIFY2(shown.contains(context_->server_identity()->fingerprint), qPrintable(shown));
  shoot(again, "15-settings-https-self-signed");
  again.findChild<QCheckBox*>("settings.server")->setChecked(false);
  again.accept();
  QCOMPARE(context_->server_port(), quint16(0));
}

// Each method fills the form from its shipped config (resources/configs/*.yaml,
// compiled in): the resources must be registered in the program.
void UiFlowTest::methodDefaultsFromTheShippedConfigs() {
  QVERIFY(QFile::exists(":/icons/tunedesk.svg"));
  ui::MainWindow window(*context_);
  auto* method = window.findChild<QComboBox*>("setting.method");
  auto* rate = window.findChild<QLineEdit*>("setting.learning_rate");
  for (const auto& [name, expected] : {std::pair{"sft", 1e-5}, std::pair{"ptuning_v2", 1e-2}, std::pair{"lora", 2e-4}}) {
    const int i = method->findData(QString(name));
    QVERIFY(i >= 0);
    method->setCurrentIndex(i);
    Q_EMIT method->activated(i);  // as a person's choice
    QCOMPARE(rate->text().toDouble(), expected);
  }
}

// The desktop's side of "the same settings in the three front ends": every
// setting the table puts in the forms (training/training_settings.h) has its
// field, named setting.NAME, with the row's range and choices; the table's
// defaults go in and come out unchanged. (The browser's side and the
// command line's are proven in tests/web/browser_test.py against the same
// table, served as GET /api/training-settings.)
void UiFlowTest::trainingFormFollowsTheSettingsTable() {
  ui::MainWindow window(*context_);
  ui::TrainingForm& form = window.training_tab().form();
  const training::RunConfig defaults = training::default_run_config();
  form.set_config(defaults);
  const training::RunConfig shown = form.config();
  int fields = 0;
  for (const training::TrainingSetting& s : training::training_settings()) {
    const QString name = QString::fromUtf8(s.name.data(), static_cast<qsizetype>(s.name.size()));
    auto* widget = window.findChild<QWidget*>("setting." + name);
    if (s.section == training::FormSection::none) {
      QVERIFY2(!widget, qPrintable(name + " is not a form setting"));
      continue;
    }
    QVERIFY2(widget, qPrintable("no field for " + name));
    ++fields;
    switch (s.kind) {
      case training::SettingKind::whole: {
        auto* box = qobject_cast<QSpinBox*>(widget);
        QVERIFY2(box, qPrintable(name));
        QCOMPARE(box->minimum(), static_cast<int>(s.min));
        QCOMPARE(box->maximum(), static_cast<int>(std::min<double>(s.max, INT_MAX)));
        break;
      }
      case training::SettingKind::number:
        if (auto* box = qobject_cast<QDoubleSpinBox*>(widget)) {
          QCOMPARE(box->minimum(), s.min);
          QCOMPARE(box->maximum(), s.max);
        } else {
          auto* line = qobject_cast<QLineEdit*>(widget);
          QVERIFY2(line, qPrintable(name));
          auto* validator = qobject_cast<const QDoubleValidator*>(line->validator());
          QVERIFY2(validator && validator->bottom() == s.min && validator->top() == s.max, qPrintable(name));
        }
        break;
      case training::SettingKind::flag: QVERIFY2(qobject_cast<QCheckBox*>(widget), qPrintable(name)); break;
      case training::SettingKind::choice: {
        auto* box = qobject_cast<QComboBox*>(widget);
        QVERIFY2(box, qPrintable(name));
        QCOMPARE(static_cast<std::size_t>(box->count()), s.choices.size());
        for (int i = 0; i < box->count(); ++i)
          QCOMPARE(box->itemData(i).toString().toStdString(), std::string(s.choices[static_cast<std::size_t>(i)].value));
        break;
      }
      case training::SettingKind::list:
      case training::SettingKind::text:
        if (s.name != "model_type") QVERIFY2(qobject_cast<QLineEdit*>(widget), qPrintable(name));
        break;
    }
    if (s.name != "device")  // auto may be turned into this machine's choice; the rest come back as set
      QVERIFY2(s.get(shown) == s.get(defaults), qPrintable(name + ": " + QString::fromStdString(s.get(shown).dump())));
  }
  QVERIFY(fields >= 30);
}

// The validation tab's "Clean into a new version…": a preview of every change
// (the personal data masked alike in question and answer), then the version
// written in the workspace; the loaded file stays byte for byte.
void UiFlowTest::cleaningIntoANewVersion() {
  QTemporaryDir dir;
  const QString path = dir.filePath("messy.csv");
  const QByteArray bytes = QString("text,result\n"
                                   "  How much is 1+1 ?  ,It is 2.\n"
                                   "My phone is 13800138000; call me?,We will call 13800138000.\n"
                                   "Ｈｏｗ much is 2+2?,It is 4.\n").toUtf8();
  QFile file(path);
  QVERIFY(file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size());
  file.close();
  ui::CleanDialog dialog(*context_, ui::load_and_validate(path, "auto"));
  dialog.show();
  for (const char* name : {"clean.trim", "clean.mask"}) dialog.findChild<QCheckBox*>(name)->setChecked(true);
  auto* width = dialog.findChild<QComboBox*>("clean.width");
  width->setCurrentIndex(width->findData("half"));
  dialog.findChild<QPushButton*>("clean.preview")->click();
  auto* changes = dialog.findChild<QTableWidget*>("clean.changes");
  QTRY_VERIFY_WITH_TIMEOUT(changes->rowCount() > 0, 20000);
  QStringList afters;
  for (int row = 0; row < changes->rowCount(); ++row) afters << changes->item(row, 3)->text();
  QVERIFY2(afters.contains("How much is 1+1 ?") && afters.contains("How much is 2+2?"), qPrintable(afters.join(" | ")));
  QCOMPARE(afters.filter(QString::fromUtf8("[手机号1]")).size(), 2);  // one placeholder for one number
  QVERIFY(dialog.findChild<QLabel*>("clean.summary")->text().contains("3"));
  shoot(dialog, "04d-clean-preview");
  QVERIFY(!QFileInfo::exists(context_->workspace().datasets_dir() + "/messy.clean.jsonl"));  // a preview writes nothing

  QSignalSpy cleaned(&dialog, &ui::CleanDialog::dataset_cleaned);
  dialog.findChild<QPushButton*>("clean.write")->click();
  QTRY_COMPARE_WITH_TIMEOUT(cleaned.count(), 1, 20000);
  const QString version = cleaned.first().first().toString();
  QCOMPARE(QFileInfo(version).fileName(), QString("messy.clean.jsonl"));
  QFile written(version);
  QVERIFY(written.open(QIODevice::ReadOnly));
  const QByteArray lines = written.readAll();
  QCOMPARE(lines.count('\n'), 3);
  QVERIFY(!lines.contains("13800138000"));
  QVERIFY(file.open(QIODevice::ReadOnly));
  QCOMPARE(file.readAll(), bytes);  // the loaded file as it was
  QFile::remove(version);
}

// A model writes candidates as a queued job (the progress bar follows it);
// the review keeps all but one, with one question corrected, and the new
// version has the file's rows and the kept ones, marked generated.
// Opened again, the dialog shows the file's latest augmentation.
void UiFlowTest::augmentingWithAReview() {
  QTemporaryDir dir;
  const QString path = dir.filePath("sums.csv");
  const QByteArray bytes = "text,result\nHow much is 1+1?,It is 2.\nHow much is 2+2?,It is 4.\nHow much is 3+3?,It is 6.\n";
  QFile file(path);
  QVERIFY(file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size());
  file.close();
  const auto loaded = ui::load_and_validate(path, "auto");
  QString version;
  {
    ui::AugmentDialog dialog(*context_, loaded, "general");
    dialog.show();
    auto* model = dialog.findChild<QComboBox*>("augment.model");
    QVERIFY(model->count() > 0);
    model->setCurrentIndex(0);  // the demo base model
    dialog.findChild<QSpinBox*>("augment.per_row")->setValue(3);
    auto* prompt = dialog.findChild<QPlainTextEdit*>("augment.prompt");
    QVERIFY(prompt->toPlainText().contains("{question}"));  // the built-in template, to edit
    prompt->setPlainText("Ask this another way: {question}");
    dialog.findChild<QPushButton*>("augment.start")->click();
    QVERIFY(dialog.findChild<QPushButton*>("augment.stop")->isEnabled());  // queued: it can be stopped
    auto* review = dialog.findChild<QTableWidget*>("augment.review");
    QTRY_VERIFY_WITH_TIMEOUT(review->rowCount() > 0, 60000);
    const auto jobs = context_->jobs().list_visible(context_->user());
    QCOMPARE(jobs.front().config["augment"].toObject()["prompt"].toString(), QString("Ask this another way: {question}"));
    auto* progress = dialog.findChild<QProgressBar*>("augment.progress");
    QCOMPARE(progress->value(), progress->maximum());
    QCOMPARE(progress->maximum(), 3);  // the rows
    QVERIFY(!dialog.findChild<QPushButton*>("augment.stop")->isEnabled());
    QVERIFY2(review->rowCount() >= 2, "9 generations of a random model: most are some text");
    review->item(0, 2)->setText("What do one and one make?");
    review->item(1, 0)->setCheckState(Qt::Unchecked);
    const int kept = review->rowCount() - 1;
    QVERIFY2(dialog.findChild<QLabel*>("augment.status")->text().contains(QString::number(kept)),
             qPrintable(dialog.findChild<QLabel*>("augment.status")->text()));
    shoot(dialog, "04e-augment-review");
    QSignalSpy written(&dialog, &ui::AugmentDialog::dataset_written);
    dialog.findChild<QPushButton*>("augment.write")->click();
    QCOMPARE(written.count(), 1);
    version = written.first().first().toString();
    QCOMPARE(QFileInfo(version).fileName(), QString("sums.augmented.jsonl"));
    QFile out(version);
    QVERIFY(out.open(QIODevice::ReadOnly));
    const QByteArray lines = out.readAll();
    QCOMPARE(lines.count('\n'), 3 + kept);
    QCOMPARE(lines.count("\"generated\":true"), kept);
    QVERIFY(lines.contains("What do one and one make?"));
    // The version knows its source: the rows it added, marked generated, and "Open the source" as the undo.
    const std::optional<services::VersionOrigin> origin = services::version_origin(version);
    QVERIFY(origin);
    QCOMPARE(origin->made_by, QString("augment"));
    QCOMPARE(QFileInfo(origin->source).canonicalFilePath(), QFileInfo(path).canonicalFilePath());
    {
      ui::VersionDiffDialog changes(origin->source, version, origin->made_by);
      changes.show();
      auto* rows = changes.findChild<QTableWidget*>("versions.rows");
      QTRY_COMPARE_WITH_TIMEOUT(rows->rowCount(), kept, 20000);
      QVERIFY(rows->item(0, 0)->text().contains(ui::VersionDiffDialog::tr("generated")));
      QVERIFY2(changes.findChild<QLabel*>("versions.summary")->text().contains(QString::number(kept)),
               qPrintable(changes.findChild<QLabel*>("versions.summary")->text()));
      shoot(changes, "04f-version-changes");
      QSignalSpy open(&changes, &ui::VersionDiffDialog::open_requested);
      changes.findChild<QPushButton*>("versions.open_source")->click();
      QCOMPARE(open.count(), 1);
      QCOMPARE(open.first().first().toString(), origin->source);
    }
    dialog.findChild<QPushButton*>("augment.keep_none")->click();
    QCOMPARE(review->item(0, 0)->checkState(), Qt::Unchecked);
    dialog.findChild<QPushButton*>("augment.keep_all")->click();
    QCOMPARE(review->item(1, 0)->checkState(), Qt::Checked);
  }
  ui::AugmentDialog again(*context_, loaded, "general");
  QVERIFY(again.findChild<QTableWidget*>("augment.review")->rowCount() >= 2);  // the latest, waiting for its review
  QVERIFY(file.open(QIODevice::ReadOnly));
  QCOMPARE(file.readAll(), bytes);  // the loaded file as it was
  QFile::remove(version);
  QFile::remove(QFileInfo(version).dir().filePath(".versions/" + QFileInfo(version).fileName() + ".json"));
}

// Near-duplicates shown as groups: by default the first row (and the one
// answered otherwise) stays; merged into the row the user picks, the preview
// follows at once and the new version has only that row of the group.
void UiFlowTest::nearDuplicateGroupsAsChosen() {
  QTemporaryDir dir;
  const QString path = dir.filePath("dupes.csv");
  const QByteArray bytes = QString("text,result\n"
                                   "高血压要注意什么？,少盐。\n"
                                   "高血压要注意什么？？,少盐。\n"
                                   "高血压要注意什么？？,多运动。\n"
                                   "感冒了怎么办？,多喝水。\n").toUtf8();
  QFile file(path);
  QVERIFY(file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size());
  file.close();
  ui::CleanDialog dialog(*context_, ui::load_and_validate(path, "auto"));
  dialog.show();
  dialog.findChild<QDoubleSpinBox*>("clean.near")->setValue(0.8);
  dialog.findChild<QPushButton*>("clean.preview")->click();
  auto* groups = dialog.findChild<QTableWidget*>("clean.groups");
  QTRY_COMPARE_WITH_TIMEOUT(groups->rowCount(), 1, 20000);
  QVERIFY(groups->isVisible());
  QCOMPARE(groups->item(0, 0)->text(), QString("2, 3, 4"));
  auto* summary = dialog.findChild<QLabel*>("clean.summary");
  QVERIFY2(summary->text().contains("3 / 4") || summary->text().contains("3 of 4"), qPrintable(summary->text()));
  auto* keep = dialog.findChild<QComboBox*>("clean.group.2");
  QVERIFY(keep);
  keep->setCurrentIndex(keep->findData(qulonglong{4}));  // merged into line 4
  QTRY_VERIFY_WITH_TIMEOUT(summary->text().contains("2 / 4") || summary->text().contains("2 of 4"), 20000);
  shoot(dialog, "04g-near-duplicate-groups");
  QSignalSpy cleaned(&dialog, &ui::CleanDialog::dataset_cleaned);
  dialog.findChild<QPushButton*>("clean.write")->click();
  QTRY_COMPARE_WITH_TIMEOUT(cleaned.count(), 1, 20000);
  const QString version = cleaned.first().first().toString();
  QFile written(version);
  QVERIFY(written.open(QIODevice::ReadOnly));
  const QString lines = QString::fromUtf8(written.readAll());
  QCOMPARE(lines.count('\n'), 2);
  QVERIFY(lines.contains(QString::fromUtf8("多运动")) && !lines.contains(QString::fromUtf8("少盐")));
  QFile::remove(version);
}

// The chat transcript (a web view): Markdown rendered by marked, HTML a model
// writes shown as text and never run, the streaming answer after the turns.
void UiFlowTest::transcriptRendersMarkdownSafely() {
  ui::TranscriptView view;
  view.resize(600, 400);
  view.show();
  const QJsonArray turns{QJsonObject{{"role", "user"}, {"content", "Say **hello** in `code`"}},
                         QJsonObject{{"role", "assistant"},
                                     {"content", "> thinking it over\n\n```\nint x = 1;\n```\n<script>document.title='pwned'</script>"}}};
  view.show_conversation(turns, "still *typing*", true, "", {"You", "Model", "empty"});
  QTRY_VERIFY_WITH_TIMEOUT(view.rendered_text().contains("still typing"), 30000);
  const QString text = view.rendered_text();
  QVERIFY2(text.contains("Say hello in code") && !text.contains("**"), qPrintable(text));  // Markdown, rendered
  QVERIFY2(text.contains("int x = 1;"), qPrintable(text));
  QVERIFY2(text.contains("thinking it over") && !text.contains("> thinking"), qPrintable(text));  // a quote
  QVERIFY2(text.contains("<script>document.title='pwned'</script>"), qPrintable(text));  // shown, not run
  QVERIFY(text.indexOf("You") < text.indexOf("Model"));
  shoot(view, "08-transcript");
  view.show_conversation({}, {}, false, {}, {"You", "Model", "Ask a question below."});
  QTRY_COMPARE_WITH_TIMEOUT(view.rendered_text().trimmed(), QString("Ask a question below."), 10000);
}

void UiFlowTest::cleanupTestCase() { context_.reset(); }

int main(int argc, char** argv) {
  if (geteuid() == 0) qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1");  // the transcript's web engine, as root
  QApplication app(argc, argv);
  QApplication::setOrganizationName("TuneDesk");
  QApplication::setApplicationName("TuneDesk-test");
  ui::install_language(qEnvironmentVariable("TUNEDESK_UI_LANG", "en"));
  UiFlowTest test;
  return QTest::qExec(&test, argc, argv);
}

#include "ui_flow_test.moc"
