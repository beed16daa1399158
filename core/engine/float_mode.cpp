#include "engine/float_mode.h"

#include <ATen/Parallel.h>

#include <cstdint>

#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
#endif

namespace tunedesk::engine {
namespace {

#if defined(__x86_64__) || defined(__i386__)
constexpr unsigned kFlushToZero = 0x8000;       // MXCSR.FTZ: results below the normal range become 0
constexpr unsigned kDenormalsAreZero = 0x0040;  // MXCSR.DAZ: such inputs are read as 0
bool set_in_this_thread() {
  _mm_setcsr(_mm_getcsr() | kFlushToZero | kDenormalsAreZero);
  return true;
}
bool is_set_in_this_thread() { return (_mm_getcsr() & (kFlushToZero | kDenormalsAreZero)) == (kFlushToZero | kDenormalsAreZero); }
#elif defined(__aarch64__)
constexpr uint64_t kFlushToZero = uint64_t{1} << 24;  // FPCR.FZ: denormal inputs and results are 0
uint64_t read_fpcr() {
  uint64_t v;
  __asm__ volatile("mrs %0, fpcr" : "=r"(v));
  return v;
}
bool set_in_this_thread() {
  const uint64_t v = read_fpcr() | kFlushToZero;
  __asm__ volatile("msr fpcr, %0" : : "r"(v));
  return true;
}
bool is_set_in_this_thread() { return (read_fpcr() & kFlushToZero) != 0; }
#else
bool set_in_this_thread() { return false; }
bool is_set_in_this_thread() { return false; }
#endif

}  // namespace

bool flush_denormals() {
  if (!set_in_this_thread()) return false;
  // libtorch's workers are this thread's OpenMP team (GNU OpenMP keeps the
  // threads between regions). An OpenMP region of its own, not
  // at::parallel_for: that one is a header template, serial in code built
  // without -fopenmp, and this file is built with it.
  const int workers = at::get_num_threads();
#pragma omp parallel num_threads(workers)
  set_in_this_thread();
  return true;
}

bool flushing_denormals() { return is_set_in_this_thread(); }

}  // namespace tunedesk::engine
