#include "ui/error_text.h"

#include <QHash>

#include "ui/message_template.h"

namespace tunedesk::ui {
namespace {

constexpr const char* kContext = "tunedesk::ui::ErrorText";

// The English text of each must be core's (util/user_error.cpp) to the letter: a test compares them.
const QHash<QString, const char*>& templates() {
  static const QHash<QString, const char*> all = {
      {"model.no_folder", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1: no such folder")},
      {"model.no_config", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1: no config.json; a model folder in Hugging Face layout has config.json, *.safetensors and tokenizer.json")},
      {"model.no_tokenizer", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1: no tokenizer.json (or GLM-4's tokenizer.model)")},
      {"model.config_not_json", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1: not valid JSON: %2")},
      {"model.no_architectures", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1: no \"architectures\" list")},
      {"model.unsupported_architecture", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1: architecture \"%2\" is not supported (supported: %3)")},
      {"model.config_unsupported", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1: %2 = %3 is not implemented (TuneDesk implements: %4)")},
      {"model.weights_mismatch", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1: the weights do not match config.json\n  missing: %2\n  wrong shape: %3")},
      {"model.no_weights", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1: no *.safetensors weights")},
      {"model.already_listed", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1 is already in the list")},
      {"model.not_yours", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1 is not one of your models (built-in models stay)")},
      {"model.name_taken", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "a base model named '%1' is listed already; choose another name")},
      {"model.outside_workspace", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1 is outside your workspace (%2); only an administrator can add folders from elsewhere on the server")},
      {"model.not_a_model", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1: neither a training run, an adapter (adapter_config.json) nor a model (config.json)")},
      {"model.run_unfinished", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1: this run has not finished (no adapter/ or model/ yet); resume it first (Training tab, or tunedesk-cli train … --resume)")},
      {"model.base_unknown", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1: the base model is not recorded; name it (--model DIR)")},
      {"model.engine_missing", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "the TuneDesk engine (libtunedesk_engine_plugin.so) could not be loaded; looked for:%1")},
      {"config.unreadable", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1: cannot be read")},
      {"config.not_yaml", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1: not valid YAML: %2")},
      {"config.not_a_mapping", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1: expected a mapping of keys")},
      {"config.unknown_key", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1: unknown key")},
      {"config.unknown_key_guess", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1: unknown key; did you mean %2?")},
      {"config.whole_number", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1: expected a whole number, got '%2'")},
      {"config.at_least", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1: must be at least %2")},
      {"config.number", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1: expected a number, got '%2'")},
      {"config.boolean", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1: expected true or false, got '%2'")},
      {"config.single_value", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1: expected a single value")},
      {"config.list", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1: expected a list of names")},
      {"config.save_strategy", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1: TuneDesk saves by 'steps' (or 'no'), not '%2'")},
      {"config.logging_strategy", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1: TuneDesk logs by 'steps'")},
      {"config.eval_strategy", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1: TuneDesk evaluates by 'steps' (or 'no'), not '%2'")},
      {"config.schedule", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1: expected cosine, linear or constant, not '%2'")},
      {"config.peft_type", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1: TuneDesk trains LORA and PREFIX_TUNING, not %2")},
      {"config.task_type", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1: only CAUSAL_LM is supported")},
      {"config.bias", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1: only 'none' is supported (biases stay frozen)")},
      {"config.overlength", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1: expected truncate or drop, not '%2'")},
      {"config.method", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1: expected lora, ptuning_v2 or sft, not '%2'")},
      {"config.nproc", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1: must be between 1 and 1024")},
      {"config.val_ratio", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1: must be at least 0 and below 1")},
      {"config.memory_limit_gb", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1: must be a number of gigabytes, 0 or more (0: what the device has free)")},
      {"export.adapter_only_not_lora", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1: only a LoRA result exported without merging is an adapter on its own")},
      {"export.base_gguf_mismatch", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1 is not the base model this adapter was trained on: %2")},
      {"export.ollama_needs_base_gguf", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "an Ollama Modelfile for an adapter alone needs the base model's GGUF file (--base-gguf FILE)")},
      {"export.out_not_empty", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1 exists and is not empty; choose a new or empty folder")},
      {"export.prefix_not_mergeable", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1: a P-Tuning v2 prefix is not a change of weights and cannot be merged; export it without merging to copy the adapter")},
      {"export.already_model", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1 is already a complete model (full fine-tuning); export it without merging")},
      {"export.prefix_not_gguf", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1: a P-Tuning v2 prefix has no place in a GGUF file (llama.cpp has no prefix tuning); export a LoRA or full fine-tuning result")},
      {"engine.out_of_memory", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "not enough memory on the %1 (%2). Lower the batch size or the maximum length, turn on gradient checkpointing, or use LoRA.")},
      {"engine.no_cuda", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "CUDA was asked for, but this libtorch has no CUDA or no GPU is visible")},
      {"training.data_refused", QT_TRANSLATE_N_NOOP("tunedesk::ui::ErrorText", "%1 has %n error(s); training refuses data with errors. Fix them (the Validation tab lists them) or convert the file, " "which keeps only the rows without errors. First ones:\n%2")},
      {"training.memory_over", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "This run needs about %1 of memory at its peak (weights %2, optimizer state %3, activations and gradients %4, logits %5), more than the %7 available (%6). It would fit with: %8. To start it anyway: check_memory: false (tunedesk-cli train --no-memory-check).")},
      {"training.memory_over_no_change", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "This run needs about %1 of memory at its peak (weights %2, optimizer state %3, activations and gradients %4, logits %5), more than the %7 available (%6), and would not fit even with gradient checkpointing, batch size 1, LoRA and a cutoff of 128 tokens: a smaller model or more memory is needed. To start it anyway: check_memory: false (tunedesk-cli train --no-memory-check).")},
      {"training.no_examples", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "no training examples: every example of %1 is empty or longer than the maximum length")},
      {"training.no_checkpoint", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "no checkpoint to resume from in %1")},
      {"training.checkpoint_mismatch", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1: %2 does not match this run; the checkpoint is from other settings")},
      {"chat.prompt_too_long", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "the conversation (%1 tokens) fills the model's context of %2 tokens; clear the history or ask a shorter question")},
      {"server.setup_code_wrong", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "wrong or missing setup code: from another machine, the administrator is created with the code `tunedesk-cli serve` printed when it started")},
      {"server.setup_code_used_up", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "too many wrong setup codes: restart the server for a new code, or create the administrator on the server itself (tunedesk-cli users add NAME --role admin)")},
      {"tls.unavailable", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "HTTPS is not available: Qt found no TLS backend (install the libqt6network6 package's OpenSSL plugin)")},
      {"tls.unreadable", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1: %2")},
      {"tls.key_mismatch", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "the private key %1 does not belong to the certificate %2")},
      {"tls.expired", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "the certificate %1 expired on %2")},
      {"tls.unwritable", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "cannot write %1: %2")},
      {"tls.generation_failed", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "making the self-signed certificate failed: %1")},
      {"hub.unknown_source", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "unknown model hub '%1' (choose hf or modelscope)")},
      {"hub.bad_id", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "'%1' is not a model id; a repository is named owner/name, e.g. Qwen/Qwen2.5-0.5B-Instruct")},
      {"hub.bad_listing", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1 answered the file list in a form TuneDesk does not know: %2")},
      {"hub.unauthorized", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1: %2 is private or gated and needs a token: create one on the hub (for a gated model, accept its terms on the model's page first) and set %3")},
      {"hub.forbidden", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1 refused the token for %2: the account has no access (for a gated model, accept its terms on the model's page)")},
      {"hub.not_found", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1 has no model %2 at revision %3 (check the id; a private model needs a token)")},
      {"hub.file_not_found", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1: %2 has no file %3 at revision %4")},
      {"hub.http", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1 answered HTTP %2 for %3")},
      {"hub.network", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "the connection to %1 failed while fetching %2: %3. Run the download again: it resumes where it stopped.")},
      {"hub.no_safetensors", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1 has no *.safetensors weights (its files: %2); TuneDesk reads safetensors only, so look for a version of the model that has them")},
      {"hub.checksum", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1: the file does not match the hub's checksum (%2) even when fetched again; the download was stopped")},
      {"hub.no_space", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "not enough free disk space in %1: the download needs %2, %3 are free")},
      {"hub.exists", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "%1 exists already: choose another folder or remove it first")},
      {"hub.cancelled", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "the download of %1 was cancelled; start it again to resume where it stopped")},
      {"hub.busy", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "a download into %1 is running already")},
      {"account.invalid_name", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "'%1' is not a valid user name (1–32 letters, digits, '_', '-', '.'; not starting with '.')")},
      {"account.password_too_short", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "the password must have at least %1 characters")},
      {"account.exists", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "the user '%1' already exists")},
      {"account.wrong_password", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "the current password is not right")},
      {"account.no_user", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "no user '%1'")},
      {"account.last_admin_role", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "'%1' is the last administrator; make someone else one first")},
      {"account.last_admin_remove", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "'%1' is the last administrator and cannot be removed")},
      {"workspace.store_failed", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "cannot store the upload as %1: %2")},
      {"conversion.no_valid_rows", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "no row of the dataset is free of errors; nothing to convert")},
      {"conversion.validation_share", QT_TRANSLATE_NOOP("tunedesk::ui::ErrorText", "the validation share must be at least 0 and below 1")},
  };
  return all;
}

QString key_of(std::string_view kind) { return QString::fromUtf8(kind.data(), static_cast<qsizetype>(kind.size())); }

}  // namespace

QString error_text(const std::string& kind, const std::vector<std::string>& args, const QString& english) {
  const auto it = templates().find(key_of(kind));
  if (kind.empty() || it == templates().end()) return english;
  return render_template(kContext, it.value(), args);
}

QString error_text(const QString& kind, const QStringList& args, const QString& english) {
  std::vector<std::string> values;
  for (const QString& arg : args) values.push_back(arg.toStdString());
  return error_text(kind.toStdString(), values, english);
}

QString error_text(const std::exception& error) {
  if (const auto* user_error = dynamic_cast<const UserError*>(&error))
    return error_text(user_error->kind(), user_error->args(), QString::fromUtf8(error.what()));
  return QString::fromUtf8(error.what());
}

QString error_template_source(std::string_view kind) {
  const auto it = templates().find(key_of(kind));
  return it == templates().end() ? QString() : QString::fromUtf8(it.value());
}

}  // namespace tunedesk::ui
