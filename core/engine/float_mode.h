// Denormal floats (magnitudes below 1.2e-38) appear in weights, gradients
// and optimizer state as soon as a model really learns, and every CPU kernel
// that meets one runs many times slower (a full fine-tuning step went from
// 4.7 s to 16 s within eight steps). The CPU's flush-to-zero and
// denormals-are-zero modes make them plain zeros instead, at no cost in
// accuracy that training can see; they are per-thread settings, so they must
// reach every thread that computes.
#pragma once

namespace tunedesk::engine {

// Sets flush-to-zero and denormals-are-zero in the calling thread and in each
// of libtorch's intra-op (OpenMP) worker threads, which OpenBLAS's OpenMP build
// computes on too. Call it in the thread that will compute, after changing
// the thread count (new workers start without it). Returns false on a CPU
// with no such modes (then nothing changes).
bool flush_denormals();

// Whether the calling thread flushes denormals (both modes set).
bool flushing_denormals();

}  // namespace tunedesk::engine
