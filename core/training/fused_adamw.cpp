#include "training/fused_adamw.h"

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include <atomic>
#include <cmath>
#include <memory>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>

#include "engine/kernels/training_kernels.h"

namespace tunedesk::training {
namespace {

bool fusable(const at::Tensor& t) { return t.is_cpu() && t.scalar_type() == at::kFloat && t.is_contiguous(); }

// Where libtorch's AdamW files a tensor's state: under the address of its
// TensorImpl, written out as text in libtorch 1.x, the pointer itself in 2.x.
using StateKey = std::remove_cvref_t<decltype(std::declval<torch::optim::Optimizer&>().state())>::key_type;

template <class Key = StateKey>
Key state_key(const at::Tensor& p) {
  if constexpr (std::is_same_v<Key, std::string>) {
    std::ostringstream text;
    text << p.unsafeGetTensorImpl();
    return text.str();
  } else {
    return static_cast<Key>(p.unsafeGetTensorImpl());
  }
}

bool all_fusable(torch::optim::AdamW& optimizer) {
  for (auto& group : optimizer.param_groups()) {
    if (static_cast<const torch::optim::AdamWOptions&>(group.options()).amsgrad()) return false;
    for (const auto& p : group.params()) {
      if (!p.grad().defined()) continue;
      if (!fusable(p) || !fusable(p.grad())) return false;
      const auto found = optimizer.state().find(state_key(p));
      if (found != optimizer.state().end()) {
        const auto& s = static_cast<const torch::optim::AdamWParamState&>(*found->second);
        if (!fusable(s.exp_avg()) || !fusable(s.exp_avg_sq())) return false;
      }
    }
  }
  return true;
}

}  // namespace

void adamw_step(torch::optim::AdamW& optimizer, double grad_scale) {
  if (!all_fusable(optimizer)) {
    if (grad_scale != 1.0) {
      torch::NoGradGuard no_grad;
      for (auto& group : optimizer.param_groups())
        for (auto& p : group.params())
          if (p.grad().defined()) p.grad().mul_(grad_scale);
    }
    optimizer.step();
    return;
  }
  torch::NoGradGuard no_grad;
  const engine::kernels::TrainingKernels& loops = engine::kernels::training_kernels();  // by the CPU's level
  for (auto& group : optimizer.param_groups()) {
    const auto& o = static_cast<const torch::optim::AdamWOptions&>(group.options());
    const double beta1 = std::get<0>(o.betas()), beta2 = std::get<1>(o.betas());
    for (auto& p : group.params()) {
      if (!p.grad().defined()) continue;
      auto& slot = optimizer.state()[state_key(p)];
      if (!slot) {  // first step: the state libtorch would create
        auto fresh = std::make_unique<torch::optim::AdamWParamState>();
        fresh->step(0);
        fresh->exp_avg(torch::zeros_like(p, at::MemoryFormat::Preserve));
        fresh->exp_avg_sq(torch::zeros_like(p, at::MemoryFormat::Preserve));
        slot = std::move(fresh);
      }
      auto& state = static_cast<torch::optim::AdamWParamState&>(*slot);
      state.step(state.step() + 1);
      const auto step = static_cast<double>(state.step());
      // The constants in float, as libtorch's tensor operations apply them.
      const engine::kernels::AdamWUpdate update{
          .beta1 = static_cast<float>(beta1),
          .beta2 = static_cast<float>(beta2),
          .keep1 = static_cast<float>(1 - beta1),
          .keep2 = static_cast<float>(1 - beta2),
          .decay = static_cast<float>(1 - o.lr() * o.weight_decay()),  // exactly 1 without decay
          .step_size = static_cast<float>(o.lr() / (1 - std::pow(beta1, step))),
          .correction2 = static_cast<float>(std::sqrt(1 - std::pow(beta2, step))),
          .eps = static_cast<float>(o.eps()),
          .grad_scale = static_cast<float>(grad_scale)};
      float* w = p.data_ptr<float>();
      const float* g = p.grad().data_ptr<float>();
      float* m = state.exp_avg().data_ptr<float>();
      float* v = state.exp_avg_sq().data_ptr<float>();
      at::parallel_for(0, p.numel(), 1 << 15, [&](int64_t first, int64_t last) {
        loops.adamw(w + first, g + first, m + first, v + first, last - first, update);
      });
    }
  }
}

int adamw_loop_threads() {
  std::atomic<int> chunks{0};
  at::parallel_for(0, int64_t{1} << 20, 1, [&](int64_t, int64_t) { ++chunks; });
  return chunks.load();
}

}  // namespace tunedesk::training
