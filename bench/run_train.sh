#!/usr/bin/env bash
# Training benchmark: a ~100M-parameter Llama-shaped model with random
# weights, one 512-token sequence per step, 2 threads on the CPU; LoRA (r=8 on
# q_proj, v_proj) and full fine-tuning, each timed in TuneDesk's trainer and,
# in the same run, in the same step written in Python with Debian's
# python3-torch (bench/train_step.py, run by /usr/bin/python3: Debian's, not a
# virtualenv's). The two take turns for --rounds rounds (default 3), so that
# a neighbour's load on this shared machine falls on both; prints every
# round, the medians, the median of the rounds' ratios, and the MFU against
# the fp32 GEMM rate measured in the same process.
#   bench/run_train.sh [--rounds N] [--seq N] [--steps N] [--threads N] [--prompt N]
# OPENBLAS_CORETYPE is left as the machine sets it; export it to compare kernels.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
rounds=3
args=()
while [ $# -gt 0 ]; do
  if [ "$1" = "--rounds" ]; then rounds=$2; shift 2; else args+=("$1"); shift; fi
done
"$repo/scripts/install-deps.sh" --bench
build="$repo/build/release"
"$repo/scripts/build.sh" "$build" Release -DTUNEDESK_BUILD_TESTS=OFF -DTUNEDESK_BUILD_BENCH=ON -- \
  tunedesk-cli tunedesk-cli-engine tunedesk_train_bench
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$build/app/cli/tunedesk-cli" model make-tiny --arch llama --out "$work/llama-100m" --layers 10 --hidden 768 \
  --heads 12 --kv-heads 4 --intermediate 2048 --vocab 32000 --context 2048 --seed 1 >/dev/null
for method in lora sft; do
  : >"$work/$method.jsonl"
  for round in $(seq "$rounds"); do
    ours=$("$build/bench/tunedesk_train_bench" "$work/llama-100m" --method "$method" "${args[@]}")
    peer=$(/usr/bin/python3 "$repo/bench/train_step.py" "$work/llama-100m" --method "$method" "${args[@]}")
    echo "$ours"
    echo "$peer"
    echo "{\"round\": $round, \"ours\": $ours, \"peer\": $peer}" >>"$work/$method.jsonl"
  done
  /usr/bin/python3 - "$work/$method.jsonl" <<'PY'
import json, statistics, sys
rounds = [json.loads(line) for line in open(sys.argv[1])]
ours = [r["ours"]["tokens_per_s"] for r in rounds]
peer = [r["peer"]["tokens_per_s"] for r in rounds]
ratios = [a / b for a, b in zip(ours, peer)]
mfu = statistics.median(r["ours"]["mfu"] for r in rounds)
gemm = statistics.median(r["ours"]["gemm_gflops"] for r in rounds)
first = rounds[0]["ours"]
print(f"{first['method']} (seq {first['seq']}, trained tokens {first['trained_tokens']}): "
      f"TuneDesk {statistics.median(ours):.1f} tok/s, Python {statistics.median(peer):.1f} tok/s, "
      f"ratio {statistics.median(ratios):.2f}x (rounds: {', '.join(f'{r:.2f}' for r in ratios)}), "
      f"MFU {mfu:.0%} of the {gemm:.1f} GFLOP/s fp32 GEMM measured in the same process")
PY
done
