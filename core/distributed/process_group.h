// The processes of one data-parallel training run talking to each other,
// through the process groups libtorch ships (c10d): Gloo on the CPU, NCCL
// between GPUs where this libtorch has it. What the trainer needs and no
// more: sums and broadcasts, each failing with DistributedError
// (naming this process and the operation) when another process stops or
// nothing arrives within World::timeout, instead of hanging.
#pragma once

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "distributed/world.h"

namespace tunedesk::distributed {

class DistributedError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A sum of one bucket of tensors on its way: wait() finishes it and writes
// the sums into the tensors. Every process must start the same buckets in
// the same order.
class PendingSum {
 public:
  ~PendingSum();
  void wait();

 private:
  friend class ProcessGroup;
  struct Impl;
  explicit PendingSum(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

class ProcessGroup {
 public:
  // Connects to the others: process 0 listens on MASTER_ADDR:MASTER_PORT,
  // the rest connect to it. `device` is where the tensors passed in live.
  static std::unique_ptr<ProcessGroup> connect(const World& world, const c10::Device& device);
  ~ProcessGroup();
  ProcessGroup(const ProcessGroup&) = delete;
  ProcessGroup& operator=(const ProcessGroup&) = delete;

  const World& world() const;
  int rank() const { return world().rank; }
  int size() const { return world().size; }
  std::string backend() const;  // "gloo" or "nccl"

  // Starts summing `bucket` (tensors of one dtype and device, packed together) and returns at once.
  std::unique_ptr<PendingSum> start_sum(const std::vector<at::Tensor>& bucket);
  static constexpr int64_t kBucketBytes = 25 << 20;  // as DistributedDataParallel's default
  // A few numbers summed over all processes (a step's loss, a stop request).
  std::vector<double> all_reduce_sum(std::vector<double> values);
  // Every process gets process `root`'s values of `tensors`, in place, in
  // buckets of about 25 MiB; undefined tensors are not allowed.
  void broadcast(const std::vector<at::Tensor>& tensors, int root = 0);

 private:
  struct Impl;
  explicit ProcessGroup(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tunedesk::distributed
