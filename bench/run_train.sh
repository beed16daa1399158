#!/usr/bin/env bash
# Training benchmark: a ~100M-parameter Llama-shaped model with random
# weights, one 512-token sequence per step, 2 threads on the CPU; LoRA (r=8 on
# q_proj, v_proj) and full fine-tuning, each timed in TuneDesk's trainer and,
# in the same run, in the same step written in Python with Debian's
# python3-torch (bench/train_step.py, run by /usr/bin/python3: Debian's, not a
# virtualenv's). Prints both and the ratio, and the MFU
# against the fp32 GEMM rate measured in the same process.
#   bench/run_train.sh [--seq N] [--steps N] [--threads N]
# OPENBLAS_CORETYPE is left as the machine sets it; export it to compare kernels.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
"$repo/scripts/install-deps.sh" --bench
build="$repo/build/release"
"$repo/scripts/build.sh" "$build" Release -DTUNEDESK_BUILD_TESTS=OFF -DTUNEDESK_BUILD_BENCH=ON -- \
  tunedesk-cli tunedesk-cli-engine tunedesk_train_bench
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$build/app/cli/tunedesk-cli" model make-tiny --arch llama --out "$work/llama-100m" --layers 10 --hidden 768 \
  --heads 12 --kv-heads 4 --intermediate 2048 --vocab 32000 --context 2048 --seed 1 >/dev/null
for method in lora sft; do
  ours=$("$build/bench/tunedesk_train_bench" "$work/llama-100m" --method "$method" "$@")
  peer=$(/usr/bin/python3 "$repo/bench/train_step.py" "$work/llama-100m" --method "$method" "$@")
  echo "$ours"
  echo "$peer"
  /usr/bin/python3 - "$ours" "$peer" <<'PY'
import json, sys
a, b = json.loads(sys.argv[1]), json.loads(sys.argv[2])
ratio = a["tokens_per_s"] / b["tokens_per_s"]
print(f"{a['method']}: TuneDesk {a['tokens_per_s']} tok/s, Python {b['tokens_per_s']} tok/s, ratio {ratio:.2f}x, "
      f"MFU {a['mfu']:.0%} of the {a['gemm_gflops']} GFLOP/s fp32 GEMM measured in the same process")
PY
done
