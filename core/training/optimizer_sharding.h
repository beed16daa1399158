// ZeRO stage 1 for data-parallel training: each process keeps and updates
// the AdamW state (two fp32 tensors per weight) of its share of the
// trainable tensors only, and sends the updated tensors to the others.
// Gradients stay whole on every process (stage 1), so the step is exactly
// the unsharded one; what is saved is (W-1)/W of the optimizer state.
// Checkpoints hold the whole state as usual (gathered on process 0 to save,
// cut down to the share after loading), so they resume with or without sharding.
#pragma once

#include <ATen/core/Tensor.h>

#include <vector>

namespace torch::optim {
class Optimizer;
}
namespace tunedesk::distributed {
class ProcessGroup;
}

namespace tunedesk::training {

class OptimizerSharding {
 public:
  // Splits `parameters` (in order) among the group's processes, balancing their sizes.
  OptimizerSharding(const std::vector<at::Tensor>& parameters, distributed::ProcessGroup& group);

  int owner(std::size_t parameter) const { return owners_[parameter]; }
  int64_t owned_elements() const;  // this process's share, in elements

  // Before optimizer.step(): forgets the gradients of tensors another process updates,
  // so that the optimizer neither updates them nor keeps state for them.
  void drop_foreign_gradients();
  // After optimizer.step(): every process receives each tensor from its owner.
  void share_updated_parameters();
  // Forgets the optimizer state of tensors this process does not own (after loading a checkpoint).
  void drop_foreign_state(torch::optim::Optimizer& optimizer) const;
  // Collective: process 0's optimizer gets the state of every tensor, to be
  // saved; call drop_foreign_state afterwards. The others send theirs.
  void gather_state_on_main(torch::optim::Optimizer& optimizer) const;

 private:
  std::vector<at::Tensor> parameters_;
  std::vector<int> owners_;
  distributed::ProcessGroup& group_;
};

}  // namespace tunedesk::training
