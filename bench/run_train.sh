#!/usr/bin/env bash
# Training benchmark: a ~100M-parameter Llama-shaped model with random
# weights, one 512-token sequence of real text per step (the README's, in the
# Mistral tokenizer of ../shared/reference when present), 2 threads on the
# CPU; LoRA (r=8 on q_proj, v_proj) and full fine-tuning, each timed in
# TuneDesk's trainer and, in the same run, in the same step written in Python
# with Debian's python3-torch (bench/train_step.py, run by /usr/bin/python3),
# on the same token ids. The model learns the text over the steps (the loss
# falls), so whatever learning does to the numbers shows in the step times:
# each side reports the mean step of its first and last fifth.
#
# The peer runs in fp32 and with bf16 autocast (PyTorch's mixed precision);
# a one-step probe of autocast decides whether it takes part (on a CPU without
# bf16 units it is slower than fp32), and the faster configuration of each
# round is the peer's best, which the ratio is taken against. The two sides
# take turns for --rounds rounds (default 2), so that a neighbour's load on
# this shared machine falls on both; prints every round, the medians, the
# median of the rounds' ratios, and the MFU against the GEMM rate of the
# dtype TuneDesk trains in (--dtype auto), measured in the same process.
#   bench/run_train.sh [--rounds N] [--seq N] [--steps N (20)] [--threads N] [--prompt N] [--cpu-class C]
#                      [--python PY]
# TUNEDESK_BENCH_BUILD: an existing build folder, used as it is. --cpu-class
# avx2|avx|sse42 imitates a smaller CPU class on both sides (bench/cpu_class.sh);
# without it, OPENBLAS_CORETYPE is left as the machine sets it.
# --python: the peer's interpreter, with its PyTorch (default /usr/bin/python3,
# Debian's python3-torch, which scripts/install-deps.sh --bench installs; any
# other is used as it is, and nothing is installed: bench/gpu/run_host_cpu.sh).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
source "$repo/bench/cpu_class.sh"
rounds=2 seq=512 steps=20 class=native python=
args=()
while [ $# -gt 0 ]; do
  case $1 in
    --rounds) rounds=$2; shift 2 ;;
    --seq) seq=$2; args+=("$1" "$2"); shift 2 ;;
    --steps) steps=$2; shift 2 ;;
    --cpu-class) class=$2; shift 2 ;;
    --python) python=$2; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
args+=(--steps "$steps")
imitate_cpu_class "$class"
if [ -z "$python" ]; then
  "$repo/scripts/install-deps.sh" --bench
  python=/usr/bin/python3
fi
build=${TUNEDESK_BENCH_BUILD:-}
if [ -z "$build" ]; then
  build="$repo/build/release"
  "$repo/scripts/build.sh" "$build" Release -DTUNEDESK_BUILD_TESTS=OFF -DTUNEDESK_BUILD_BENCH=ON -- \
    tunedesk-cli tunedesk-cli-engine tunedesk_train_bench
fi
cli="$build/app/cli/tunedesk-cli"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
describe_cpu_class
tokenizer=()
mistral="$repo/../shared/reference/tokenizers/mistral"
if [ -f "$mistral/tokenizer.json" ]; then tokenizer=(--tokenizer "$mistral"); else
  echo "(no ../shared/reference: the text is tokenized by a generated tokenizer, fewer distinct ids)"; fi
"$cli" model make-tiny --arch llama --out "$work/llama-100m" --layers 10 --hidden 768 \
  --heads 12 --kv-heads 4 --intermediate 2048 --vocab 32000 --context 2048 --seed 1 "${tokenizer[@]}" >/dev/null
# The README's lines as one stream of ids (a BOS only at the start), cut to the sequence.
grep -v '^[[:space:]]*$' "$repo/README.md" >"$work/text.txt"
"$cli" tokenize "$work/llama-100m" "$work/text.txt" --no-special >"$work/lines.jsonl"
"$python" - "$work/lines.jsonl" "$seq" "$work/ids.json" <<'PY'
import json, sys
ids = [1]
for line in open(sys.argv[1]):
    ids += json.loads(line)
n = int(sys.argv[2])
assert len(ids) >= n, f"the README has {len(ids)} tokens, fewer than {n}"
json.dump(ids[:n], open(sys.argv[3], "w"))
PY
args+=(--ids "$work/ids.json")
echo "peer: $python, PyTorch $("$python" -c 'import torch; print(torch.__version__)'), $seq tokens of the README, $steps timed steps"
for method in lora sft; do
  : >"$work/$method.jsonl"
  # Learning rates at which both methods learn the text visibly within the run.
  lr=$([ "$method" = lora ] && echo 1e-3 || echo 1e-4)
  # The probe: one timed step of 64 tokens each way (autocast on a CPU without bf16 units is ~20x slower).
  probe=$("$python" "$repo/bench/train_step.py" "$work/llama-100m" --method "$method" --lr "$lr" "${args[@]}" --steps 1 --seq 64 --autocast bf16)
  plain=$("$python" "$repo/bench/train_step.py" "$work/llama-100m" --method "$method" --lr "$lr" "${args[@]}" --steps 1 --seq 64)
  with_autocast=$("$python" -c 'import json, sys; a, b = json.loads(sys.argv[1]), json.loads(sys.argv[2]); print("yes" if a["tokens_per_s"] > 0.8 * b["tokens_per_s"] else "no")' "$probe" "$plain")
  echo "$method: peer probe, a step of 64 tokens: bf16 autocast $(echo "$probe" | sed 's/.*"tokens_per_s": \([0-9.]*\).*/\1/') tok/s," \
       "fp32 $(echo "$plain" | sed 's/.*"tokens_per_s": \([0-9.]*\).*/\1/') tok/s: autocast $([ "$with_autocast" = yes ] && echo "takes part" || echo "left out (under 0.8x fp32 on this CPU)")"
  for round in $(seq "$rounds"); do
    ours=$("$build/bench/tunedesk_train_bench" "$work/llama-100m" --method "$method" --lr "$lr" "${args[@]}")
    peer=$("$python" "$repo/bench/train_step.py" "$work/llama-100m" --method "$method" --lr "$lr" "${args[@]}")
    peer_bf16=null
    [ "$with_autocast" = yes ] && peer_bf16=$("$python" "$repo/bench/train_step.py" "$work/llama-100m" --method "$method" --lr "$lr" "${args[@]}" --autocast bf16)
    echo "$ours"
    echo "$peer"
    [ "$peer_bf16" = null ] || echo "$peer_bf16"
    echo "{\"round\": $round, \"ours\": $ours, \"peer\": $peer, \"peer_bf16\": $peer_bf16}" >>"$work/$method.jsonl"
  done
  "$python" - "$work/$method.jsonl" <<'PY'
import json, statistics, sys
rounds = [json.loads(line) for line in open(sys.argv[1])]
def best(r):
    options = [r["peer"]] + ([r["peer_bf16"]] if r["peer_bf16"] else [])
    return max(options, key=lambda p: p["tokens_per_s"])
ours = [r["ours"]["tokens_per_s"] for r in rounds]
peer = [best(r)["tokens_per_s"] for r in rounds]
ratios = [a / b for a, b in zip(ours, peer)]
mfu = statistics.median(r["ours"]["mfu"] for r in rounds)
gemm = statistics.median(r["ours"]["gemm_gflops"] for r in rounds)
first = rounds[0]["ours"]
configs = sorted({"bf16 autocast" if best(r)["autocast"] == "bf16" else "fp32" for r in rounds})
def flat(side):
    return ", ".join(f"{s['first_fifth_step_s']:.2f} -> {s['last_fifth_step_s']:.2f} s" for s in side)
print(f"{first['method']} (seq {first['seq']}, trained tokens {first['trained_tokens']}): "
      f"TuneDesk {statistics.median(ours):.1f} tok/s, Python's best ({'/'.join(configs)}) {statistics.median(peer):.1f} tok/s, "
      f"ratio {statistics.median(ratios):.2f}x (rounds: {', '.join(f'{r:.2f}' for r in ratios)}), "
      f"MFU {mfu:.0%} of the {gemm:.1f} GFLOP/s {first['device'].split()[-1]} GEMM measured in the same process "
      f"(TuneDesk trains in {first['device'].split()[-1]}: {first['dtype_why']})")
print(f"  step time, first fifth -> last fifth: TuneDesk {flat([r['ours'] for r in rounds])}; "
      f"Python {flat([best(r) for r in rounds])}")
print(f"  loss over the run: TuneDesk {first['loss_first']:.3f} -> {first['loss_last']:.3f}, "
      f"Python {rounds[0]['peer']['loss_first']:.3f} -> {rounds[0]['peer']['loss_last']:.3f}")
PY
done
