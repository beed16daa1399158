#include "util/user_error.h"

#include <algorithm>

namespace tunedesk {

std::string fill_template(std::string_view pattern, const std::vector<std::string>& args) {
  const bool counted = pattern.find("%n") != std::string_view::npos;
  const std::size_t first = counted ? 1 : 0;
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '%' && i + 1 < pattern.size()) {
      const char d = pattern[i + 1];
      if (d == 'n' && !args.empty()) {
        out += args[0];
        ++i;
        continue;
      }
      if (d >= '1' && d <= '9' && static_cast<std::size_t>(d - '1') + first < args.size()) {
        out += args[static_cast<std::size_t>(d - '1') + first];
        ++i;
        continue;
      }
    }
    if (counted && pattern.substr(i, 3) == "(s)") {
      if (args.empty() || args[0] != "1") out += 's';
      i += 2;
      continue;
    }
    out += c;
  }
  return out;
}

// The templates of the errors people meet in the desktop app and the
// browser. The services' (accounts, workspace, model list) are here too, so
// that one list holds every message a UI must translate.
const MessageTable& user_error_templates() {
  static const MessageTable all = {
      // Model folders
      {"model.no_folder", TUNEDESK_MESSAGE("UserError", "%1: no such folder")},
      {"model.no_config", TUNEDESK_MESSAGE("UserError", "%1: no config.json; a model folder in Hugging Face layout has config.json, *.safetensors and tokenizer.json")},
      {"model.no_tokenizer", TUNEDESK_MESSAGE("UserError", "%1: no tokenizer.json (or GLM-4's tokenizer.model)")},
      {"model.config_not_json", TUNEDESK_MESSAGE("UserError", "%1: not valid JSON: %2")},
      {"model.no_architectures", TUNEDESK_MESSAGE("UserError", "%1: no \"architectures\" list")},
      {"model.unsupported_architecture", TUNEDESK_MESSAGE("UserError", "%1: architecture \"%2\" is not supported (supported: %3)")},
      {"model.config_unsupported", TUNEDESK_MESSAGE("UserError", "%1: %2 = %3 is not implemented (TuneDesk implements: %4)")},
      {"model.weights_mismatch", TUNEDESK_MESSAGE("UserError", "%1: the weights do not match config.json\n  missing: %2\n  wrong shape: %3")},
      {"model.no_weights", TUNEDESK_MESSAGE("UserError", "%1: no *.safetensors weights")},
      {"model.already_listed", TUNEDESK_MESSAGE("UserError", "%1 is already in the list")},
      {"model.not_yours", TUNEDESK_MESSAGE("UserError", "%1 is not one of your models (built-in models stay)")},
      {"model.name_taken", TUNEDESK_MESSAGE("UserError", "a base model named '%1' is listed already; choose another name")},
      {"model.outside_workspace", TUNEDESK_MESSAGE("UserError", "%1 is outside your workspace (%2); only an administrator can add folders from elsewhere on the server")},
      {"model.not_a_model", TUNEDESK_MESSAGE("UserError", "%1: neither a training run, an adapter (adapter_config.json) nor a model (config.json)")},
      {"model.run_unfinished",
       TUNEDESK_MESSAGE("UserError", "%1: this run has not finished (no adapter/ or model/ yet); resume it first (Training tab, or tunedesk-cli train … --resume)")},
      {"model.base_unknown", TUNEDESK_MESSAGE("UserError", "%1: the base model is not recorded; name it (--model DIR)")},
      {"model.engine_missing", TUNEDESK_MESSAGE("UserError", "the TuneDesk engine (libtunedesk_engine_plugin.so) could not be loaded; looked for:%1")},
      // Training and chat
      // Training settings (run configs): %1 is "file:line: key"
      {"config.unreadable", TUNEDESK_MESSAGE("UserError", "%1: cannot be read")},
      {"config.not_yaml", TUNEDESK_MESSAGE("UserError", "%1: not valid YAML: %2")},
      {"config.not_a_mapping", TUNEDESK_MESSAGE("UserError", "%1: expected a mapping of keys")},
      {"config.unknown_key", TUNEDESK_MESSAGE("UserError", "%1: unknown key")},
      {"config.unknown_key_guess", TUNEDESK_MESSAGE("UserError", "%1: unknown key; did you mean %2?")},
      {"config.key_elsewhere", TUNEDESK_MESSAGE("UserError", "%1: not a key here: it goes under %3: (%2)")},
      {"config.whole_number", TUNEDESK_MESSAGE("UserError", "%1: expected a whole number, got '%2'")},
      {"config.at_least", TUNEDESK_MESSAGE("UserError", "%1: must be at least %2")},
      {"config.range", TUNEDESK_MESSAGE("UserError", "%1: must be from %2 to %3, not %4")},
      {"config.choice", TUNEDESK_MESSAGE("UserError", "%1: expected one of %2, not '%3'")},
      {"config.number", TUNEDESK_MESSAGE("UserError", "%1: expected a number, got '%2'")},
      {"config.boolean", TUNEDESK_MESSAGE("UserError", "%1: expected true or false, got '%2'")},
      {"config.single_value", TUNEDESK_MESSAGE("UserError", "%1: expected a single value")},
      {"config.list", TUNEDESK_MESSAGE("UserError", "%1: expected a list of names")},
      {"config.save_strategy", TUNEDESK_MESSAGE("UserError", "%1: TuneDesk saves by 'steps' (or 'no'), not '%2'")},
      {"config.logging_strategy", TUNEDESK_MESSAGE("UserError", "%1: TuneDesk logs by 'steps'")},
      {"config.eval_strategy", TUNEDESK_MESSAGE("UserError", "%1: TuneDesk evaluates by 'steps' (or 'no'), not '%2'")},
      {"config.peft_type", TUNEDESK_MESSAGE("UserError", "%1: TuneDesk trains LORA and PREFIX_TUNING, not %2")},
      {"config.task_type", TUNEDESK_MESSAGE("UserError", "%1: only CAUSAL_LM is supported")},
      {"config.bias", TUNEDESK_MESSAGE("UserError", "%1: only 'none' is supported (biases stay frozen)")},
      {"training.memory_over",
       TUNEDESK_MESSAGE("UserError", "This run needs about %1 of memory at its peak (weights %2, optimizer state %3, activations and gradients %4, "
       "logits %5), more than the %7 available (%6). It would fit with: %8. To start it "
       "anyway: check_memory: false (tunedesk-cli train --no-memory-check).")},
      {"training.memory_over_no_change",
       TUNEDESK_MESSAGE("UserError", "This run needs about %1 of memory at its peak (weights %2, optimizer state %3, activations and gradients %4, "
       "logits %5), more than the %7 available (%6), and would not fit even with gradient "
       "checkpointing, batch size 1, LoRA and a cutoff of 128 tokens: a smaller model or more memory is needed. To "
       "start it anyway: check_memory: false (tunedesk-cli train --no-memory-check).")},
      // Export
      {"export.out_not_empty", TUNEDESK_MESSAGE("UserError", "%1 exists and is not empty; choose a new or empty folder")},
      {"export.adapter_only_not_lora", TUNEDESK_MESSAGE("UserError", "%1: only a LoRA result exported without merging is an adapter on its own")},
      {"export.base_gguf_mismatch", TUNEDESK_MESSAGE("UserError", "%1 is not the base model this adapter was trained on: %2")},
      {"export.ollama_needs_base_gguf", TUNEDESK_MESSAGE("UserError", "an Ollama Modelfile for an adapter alone needs the base model's GGUF file (--base-gguf FILE)")},
      {"export.prefix_not_mergeable", TUNEDESK_MESSAGE("UserError", "%1: a P-Tuning v2 prefix is not a change of weights and cannot be merged; export it without merging to copy the adapter")},
      {"export.already_model", TUNEDESK_MESSAGE("UserError", "%1 is already a complete model (full fine-tuning); export it without merging")},
      {"export.prefix_not_gguf", TUNEDESK_MESSAGE("UserError", "%1: a P-Tuning v2 prefix has no place in a GGUF file (llama.cpp has no prefix tuning); export a LoRA or full fine-tuning result")},
      {"engine.out_of_memory",
       TUNEDESK_MESSAGE("UserError", "not enough memory on the %1 (%2). Lower the batch size or the maximum length, turn on gradient checkpointing, or use LoRA.")},
      {"engine.no_cuda", TUNEDESK_MESSAGE("UserError", "CUDA was asked for, but this libtorch has no CUDA or no GPU is visible")},
      {"training.data_refused",
       TUNEDESK_COUNTED_MESSAGE("UserError", "%1 has %n error(s); training refuses data with errors. Fix them (the Validation tab lists them) or convert the file, "
       "which keeps only the rows without errors. First ones:\n%2")},
      {"training.personal_data_refused",
       TUNEDESK_COUNTED_MESSAGE("UserError", "%1 has personal data in %n row(s) (ID, phone or bank card numbers, e-mail addresses, "
       "licence plates, listed names); this run refuses it until it is masked (personal_data: refuse). Mask it (tunedesk-cli data fix "
       "FILE --mask-pii -o MASKED.jsonl) and train on the masked file, or let the run train with a warning. First ones:\n%2")},
      {"training.no_examples", TUNEDESK_MESSAGE("UserError", "no training examples: every example of %1 is empty or longer than the maximum length")},
      {"training.no_checkpoint", TUNEDESK_MESSAGE("UserError", "no checkpoint to resume from in %1")},
      {"training.checkpoint_mismatch", TUNEDESK_MESSAGE("UserError", "%1: %2 does not match this run; the checkpoint is from other settings")},
      {"chat.prompt_too_long",
       TUNEDESK_MESSAGE("UserError", "the conversation (%1 tokens) fills the model's context of %2 tokens; clear the history or ask a shorter question")},
      // Downloading models (app/services/hub_api.h, model_download.h)
      {"hub.unknown_source", TUNEDESK_MESSAGE("UserError", "unknown model hub '%1' (choose hf or modelscope)")},
      {"hub.bad_id", TUNEDESK_MESSAGE("UserError", "'%1' is not a model id; a repository is named owner/name, e.g. Qwen/Qwen2.5-0.5B-Instruct")},
      {"hub.bad_listing", TUNEDESK_MESSAGE("UserError", "%1 answered the file list in a form TuneDesk does not know: %2")},
      {"hub.unauthorized",
       TUNEDESK_MESSAGE("UserError", "%1: %2 is private or gated and needs a token: create one on the hub (for a gated model, accept its terms "
       "on the model's page first) and set %3")},
      {"hub.forbidden", TUNEDESK_MESSAGE("UserError", "%1 refused the token for %2: the account has no access (for a gated model, accept its terms on the model's page)")},
      {"hub.not_found", TUNEDESK_MESSAGE("UserError", "%1 has no model %2 at revision %3 (check the id; a private model needs a token)")},
      {"hub.file_not_found", TUNEDESK_MESSAGE("UserError", "%1: %2 has no file %3 at revision %4")},
      {"hub.http", TUNEDESK_MESSAGE("UserError", "%1 answered HTTP %2 for %3")},
      {"hub.network", TUNEDESK_MESSAGE("UserError", "the connection to %1 failed while fetching %2: %3. Run the download again: it resumes where it stopped.")},
      {"hub.no_safetensors",
       TUNEDESK_MESSAGE("UserError", "%1 has no *.safetensors weights (its files: %2); TuneDesk reads safetensors only, so look for a version of the model that has them")},
      {"hub.checksum", TUNEDESK_MESSAGE("UserError", "%1: the file does not match the hub's checksum (%2) even when fetched again; the download was stopped")},
      {"hub.no_space", TUNEDESK_MESSAGE("UserError", "not enough free disk space in %1: the download needs %2, %3 are free")},
      {"hub.exists", TUNEDESK_MESSAGE("UserError", "%1 exists already: choose another folder or remove it first")},
      {"hub.cancelled", TUNEDESK_MESSAGE("UserError", "the download of %1 was cancelled; start it again to resume where it stopped")},
      {"hub.busy", TUNEDESK_MESSAGE("UserError", "a download into %1 is running already")},
      // Serving beyond this machine (app/services/first_run_access.h, tls_identity.h)
      {"augment.prompts", TUNEDESK_MESSAGE("UserError", "%1: %2")},
      {"augment.option", TUNEDESK_MESSAGE("UserError", "%1: expected %2")},
      {"augment.no_rows", TUNEDESK_MESSAGE("UserError", "%1 has no row without errors to write new rows from")},
      {"augment.not_candidates", TUNEDESK_MESSAGE("UserError", "job %1 is not an augmentation; only an augmentation's candidates can be reviewed")},
      {"augment.not_ready", TUNEDESK_MESSAGE("UserError", "job %1 is %2; its candidates can be reviewed once it has finished or been cancelled")},
      {"augment.bad_candidate", TUNEDESK_MESSAGE("UserError", "candidate %1: %2")},
      {"clean.option", TUNEDESK_MESSAGE("UserError", "%1: expected %2")},
      {"job.method", TUNEDESK_MESSAGE("UserError", "'%1' is not a method TuneDesk trains (lora, ptuning_v2, sft)")},
      {"job.model_type", TUNEDESK_MESSAGE("UserError", "'%1' is not a model type TuneDesk knows (%2)")},
      {"job.no_dataset", TUNEDESK_MESSAGE("UserError", "the dataset %1 does not exist")},
      {"server.setup_code_wrong", TUNEDESK_MESSAGE("UserError", "wrong or missing setup code: from another machine, the administrator is created with the code `tunedesk-cli serve` printed when it started")},
      {"server.setup_code_used_up", TUNEDESK_MESSAGE("UserError", "too many wrong setup codes: restart the server for a new code, or create the administrator on the server itself (tunedesk-cli users add NAME --role admin)")},
      {"tls.unavailable", TUNEDESK_MESSAGE("UserError", "HTTPS is not available: Qt found no TLS backend (install the libqt6network6 package's OpenSSL plugin)")},
      {"tls.unreadable", TUNEDESK_MESSAGE("UserError", "%1: %2")},
      {"tls.key_mismatch", TUNEDESK_MESSAGE("UserError", "the private key %1 does not belong to the certificate %2")},
      {"tls.expired", TUNEDESK_MESSAGE("UserError", "the certificate %1 expired on %2")},
      {"tls.unwritable", TUNEDESK_MESSAGE("UserError", "cannot write %1: %2")},
      {"tls.generation_failed", TUNEDESK_MESSAGE("UserError", "making the self-signed certificate failed: %1")},
      // Accounts and workspaces
      {"account.invalid_name", TUNEDESK_MESSAGE("UserError", "'%1' is not a valid user name (1–32 letters, digits, '_', '-', '.'; not starting with '.')")},
      {"account.password_too_short", TUNEDESK_MESSAGE("UserError", "the password must have at least %1 characters")},
      {"account.exists", TUNEDESK_MESSAGE("UserError", "the user '%1' already exists")},
      {"account.wrong_password", TUNEDESK_MESSAGE("UserError", "the current password is not right")},
      {"account.no_user", TUNEDESK_MESSAGE("UserError", "no user '%1'")},
      {"account.last_admin_role", TUNEDESK_MESSAGE("UserError", "'%1' is the last administrator; make someone else one first")},
      {"account.last_admin_remove", TUNEDESK_MESSAGE("UserError", "'%1' is the last administrator and cannot be removed")},
      {"workspace.store_failed", TUNEDESK_MESSAGE("UserError", "cannot store the upload as %1: %2")},
      {"conversion.no_valid_rows", TUNEDESK_MESSAGE("UserError", "no row of the dataset is free of errors; nothing to convert")},
      {"conversion.validation_share", TUNEDESK_MESSAGE("UserError", "the validation share must be at least 0 and below 1")},
  };
  return all;
}

std::string_view find_template(const MessageTable& table, std::string_view kind) {
  const auto it = std::find_if(table.begin(), table.end(), [&](const auto& t) { return t.first == kind; });
  return it == table.end() ? std::string_view() : it->second;
}

std::string_view user_error_template(std::string_view kind) { return find_template(user_error_templates(), kind); }

std::string english_text(std::string_view kind, const std::vector<std::string>& args) {
  const std::string_view pattern = user_error_template(kind);
  if (pattern.empty()) return std::string(kind);  // a programming error; still says something
  return fill_template(pattern, args);
}

UserError::UserError(std::string kind, std::vector<std::string> args)
    : std::runtime_error(english_text(kind, args)), kind_(std::move(kind)), args_(std::move(args)) {}

}  // namespace tunedesk
