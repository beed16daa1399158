#include "engine/causal_lm.h"

#include <torch/torch.h>

#include <set>

#include "engine/lora.h"
#include "engine/prefix_tuning.h"
#include "engine/tensor_io.h"
#include "engine/weight_arena.h"
#include "model/safetensors.h"

namespace tunedesk::engine {
namespace {

namespace F = torch::nn::functional;

// Collects the expected weights, converting each to the compute target, and
// every problem, so that one error names them all.
class WeightLoader {
 public:
  WeightLoader(std::shared_ptr<model::WeightFiles> files, const ComputeTarget& target)
      : files_(std::move(files)), target_(target) {}

  at::Tensor take(const std::string& name, std::vector<int64_t> shape) {
    seen_.insert(name);
    const model::TensorView* view = files_->find(name);
    if (!view) {
      missing_.push_back(name);
      return {};
    }
    if (view->shape != shape) {
      misshaped_.push_back(name + " is " + shape_text(view->shape) + ", expected " + shape_text(shape));
      return {};
    }
    const c10::ScalarType source = torch_dtype(view->dtype);
    void* data = const_cast<char*>(view->bytes.data());
    const bool aligned = reinterpret_cast<uintptr_t>(data) % c10::elementSize(source) == 0;
    // The mapping is read-only: a tensor used in place must never be written
    // (training clones what it trains). The deleter keeps the mapping alive.
    auto files = files_;
    at::Tensor mapped = aligned ? torch::from_blob(data, view->shape, [files](void*) {}, torch::TensorOptions().dtype(source))
                                : torch::from_blob(data, view->shape, torch::TensorOptions().dtype(source)).clone();
    if (!aligned || source != target_.dtype || !target_.device.is_cpu()) return mapped.to(target_.device, target_.dtype);
    return mapped;
  }

  LoadReport finish(const std::string& dir) {
    if (!missing_.empty() || !misshaped_.empty()) {
      throw ModelLoadError("model.weights_mismatch", {dir, missing_.empty() ? "—" : list(missing_),
                                                      misshaped_.empty() ? "—" : list(misshaped_)});
    }
    LoadReport report;
    for (const std::string& name : files_->names())
      if (!seen_.count(name)) report.unexpected.push_back(name);
    return report;
  }

 private:
  static std::string shape_text(const std::vector<int64_t>& s) {
    std::string out = "[";
    for (std::size_t i = 0; i < s.size(); ++i) out += (i ? ", " : "") + std::to_string(s[i]);
    return out + "]";
  }
  static std::string list(const std::vector<std::string>& names) {
    std::string out;
    for (std::size_t i = 0; i < names.size() && i < 12; ++i) out += (i ? ", " : "") + names[i];
    if (names.size() > 12) out += ", and " + std::to_string(names.size() - 12) + " more";
    return out;
  }

  std::shared_ptr<model::WeightFiles> files_;
  ComputeTarget target_;
  std::set<std::string> seen_;
  std::vector<std::string> missing_, misshaped_;
};

}  // namespace

at::Tensor& layer_tensor(LayerWeights& w, model::TensorRole role) {
  using model::TensorRole;
  switch (role) {
    case TensorRole::input_norm: return w.input_norm;
    case TensorRole::q_proj: return w.q_proj;
    case TensorRole::k_proj: return w.k_proj;
    case TensorRole::v_proj: return w.v_proj;
    case TensorRole::q_bias: return w.q_bias;
    case TensorRole::k_bias: return w.k_bias;
    case TensorRole::v_bias: return w.v_bias;
    case TensorRole::qkv_proj: return w.qkv_proj;
    case TensorRole::qkv_bias: return w.qkv_bias;
    case TensorRole::q_norm: return w.q_norm;
    case TensorRole::k_norm: return w.k_norm;
    case TensorRole::o_proj: return w.o_proj;
    case TensorRole::o_bias: return w.o_bias;
    case TensorRole::post_self_attn_norm: return w.post_self_attn_norm;
    case TensorRole::post_attention_norm: return w.post_attention_norm;
    case TensorRole::gate_proj: return w.gate_proj;
    case TensorRole::up_proj: return w.up_proj;
    case TensorRole::gate_up_proj: return w.gate_up_proj;
    case TensorRole::down_proj: return w.down_proj;
    case TensorRole::post_mlp_norm: return w.post_mlp_norm;
    case TensorRole::embed_tokens:
    case TensorRole::final_norm:
    case TensorRole::lm_head: break;
  }
  throw std::logic_error("not a tensor of a decoder layer");
}

CausalLM::CausalLM(CausalLM&&) noexcept = default;
CausalLM& CausalLM::operator=(CausalLM&&) noexcept = default;
CausalLM::~CausalLM() = default;

namespace {

// Every weight of a family under its checkpoint name (model/checkpoint_layout.h),
// with its shape and where it lives in ModelWeights: loading, saving and full
// fine-tuning all walk this one table. A tied lm_head is not listed (it is embed_tokens).
std::vector<NamedWeight> weight_table(const model::ModelConfig& c, ModelWeights& weights) {
  weights.layers.resize(static_cast<std::size_t>(c.num_layers));
  std::vector<NamedWeight> table;
  for (model::LayoutTensor& t : model::checkpoint_layout(c)) {
    at::Tensor* slot = nullptr;
    switch (t.role) {
      case model::TensorRole::embed_tokens: slot = &weights.embed_tokens; break;
      case model::TensorRole::final_norm: slot = &weights.final_norm; break;
      case model::TensorRole::lm_head: slot = &weights.lm_head; break;
      default: slot = &layer_tensor(weights.layers[static_cast<std::size_t>(t.layer)], t.role);
    }
    table.push_back({std::move(t.name), std::move(t.shape), slot});
  }
  return table;
}

}  // namespace

CausalLM CausalLM::load(const std::filesystem::path& dir, const ComputeTarget& target) {
  CausalLM m;
  m.config_ = model::load_model_config(dir);
  m.target_ = target;
  m.files_ = std::make_shared<model::WeightFiles>(dir);
  WeightLoader load(m.files_, target);
  for (const NamedWeight& w : weight_table(m.config_, m.weights_)) *w.tensor = load.take(w.name, w.shape);
  if (m.config_.tie_word_embeddings) m.weights_.lm_head = m.weights_.embed_tokens;
  m.report_ = load.finish(dir.string());
  m.release_copied_mappings();  // weights converted to another dtype or moved to the GPU
  const model::ModelConfig& c = m.config_;
  m.rope_ = RopeTable::make(c, 0, c.max_position, target.device);
  return m;
}

std::vector<NamedWeight> CausalLM::named_weights() {
  if (packed_) throw std::logic_error("a model packed for decoding has no fp32 weights to name");
  return weight_table(config_, weights_);
}

void CausalLM::pack_for_decoding(WeightFormat format) {
  if (packed_) throw std::logic_error("the model is already packed for decoding");
  if (!target_.device.is_cpu() || target_.dtype != c10::kFloat)
    throw std::logic_error("packing for decoding is for the CPU in fp32, not " + target_.describe());
  torch::NoGradGuard no_grad;
  auto packed = std::make_shared<PackedModelWeights>();
  packed->format = format;
  // What becomes each packed matrix: its parts' rows, one after another
  // (q|k|v and gate|up fused); a layer's qkv, o, gate_up, down, then the head.
  using Parts = std::vector<at::Tensor>;
  const auto either = [](const at::Tensor& fused, Parts parts) { return fused.defined() ? Parts{fused} : parts; };
  std::vector<Parts> sources;
  for (const LayerWeights& w : weights_.layers) {
    sources.push_back(either(w.qkv_proj, {w.q_proj, w.k_proj, w.v_proj}));
    sources.push_back({w.o_proj});
    sources.push_back(either(w.gate_up_proj, {w.gate_proj, w.up_proj}));
    sources.push_back({w.down_proj});
  }
  sources.push_back({weights_.lm_head});
  const auto format_for = [&](int64_t cols) { return PackedMatrix::holds(format, cols) ? format : WeightFormat::bf16; };
  const auto rows_in = [](const Parts& parts) {
    int64_t rows = 0;
    for (const at::Tensor& p : parts) rows += p.size(0);
    return rows;
  };
  int64_t arena_bytes = 0;
  for (const Parts& parts : sources) {
    const int64_t cols = parts.front().size(1);
    arena_bytes += PackedMatrix::arena_bytes(rows_in(parts), cols, format_for(cols));
  }
  // All of it in one block on huge pages (weight_arena.h), fp32 copied there too.
  WeightArena arena(arena_bytes);
  packed->huge_pages = arena.huge_pages();
  std::size_t next = 0;
  const auto pack_next = [&] {
    Parts parts = std::move(sources.at(next++));
    const at::Tensor w = parts.size() == 1 ? parts.front() : torch::cat(parts, 0);
    PackedMatrix m = PackedMatrix::pack(w, format_for(w.size(1)), kernel_level(), &arena);
    packed->bytes += m.bytes();
    return m;
  };
  for (LayerWeights& w : weights_.layers) {
    PackedLayerWeights p;
    p.qkv = pack_next();
    if (w.qkv_bias.defined()) p.qkv_bias = w.qkv_bias;
    else if (w.q_bias.defined()) p.qkv_bias = torch::cat({w.q_bias, w.k_bias, w.v_bias}, 0);
    p.o = pack_next();
    p.gate_up = pack_next();
    p.down = pack_next();
    packed->layers.push_back(std::move(p));
    // Released: what the packed form replaces (norms and biases stay).
    for (at::Tensor* t : {&w.q_proj, &w.k_proj, &w.v_proj, &w.qkv_proj, &w.o_proj, &w.gate_proj, &w.up_proj,
                          &w.gate_up_proj, &w.down_proj})
      *t = at::Tensor();
  }
  packed->lm_head = pack_next();
  weights_.lm_head = at::Tensor();  // a tied head stays as the embedding
  std::vector<PackedMatrix*> matrices;
  for (PackedLayerWeights& p : packed->layers)
    for (PackedMatrix* m : {&p.qkv, &p.o, &p.gate_up, &p.down}) matrices.push_back(m);
  matrices.push_back(&packed->lm_head);
  packed->prefetch = choose_prefetch(matrices);
  // The checkpoint's pages of what was packed are given back, so that a chat
  // holds the packed form only.
  packed->dropped_bytes = static_cast<int64_t>(release_copied_mappings());
  fused_for_training_ = false;
  packed_ = std::move(packed);
}

std::size_t CausalLM::release_copied_mappings() {
  // The address ranges weights read now (a fused weight's parts are views of its storage).
  std::vector<std::pair<uintptr_t, uintptr_t>> in_use;
  const auto note = [&](const at::Tensor& t) {
    if (!t.defined() || !t.has_storage()) return;
    const auto begin = reinterpret_cast<uintptr_t>(t.storage().data());
    in_use.emplace_back(begin, begin + t.storage().nbytes());
  };
  for (const NamedWeight& w : weight_table(config_, weights_)) note(*w.tensor);
  note(weights_.lm_head);
  for (const LayerWeights& w : weights_.layers)
    for (const at::Tensor* t : {&w.qkv_proj, &w.qkv_bias, &w.gate_up_proj}) note(*t);
  std::size_t released = 0;
  for (const std::string& name : files_->names()) {
    if (released_mappings_.count(name)) continue;
    const model::TensorView* view = files_->find(name);
    const auto begin = reinterpret_cast<uintptr_t>(view->bytes.data()), end = begin + view->bytes.size();
    const bool read = std::any_of(in_use.begin(), in_use.end(), [&](const auto& r) { return r.first < end && begin < r.second; });
    if (read) continue;
    released += files_->drop_resident(name);
    released_mappings_.insert(name);
  }
  return released;
}

KVCache CausalLM::make_cache(int64_t batch, int64_t capacity) const {
  KVCache cache;
  const auto options = torch::TensorOptions().dtype(target_.dtype).device(target_.device);
  const int64_t virtual_tokens = prefix_ ? prefix_->num_virtual_tokens() : 0;
  PrefixKeyValues prefix;
  if (prefix_) {
    torch::NoGradGuard no_grad;
    prefix = prefix_->key_values();
  }
  for (int64_t l = 0; l < config_.num_layers; ++l) {
    cache.keys.push_back(torch::zeros({batch, config_.num_kv_heads, virtual_tokens + capacity, config_.head_dim}, options));
    cache.values.push_back(torch::zeros({batch, config_.num_kv_heads, virtual_tokens + capacity, config_.head_dim}, options));
    if (prefix_) {
      const auto& [k, v] = prefix[static_cast<std::size_t>(l)];
      cache.keys.back().narrow(2, 0, virtual_tokens).copy_(k.expand({batch, -1, -1, -1}));
      cache.values.back().narrow(2, 0, virtual_tokens).copy_(v.expand({batch, -1, -1, -1}));
    }
  }
  cache.length = virtual_tokens;
  return cache;
}

void CausalLM::set_adapter(const LoraAdapter* adapter) {
  adapter_ = adapter;
  adapter_step_rank_ = 0;
  if (!adapter) return;
  int64_t rank = 1;
  for (std::size_t l = 0; l < weights_.layers.size(); ++l)
    for (Projection p : projections_of(config_.arch))
      if (const LoraPair* pair = adapter->find(l, p)) {
        if (!pair->a.is_contiguous() || !pair->b.is_contiguous() || pair->a.scalar_type() != at::kFloat ||
            pair->b.scalar_type() != at::kFloat)
          return;
        rank = std::max(rank, pair->a.size(0));
      }
  adapter_step_rank_ = rank;
}

at::Tensor CausalLM::project(std::size_t layer, Projection p, const at::Tensor& x, const at::Tensor& w,
                             const at::Tensor& b) const {
  at::Tensor y = apply_linear(x, w, b);
  add_deltas(layer, {p}, x, {&y});
  return y;
}

at::Tensor CausalLM::project(std::size_t layer, Projection p, const at::Tensor& x, const PackedMatrix& w,
                             const at::Tensor& b) const {
  at::Tensor y = w.apply(x, b);
  add_deltas(layer, {p}, x, {&y});
  return y;
}

void CausalLM::add_deltas(std::size_t layer, std::initializer_list<Projection> projections, const at::Tensor& x,
                          std::initializer_list<at::Tensor*> outputs) const {
  if (!adapter_) return;
  const std::vector<at::Tensor> deltas = adapter_->deltas(layer, projections, x);
  auto out = outputs.begin();
  for (const at::Tensor& delta : deltas) {
    if (delta.defined()) **out = **out + delta;
    ++out;
  }
}

void CausalLM::fuse_frozen_projections() {
  if (packed_) throw std::logic_error("a model packed for decoding cannot be trained");
  if (fused_for_training_) return;
  torch::NoGradGuard no_grad;
  // Concatenates rows and points each part at its rows of the result; the
  // parts' old storage is freed (or, when mapped, no longer referenced).
  const auto fuse = [](std::initializer_list<at::Tensor*> parts) {
    std::vector<at::Tensor> rows;
    for (at::Tensor* p : parts) rows.push_back(*p);
    const at::Tensor fused = torch::cat(rows, 0);
    int64_t start = 0;
    for (at::Tensor* p : parts) {
      const int64_t n = p->size(0);
      *p = fused.narrow(0, start, n);
      start += n;
    }
    return fused;
  };
  for (LayerWeights& w : weights_.layers) {
    if (!w.qkv_proj.defined()) {
      w.qkv_proj = fuse({&w.q_proj, &w.k_proj, &w.v_proj});
      if (w.q_bias.defined()) w.qkv_bias = fuse({&w.q_bias, &w.k_bias, &w.v_bias});
    }
    if (!w.gate_up_proj.defined()) w.gate_up_proj = fuse({&w.gate_proj, &w.up_proj});
  }
  fused_for_training_ = true;
}

void CausalLM::split_fused_projections() {
  if (!fused_for_training_) return;
  for (LayerWeights& w : weights_.layers) {
    // Only what fuse_frozen_projections() made: a checkpoint's own fused
    // weights have no separate parts.
    if (w.q_proj.defined()) w.qkv_proj = w.qkv_bias = at::Tensor();
    if (w.gate_proj.defined()) w.gate_up_proj = at::Tensor();
  }
  fused_for_training_ = false;
}

// One decoder layer: pre-norm attention and pre-norm SwiGLU MLP, each added
// back to the residual stream. x: [B, T, C]
at::Tensor CausalLM::decoder_layer(const LayerWeights& w, const at::Tensor& x, const RopeTable& rope,
                                   const at::Tensor& positions, KVCache* cache, std::size_t layer,
                                   const at::Tensor& key_padding, const std::pair<at::Tensor, at::Tensor>* prefix) const {
  const model::ModelConfig& c = config_;
  const int64_t B = x.size(0), T = x.size(1), D = c.head_dim;

  const PackedLayerWeights* packed = packed_ ? &packed_->layers[layer] : nullptr;
  const at::Tensor h = rms_norm(x, w.input_norm, c.rms_norm_eps);
  at::Tensor q, k, v;
  if (packed || w.qkv_proj.defined()) {  // one product, rows q | k | v: ChatGLM's weight, or fused for training
    const at::Tensor qkv = packed ? project(layer, Projection::qkv, h, packed->qkv, packed->qkv_bias)
                                  : project(layer, Projection::qkv, h, w.qkv_proj, w.qkv_bias);
    const std::vector<at::Tensor> parts = split_last_axis(qkv, {c.num_heads * D, c.num_kv_heads * D, c.num_kv_heads * D});
    q = parts[0], k = parts[1], v = parts[2];
  } else {
    q = apply_linear(h, w.q_proj, w.q_bias);
    k = apply_linear(h, w.k_proj, w.k_bias);
    v = apply_linear(h, w.v_proj, w.v_bias);
  }
  add_deltas(layer, {Projection::q, Projection::k, Projection::v}, h, {&q, &k, &v});
  q = q.reshape({B, T, c.num_heads, D});
  k = k.reshape({B, T, c.num_kv_heads, D});
  if (c.qk_norm) {  // Qwen3: each head of q and k normalised before RoPE, as contiguous rows (the CPU kernel's)
    q = rms_norm(q.contiguous(), w.q_norm, c.rms_norm_eps);
    k = rms_norm(k.contiguous(), w.k_norm, c.rms_norm_eps);
  }
  q = q.transpose(1, 2);                                      // [B, H, T, D]
  k = k.transpose(1, 2);                                      // [B, KV, T, D]
  v = v.reshape({B, T, c.num_kv_heads, D}).transpose(1, 2);
  q = apply_rotary(q, rope, positions, c.rope_interleaved);
  k = apply_rotary(k, rope, positions, c.rope_interleaved);

  if (cache) {
    const int64_t start = cache->length;
    cache->keys[layer].narrow(2, start, T).copy_(k);
    cache->values[layer].narrow(2, start, T).copy_(v);
    k = cache->keys[layer].narrow(2, 0, start + T);
    v = cache->values[layer].narrow(2, 0, start + T);
  } else if (prefix) {  // P-Tuning v2 without a cache: the prefix's keys and values come first
    k = torch::cat({prefix->first.expand({B, -1, -1, -1}), k}, 2);
    v = torch::cat({prefix->second.expand({B, -1, -1, -1}), v}, 2);
  }
  const at::Tensor heads =
      causal_attention(q, k, v, key_padding, c.window(layer)).transpose(1, 2).reshape({B, T, c.num_heads * D});
  at::Tensor attended = packed ? project(layer, Projection::o, heads, packed->o, w.o_bias)
                               : project(layer, Projection::o, heads, w.o_proj, w.o_bias);
  if (w.post_self_attn_norm.defined()) attended = rms_norm(attended, w.post_self_attn_norm, c.rms_norm_eps);  // Glm4
  const at::Tensor after_attention = x + attended;

  const at::Tensor m = rms_norm(after_attention, w.post_attention_norm, c.rms_norm_eps);
  at::Tensor activated;
  const bool adapted = adapter_ && (adapter_->find(layer, Projection::gate) || adapter_->find(layer, Projection::up));
  if (packed || w.gate_up_proj.defined()) {  // one product, gate rows first: GLM's weight, fused for training, or packed
    const at::Tensor both = packed ? project(layer, Projection::gate_up, m, packed->gate_up)
                                   : project(layer, Projection::gate_up, m, w.gate_up_proj);
    if (!adapted) {
      activated = swiglu_halves(both);
    } else {
      const std::vector<at::Tensor> halves = split_last_axis(both, {c.intermediate_size, c.intermediate_size});
      at::Tensor gate = halves[0], up = halves[1];
      add_deltas(layer, {Projection::gate, Projection::up}, m, {&gate, &up});
      activated = swiglu(gate, up);
    }
  } else {
    at::Tensor gate = apply_linear(m, w.gate_proj), up = apply_linear(m, w.up_proj);
    add_deltas(layer, {Projection::gate, Projection::up}, m, {&gate, &up});
    activated = swiglu(gate, up);
  }
  at::Tensor mlp = packed ? project(layer, Projection::down, activated, packed->down)
                          : project(layer, Projection::down, activated, w.down_proj);
  if (w.post_mlp_norm.defined()) mlp = rms_norm(mlp, w.post_mlp_norm, c.rms_norm_eps);  // Glm4
  return after_attention + mlp;
}

// What a checkpointed layer needs besides its tensor inputs. Passed by
// pointer: libtorch's Function::apply treats every tensor argument as an
// autograd input, and undefined ones are not allowed there.
struct LayerCall {
  const CausalLM* model;
  std::size_t layer;
  RopeTable rope;
  at::Tensor positions, key_padding;
};

// One decoder layer whose activations are not kept for backward: forward
// runs without autograd, backward recomputes the layer from its saved input
// (with the random state dropout saw the first time) and back-propagates
// through the recomputation. Gradients reach the trained tensors (leaves)
// directly; the layer's input and the prefix get theirs returned. An empty
// prefix tensor means no prefix.
struct CheckpointedLayer : public torch::autograd::Function<CheckpointedLayer> {
  static at::Tensor forward(torch::autograd::AutogradContext* ctx, const at::Tensor& x, const at::Tensor& prefix_k,
                            const at::Tensor& prefix_v, const LayerCall* call) {
    at::Generator gen = at::globalContext().defaultGenerator(x.device());
    {
      std::lock_guard<std::mutex> lock(gen.mutex());
      ctx->saved_data["rng"] = gen.get_state();
    }
    ctx->saved_data["model"] = static_cast<int64_t>(reinterpret_cast<intptr_t>(call->model));
    ctx->saved_data["layer"] = static_cast<int64_t>(call->layer);
    ctx->saved_data["positions"] = call->positions;
    ctx->saved_data["rope_cos"] = call->rope.cos;
    ctx->saved_data["rope_sin"] = call->rope.sin;
    ctx->saved_data["rope_first"] = call->rope.first;
    if (call->key_padding.defined()) ctx->saved_data["key_padding"] = call->key_padding;
    ctx->save_for_backward({x, prefix_k, prefix_v});
    return run(*call, x, prefix_k, prefix_v);
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grad_outputs) {
    LayerCall call;
    call.model = reinterpret_cast<const CausalLM*>(static_cast<intptr_t>(ctx->saved_data["model"].toInt()));
    call.layer = static_cast<std::size_t>(ctx->saved_data["layer"].toInt());
    call.positions = ctx->saved_data["positions"].toTensor();
    call.rope = RopeTable{ctx->saved_data["rope_cos"].toTensor(), ctx->saved_data["rope_sin"].toTensor(),
                          ctx->saved_data["rope_first"].toInt()};
    if (ctx->saved_data.count("key_padding")) call.key_padding = ctx->saved_data["key_padding"].toTensor();
    const torch::autograd::variable_list saved = ctx->get_saved_variables();
    const auto leaf = [](const at::Tensor& t, bool wanted) { return t.detach().requires_grad_(wanted); };
    const at::Tensor x = leaf(saved[0], ctx->needs_input_grad(0));
    const at::Tensor pk = leaf(saved[1], ctx->needs_input_grad(1));
    const at::Tensor pv = leaf(saved[2], ctx->needs_input_grad(2));
    at::Generator gen = at::globalContext().defaultGenerator(x.device());
    at::Tensor now;
    {
      std::lock_guard<std::mutex> lock(gen.mutex());
      now = gen.get_state();
      gen.set_state(ctx->saved_data["rng"].toTensor());
    }
    at::Tensor y;
    {
      torch::AutoGradMode enable(true);
      y = run(call, x, pk, pv);
    }
    {
      std::lock_guard<std::mutex> lock(gen.mutex());
      gen.set_state(now);
    }
    torch::autograd::backward({y}, {grad_outputs[0]});
    const auto grad_of = [](const at::Tensor& t) { return t.requires_grad() ? t.grad() : at::Tensor(); };
    return {grad_of(x), grad_of(pk), grad_of(pv), at::Tensor()};
  }

 private:
  static at::Tensor run(const LayerCall& call, const at::Tensor& x, const at::Tensor& pk, const at::Tensor& pv) {
    const std::pair<at::Tensor, at::Tensor> prefix{pk, pv};
    return call.model->decoder_layer(call.model->weights_.layers[call.layer], x, call.rope, call.positions, nullptr,
                                     call.layer, call.key_padding, pk.numel() > 0 ? &prefix : nullptr);
  }
};

void CausalLM::refuse_gradients_when_packed() const {
  if (packed_ && torch::GradMode::is_enabled())
    throw std::logic_error("a model packed for decoding runs without gradients (torch::NoGradGuard)");
}

at::Tensor CausalLM::forward(const at::Tensor& ids, KVCache* cache, const at::Tensor& key_padding) const {
  if (decodes_in_place(ids, cache, key_padding)) {
    refuse_gradients_when_packed();
    return decode_token(ids.to(torch::kCPU).item<int64_t>(), *cache);
  }
  return logits(hidden_states(ids, cache, key_padding));
}

at::Tensor CausalLM::next_token_logits(const at::Tensor& ids, KVCache& cache) const {
  if (decodes_in_place(ids, &cache, {})) return forward(ids, &cache);
  const at::Tensor hidden = hidden_states(ids, &cache);
  return logits(hidden.narrow(1, hidden.size(1) - 1, 1));
}

at::Tensor CausalLM::logits(const at::Tensor& hidden) const {
  if (packed_) return packed_->lm_head.apply(hidden);
  return apply_linear(hidden, weights_.lm_head).to(accumulation_type(hidden.scalar_type()));
}

at::Tensor CausalLM::hidden_states(const at::Tensor& ids, KVCache* cache, const at::Tensor& key_padding) const {
  const int64_t T = ids.size(1);
  refuse_gradients_when_packed();
  // With a prefix, real positions start after the virtual tokens (as with
  // PEFT, where the prefix is past_key_values); a cache already holds them.
  PrefixKeyValues prefix;
  if (prefix_ && !cache) prefix = prefix_->key_values();
  const int64_t start = cache ? cache->length : prefix_ ? prefix_->num_virtual_tokens() : 0;
  at::Tensor padding = key_padding;
  if (padding.defined() && !prefix.empty())
    padding = torch::cat({torch::zeros({padding.size(0), start}, padding.options()), padding}, 1);
  if (start + T > config_.max_position)
    throw std::invalid_argument("sequence of " + std::to_string(start + T) + " positions is longer than the model's " +
                                std::to_string(config_.max_position));
  if (cache && start + T > cache->capacity())
    throw std::invalid_argument("the KV cache holds " + std::to_string(cache->capacity()) + " positions, " +
                                std::to_string(start + T) + " needed");
  // Rows of the RoPE table: the positions themselves, or (dynamic NTK past
  // the original context) rows of a table made for this call's length.
  const bool stretched = rope_stretches_at(config_, start + T);
  const RopeTable rope = stretched ? RopeTable::make(config_, start, T, target_.device, start + T) : rope_;
  const at::Tensor positions = torch::arange(start - rope.first, start + T - rope.first,
                                             torch::TensorOptions().dtype(torch::kLong).device(target_.device));
  // As transformers' nn.Embedding(padding_idx=pad_token_id): the pad row's
  // lookups pass no gradient to it (full fine-tuning leaves it as it is).
  // ChatGLM's own code has no padding_idx.
  auto lookup = F::EmbeddingFuncOptions();
  const std::optional<int64_t> pad = config_.pad_token_id;
  if (pad && *pad >= 0 && *pad < config_.vocab_size && config_.arch != model::Arch::chatglm) lookup.padding_idx(*pad);
  at::Tensor x = F::embedding(ids.to(target_.device), weights_.embed_tokens, lookup);  // [B, T, C]
  const bool checkpoint = checkpointing_ && !cache && torch::GradMode::is_enabled();
  // A checkpointed layer's output needs gradients only if an input has them:
  // with frozen embeddings, make the first input ask for one (and discard it).
  if (checkpoint && !x.requires_grad()) x = x.detach().requires_grad_(true);
  for (std::size_t l = 0; l < weights_.layers.size(); ++l) {
    if (checkpoint) {
      const LayerCall call{this, l, rope, positions, padding};
      const at::Tensor none = torch::empty({0}, x.options().requires_grad(false));
      x = CheckpointedLayer::apply(x, prefix.empty() ? none : prefix[l].first, prefix.empty() ? none : prefix[l].second, &call);
    } else {
      x = decoder_layer(weights_.layers[l], x, rope, positions, cache, l, padding, prefix.empty() ? nullptr : &prefix[l]);
    }
  }
  if (cache) cache->length += T;
  return rms_norm(x, weights_.final_norm, config_.rms_norm_eps);
}

}  // namespace tunedesk::engine
