#include "training/training_settings.h"

#include <charconv>
#include <cmath>
#include <type_traits>

#include "util/user_error.h"

namespace tunedesk::training {
namespace {

using nlohmann::json;
using Overlength = TruncationOptions::Overlength;

// Getter and setter of a plain member, reached through a chain of member
// pointers (&RunConfig::train, &TrainConfig::lora, &LoraConfig::rank).
template <auto... Members>
json member(const RunConfig& c) {
  return (c .* ... .* Members);
}
template <auto... Members>
void set_member(RunConfig& c, const json& v) {
  auto& field = (c .* ... .* Members);
  field = v.get<std::remove_reference_t<decltype(field)>>();
}

constexpr auto kTrain = &RunConfig::train;
constexpr auto kLimits = &RunConfig::truncation;
constexpr auto kLora = &TrainConfig::lora;
constexpr auto kPrefix = &TrainConfig::prefix;

constexpr double kSteps = 10'000'000;     // the most optimizer steps any count of steps may name
constexpr double kTokens = 1'048'576;     // the longest sequence a limit may name
constexpr double kLargestInt = 2147483647;  // a seed fits a 32-bit spin box

std::string exact_method(std::string_view s) {
  const auto m = parse_method(s);
  return m ? method_name(*m) : "";
}
std::string exact_schedule(std::string_view s) {
  const auto v = parse_schedule(s);
  return v ? schedule_name(*v) : "";
}
// auto, cpu, cuda, or one GPU of several: cuda:N.
std::string device_spelling(std::string_view s) {
  if (s == "auto" || s == "cpu" || s == "cuda") return std::string(s);
  if (s.starts_with("cuda:") && s.size() > 5 && s.find_first_not_of("0123456789", 5) == std::string_view::npos)
    return std::string(s);
  return "";
}

const std::vector<TrainingSetting>& table() {
  // clang-format off
  static const std::vector<TrainingSetting> rows = {
    // ---- the run -------------------------------------------------------------------------
    {"method", "method", "--method", SettingKind::choice,
     TUNEDESK_MESSAGE("TrainingSetting", "Method"),
     TUNEDESK_MESSAGE("TrainingSetting", "How the model learns: LoRA adapters, a P-Tuning v2 prefix, or all weights (full fine-tuning)"),
     0, 0, {}, 0, FormSection::run, std::nullopt,
     {{"lora", TUNEDESK_MESSAGE("TrainingSetting", "LoRA")},
      {"ptuning_v2", TUNEDESK_MESSAGE("TrainingSetting", "P-Tuning v2")},
      {"sft", TUNEDESK_MESSAGE("TrainingSetting", "Full fine-tuning (SFT)")}},
     exact_method,
     [](const RunConfig& c) { return json(method_name(c.train.method)); },
     [](RunConfig& c, const json& v) { c.train.method = *parse_method(v.get<std::string>()); }},
    {"model_type", "model_type", "--model-type", SettingKind::text,
     TUNEDESK_MESSAGE("TrainingSetting", "Model type"),
     TUNEDESK_MESSAGE("TrainingSetting", "The system instruction for examples without one: general, medical, legal or one of yours"),
     0, 0, {}, 0, FormSection::run, std::nullopt, {}, nullptr,
     member<&RunConfig::model_type>, set_member<&RunConfig::model_type>},
    {"device", "device", "--device", SettingKind::choice,
     TUNEDESK_MESSAGE("TrainingSetting", "Device"),
     TUNEDESK_MESSAGE("TrainingSetting", "Where the model trains: a GPU when there is one (cuda, or cuda:N for one of several), else the CPU"),
     0, 0, {}, 0, FormSection::run, std::nullopt,
     {{"auto", TUNEDESK_MESSAGE("TrainingSetting", "Automatic")},
      {"cpu", TUNEDESK_MESSAGE("TrainingSetting", "CPU")},
      {"cuda", TUNEDESK_MESSAGE("TrainingSetting", "GPU (CUDA)")}},
     device_spelling, member<&RunConfig::device>, set_member<&RunConfig::device>},
    {"processes", "nproc", "--nproc", SettingKind::whole,
     TUNEDESK_MESSAGE("TrainingSetting", "Processes"),
     TUNEDESK_MESSAGE("TrainingSetting", "Data parallel over this many processes on this machine, one per GPU (the global batch is batch size x accumulation x processes)"),
     1, 1024, {}, 0, FormSection::none, std::nullopt, {}, nullptr,
     member<&RunConfig::processes>, set_member<&RunConfig::processes>,
     [](const RunConfig& c) { return c.processes > 1; }},

    // ---- the data ----------------------------------------------------------------------------
    {"personal_data", "personal_data", "--personal-data", SettingKind::choice,
     TUNEDESK_MESSAGE("TrainingSetting", "Personal data"),
     TUNEDESK_MESSAGE("TrainingSetting", "Rows with personal data (ID, phone and bank card numbers, e-mail addresses, licence plates, listed names): train on them with a warning, or refuse the run until they are masked (tunedesk-cli data fix --mask-pii)"),
     0, 0, {}, 0, FormSection::data, std::nullopt,
     {{"warn", TUNEDESK_MESSAGE("TrainingSetting", "train, with a warning")},
      {"refuse", TUNEDESK_MESSAGE("TrainingSetting", "refuse until masked")}},
     nullptr,
     [](const RunConfig& c) { return json(c.refuse_personal_data ? "refuse" : "warn"); },
     [](RunConfig& c, const json& v) { c.refuse_personal_data = v == "refuse"; }},

    // ---- how long and how fast -------------------------------------------------------------
    {"epochs", "training_args.num_train_epochs", "--epochs", SettingKind::number,
     TUNEDESK_MESSAGE("TrainingSetting", "Epochs"),
     TUNEDESK_MESSAGE("TrainingSetting", "Passes over the training rows, used when max steps is not set"),
     0.01, 1000, {}, 2, FormSection::training, std::nullopt, {}, nullptr,
     member<kTrain, &TrainConfig::epochs>, set_member<kTrain, &TrainConfig::epochs>,
     [](const RunConfig& c) { return c.train.max_steps == 0; }},
    {"max_steps", "training_args.max_steps", "--max-steps", SettingKind::whole,
     TUNEDESK_MESSAGE("TrainingSetting", "Max steps"),
     TUNEDESK_MESSAGE("TrainingSetting", "Stop after this many optimizer steps; when set it wins over the epochs"),
     0, kSteps, TUNEDESK_MESSAGE("TrainingSetting", "by epochs"), 0, FormSection::training, std::nullopt, {}, nullptr,
     member<kTrain, &TrainConfig::max_steps>, set_member<kTrain, &TrainConfig::max_steps>,
     [](const RunConfig& c) { return c.train.max_steps > 0; }},
    {"learning_rate", "training_args.learning_rate", "--lr", SettingKind::number,
     TUNEDESK_MESSAGE("TrainingSetting", "Learning rate"),
     TUNEDESK_MESSAGE("TrainingSetting", "The peak learning rate, reached after the warm-up"),
     1e-9, 1, {}, -1, FormSection::training, std::nullopt, {}, nullptr,
     member<kTrain, &TrainConfig::learning_rate>, set_member<kTrain, &TrainConfig::learning_rate>},
    {"scheduler", "training_args.lr_scheduler_type", "--scheduler", SettingKind::choice,
     TUNEDESK_MESSAGE("TrainingSetting", "Schedule"),
     TUNEDESK_MESSAGE("TrainingSetting", "How the learning rate falls after the warm-up"),
     0, 0, {}, 0, FormSection::training, std::nullopt,
     {{"cosine", TUNEDESK_MESSAGE("TrainingSetting", "cosine")},
      {"linear", TUNEDESK_MESSAGE("TrainingSetting", "linear")},
      {"constant", TUNEDESK_MESSAGE("TrainingSetting", "constant")}},
     exact_schedule,
     [](const RunConfig& c) { return json(schedule_name(c.train.schedule)); },
     [](RunConfig& c, const json& v) { c.train.schedule = *parse_schedule(v.get<std::string>()); }},
    {"warmup_ratio", "training_args.warmup_ratio", "--warmup-ratio", SettingKind::number,
     TUNEDESK_MESSAGE("TrainingSetting", "Warm-up share"),
     TUNEDESK_MESSAGE("TrainingSetting", "The share of the steps over which the learning rate rises from 0, used when warm-up steps is not set"),
     0, 1, {}, 2, FormSection::training, std::nullopt, {}, nullptr,
     member<kTrain, &TrainConfig::warmup_ratio>, set_member<kTrain, &TrainConfig::warmup_ratio>,
     [](const RunConfig& c) { return c.train.warmup_steps == 0; }},
    {"warmup_steps", "training_args.warmup_steps", "--warmup-steps", SettingKind::whole,
     TUNEDESK_MESSAGE("TrainingSetting", "Warm-up steps"),
     TUNEDESK_MESSAGE("TrainingSetting", "Steps over which the learning rate rises from 0; when set it wins over the warm-up share"),
     0, kSteps, TUNEDESK_MESSAGE("TrainingSetting", "by share"), 0, FormSection::training, std::nullopt, {}, nullptr,
     member<kTrain, &TrainConfig::warmup_steps>, set_member<kTrain, &TrainConfig::warmup_steps>,
     [](const RunConfig& c) { return c.train.warmup_steps > 0; }},
    {"batch_size", "training_args.per_device_train_batch_size", "--batch-size", SettingKind::whole,
     TUNEDESK_MESSAGE("TrainingSetting", "Batch size"),
     TUNEDESK_MESSAGE("TrainingSetting", "Examples per micro-batch on each device"),
     1, 1024, {}, 0, FormSection::training, std::nullopt, {}, nullptr,
     member<kTrain, &TrainConfig::batch_size>, set_member<kTrain, &TrainConfig::batch_size>},
    {"grad_accumulation", "training_args.gradient_accumulation_steps", "--grad-accum", SettingKind::whole,
     TUNEDESK_MESSAGE("TrainingSetting", "Gradient accumulation"),
     TUNEDESK_MESSAGE("TrainingSetting", "Micro-batches per optimizer step: a larger batch in the same memory"),
     1, 1024, {}, 0, FormSection::training, std::nullopt, {}, nullptr,
     member<kTrain, &TrainConfig::grad_accumulation>, set_member<kTrain, &TrainConfig::grad_accumulation>},
    {"seed", "training_args.seed", "--seed", SettingKind::whole,
     TUNEDESK_MESSAGE("TrainingSetting", "Seed"),
     TUNEDESK_MESSAGE("TrainingSetting", "Seed of the data order, the split and the initialisation: the same seed, the same run"),
     0, kLargestInt, {}, 0, FormSection::training, std::nullopt, {}, nullptr,
     member<kTrain, &TrainConfig::seed>, set_member<kTrain, &TrainConfig::seed>},
    {"gradient_checkpointing", "training_args.gradient_checkpointing", "--gradient-checkpointing", SettingKind::flag,
     TUNEDESK_MESSAGE("TrainingSetting", "Gradient checkpointing (less memory, slower)"),
     TUNEDESK_MESSAGE("TrainingSetting", "Recompute the decoder layers in the backward pass: less memory, about a third slower"),
     0, 0, {}, 0, FormSection::training, std::nullopt, {}, nullptr,
     member<kTrain, &TrainConfig::gradient_checkpointing>, set_member<kTrain, &TrainConfig::gradient_checkpointing>},

    // ---- lengths -----------------------------------------------------------------------------
    {"max_input_length", "max_input_length", "--max-input-length", SettingKind::whole,
     TUNEDESK_MESSAGE("TrainingSetting", "Max question tokens"),
     TUNEDESK_MESSAGE("TrainingSetting", "Prompt tokens kept (system instruction and question; GLM-4's max_input_length); turns the total limit off unless that is given too"),
     0, kTokens, TUNEDESK_MESSAGE("TrainingSetting", "no limit"), 0, FormSection::lengths, std::nullopt, {}, nullptr,
     member<kLimits, &TruncationOptions::max_input_length>, set_member<kLimits, &TruncationOptions::max_input_length>,
     [](const RunConfig& c) { return c.truncation.max_input_length > 0; }},
    {"max_output_length", "max_output_length", "--max-output-length", SettingKind::whole,
     TUNEDESK_MESSAGE("TrainingSetting", "Max answer tokens"),
     TUNEDESK_MESSAGE("TrainingSetting", "Answer tokens kept (GLM-4's max_output_length); turns the total limit off unless that is given too"),
     0, kTokens, TUNEDESK_MESSAGE("TrainingSetting", "no limit"), 0, FormSection::lengths, std::nullopt, {}, nullptr,
     member<kLimits, &TruncationOptions::max_output_length>, set_member<kLimits, &TruncationOptions::max_output_length>,
     [](const RunConfig& c) { return c.truncation.max_output_length > 0; }},
    {"cutoff_len", "cutoff_len", "--cutoff-len", SettingKind::whole,
     TUNEDESK_MESSAGE("TrainingSetting", "Max total tokens"),
     TUNEDESK_MESSAGE("TrainingSetting", "One limit for question and answer together, used when the two limits above are not set"),
     0, kTokens, TUNEDESK_MESSAGE("TrainingSetting", "no limit"), 0, FormSection::lengths, std::nullopt, {}, nullptr,
     member<kLimits, &TruncationOptions::cutoff_len>, set_member<kLimits, &TruncationOptions::cutoff_len>},
    {"overlength", "overlength", "--overlength", SettingKind::choice,
     TUNEDESK_MESSAGE("TrainingSetting", "Longer rows"),
     TUNEDESK_MESSAGE("TrainingSetting", "Rows longer than the limits: cut to fit (their ends are lost) or left out of training"),
     0, 0, {}, 0, FormSection::lengths, std::nullopt,
     {{"truncate", TUNEDESK_MESSAGE("TrainingSetting", "cut to fit")},
      {"drop", TUNEDESK_MESSAGE("TrainingSetting", "leave out")}},
     nullptr,
     [](const RunConfig& c) { return json(std::string(overlength_name(c.truncation.overlength))); },
     [](RunConfig& c, const json& v) { c.truncation.overlength = *parse_overlength(v.get<std::string>()); }},

    // ---- evaluation and checkpoints ----------------------------------------------------------
    {"val_ratio", "val_ratio", "--val-ratio", SettingKind::number,
     TUNEDESK_MESSAGE("TrainingSetting", "Validation share"),
     TUNEDESK_MESSAGE("TrainingSetting", "Share of the rows held out for evaluation when the data has no validation file"),
     0, 0.9, {}, 2, FormSection::evaluation, std::nullopt, {}, nullptr,
     member<&RunConfig::val_ratio>, set_member<&RunConfig::val_ratio>},
    {"eval_steps", "training_args.eval_steps", "--eval-steps", SettingKind::whole,
     TUNEDESK_MESSAGE("TrainingSetting", "Evaluate every"),
     TUNEDESK_MESSAGE("TrainingSetting", "Evaluate on the validation rows every this many steps"),
     0, kSteps, TUNEDESK_MESSAGE("TrainingSetting", "at the end"), 0, FormSection::evaluation, std::nullopt, {}, nullptr,
     member<kTrain, &TrainConfig::eval_steps>, set_member<kTrain, &TrainConfig::eval_steps>},
    {"predict_with_generate", "training_args.predict_with_generate", "--predict-with-generate", SettingKind::flag,
     TUNEDESK_MESSAGE("TrainingSetting", "Generate answers and score them (ROUGE, BLEU)"),
     TUNEDESK_MESSAGE("TrainingSetting", "At each evaluation also generate answers for the validation rows and score ROUGE-1/2/L and BLEU-4"),
     0, 0, {}, 0, FormSection::evaluation, std::nullopt, {}, nullptr,
     member<kTrain, &TrainConfig::predict_with_generate>, set_member<kTrain, &TrainConfig::predict_with_generate>},
    {"max_new_tokens", "training_args.generation_config.max_new_tokens", "--max-new-tokens", SettingKind::whole,
     TUNEDESK_MESSAGE("TrainingSetting", "Longest generated answer"),
     TUNEDESK_MESSAGE("TrainingSetting", "Tokens generated at most for each scored answer"),
     1, 32768, {}, 0, FormSection::evaluation, std::nullopt, {}, nullptr,
     member<kTrain, &TrainConfig::max_new_tokens>, set_member<kTrain, &TrainConfig::max_new_tokens>},
    {"save_steps", "training_args.save_steps", "--save-steps", SettingKind::whole,
     TUNEDESK_MESSAGE("TrainingSetting", "Checkpoint every"),
     TUNEDESK_MESSAGE("TrainingSetting", "Write a checkpoint every this many steps, and when the run is stopped; resume from the newest"),
     0, kSteps, TUNEDESK_MESSAGE("TrainingSetting", "never"), 0, FormSection::evaluation, std::nullopt, {}, nullptr,
     member<kTrain, &TrainConfig::save_steps>, set_member<kTrain, &TrainConfig::save_steps>,
     [](const RunConfig& c) { return c.train.save_steps > 0; }},

    // ---- LoRA ----------------------------------------------------------------------------------
    {"lora_r", "peft_config.r", "--rank", SettingKind::whole,
     TUNEDESK_MESSAGE("TrainingSetting", "Rank r"),
     TUNEDESK_MESSAGE("TrainingSetting", "The rank of each LoRA update: more capacity, more memory"),
     1, 1024, {}, 0, FormSection::lora, Method::lora, {}, nullptr,
     member<kTrain, kLora, &engine::LoraConfig::rank>, set_member<kTrain, kLora, &engine::LoraConfig::rank>},
    {"lora_alpha", "peft_config.lora_alpha", "--alpha", SettingKind::number,
     TUNEDESK_MESSAGE("TrainingSetting", "Alpha"),
     TUNEDESK_MESSAGE("TrainingSetting", "LoRA's scale: the update is multiplied by alpha / r"),
     0.01, 8192, {}, 2, FormSection::lora, Method::lora, {}, nullptr,
     member<kTrain, kLora, &engine::LoraConfig::alpha>, set_member<kTrain, kLora, &engine::LoraConfig::alpha>},
    {"lora_dropout", "peft_config.lora_dropout", "--dropout", SettingKind::number,
     TUNEDESK_MESSAGE("TrainingSetting", "Dropout"),
     TUNEDESK_MESSAGE("TrainingSetting", "Dropout on the input of each LoRA update"),
     0, 0.9, {}, 2, FormSection::lora, Method::lora, {}, nullptr,
     member<kTrain, kLora, &engine::LoraConfig::dropout>, set_member<kTrain, kLora, &engine::LoraConfig::dropout>},
    {"target_modules", "peft_config.target_modules", "--target-modules", SettingKind::list,
     TUNEDESK_MESSAGE("TrainingSetting", "Target modules"),
     TUNEDESK_MESSAGE("TrainingSetting", "Hugging Face module names separated by commas (q_proj, v_proj, ...), or all-linear"),
     0, 0, TUNEDESK_MESSAGE("TrainingSetting", "the attention's query and value"), 0, FormSection::lora,
     Method::lora, {}, nullptr,
     member<kTrain, kLora, &engine::LoraConfig::target_modules>, set_member<kTrain, kLora, &engine::LoraConfig::target_modules>,
     [](const RunConfig& c) { return !c.train.lora.target_modules.empty(); }},
    {"use_rslora", "peft_config.use_rslora", "--rslora", SettingKind::flag,
     TUNEDESK_MESSAGE("TrainingSetting", "Rank-stabilised scale (rsLoRA)"),
     TUNEDESK_MESSAGE("TrainingSetting", "Scale the update by alpha / sqrt(r) instead of alpha / r, which keeps high ranks learning"),
     0, 0, {}, 0, FormSection::lora, Method::lora, {}, nullptr,
     member<kTrain, kLora, &engine::LoraConfig::use_rslora>, set_member<kTrain, kLora, &engine::LoraConfig::use_rslora>},

    // ---- P-Tuning v2 ---------------------------------------------------------------------------
    {"num_virtual_tokens", "peft_config.num_virtual_tokens", "--num-virtual-tokens", SettingKind::whole,
     TUNEDESK_MESSAGE("TrainingSetting", "Virtual tokens"),
     TUNEDESK_MESSAGE("TrainingSetting", "The length of the trained prefix, in tokens"),
     1, 1024, {}, 0, FormSection::prefix, Method::ptuning_v2, {}, nullptr,
     member<kTrain, kPrefix, &engine::PrefixConfig::num_virtual_tokens>,
     set_member<kTrain, kPrefix, &engine::PrefixConfig::num_virtual_tokens>},
    {"prefix_projection", "peft_config.prefix_projection", "--prefix-projection", SettingKind::flag,
     TUNEDESK_MESSAGE("TrainingSetting", "Train through a projection (MLP)"),
     TUNEDESK_MESSAGE("TrainingSetting", "Train the prefix through a two-layer MLP"),
     0, 0, {}, 0, FormSection::prefix, Method::ptuning_v2, {}, nullptr,
     member<kTrain, kPrefix, &engine::PrefixConfig::prefix_projection>,
     set_member<kTrain, kPrefix, &engine::PrefixConfig::prefix_projection>},
    {"encoder_hidden_size", "peft_config.encoder_hidden_size", "--encoder-hidden-size", SettingKind::whole,
     TUNEDESK_MESSAGE("TrainingSetting", "Projection width"),
     TUNEDESK_MESSAGE("TrainingSetting", "The hidden width of the prefix's MLP"),
     0, 65536, TUNEDESK_MESSAGE("TrainingSetting", "the model's hidden size"), 0, FormSection::prefix, Method::ptuning_v2,
     {}, nullptr,
     member<kTrain, kPrefix, &engine::PrefixConfig::encoder_hidden_size>,
     set_member<kTrain, kPrefix, &engine::PrefixConfig::encoder_hidden_size>,
     [](const RunConfig& c) { return c.train.prefix.encoder_hidden_size > 0; }},

    // ---- more settings -------------------------------------------------------------------------
    {"weight_decay", "training_args.weight_decay", "--weight-decay", SettingKind::number,
     TUNEDESK_MESSAGE("TrainingSetting", "Weight decay"),
     TUNEDESK_MESSAGE("TrainingSetting", "AdamW's decoupled weight decay, never on norms and biases"),
     0, 1, {}, 3, FormSection::advanced, std::nullopt, {}, nullptr,
     member<kTrain, &TrainConfig::weight_decay>, set_member<kTrain, &TrainConfig::weight_decay>},
    {"max_grad_norm", "training_args.max_grad_norm", "--max-grad-norm", SettingKind::number,
     TUNEDESK_MESSAGE("TrainingSetting", "Gradient clipping"),
     TUNEDESK_MESSAGE("TrainingSetting", "Scale the gradients down when their norm is over this"),
     0, 1000, TUNEDESK_MESSAGE("TrainingSetting", "off"), 2, FormSection::advanced, std::nullopt, {}, nullptr,
     member<kTrain, &TrainConfig::max_grad_norm>, set_member<kTrain, &TrainConfig::max_grad_norm>},
    {"adam_beta1", "training_args.adam_beta1", "--adam-beta1", SettingKind::number,
     TUNEDESK_MESSAGE("TrainingSetting", "Adam beta1"),
     TUNEDESK_MESSAGE("TrainingSetting", "AdamW's decay of the gradient's running mean"),
     0, 0.9999, {}, 4, FormSection::advanced, std::nullopt, {}, nullptr,
     member<kTrain, &TrainConfig::adam_beta1>, set_member<kTrain, &TrainConfig::adam_beta1>},
    {"adam_beta2", "training_args.adam_beta2", "--adam-beta2", SettingKind::number,
     TUNEDESK_MESSAGE("TrainingSetting", "Adam beta2"),
     TUNEDESK_MESSAGE("TrainingSetting", "AdamW's decay of the squared gradient's running mean"),
     0, 0.99999, {}, 5, FormSection::advanced, std::nullopt, {}, nullptr,
     member<kTrain, &TrainConfig::adam_beta2>, set_member<kTrain, &TrainConfig::adam_beta2>},
    {"adam_epsilon", "training_args.adam_epsilon", "--adam-epsilon", SettingKind::number,
     TUNEDESK_MESSAGE("TrainingSetting", "Adam epsilon"),
     TUNEDESK_MESSAGE("TrainingSetting", "Added to AdamW's denominator so that it is never 0"),
     1e-12, 1e-3, {}, -1, FormSection::advanced, std::nullopt, {}, nullptr,
     member<kTrain, &TrainConfig::adam_epsilon>, set_member<kTrain, &TrainConfig::adam_epsilon>},
    {"eval_batch_size", "training_args.per_device_eval_batch_size", "--eval-batch-size", SettingKind::whole,
     TUNEDESK_MESSAGE("TrainingSetting", "Evaluation batch size"),
     TUNEDESK_MESSAGE("TrainingSetting", "Examples per batch when evaluating"),
     0, 1024, TUNEDESK_MESSAGE("TrainingSetting", "as for training"), 0, FormSection::advanced, std::nullopt, {}, nullptr,
     member<kTrain, &TrainConfig::eval_batch_size>, set_member<kTrain, &TrainConfig::eval_batch_size>,
     [](const RunConfig& c) { return c.train.eval_batch_size > 0; }},
    {"logging_steps", "training_args.logging_steps", "--logging-steps", SettingKind::whole,
     TUNEDESK_MESSAGE("TrainingSetting", "Log every"),
     TUNEDESK_MESSAGE("TrainingSetting", "Record the loss every this many steps"),
     1, kSteps, {}, 0, FormSection::advanced, std::nullopt, {}, nullptr,
     member<kTrain, &TrainConfig::logging_steps>, set_member<kTrain, &TrainConfig::logging_steps>},
    {"save_total_limit", "training_args.save_total_limit", "--save-total-limit", SettingKind::whole,
     TUNEDESK_MESSAGE("TrainingSetting", "Checkpoints kept"),
     TUNEDESK_MESSAGE("TrainingSetting", "Keep the newest this many checkpoints"),
     0, 1000, TUNEDESK_MESSAGE("TrainingSetting", "all"), 0, FormSection::advanced, std::nullopt, {}, nullptr,
     member<kTrain, &TrainConfig::save_total_limit>, set_member<kTrain, &TrainConfig::save_total_limit>},
    {"dtype", "dtype", "--dtype", SettingKind::choice,
     TUNEDESK_MESSAGE("TrainingSetting", "Number format"),
     TUNEDESK_MESSAGE("TrainingSetting", "The weights' and activations' number format: automatic is bf16 on a GPU and on a CPU with bf16 matrix units (AMX, AVX512-BF16), fp32 on other CPUs"),
     0, 0, {}, 0, FormSection::advanced, std::nullopt,
     {{"auto", TUNEDESK_MESSAGE("TrainingSetting", "Automatic")},
      {"fp32", "fp32"}, {"bf16", "bf16"}, {"fp16", "fp16"}},
     nullptr, member<&RunConfig::dtype>, set_member<&RunConfig::dtype>},
    {"template", "template", "--template", SettingKind::text,
     TUNEDESK_MESSAGE("TrainingSetting", "Chat template"),
     TUNEDESK_MESSAGE("TrainingSetting", "How a conversation is written for the model (tunedesk-cli tokenize --help lists them)"),
     0, 0, TUNEDESK_MESSAGE("TrainingSetting", "detected from the model"), 0, FormSection::advanced, std::nullopt, {}, nullptr,
     member<&RunConfig::chat_template>, set_member<&RunConfig::chat_template>,
     [](const RunConfig& c) { return !c.chat_template.empty(); }},
    {"memory_limit_gb", "memory_limit_gb", "--memory-limit", SettingKind::number,
     TUNEDESK_MESSAGE("TrainingSetting", "Memory limit (GB)"),
     TUNEDESK_MESSAGE("TrainingSetting", "Refuse to start when the memory estimate is over this many gigabytes"),
     0, 100000, TUNEDESK_MESSAGE("TrainingSetting", "what the device has free"), 2, FormSection::advanced, std::nullopt, {},
     nullptr, member<&RunConfig::memory_limit_gb>, set_member<&RunConfig::memory_limit_gb>,
     [](const RunConfig& c) { return c.memory_limit_gb > 0; }},

    // ---- YAML and the command line only ----------------------------------------------------------
    {"check_memory", "check_memory", "--no-memory-check", SettingKind::flag,
     TUNEDESK_MESSAGE("TrainingSetting", "Check the memory first"),
     TUNEDESK_MESSAGE("TrainingSetting", "Refuse to start a run whose memory estimate is over what the device has free; the option starts it anyway"),
     0, 0, {}, 0, FormSection::none, std::nullopt, {}, nullptr,
     member<&RunConfig::check_memory>, set_member<&RunConfig::check_memory>,
     [](const RunConfig& c) { return !c.check_memory; }},
    {"shard_optimizer_state", "training_args.shard_optimizer_state", "--zero1", SettingKind::flag,
     TUNEDESK_MESSAGE("TrainingSetting", "Shard the optimizer state (ZeRO stage 1)"),
     TUNEDESK_MESSAGE("TrainingSetting", "With several processes each keeps the optimizer state of its share of the weights only: less memory for full fine-tuning, the same result"),
     0, 0, {}, 0, FormSection::none, std::nullopt, {}, nullptr,
     member<kTrain, &TrainConfig::shard_optimizer_state>, set_member<kTrain, &TrainConfig::shard_optimizer_state>},
  };
  // clang-format on
  return rows;
}

// "12", "0.0002", "1e-08": the shortest text that reads back as the same double.
std::string number_text(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15) return std::to_string(static_cast<int64_t>(v));  // "100000", not "1e+05"
  char buffer[32];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v, std::chars_format::general);  // 0.0002, 1e-08
  return ec == std::errc() ? std::string(buffer, end) : std::to_string(v);
}

[[noreturn]] void refuse(const std::string& kind, const std::string& where, std::vector<std::string> args = {}) {
  args.insert(args.begin(), where);
  throw RunConfigError(kind, std::move(args));
}

std::string choice_values(const TrainingSetting& s) {
  std::string out;
  for (const SettingChoice& c : s.choices) out += (out.empty() ? "" : ", ") + std::string(c.value);
  return out;
}

}  // namespace

const std::vector<TrainingSetting>& training_settings() { return table(); }

const TrainingSetting* find_training_setting(std::string_view name) {
  for (const TrainingSetting& s : table())
    if (s.name == name) return &s;
  return nullptr;
}

json checked_setting_value(const TrainingSetting& s, const json& value, const std::string& where) {
  const auto in_range = [&](double v) {
    if (!(v >= s.min && v <= s.max)) refuse("config.range", where, {number_text(s.min), number_text(s.max), number_text(v)});
  };
  switch (s.kind) {
    case SettingKind::whole: {
      if (!value.is_number_integer()) refuse("config.whole_number", where, {value.is_string() ? value.get<std::string>() : value.dump()});
      in_range(value.get<double>());
      return value.get<int64_t>();
    }
    case SettingKind::number: {
      if (!value.is_number()) refuse("config.number", where, {value.is_string() ? value.get<std::string>() : value.dump()});
      in_range(value.get<double>());
      return value.get<double>();
    }
    case SettingKind::flag:
      if (!value.is_boolean()) refuse("config.boolean", where, {value.is_string() ? value.get<std::string>() : value.dump()});
      return value;
    case SettingKind::choice: {
      if (!value.is_string()) refuse("config.single_value", where);
      const std::string text = value.get<std::string>();
      if (s.canonical) {
        if (std::string c = s.canonical(text); !c.empty()) return c;
      } else {
        for (const SettingChoice& c : s.choices)
          if (c.value == text) return text;
      }
      refuse("config.choice", where, {choice_values(s), text});
    }
    case SettingKind::list:
      if (!value.is_array()) refuse("config.list", where);
      for (const json& item : value)
        if (!item.is_string()) refuse("config.list", where);
      return value;
    case SettingKind::text:
      if (!value.is_string()) refuse("config.single_value", where);
      return value;
  }
  return value;
}

json setting_value_from_text(const TrainingSetting& s, std::string_view text, const std::string& where) {
  switch (s.kind) {
    case SettingKind::whole: {
      int64_t v = 0;
      const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      if (ec != std::errc() || end != text.data() + text.size() || text.empty())
        refuse("config.whole_number", where, {std::string(text)});
      return checked_setting_value(s, v, where);
    }
    case SettingKind::number: {
      const std::string copy(text);
      char* end = nullptr;
      const double v = std::strtod(copy.c_str(), &end);
      if (copy.empty() || end != copy.c_str() + copy.size() || !std::isfinite(v)) refuse("config.number", where, {copy});
      return checked_setting_value(s, v, where);
    }
    case SettingKind::flag:
      if (text == "true" || text == "1" || text == "yes") return true;
      if (text == "false" || text == "0" || text == "no") return false;
      refuse("config.boolean", where, {std::string(text)});
    case SettingKind::list: {
      json out = json::array();
      std::size_t start = 0;
      while (start <= text.size()) {
        std::size_t comma = text.find(',', start);
        if (comma == std::string_view::npos) comma = text.size();
        std::string_view item = text.substr(start, comma - start);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (!item.empty()) out.push_back(std::string(item));
        start = comma + 1;
      }
      return out;
    }
    case SettingKind::choice:
    case SettingKind::text:
      return checked_setting_value(s, std::string(text), where);
  }
  return nullptr;
}

std::string setting_value_text(const TrainingSetting& s, const json& value) {
  switch (s.kind) {
    case SettingKind::whole: return std::to_string(value.get<int64_t>());
    case SettingKind::number: return number_text(value.get<double>());
    case SettingKind::flag: return value.get<bool>() ? "true" : "false";
    case SettingKind::list: {
      std::string out;
      for (const json& item : value) out += (out.empty() ? "" : ",") + item.get<std::string>();
      return out;
    }
    case SettingKind::choice:
    case SettingKind::text: return value.get<std::string>();
  }
  return {};
}

std::string_view form_section_name(FormSection section) {
  switch (section) {
    case FormSection::none: return "none";
    case FormSection::run: return "run";
    case FormSection::data: return "data";
    case FormSection::training: return "training";
    case FormSection::lengths: return "lengths";
    case FormSection::evaluation: return "evaluation";
    case FormSection::lora: return "lora";
    case FormSection::prefix: return "prefix";
    case FormSection::advanced: return "advanced";
  }
  return "none";
}

json training_settings_schema() {
  static const char* kinds[] = {"whole", "number", "flag", "choice", "list", "text"};
  const RunConfig defaults = default_run_config();
  json out = json::array();
  for (const TrainingSetting& s : table()) {
    json row = {{"name", s.name},
                {"yaml", s.yaml},
                {"cli", s.cli},
                {"kind", kinds[static_cast<int>(s.kind)]},
                {"label", s.label},
                {"help", s.help},
                {"section", form_section_name(s.section)},
                {"method", s.method ? json(method_name(*s.method)) : json(nullptr)},
                {"default", s.get(defaults)}};
    if (s.kind == SettingKind::whole || s.kind == SettingKind::number) {
      row["min"] = s.min;
      row["max"] = s.max;
    }
    if (s.kind == SettingKind::number) row["decimals"] = s.decimals;
    if (!s.special.empty()) row["special"] = s.special;
    if (s.kind == SettingKind::choice) {
      row["choices"] = json::array();
      for (const SettingChoice& c : s.choices) row["choices"].push_back({{"value", c.value}, {"label", c.label}});
    }
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace tunedesk::training
