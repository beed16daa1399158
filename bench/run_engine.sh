#!/usr/bin/env bash
# Engine benchmark: writes a ~100M-parameter Llama-shaped model with random
# weights (tunedesk-cli model make-tiny), then measures load (peak RSS),
# prefill and decode tokens/s on the CPU with 2 threads.
#   bench/run_engine.sh [--threads N] [--prompt N] [--new N]
# OPENBLAS_CORETYPE is left as the machine sets it; export it to compare kernels.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
"$repo/scripts/install-deps.sh"
build="$repo/build/release"
"$repo/scripts/build.sh" "$build" Release -DTUNEDESK_BUILD_TESTS=OFF -DTUNEDESK_BUILD_BENCH=ON -- \
  tunedesk-cli tunedesk-cli-engine tunedesk_engine_bench
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$build/app/cli/tunedesk-cli" model make-tiny --arch llama --out "$work/llama-100m" --layers 10 --hidden 768 \
  --heads 12 --kv-heads 4 --intermediate 2048 --vocab 32000 --context 2048 --seed 1
"$build/bench/tunedesk_engine_bench" "$work/llama-100m" --threads 2 "$@"
