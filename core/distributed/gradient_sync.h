// The gradients of a step summed over the processes of a data-parallel run,
// overlapping with the step's last backward pass where it can: a hook on
// each trainable tensor records its gradient as autograd produces it, and a
// bucket (~25 MiB, in reverse order of the tensors, since backward reaches the
// last layers first) is put on the wire as soon as it and every bucket before
// it are complete, so every process starts the same sums in the same order.
// What no hook reported (tensors outside the graph, like fp32 master copies,
// or a process whose last micro-batch had nothing to learn from) goes out
// after backward. The sums equal one process accumulating every micro-batch.
#pragma once

#include <ATen/core/Tensor.h>

#include <memory>
#include <vector>

#include "distributed/process_group.h"

namespace tunedesk::distributed {

class GradientSync {
 public:
  // `overlap` false: everything is summed after backward (needed where a
  // tensor's hook could fire more than once in a pass, as with recomputed layers).
  GradientSync(std::vector<at::Tensor> parameters, ProcessGroup& group, bool overlap);
  ~GradientSync();
  GradientSync(const GradientSync&) = delete;
  GradientSync& operator=(const GradientSync&) = delete;

  // Before the step's last backward pass on this process.
  void arm();
  // After backward: sends what is left, waits, and leaves every tensor's
  // .grad holding the sum over all processes.
  void finish();

  // Buckets sent so far, and how many of them during backward.
  int64_t buckets_sent() const { return sent_; }
  int64_t buckets_overlapped() const { return overlapped_; }

 private:
  void on_gradient(std::size_t parameter, const at::Tensor& grad);
  void start_complete_buckets();

  std::vector<at::Tensor> parameters_;
  ProcessGroup& group_;
  std::vector<std::vector<std::size_t>> buckets_;  // parameter indices, in the order they are sent
  std::vector<std::size_t> bucket_of_;
  std::vector<std::size_t> missing_;               // per bucket: gradients not yet recorded this step
  std::vector<at::Tensor> step_gradients_;         // this step's whole gradient per tensor, once known
  std::size_t next_bucket_ = 0;
  std::vector<std::unique_ptr<PendingSum>> pending_;
  std::vector<unsigned> hooks_;                    // hook handles, index-aligned with hooked_
  std::vector<std::size_t> hooked_;
  bool armed_ = false;
  int64_t sent_ = 0, overlapped_ = 0;
};

}  // namespace tunedesk::distributed
