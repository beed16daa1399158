// The training settings as a form: dataset, base model (with what it is),
// model type, method and its hyper-parameters, device. Choosing a method
// fills in the defaults of resources/configs/<method>.yaml; a YAML config
// can be loaded into the form and the form saved as one.
#pragma once

#include <QFutureWatcher>
#include <QWidget>

#include "ui/length_check.h"

#include "training/memory_estimate.h"
#include "training/run_config.h"
#include "training/training_settings.h"

class QCheckBox;
class QFormLayout;
class QComboBox;
class QPushButton;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace tunedesk::ui {

class AppContext;
class SettingField;

class TrainingForm : public QWidget {
  Q_OBJECT

 public:
  explicit TrainingForm(AppContext& context, QWidget* parent = nullptr);

  // The settings as they stand; dataset and base model paths included.
  training::RunConfig config() const;
  void set_config(const training::RunConfig& config);  // dataset/model selected when listed

  QString dataset() const;     // absolute path, empty when none
  QString base_model() const;  // absolute path, empty when none
  QString method() const;      // lora, ptuning_v2, sft
  QString model_type() const;

  void select_dataset(const QString& path);
  // Adds a model folder (Hugging Face layout) to the user's base models and
  // selects it; says why not (message()) when the folder is not a usable model.
  bool add_model_folder(const QString& dir);

 public Q_SLOTS:
  void refresh_datasets();
  void refresh_models();
  void load_yaml();  // file dialog
  void save_yaml();  // file dialog
  void choose_model_folder();  // folder dialog, then add_model_folder
  void download_model();       // the download dialog (or a model from a hub cache, added)
  void download_changed(const QString& id, const QString& state);  // a finished download's model selected
  void check_lengths();        // what the length limits do to the dataset, said under them (in the background)
  void show_lengths(const LengthCheck& check);
  void remove_model();         // the selected one, when it is the user's own
  void show_memory();          // the memory estimate of the settings, once the rows are counted
  void apply_memory_change();  // the settings the estimate says would fit, into the form
  // The estimate of the settings as they stand; nullopt until the rows are counted.
  const std::optional<training::MemoryCheck>& memory_check() const { return memory_shown_; }
  // "gradient checkpointing, batch size 1 with gradient accumulation 8" in the UI's language.
  static QString fit_change_text(const training::FitChange& change);

 Q_SIGNALS:
  void message(const QString& text);
  void models_changed();  // a base model was added or removed

 private:
  void apply_method_defaults();
  void show_model_info();
  void show_method_groups();
  // A field for each setting of `section` (training/training_settings.h), added to `form`.
  void add_fields(QFormLayout* form, QWidget* parent, training::FormSection section);
  SettingField* field(std::string_view name) const;

  AppContext& context_;
  QComboBox* dataset_;
  QComboBox* model_;
  QPushButton* remove_model_;
  QLabel* model_info_;
  QComboBox* model_type_;
  QComboBox* method_;
  QGroupBox* lora_group_;
  QGroupBox* prefix_group_;
  std::vector<SettingField*> fields_;  // every form setting of the table but the run's (above)
  QComboBox* device_;
  QSpinBox* gpus_;
  training::RunConfig loaded_;  // settings the form has no field for are kept from here
  QLabel* lengths_;
  QPushButton* lengths_details_;
  std::optional<training::LengthReport> lengths_shown_;  // the last count, for the details
  class QTimer* length_timer_;
  QFutureWatcher<LengthCheck> length_watcher_;
  bool length_again_ = false;  // a change came while counting: count again after
  QLabel* memory_;
  QPushButton* memory_apply_;
  QCheckBox* memory_override_;
  std::optional<training::MemoryCheck> memory_shown_;
};

}  // namespace tunedesk::ui
