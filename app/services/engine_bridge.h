// The engine (libtorch) as the desktop app and the server reach it: through
// a plugin, libtunedesk_engine_plugin.so, loaded the first time a job trains
// or a model answers. libtorch alone takes ~160 MB and most of a second to
// load; the window and the server start without it and stay small until the
// engine is needed. Plain C++ types only: no Qt, no torch on this boundary.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "data/augmentation.h"

namespace tunedesk::services {

// A training job as the engine runs it: the YAML settings and the job's own fields on top.
struct TrainingSpec {
  std::string yaml;        // a run config (resources/configs/*.yaml keys)
  std::string source;      // names the YAML in error messages ("job j4f9a21c")
  std::string model, dataset, output_dir, method;
  std::string model_type;  // empty: the YAML's
  bool resume = false;
};

struct TrainingCallbacks {
  // Each logged step: metrics.jsonl's line (JSON text), train.log's line, and the numbers a job store keeps.
  std::function<void(const std::string& metrics_json, const std::string& log_line, int64_t step, int64_t total_steps,
                      double eta_s)>
      on_step;
  std::function<void(const std::string& line)> on_note;  // set-up and result notes
  const std::atomic<bool>* cancel = nullptr;              // stops after the current step, with a checkpoint
};

struct TrainingOutcome {
  bool cancelled = false;
};

struct ChatOptions {
  int64_t max_new_tokens = 256;
  double temperature = 0;  // 0 = greedy
  double top_p = 1.0;
  uint64_t seed = 0;
  std::vector<std::string> stop;  // stop strings
};

struct ChatAnswer {
  std::string text;
  std::string finish_reason;  // "stop", "length", "cancelled"
  int64_t prompt_tokens = 0, completion_tokens = 0;
};

// A model opened for chat (base, fine-tuned run, adapter or exported model).
class ChatSession {
 public:
  virtual ~ChatSession() = default;
  // `messages`: {role, content} pairs ending with the user's turn; the system
  // instruction the model was trained with goes first when none is given.
  virtual ChatAnswer reply(const std::vector<std::pair<std::string, std::string>>& messages, const ChatOptions& options,
                           const std::function<bool(const std::string&)>& on_text, const std::atomic<bool>* cancel) = 0;
  virtual std::string describe() const = 0;  // "Qwen3ForCausalLM + LoRA on cpu fp32"
};

struct ExportSpec {
  bool merge = false;             // fold a LoRA adapter into its base model
  bool gguf = false;              // one GGUF file instead of a Hugging Face folder
  std::string gguf_type = "f16";  // f32, f16, bf16, q8_0, q4_0, q4_k_m (gguf/file_type.h)
  bool ollama = false;            // GGUF: an Ollama Modelfile beside the file(s)
  bool adapter_only = false;      // GGUF, LoRA: the adapter alone, without its base model's file
  std::string base_gguf;          // with adapter_only: the base's GGUF it goes with (checked; may be empty)
  std::function<void(uint64_t done, uint64_t total)> progress;  // GGUF: bytes written (on the writing thread)
};
struct ExportDone {
  std::string written;                // "adapter", "model", "merged model", "GGUF", "merged GGUF", "GGUF adapter"
                                      // or "GGUF adapter alone"
  std::string file;                   // GGUF: the model file (for an adapter, its base model's)
  std::string adapter_file;           // GGUF adapter: the adapter file
  std::string modelfile;              // the Ollama Modelfile, when asked for
  std::vector<std::string> notes;     // GGUF: what llama.cpp or Ollama will do differently
  std::vector<std::string> commands;  // GGUF: how to run it (llama-cli, ollama create)
};

// Comparing a finished result with its base model, answer by answer (training/compare_base.h).
struct EvaluationSpec {
  std::string data;  // empty: the rows the run held out
  int64_t max_new_tokens = 128;
  std::string device = "auto";
  std::function<void(std::size_t done, std::size_t total)> progress;  // answers given, of both models'
  const std::atomic<bool>* cancel = nullptr;                          // checked between answers
};

class EngineBridge {
 public:
  virtual ~EngineBridge() = default;
  // Throws std::exception with a message fit for the user.
  virtual TrainingOutcome run_training(const TrainingSpec& spec, const TrainingCallbacks& callbacks) = 0;
  virtual std::unique_ptr<ChatSession> open_chat(const std::string& path, const std::string& device) = 0;
  // The base model a fine-tuned result was trained from; empty for a model folder.
  virtual std::string base_model_of(const std::string& path) = 0;
  // Writes a finished result (`source`: a run, adapter or model folder) to the new or empty folder
  // `out_dir`: as it is, with `merge` a LoRA adapter folded into its base model as a complete
  // model, or with `gguf` one GGUF file for llama.cpp and Ollama (training/export_result.h).
  virtual ExportDone export_result(const std::string& source, const std::string& out_dir, const ExportSpec& spec) = 0;
  // Both models answer `spec`'s rows; a run keeps the result as evaluation.json.
  // Returns that JSON's text. Throws as above; when cancelled, with cancelled() true.
  virtual std::string compare_with_base(const std::string& source, const EvaluationSpec& spec) = 0;
  // A model writes candidate rows for a dataset (training/augment_dataset.h) into request.output;
  // `progress` after each source row (rows done, rows to do, candidates so far); `cancel` checked
  // between and inside generations (what was made by then is written, outcome.cancelled).
  virtual data::AugmentationOutcome augment_dataset(
      const data::AugmentationRequest& request,
      const std::function<void(std::size_t rows_done, std::size_t rows_total, std::size_t written)>& progress,
      const std::atomic<bool>* cancel) = 0;
  virtual std::string runtime_description() = 0;  // "libtorch 1.13.1 (CPU)"
};

// The engine, loaded on first use. Throws ServiceError naming where the plugin was looked for.
EngineBridge& engine_bridge();
bool engine_bridge_loaded();

// Where the plugin is looked for: $TUNEDESK_ENGINE_PLUGIN, beside the
// program, in ../lib/tunedesk and the installed library folder, then the build tree.
std::vector<std::string> engine_plugin_candidates();

}  // namespace tunedesk::services

// The one symbol the plugin exports.
extern "C" tunedesk::services::EngineBridge* tunedesk_engine_bridge();
