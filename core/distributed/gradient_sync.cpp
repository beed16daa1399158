#include "distributed/gradient_sync.h"

#include <torch/torch.h>

#include <stdexcept>

namespace tunedesk::distributed {

GradientSync::GradientSync(std::vector<at::Tensor> parameters, ProcessGroup& group, bool overlap)
    : parameters_(std::move(parameters)), group_(group), bucket_of_(parameters_.size()),
      step_gradients_(parameters_.size()) {
  // Buckets from the last tensor backwards, one dtype and device each.
  int64_t filled = 0;
  for (std::size_t k = parameters_.size(); k-- > 0;) {
    const at::Tensor& p = parameters_[k];
    const int64_t bytes = p.numel() * static_cast<int64_t>(p.element_size());
    const bool fits = !buckets_.empty() && filled + bytes <= ProcessGroup::kBucketBytes &&
                      parameters_[buckets_.back().front()].scalar_type() == p.scalar_type() &&
                      parameters_[buckets_.back().front()].device() == p.device();
    if (!fits) {
      buckets_.emplace_back();
      filled = 0;
    }
    buckets_.back().push_back(k);
    bucket_of_[k] = buckets_.size() - 1;
    filled += bytes;
  }
  missing_.resize(buckets_.size());
  if (!overlap) return;
  for (std::size_t k = 0; k < parameters_.size(); ++k)
    if (parameters_[k].requires_grad()) {
      hooks_.push_back(parameters_[k].register_hook([this, k](const at::Tensor& grad) { on_gradient(k, grad); }));
      hooked_.push_back(k);
    }
}

GradientSync::~GradientSync() {
  for (std::size_t i = 0; i < hooks_.size(); ++i) parameters_[hooked_[i]].remove_hook(hooks_[i]);
}

void GradientSync::arm() {
  for (std::size_t b = 0; b < buckets_.size(); ++b) missing_[b] = buckets_[b].size();
  next_bucket_ = 0;
  armed_ = !hooks_.empty();
}

// On the autograd thread, before the gradient is added to .grad: the
// step's whole gradient is what earlier micro-batches left in .grad plus this.
void GradientSync::on_gradient(std::size_t k, const at::Tensor& grad) {
  if (!armed_) return;
  if (step_gradients_[k].defined())
    throw std::logic_error("GradientSync: a gradient arrived twice in one backward pass; construct it without overlap");
  const at::Tensor& so_far = parameters_[k].grad();
  step_gradients_[k] = so_far.defined() ? so_far + grad : grad.clone();
  --missing_[bucket_of_[k]];
  start_complete_buckets();
}

void GradientSync::start_complete_buckets() {
  while (next_bucket_ < buckets_.size() && missing_[next_bucket_] == 0) {
    std::vector<at::Tensor> bucket;
    for (std::size_t k : buckets_[next_bucket_]) bucket.push_back(step_gradients_[k]);
    pending_.push_back(group_.start_sum(bucket));
    ++next_bucket_;
    ++sent_;
    overlapped_ += armed_;
  }
}

void GradientSync::finish() {
  torch::NoGradGuard no_grad;
  if (!armed_) arm();  // nothing recorded yet: every bucket goes now
  armed_ = false;
  for (std::size_t k = 0; k < parameters_.size(); ++k) {
    if (step_gradients_[k].defined()) continue;
    const at::Tensor& g = parameters_[k].grad();
    step_gradients_[k] = g.defined() ? g : torch::zeros_like(parameters_[k]);  // none of it in this process's batches
    --missing_[bucket_of_[k]];
  }
  start_complete_buckets();
  for (auto& p : pending_) p->wait();
  pending_.clear();
  for (std::size_t k = 0; k < parameters_.size(); ++k) {
    parameters_[k].mutable_grad() = step_gradients_[k];
    step_gradients_[k] = at::Tensor();
  }
}

}  // namespace tunedesk::distributed
