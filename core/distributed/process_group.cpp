#include "distributed/process_group.h"

#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#include <torch/torch.h>
#if defined(TUNEDESK_WITH_NCCL)
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

#include <csignal>
#include <cstdlib>
#include <map>

namespace tunedesk::distributed {
namespace {

// libtorch 2.x asks for the store's libuv backend by default, which Debian's
// build lacks ("use_libuv was requested but PyTorch was built without libuv
// support"); the classic backend serves a few processes as well. 1.x has no
// such option.
template <typename Options>
void use_classic_store_backend(Options& options) {
  if constexpr (requires { options.useLibUV; }) options.useLibUV = false;
}

// Runs `op`, turning what c10d and Gloo throw ("Connection closed by peer",
// "Timed out waiting …") into an error that says who and what.
template <typename F>
auto guarded(const World& world, const std::string& what, F&& op) {
  try {
    return op();
  } catch (const std::exception& e) {
    std::string reason = e.what();
    if (const auto nl = reason.find("\nException raised from"); nl != std::string::npos) reason.resize(nl);
    throw DistributedError("training process " + std::to_string(world.rank) + " of " + std::to_string(world.size) + ": " +
                           what + " failed: " + reason +
                           " (another training process stopped, stopped answering within the timeout of " +
                           std::to_string(world.timeout.count()) +
                           " s (TUNEDESK_DIST_TIMEOUT_S), or the network between them failed; see that process's output)");
  }
}

// Tensors grouped into buckets of one dtype and device, each at most kBucketBytes
// (a single larger tensor gets a bucket of its own).
std::vector<std::vector<at::Tensor>> buckets_of(const std::vector<at::Tensor>& tensors) {
  std::map<std::pair<int, std::string>, std::vector<std::vector<at::Tensor>>> open;
  std::map<std::pair<int, std::string>, int64_t> filled;
  std::vector<std::vector<at::Tensor>> done;
  for (const at::Tensor& t : tensors) {
    if (!t.defined()) throw std::invalid_argument("ProcessGroup: an undefined tensor cannot be reduced or broadcast");
    const auto key = std::make_pair(static_cast<int>(t.scalar_type()), t.device().str());
    auto& list = open[key];
    const int64_t bytes = t.numel() * static_cast<int64_t>(t.element_size());
    if (list.empty() || filled[key] + bytes > ProcessGroup::kBucketBytes) {
      if (!list.empty()) done.push_back(std::move(list.back()));
      list.assign(1, {});
      filled[key] = 0;
    }
    list.back().push_back(t);
    filled[key] += bytes;
  }
  for (auto& [_, list] : open)
    for (auto& bucket : list) done.push_back(std::move(bucket));
  return done;
}

// The bucket's tensors as one flat tensor on `wire`, and back.
at::Tensor pack(const std::vector<at::Tensor>& bucket, const c10::Device& wire) {
  std::vector<at::Tensor> flat_views;
  for (const at::Tensor& t : bucket) flat_views.push_back(t.reshape({-1}));
  return torch::cat(flat_views).to(wire);
}

void unpack(const at::Tensor& flat, const std::vector<at::Tensor>& bucket) {
  const at::Tensor local = flat.to(bucket[0].device());
  int64_t offset = 0;
  for (const at::Tensor& t : bucket) {
    t.copy_(local.narrow(0, offset, t.numel()).view(t.sizes()));
    offset += t.numel();
  }
}

}  // namespace

struct ProcessGroup::Impl {
  World world;
  c10::Device device{c10::kCPU};
  c10::intrusive_ptr<c10d::Store> store;
  c10::intrusive_ptr<c10d::ProcessGroupGloo> gloo;
#if defined(TUNEDESK_WITH_NCCL)
  c10::intrusive_ptr<c10d::ProcessGroupNCCL> nccl;
#endif

  bool on_nccl() const {
#if defined(TUNEDESK_WITH_NCCL)
    return static_cast<bool>(nccl);
#else
    return false;
#endif
  }
  // Gloo here reduces CPU tensors; NCCL, tensors on this process's GPU.
  c10::Device wire_device() const { return on_nccl() ? device : c10::Device(c10::kCPU); }

  template <typename F>
  auto with_backend(F&& f) {
#if defined(TUNEDESK_WITH_NCCL)
    if (nccl) return f(*nccl);
#endif
    return f(*gloo);
  }
};

ProcessGroup::ProcessGroup(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ProcessGroup::~ProcessGroup() = default;

const World& ProcessGroup::world() const { return impl_->world; }

std::string ProcessGroup::backend() const { return impl_->on_nccl() ? "nccl" : "gloo"; }

std::unique_ptr<ProcessGroup> ProcessGroup::connect(const World& world, const c10::Device& device) {
  // Writing to a socket whose peer has died raises SIGPIPE, and its default
  // action ends this process without a word, before Gloo can throw
  // "Connection closed by peer" for guarded() to report. (Python ignores
  // SIGPIPE from the start, which is why PyTorch's own users never see
  // this.) Ignored, the write fails with EPIPE and the error is reported.
  std::signal(SIGPIPE, SIG_IGN);
  auto impl = std::make_unique<Impl>();
  impl->world = world;
  impl->device = device;
  const auto timeout = std::chrono::duration_cast<std::chrono::milliseconds>(world.timeout);
  guarded(world, "connecting to process 0 at " + world.master_addr + ":" + std::to_string(world.master_port), [&] {
    c10d::TCPStoreOptions options;
    options.port = world.master_port;
    // torchrun's agent may already serve the store at MASTER_PORT for its workers.
    const char* agent_store = std::getenv("TORCHELASTIC_USE_AGENT_STORE");
    options.isServer = world.rank == 0 && !(agent_store && std::string(agent_store) == "True");
    options.numWorkers = static_cast<std::size_t>(world.size);
    options.waitWorkers = true;
    options.timeout = timeout;
    use_classic_store_backend(options);
    impl->store = c10::make_intrusive<c10d::TCPStore>(world.master_addr, options);
#if defined(TUNEDESK_WITH_NCCL)
    // TUNEDESK_DIST_BACKEND=gloo keeps GPU runs on Gloo (through host memory):
    // NCCL refuses two processes on one GPU.
    const char* backend = std::getenv("TUNEDESK_DIST_BACKEND");
    if (device.is_cuda() && !(backend && std::string(backend) == "gloo")) {
      auto nccl_options = c10d::ProcessGroupNCCL::Options::create();
      nccl_options->timeout = timeout;
      impl->nccl = c10::make_intrusive<c10d::ProcessGroupNCCL>(impl->store, world.rank, world.size, nccl_options);
      return 0;
    }
#endif
    auto gloo_options = c10d::ProcessGroupGloo::Options::create(timeout);
    // The interface that reaches MASTER_ADDR: loopback for a local run;
    // GLOO_SOCKET_IFNAME picks one by name on machines with several.
    if (const char* ifname = std::getenv("GLOO_SOCKET_IFNAME"); ifname && *ifname)
      gloo_options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(ifname));
    else if (world.master_addr == "127.0.0.1" || world.master_addr == "localhost")
      gloo_options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1"));
    else
      gloo_options->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
    gloo_options->threads = 2;
    impl->gloo = c10::make_intrusive<c10d::ProcessGroupGloo>(impl->store, world.rank, world.size, gloo_options);
    return 0;
  });
  return std::unique_ptr<ProcessGroup>(new ProcessGroup(std::move(impl)));
}

struct PendingSum::Impl {
  World world;
  std::vector<at::Tensor> bucket;
  std::vector<at::Tensor> flat;
  c10::intrusive_ptr<c10d::Work> work;
};

PendingSum::PendingSum(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PendingSum::~PendingSum() = default;

void PendingSum::wait() {
  if (!impl_->work) return;
  guarded(impl_->world, "summing gradients", [&] { return impl_->work->wait(); });
  impl_->work.reset();
  torch::NoGradGuard no_grad;
  unpack(impl_->flat[0], impl_->bucket);
}

std::unique_ptr<PendingSum> ProcessGroup::start_sum(const std::vector<at::Tensor>& bucket) {
  torch::NoGradGuard no_grad;
  auto pending = std::make_unique<PendingSum::Impl>();
  pending->world = impl_->world;
  pending->bucket = bucket;
  pending->flat = {pack(bucket, impl_->wire_device())};
  pending->work = guarded(impl_->world, "summing gradients",
                          [&] { return impl_->with_backend([&](auto& pg) { return pg.allreduce(pending->flat); }); });
  return std::unique_ptr<PendingSum>(new PendingSum(std::move(pending)));
}

std::vector<double> ProcessGroup::all_reduce_sum(std::vector<double> values) {
  if (values.empty()) return values;
  std::vector<at::Tensor> t = {torch::tensor(values, torch::kDouble).to(impl_->wire_device())};
  guarded(impl_->world, "summing step figures", [&] {
    impl_->with_backend([&](auto& pg) { return pg.allreduce(t); })->wait();
    return 0;
  });
  const at::Tensor cpu = t[0].cpu();
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = cpu[static_cast<int64_t>(i)].item<double>();
  return values;
}

void ProcessGroup::broadcast(const std::vector<at::Tensor>& tensors, int root) {
  torch::NoGradGuard no_grad;
  for (const std::vector<at::Tensor>& bucket : buckets_of(tensors)) {
    std::vector<at::Tensor> flat = {pack(bucket, impl_->wire_device())};
    guarded(impl_->world, "receiving tensors from process " + std::to_string(root), [&] {
      c10d::BroadcastOptions options;
      options.rootRank = root;
      impl_->with_backend([&](auto& pg) { return pg.broadcast(flat, options); })->wait();
      return 0;
    });
    unpack(flat[0], bucket);
  }
}

}  // namespace tunedesk::distributed
