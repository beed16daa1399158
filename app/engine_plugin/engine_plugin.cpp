// libtunedesk_engine_plugin.so: the engine behind services/engine_bridge.h,
// on the trainer and ChatModel of core/. Loaded by the desktop app and the
// server the first time they train or chat.
#include <exception>
#include <stdexcept>
#include <thread>

#include "distributed/world.h"
#include "engine/causal_lm.h"
#include "engine/device.h"
#include "engine/memory_errors.h"
#include "services/engine_bridge.h"
#include "training/augment_dataset.h"
#include "training/chat_model.h"
#include "training/compare_base.h"
#include "gguf/file_type.h"
#include "training/export_result.h"
#include "training/run.h"
#include "training/trained_model.h"

namespace tunedesk::services {
namespace {

// Runs `body`; an allocation failure comes out as the error that says what to change.
template <typename Body>
auto saying_memory_errors(Body&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const std::exception& e) {
    if (auto friendly = engine::as_memory_error(e)) throw *friendly;
    throw;
  }
}

training::RunConfig run_config_of(const TrainingSpec& spec) {
  training::RunConfig rc = training::load_run_config_text(spec.yaml, spec.source);
  rc.model = spec.model;
  rc.train_file = spec.dataset;
  rc.output_dir = spec.output_dir;
  if (const auto method = training::parse_method(spec.method)) rc.train.method = *method;
  else throw std::invalid_argument("unknown method '" + spec.method + "'");
  rc.train.resume = spec.resume;
  if (!spec.model_type.empty()) rc.model_type = spec.model_type;
  return rc;
}

// A job with nproc N > 1 (one per GPU): N ranks of one data-parallel run as
// threads of this process, each with its own process group over loopback
// and its own device (cuda:rank). Rank 0 reports; all share the cancel flag,
// so they agree to stop after the same step. A failing rank closes its
// connections and the others fail at their next exchange.
training::RunOutcome run_data_parallel(const training::RunConfig& config, const training::RunCallbacks& callbacks) {
  const int n = config.processes;
  distributed::World world;
  world.size = n;
  world.local_size = n;
  world.master_port = distributed::free_local_port();
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(n));
  std::vector<std::thread> others;
  for (int rank = 1; rank < n; ++rank)
    others.emplace_back([&, rank] {
      training::RunConfig rc = config;
      rc.world = world;
      rc.world->rank = rc.world->local_rank = rank;
      training::RunCallbacks quiet;
      quiet.cancel = callbacks.cancel;
      try {
        training::run_training(rc, quiet);
      } catch (...) {
        errors[static_cast<std::size_t>(rank)] = std::current_exception();
      }
    });
  training::RunOutcome outcome;
  try {
    training::RunConfig rc = config;
    rc.world = world;
    outcome = training::run_training(rc, callbacks);
  } catch (...) {
    errors[0] = std::current_exception();
  }
  for (std::thread& t : others) t.join();
  for (const std::exception_ptr& e : errors)
    if (e) std::rethrow_exception(e);  // rank 0's first: it says what happened here
  return outcome;
}

class Chat final : public ChatSession {
 public:
  explicit Chat(std::unique_ptr<training::ChatModel> model) : model_(std::move(model)) {}

  ChatAnswer reply(const std::vector<std::pair<std::string, std::string>>& messages, const ChatOptions& options,
                   const std::function<bool(const std::string&)>& on_text, const std::atomic<bool>* cancel) override {
    std::vector<chat::Message> conversation;
    for (const auto& [role, content] : messages) conversation.push_back({role, content});
    engine::GenerationOptions generation;
    generation.max_new_tokens = options.max_new_tokens;
    generation.sampling.greedy = options.temperature <= 0;
    generation.sampling.temperature = options.temperature > 0 ? options.temperature : 1.0;
    generation.sampling.top_p = options.top_p;
    generation.sampling.seed = options.seed;
    generation.stop_strings = options.stop;
    generation.on_text = on_text;
    generation.cancel = cancel;
    ChatAnswer answer;
    const std::vector<int64_t> prompt = model_->prompt_ids(conversation);  // rendered and tokenized once
    answer.prompt_tokens = static_cast<int64_t>(prompt.size());
    const engine::GenerationResult result = saying_memory_errors([&] { return model_->reply(prompt, generation); });
    answer.text = result.text;
    answer.finish_reason = result.finish_reason;
    answer.completion_tokens = static_cast<int64_t>(result.ids.size());
    return answer;
  }

  std::string describe() const override {
    const training::TrainedModel& t = model_->trained();
    std::string s = t.model->config().architecture;
    if (t.kind == "lora") s += " + LoRA";
    if (t.kind == "ptuning_v2") s += " + P-Tuning v2";
    s += " on " + t.model->target().describe();
    if (const engine::PackedModelWeights* packed = t.model->packed())
      s += std::string(", ") + engine::weight_format_name(packed->format) + " weights";
    return s;
  }

 private:
  std::unique_ptr<training::ChatModel> model_;
};

class Engine final : public EngineBridge {
 public:
  Engine() { engine::configure_cpu(); }

  TrainingOutcome run_training(const TrainingSpec& spec, const TrainingCallbacks& callbacks) override {
    training::RunCallbacks run;
    run.cancel = callbacks.cancel;
    run.on_note = callbacks.on_note;
    if (callbacks.on_step)
      run.on_step = [&](const training::StepMetrics& m) {
        callbacks.on_step(training::metrics_json(m).dump(), training::step_line(m), m.step, m.total_steps, m.eta_s);
      };
    const training::RunConfig config = run_config_of(spec);
    const training::RunOutcome outcome = saying_memory_errors(
        [&] { return config.processes > 1 ? run_data_parallel(config, run) : training::run_training(config, run); });
    return {outcome.result.cancelled};
  }

  std::unique_ptr<ChatSession> open_chat(const std::string& path, const std::string& device) override {
    const engine::ComputeTarget target = engine::pick_target(device.empty() ? "auto" : device, "auto");
    return std::make_unique<Chat>(saying_memory_errors([&] { return training::ChatModel::open(path, {}, target); }));
  }

  std::string base_model_of(const std::string& path) override {
    return training::locate_trained(path).base_model.string();
  }

  ExportDone export_result(const std::string& source, const std::string& out_dir, const ExportSpec& spec) override {
    return saying_memory_errors([&] {
      training::ExportRequest request;
      request.source = source;
      request.out = out_dir;
      request.merge = spec.merge;
      request.gguf = spec.gguf;
      if (spec.gguf) {
        const auto type = gguf::parse_file_type(spec.gguf_type);
        if (!type) throw std::invalid_argument("GGUF type must be " + gguf::file_type_choices() + ", not '" + spec.gguf_type + "'");
        request.gguf_type = *type;
        request.progress = spec.progress;
        request.ollama = spec.ollama;
        request.gguf_adapter_only = spec.adapter_only;
        request.base_gguf = spec.base_gguf;
      }
      const training::ExportOutcome done = training::export_result(request);
      return ExportDone{done.written, done.file.string(), done.adapter_file.string(), done.modelfile.string(),
                        done.notes, done.commands};
    });
  }

  std::string compare_with_base(const std::string& source, const EvaluationSpec& spec) override {
    return saying_memory_errors([&] {
      training::CompareOptions options;
      options.data = spec.data;
      options.device = spec.device.empty() ? "auto" : spec.device;
      options.max_new_tokens = spec.max_new_tokens;
      options.progress = spec.progress;
      options.cancel = spec.cancel;
      return training::evaluation_json(training::compare_with_base(source, options)).dump();
    });
  }

  data::AugmentationOutcome augment_dataset(
      const data::AugmentationRequest& request,
      const std::function<void(std::size_t rows_done, std::size_t rows_total, std::size_t written)>& progress,
      const std::atomic<bool>* cancel) override {
    return saying_memory_errors([&] { return training::augment_file(request, progress, cancel); });
  }

  std::string runtime_description() override { return engine::runtime_description(); }
};

}  // namespace
}  // namespace tunedesk::services

extern "C" __attribute__((visibility("default"))) tunedesk::services::EngineBridge* tunedesk_engine_bridge() {
  static tunedesk::services::Engine engine;
  return &engine;
}
