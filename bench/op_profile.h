// Where a benchmark's time goes, by operator: libtorch's profiler records a
// range for each operator and autograd node on the thread that runs it (not
// its OpenMP workers, whose time is the caller's), and each name's self time
// (its range less the ranges nested in it) is summed. Matrix products are
// told apart from the rest, so that the time outside them can be compared
// between two implementations whatever their GEMM speed (bench/train_step.py
// --profile prints the same fields for PyTorch). Used by tunedesk_train_bench
// --profile.
#pragma once

#include <torch/csrc/autograd/profiler_legacy.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace tunedesk::bench {

// The products: libtorch's matrix-product operators (whatever BLAS or oneDNN
// they call) and TuneDesk's own oneDNN calls (engine/cpu_gemm.cpp).
inline bool is_matrix_product(const std::string& name) {
  static const char* const products[] = {"aten::mm", "aten::addmm", "aten::bmm", "aten::baddbmm", "aten::addmm_",
                                         "aten::baddbmm_", "aten::addbmm", "onednn::sgemm"};
  return std::find(std::begin(products), std::end(products), name) != std::end(products);
}

// Records the operators run while it lives; self_ms() then gives each name's self time.
class OpProfile {
 public:
  OpProfile() {
    torch::autograd::profiler::enableProfilerLegacy(
        torch::profiler::impl::ProfilerConfig(torch::profiler::impl::ProfilerState::CPU));
  }
  OpProfile(const OpProfile&) = delete;
  OpProfile& operator=(const OpProfile&) = delete;
  ~OpProfile() {
    if (recording_) (void)torch::autograd::profiler::disableProfilerLegacy();
  }

  // Stops recording; milliseconds of self time by name.
  std::map<std::string, double> self_ms() {
    recording_ = false;
    namespace prof = torch::autograd::profiler;
    const prof::thread_event_lists lists = prof::disableProfilerLegacy();
    std::map<std::string, double> out;
    for (const std::vector<prof::LegacyEvent>& events : lists) {
      struct Open {
        const prof::LegacyEvent* start;
        double nested_us;
      };
      std::vector<Open> open;  // the ranges entered and not yet left, innermost last
      for (const prof::LegacyEvent& e : events) {
        if (e.kind() == prof::EventKind::PushRange) {
          open.push_back({&e, 0.0});
        } else if (e.kind() == prof::EventKind::PopRange) {
          // Ranges nest on a thread; a pop matches the innermost push of its handle.
          auto it = std::find_if(open.rbegin(), open.rend(), [&](const Open& o) { return o.start->handle() == e.handle(); });
          if (it == open.rend()) continue;
          const Open range = *it;
          open.erase(std::next(it).base(), open.end());
          const double total_us = range.start->cpuElapsedUs(e);
          out[range.start->name()] += (total_us - range.nested_us) / 1000.0;
          if (!open.empty()) open.back().nested_us += total_us;
        }
      }
    }
    return out;
  }

 private:
  bool recording_ = true;
};

// {"products_ms", "recorded_other_ms", "top": [[name, ms], ...]} per step:
// the products' self time, the other recorded ranges' self time, and the
// `top` names with most self time outside the products.
inline nlohmann::json summarize_per_step(const std::map<std::string, double>& self_ms, int steps, std::size_t top) {
  double products = 0, other = 0;
  std::vector<std::pair<std::string, double>> rest;
  for (const auto& [name, ms] : self_ms) {
    if (is_matrix_product(name)) {
      products += ms;
    } else {
      other += ms;
      rest.emplace_back(name, ms / steps);
    }
  }
  std::sort(rest.begin(), rest.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  if (rest.size() > top) rest.resize(top);
  nlohmann::json listed = nlohmann::json::array();
  for (const auto& [name, ms] : rest) listed.push_back({name, std::round(ms * 10) / 10});
  return {{"products_ms", std::round(products / steps)}, {"recorded_other_ms", std::round(other / steps)}, {"top", listed}};
}

}  // namespace tunedesk::bench
