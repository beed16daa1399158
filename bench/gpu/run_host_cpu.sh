#!/usr/bin/env bash
# The CPU of a lent GPU machine, measured as a CPU class of its own. GPUs
# sit beside server CPUs (Intel Xeons with AMX bf16 tiles, large AMD
# EPYCs), classes the 2-core development machines may never draw. Run it
# after bench/gpu/run_gpu.sh, on the same warm machine (it uses that
# script's build, build/gpu), in a call of its own:
#   bash bench/gpu/run_host_cpu.sh [--steps N (10)] [--threads N (2)]   (carry: [".gpu-deps"] as for run_gpu.sh)
#   1. the CPU's model and vector flags (lscpu too),
#   2. training, one round of bench/run_train.sh: TuneDesk (--dtype auto)
#      against the same step in that machine's PyTorch (python3), fp32 and
#      bf16 autocast, the faster of the two being the peer's best,
#   3. decoding, bench/run_engine.sh: TuneDesk's weight forms on their own
#      (llama.cpp is not on that machine; the comparison says it is skipped).
# Two threads by default, as in docs/BENCHMARKS.md's other CPU classes.
# Each log is written to $OUT (default: ./gpu-results) as it is made, so a
# call stopped at its time limit still brings back what finished.
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
out=${OUT:-$repo/gpu-results}
build="$repo/build/gpu"
steps=10 threads=2
while [ $# -gt 0 ]; do
  case $1 in
    --steps) steps=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    *) echo "unknown option $1 (--steps N, --threads N)" >&2; exit 2 ;;
  esac
done
mkdir -p "$out"
log() { echo "== $*" | tee -a "$out/host_cpu.txt"; }
for binary in app/cli/tunedesk-cli bench/tunedesk_train_bench bench/tunedesk_engine_bench; do
  [ -x "$build/$binary" ] || { log "no $build/$binary: run bench/gpu/run_gpu.sh on this machine first"; exit 1; }
done
source "$repo/bench/cpu_class.sh"
source "$repo/bench/gpu/deps_env.sh"  # the loader finds what the build linked from .gpu-deps
describe_cpu_class | tee -a "$out/host_cpu.txt"
lscpu >"$out/lscpu.txt" 2>&1

if peer=$(python3 -c 'import torch; print("PyTorch", torch.__version__)' 2>&1); then
  log "training: TuneDesk against $peer (python3), $threads threads, $steps steps"
  TUNEDESK_BENCH_BUILD="$build" bash "$repo/bench/run_train.sh" --python python3 --rounds 1 --steps "$steps" \
    --threads "$threads" 2>&1 | tee "$out/host_cpu_train.log" | grep -E '^(lora|sft|  )' | tee -a "$out/host_cpu.txt"
else
  log "training: skipped, python3 has no PyTorch to compare with ($(echo "$peer" | tail -1))"
fi

log "decoding: TuneDesk's weight forms, $threads threads"
TUNEDESK_BENCH_BUILD="$build" bash "$repo/bench/run_engine.sh" --threads "$threads" --new 128 2>&1 |
  tee "$out/host_cpu_engine.log" | grep -E '^(weights|TuneDesk|round|llama\.cpp|\()' | tee -a "$out/host_cpu.txt"
log "done; results in $out"
