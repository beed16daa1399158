#include "training/trainer.h"

#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <limits>

#include "distributed/gradient_sync.h"
#include "distributed/process_group.h"
#include "engine/causal_lm.h"
#include "engine/cpu_memory.h"
#include "engine/layers.h"
#include "engine/tensor_io.h"
#include "model/safetensors.h"
#include "training/fused_adamw.h"
#include "training/optimizer_sharding.h"
#include "tokenizer/tokenizer.h"
#include "util/file_io.h"
#include "util/user_error.h"

#include <nlohmann/json.hpp>
#include <random>

namespace tunedesk::training {
namespace {

using Clock = std::chrono::steady_clock;

struct Batch {
  at::Tensor input_ids;  // [B, T], right-padded
  at::Tensor labels;     // [B, T], kIgnoreIndex on padding and prompt
  int64_t tokens = 0;    // positions that take loss (after the shift)
};

// Right padding needs no attention mask: causal attention never lets a real
// token see the padding that follows it, and padded positions take no loss.
Batch collate(const std::vector<TokenizedExample>& examples, const std::vector<std::size_t>& indices, int32_t pad_id,
              const c10::Device& device) {
  std::size_t longest = 0;
  for (std::size_t i : indices) longest = std::max(longest, examples[i].input_ids.size());
  const auto rows = static_cast<int64_t>(indices.size()), cols = static_cast<int64_t>(longest);
  at::Tensor ids = torch::full({rows, cols}, pad_id, torch::kLong);
  at::Tensor labels = torch::full({rows, cols}, kIgnoreIndex, torch::kLong);
  Batch b;
  for (int64_t r = 0; r < rows; ++r) {
    const TokenizedExample& ex = examples[indices[static_cast<std::size_t>(r)]];
    const auto n = static_cast<int64_t>(ex.input_ids.size());
    ids[r].narrow(0, 0, n).copy_(torch::tensor(std::vector<int64_t>(ex.input_ids.begin(), ex.input_ids.end())));
    labels[r].narrow(0, 0, n).copy_(torch::tensor(std::vector<int64_t>(ex.labels.begin(), ex.labels.end())));
    b.tokens += static_cast<int64_t>(trained_token_count(ex));
  }
  b.input_ids = ids.to(device);
  b.labels = labels.to(device);
  return b;
}

// Summed cross-entropy of next-token predictions over the trained positions.
// Logits are computed only where a label follows: in SFT data most positions
// are prompt, and the output head is the largest single product.
at::Tensor summed_loss(const engine::CausalLM& model, const Batch& b) {
  const at::Tensor hidden = model.hidden_states(b.input_ids);  // [B, T, C]
  const int64_t T = hidden.size(1);
  const at::Tensor h = hidden.narrow(1, 0, T - 1).reshape({-1, hidden.size(2)});
  const at::Tensor targets = b.labels.narrow(1, 1, T - 1).reshape({-1});
  const at::Tensor trained = (targets != kIgnoreIndex).nonzero().squeeze(1);
  return engine::summed_cross_entropy(model.logits(h.index_select(0, trained)), targets.index_select(0, trained));
}

// Where training stands: enough to continue exactly where it stopped.
struct Position {
  int64_t step = 0;          // optimizer steps done
  std::size_t epoch = 0;     // data epoch and the next micro-batch in it
  std::size_t next_batch = 0;
  int64_t tokens_seen = 0;
  double elapsed_s = 0;
};

// Writes the checkpoint into a temporary folder, fsyncs it, then renames it
// into place: a crash mid-write leaves the previous checkpoints intact.
void save_checkpoint(const std::filesystem::path& dir, const Position& pos, const Trainable& trainable,
                     torch::optim::Optimizer& optimizer, int64_t keep, int world_size) {
  namespace fs = std::filesystem;
  fs::create_directories(dir);
  const fs::path final_dir = dir / ("checkpoint-" + std::to_string(pos.step));
  const fs::path tmp = dir / ("checkpoint-" + std::to_string(pos.step) + ".tmp-" + std::to_string(std::random_device{}()));
  fs::create_directories(tmp);
  {
    std::vector<std::string> blobs;
    blobs.reserve(trainable.parameters.size());
    model::SafetensorsWriter writer;
    for (const auto& [name, t] : trainable.parameters) {
      blobs.push_back(engine::tensor_bytes(t, model::DType::f32));
      writer.add(name, model::DType::f32, t.sizes().vec(), blobs.back());
    }
    writer.write(tmp / "trainable.safetensors");
  }
  torch::save(optimizer, (tmp / "optimizer.pt").string());
  util::fsync_path(tmp / "optimizer.pt");
  {
    at::Generator gen = at::detail::getDefaultCPUGenerator();
    std::lock_guard<std::mutex> lock(gen.mutex());
    torch::save(gen.get_state(), (tmp / "rng.pt").string());
  }
  util::fsync_path(tmp / "rng.pt");
  const nlohmann::json state = {{"step", pos.step}, {"epoch", pos.epoch}, {"next_batch", pos.next_batch},
                                {"tokens_seen", pos.tokens_seen}, {"elapsed_s", pos.elapsed_s},
                                {"world_size", world_size}};
  util::write_file_atomically(tmp / "state.json", state.dump(2) + "\n");  // written last: marks it complete
  util::fsync_path(tmp);
  std::error_code ec;
  fs::remove_all(final_dir, ec);
  fs::rename(tmp, final_dir);
  util::fsync_path(dir);
  // Keep the newest `keep` checkpoints.
  std::vector<std::pair<int64_t, fs::path>> all;
  for (const auto& entry : fs::directory_iterator(dir))
    if (const int64_t s = checkpoint_step(entry.path()); s >= 0) all.emplace_back(s, entry.path());
  std::sort(all.begin(), all.end());
  for (std::size_t i = 0; keep > 0 && i + static_cast<std::size_t>(keep) < all.size(); ++i) fs::remove_all(all[i].second, ec);
}

Position load_checkpoint(const std::filesystem::path& checkpoint, Trainable& trainable, torch::optim::Optimizer& optimizer,
                         int world_size) {
  const nlohmann::json state = nlohmann::json::parse(util::read_file(checkpoint / "state.json"));
  // The global batch, and with it the schedule and the data each step takes,
  // depends on the number of processes: continuing with another number
  // would silently train something else than the run that was started.
  if (const int saved = state.value("world_size", 1); saved != world_size)
    throw std::runtime_error(checkpoint.string() + " was written by a run on " + std::to_string(saved) + " process" +
                             (saved == 1 ? "" : "es") + "; resume it with the same number (--nproc " +
                             std::to_string(saved) + ", or WORLD_SIZE=" + std::to_string(saved) +
                             "): the global batch and the schedule depend on it");
  {
    const model::SafetensorsFile saved(checkpoint / "trainable.safetensors");
    torch::NoGradGuard no_grad;
    for (auto& [name, t] : trainable.parameters) {
      const model::TensorView* view = saved.find(name);
      if (!view || view->shape != t.sizes().vec())
        throw UserError("training.checkpoint_mismatch", {checkpoint.string(), name});
      t.copy_(engine::float_tensor(*view));
    }
  }
  torch::load(optimizer, (checkpoint / "optimizer.pt").string());
  at::Tensor rng;
  torch::load(rng, (checkpoint / "rng.pt").string());
  {
    at::Generator gen = at::detail::getDefaultCPUGenerator();
    std::lock_guard<std::mutex> lock(gen.mutex());
    gen.set_state(rng);
  }
  Position pos;
  pos.step = state.at("step").get<int64_t>();
  pos.epoch = state.at("epoch").get<std::size_t>();
  pos.next_batch = state.at("next_batch").get<std::size_t>();
  pos.tokens_seen = state.value("tokens_seen", int64_t{0});
  pos.elapsed_s = state.value("elapsed_s", 0.0);
  return pos;
}

// AdamW with two groups: weight decay on matrices and embeddings, none on
// norms and biases (as Hugging Face's Trainer and LLaMA-Factory do).
torch::optim::AdamW make_optimizer(const Trainable& trainable, const TrainConfig& c) {
  std::vector<at::Tensor> decay, no_decay;
  for (const auto& [name, t] : trainable.parameters) {
    const bool exempt = name.find("norm") != std::string::npos || name.ends_with("bias") || t.dim() < 2;
    (exempt ? no_decay : decay).push_back(t);
  }
  const auto options = [&](double wd) {
    return std::make_unique<torch::optim::AdamWOptions>(
        torch::optim::AdamWOptions(c.learning_rate).betas({c.adam_beta1, c.adam_beta2}).eps(c.adam_epsilon).weight_decay(wd));
  };
  std::vector<torch::optim::OptimizerParamGroup> groups;
  groups.emplace_back(decay, options(c.weight_decay));
  if (!no_decay.empty()) groups.emplace_back(no_decay, options(0.0));
  return torch::optim::AdamW(groups, torch::optim::AdamWOptions(c.learning_rate));
}

}  // namespace

int32_t pad_token_id(const tok::Tokenizer& tokenizer, const model::ModelConfig& config) {
  if (auto id = tokenizer.token_to_id("<|endoftext|>")) return *id;
  return config.eos_token_ids.empty() ? 0 : static_cast<int32_t>(config.eos_token_ids.front());
}

double learning_rate_at(const TrainConfig& c, int64_t step, int64_t total) {
  const int64_t warmup = c.warmup_steps > 0 ? c.warmup_steps : static_cast<int64_t>(std::ceil(c.warmup_ratio * total));
  if (step < warmup) return c.learning_rate * static_cast<double>(step + 1) / static_cast<double>(warmup);
  const double progress = total > warmup ? static_cast<double>(step - warmup) / static_cast<double>(total - warmup) : 1.0;
  switch (c.schedule) {
    case Schedule::constant: return c.learning_rate;
    case Schedule::linear: return c.learning_rate * (1.0 - progress);
    case Schedule::cosine: return c.learning_rate * 0.5 * (1.0 + std::cos(M_PI * progress));
  }
  return c.learning_rate;
}

double evaluate(const engine::CausalLM& model, const std::vector<TokenizedExample>& examples, int64_t batch_size,
                int32_t pad_id, distributed::ProcessGroup* group) {
  torch::NoGradGuard no_grad;
  const std::size_t stride = group ? static_cast<std::size_t>(group->size()) : 1;
  const std::size_t first = group ? static_cast<std::size_t>(group->rank()) : 0;
  double total = 0;
  double tokens = 0;
  std::vector<std::size_t> indices;
  for (std::size_t i = first; i < examples.size(); i += stride) {
    indices.push_back(i);
    if (static_cast<int64_t>(indices.size()) == batch_size || i + stride >= examples.size()) {
      const Batch b = collate(examples, indices, pad_id, model.target().device);
      total += summed_loss(model, b).item<double>();
      tokens += static_cast<double>(b.tokens);
      indices.clear();
    }
  }
  if (group) {
    const std::vector<double> sums = group->all_reduce_sum({total, tokens});
    total = sums[0];
    tokens = sums[1];
  }
  return tokens > 0 ? total / tokens : 0.0;
}

int64_t Trainable::parameter_count() const {
  int64_t n = 0;
  for (const auto& [_, t] : parameters) n += t.numel();
  return n;
}

TrainResult train(engine::CausalLM& model, Trainable& trainable, const SftData& train,
                  const std::vector<TokenizedExample>& val, const TrainConfig& config, int32_t pad_id,
                  const TrainCallbacks& callbacks, distributed::ProcessGroup* group) {
  // ---- setup ------------------------------------------------------------------
  const engine::CachedCpuMemoryReleaser release_when_done;  // after the last local tensor is freed
  TrainResult result;
  if (train.examples.empty()) throw std::invalid_argument("no training examples");
  if (trainable.parameters.empty()) throw std::invalid_argument("nothing to train");
  torch::manual_seed(config.seed);
  const int world_size = group ? group->size() : 1;
  const int rank = group ? group->rank() : 0;
  const bool main_process = rank == 0;
  const int64_t micro_per_step = config.grad_accumulation * world_size;  // over all processes
  const int64_t micro_per_epoch = (static_cast<int64_t>(train.examples.size()) + config.batch_size - 1) / config.batch_size;
  const int64_t steps_per_epoch = std::max<int64_t>(1, micro_per_epoch / micro_per_step);
  const int64_t total_steps = config.max_steps > 0 ? config.max_steps
                                                   : std::max<int64_t>(1, static_cast<int64_t>(std::ceil(config.epochs * steps_per_epoch)));
  std::vector<at::Tensor> parameters;
  for (const auto& [_, t] : trainable.parameters) parameters.push_back(t);
  torch::optim::AdamW optimizer = make_optimizer(trainable, config);
  const auto set_training = [&](bool on) {
    if (trainable.set_training) trainable.set_training(on);
  };
  const int64_t eval_batch = config.eval_batch_size > 0 ? config.eval_batch_size : config.batch_size;

  Position pos;
  if (config.resume) {
    const std::filesystem::path checkpoint =
        config.resume_from.empty() ? latest_checkpoint(config.checkpoint_dir) : config.resume_from;
    if (checkpoint.empty()) throw UserError("training.no_checkpoint", {config.checkpoint_dir.string()});
    pos = load_checkpoint(checkpoint, trainable, optimizer, world_size);
    // Half-written checkpoints of a run that was killed: never complete, never to be used.
    std::error_code ec;
    if (main_process)
      for (const auto& entry : std::filesystem::directory_iterator(config.checkpoint_dir, ec))
        if (entry.path().filename().string().find(".tmp-") != std::string::npos) std::filesystem::remove_all(entry.path(), ec);
    result.resumed_from = pos.step;
  }
  // Every process starts from process 0's weights (random initialisations
  // agree by seed already; this makes it a guarantee).
  if (group) group->broadcast(parameters, 0);
  // Gradients summed as backward produces them; not with recomputed layers
  // (a tensor's gradient may then arrive in parts) or fp32 masters (outside the graph).
  std::optional<distributed::GradientSync> gradient_sync;
  if (group)
    gradient_sync.emplace(parameters, *group, !config.gradient_checkpointing && !trainable.gradients_to_masters);
  std::optional<OptimizerSharding> sharding;
  if (group && config.shard_optimizer_state) {
    sharding.emplace(parameters, *group);
    sharding->drop_foreign_state(optimizer);
  }
  // Collective with sharding (the state is gathered on process 0 to be saved).
  const auto checkpoint = [&] {
    if (sharding) sharding->gather_state_on_main(optimizer);
    if (main_process) save_checkpoint(config.checkpoint_dir, pos, trainable, optimizer, config.save_total_limit, world_size);
    if (sharding) sharding->drop_foreign_state(optimizer);
  };
  if (trainable.masters_to_weights && (config.resume || group)) trainable.masters_to_weights();
  set_training(true);
  model.set_gradient_checkpointing(config.gradient_checkpointing);

  // The stream of micro-batches: epoch after epoch, each shuffled from the seed.
  const auto batch_size = static_cast<std::size_t>(config.batch_size);
  std::vector<std::vector<std::size_t>> batches = make_batches(train.examples, batch_size, config.seed, pos.epoch);
  const auto next_micro_batch = [&]() -> const std::vector<std::size_t>& {
    if (pos.next_batch == batches.size()) {
      batches = make_batches(train.examples, batch_size, config.seed, ++pos.epoch);
      pos.next_batch = 0;
    }
    return batches[pos.next_batch++];
  };

  // ---- loop -----------------------------------------------------------------------
  const auto start = Clock::now() - std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(pos.elapsed_s));
  int64_t& tokens_seen = pos.tokens_seen;
  // Processes agree to stop: each says at the end of a step whether it was
  // asked to, and all stop before the next one if any was.
  bool stop = false;
  for (int64_t step = pos.step; step < total_steps; ++step) {
    if (stop || (!group && callbacks.cancel && callbacks.cancel->load())) {
      result.cancelled = true;
      // A checkpoint on stop, so that resume loses nothing.
      if (config.save_steps > 0 && pos.step > 0 && pos.step % config.save_steps != 0) checkpoint();
      break;
    }
    // Gather the step's micro-batches first: the loss is normalised by the
    // trained tokens of the whole step (over all processes), so every token weighs the same.
    std::vector<Batch> micro;
    int64_t step_tokens = 0;
    for (int64_t k = 0; k < micro_per_step; ++k) {
      const std::vector<std::size_t>& indices = next_micro_batch();
      if (k % world_size == rank) {
        micro.push_back(collate(train.examples, indices, pad_id, model.target().device));
        step_tokens += micro.back().tokens;
      } else {
        for (std::size_t i : indices) step_tokens += static_cast<int64_t>(trained_token_count(train.examples[i]));
      }
    }
    // Gradients are dropped rather than zeroed (PyTorch 2's default): the
    // first backward then hands its gradient over instead of adding it to zeros.
    for (auto& param_group : optimizer.param_groups())
      for (auto& p : param_group.params()) p.mutable_grad().reset();
    double step_loss = 0;
    std::size_t last_backward = micro.size();
    for (std::size_t k = 0; k < micro.size(); ++k)
      if (micro[k].tokens > 0) last_backward = k;
    for (std::size_t k = 0; k < micro.size(); ++k) {
      const Batch& b = micro[k];
      if (b.tokens == 0) continue;
      if (gradient_sync && k == last_backward) gradient_sync->arm();
      const at::Tensor loss = summed_loss(model, b) / static_cast<double>(std::max<int64_t>(1, step_tokens));
      loss.backward();
      step_loss += loss.item<double>();
    }
    if (trainable.gradients_to_masters) trainable.gradients_to_masters();
    if (group) {
      gradient_sync->finish();
      const bool asked = callbacks.cancel && callbacks.cancel->load();
      const std::vector<double> agreed = group->all_reduce_sum({step_loss, asked ? 1.0 : 0.0});
      step_loss = agreed[0];
      stop = agreed[1] > 0;
    }
    // The norm over all gradients (an infinite limit only measures it); the
    // clipping itself happens inside the optimizer step, as torch's
    // clip_grad_norm_ would scale: by limit / (norm + 1e-6) when below 1.
    const double grad_norm = torch::nn::utils::clip_grad_norm_(parameters, std::numeric_limits<double>::infinity());
    const double clip = config.max_grad_norm > 0 ? config.max_grad_norm / (grad_norm + 1e-6) : 1.0;
    const double lr = learning_rate_at(config, step, total_steps);
    for (auto& param_group : optimizer.param_groups())
      static_cast<torch::optim::AdamWOptions&>(param_group.options()).lr(lr);
    if (sharding) sharding->drop_foreign_gradients();
    adamw_step(optimizer, clip < 1.0 ? clip : 1.0);
    if (sharding) sharding->share_updated_parameters();
    if (trainable.masters_to_weights) trainable.masters_to_weights();
    tokens_seen += step_tokens;
    pos.step = step + 1;
    pos.elapsed_s = std::chrono::duration<double>(Clock::now() - start).count();
    if (config.save_steps > 0 && (pos.step % config.save_steps == 0 || pos.step == total_steps)) checkpoint();

    // ---- log and evaluate --------------------------------------------------------
    const bool last = step + 1 == total_steps;
    const bool log = config.logging_steps > 0 && ((step + 1) % config.logging_steps == 0 || last);
    const bool eval = !val.empty() && ((config.eval_steps > 0 && (step + 1) % config.eval_steps == 0) || last);
    if (!log && !eval) continue;
    StepMetrics m;
    m.step = step + 1;
    m.total_steps = total_steps;
    m.epoch = static_cast<double>(step + 1) / static_cast<double>(steps_per_epoch);
    m.loss = step_loss;
    m.learning_rate = lr;
    m.grad_norm = grad_norm;
    if (eval) {
      set_training(false);
      m.eval_loss = evaluate(model, val, eval_batch, pad_id, group);
      if (main_process && config.predict_with_generate && callbacks.predict) m.eval_metrics = callbacks.predict();
      set_training(true);
      if (last) result.final_eval_loss = m.eval_loss;
    }
    m.elapsed_s = std::chrono::duration<double>(Clock::now() - start).count();
    m.tokens_per_s = m.elapsed_s > 0 ? static_cast<double>(tokens_seen) / m.elapsed_s : 0;
    const auto done_here = static_cast<double>(step + 1 - result.resumed_from);
    m.eta_s = m.elapsed_s / std::max(1.0, done_here) * static_cast<double>(total_steps - step - 1);
    result.history.push_back(m);
    if (callbacks.on_step) callbacks.on_step(m);
  }
  set_training(false);
  model.set_gradient_checkpointing(false);
  result.steps = pos.step;
  if (gradient_sync) {
    result.buckets_sent = gradient_sync->buckets_sent();
    result.buckets_overlapped = gradient_sync->buckets_overlapped();
  }
  return result;
}

}  // namespace tunedesk::training
