#include "training/optimizer_sharding.h"

#include <torch/torch.h>

#include <sstream>
#include <type_traits>

#include "distributed/process_group.h"

namespace tunedesk::training {
namespace {

// The optimizer's state is keyed by the tensor: by its TensorImpl's address
// as text in libtorch 1.x (streamed, as its c10::guts::to_string did; 2.x
// dropped that helper), by the address itself in 2.x.
using StateKey = std::decay_t<decltype(std::declval<torch::optim::Optimizer&>().state())>::key_type;

template <typename Key = StateKey>
Key state_key(const at::Tensor& p) {
  if constexpr (std::is_same_v<Key, std::string>) {
    std::ostringstream text;
    text << p.unsafeGetTensorImpl();
    return text.str();
  } else
    return static_cast<Key>(p.unsafeGetTensorImpl());
}

}  // namespace

OptimizerSharding::OptimizerSharding(const std::vector<at::Tensor>& parameters, distributed::ProcessGroup& group)
    : parameters_(parameters), owners_(parameters.size(), 0), group_(group) {
  // Largest first to the least loaded process: shares within one tensor of even.
  std::vector<std::size_t> order(parameters.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return parameters[a].numel() > parameters[b].numel(); });
  std::vector<int64_t> load(static_cast<std::size_t>(group.size()), 0);
  for (std::size_t i : order) {
    const auto least = static_cast<std::size_t>(std::min_element(load.begin(), load.end()) - load.begin());
    owners_[i] = static_cast<int>(least);
    load[least] += parameters[i].numel();
  }
}

int64_t OptimizerSharding::owned_elements() const {
  int64_t n = 0;
  for (std::size_t i = 0; i < parameters_.size(); ++i)
    if (owners_[i] == group_.rank()) n += parameters_[i].numel();
  return n;
}

void OptimizerSharding::drop_foreign_gradients() {
  for (std::size_t i = 0; i < parameters_.size(); ++i)
    if (owners_[i] != group_.rank()) parameters_[i].mutable_grad().reset();
}

void OptimizerSharding::share_updated_parameters() {
  for (int r = 0; r < group_.size(); ++r) {
    std::vector<at::Tensor> owned;
    for (std::size_t i = 0; i < parameters_.size(); ++i)
      if (owners_[i] == r) owned.push_back(parameters_[i]);
    if (!owned.empty()) group_.broadcast(owned, r);
  }
}

void OptimizerSharding::drop_foreign_state(torch::optim::Optimizer& optimizer) const {
  for (std::size_t i = 0; i < parameters_.size(); ++i)
    if (owners_[i] != group_.rank()) optimizer.state().erase(state_key(parameters_[i]));
}

void OptimizerSharding::gather_state_on_main(torch::optim::Optimizer& optimizer) const {
  torch::NoGradGuard no_grad;
  // One tensor at a time: a process never holds more than one foreign state.
  for (std::size_t i = 0; i < parameters_.size(); ++i) {
    const int owner = owners_[i];
    if (owner == 0) continue;
    const at::Tensor& p = parameters_[i];
    auto& state = optimizer.state();
    const auto found = state.find(state_key(p));
    const bool mine = owner == group_.rank() && found != state.end();
    at::Tensor step = torch::zeros({1}, torch::kDouble);
    at::Tensor exp_avg = torch::zeros_like(p), exp_avg_sq = torch::zeros_like(p);
    if (mine) {
      const auto& s = static_cast<const torch::optim::AdamWParamState&>(*found->second);
      step.fill_(static_cast<double>(s.step()));
      exp_avg.copy_(s.exp_avg());
      exp_avg_sq.copy_(s.exp_avg_sq());
    }
    group_.broadcast({step, exp_avg, exp_avg_sq}, owner);
    if (group_.rank() != 0 || step.item<double>() == 0) continue;  // step 0: no state yet
    auto s = std::make_unique<torch::optim::AdamWParamState>();
    s->step(static_cast<int64_t>(step.item<double>()));
    s->exp_avg(exp_avg);
    s->exp_avg_sq(exp_avg_sq);
    state[state_key(p)] = std::move(s);
  }
}

}  // namespace tunedesk::training
