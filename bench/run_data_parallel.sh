#!/usr/bin/env bash
# Data-parallel scaling on this machine: the same training (same global
# batch, same steps) on 1 process and on 2 processes over Gloo, LoRA and full
# SFT, on a small Llama-shaped model (4 layers, hidden 256) with random
# weights and ~250-token examples. Prints tokens/s of each and the scaling efficiency
#   2-process tokens/s / (2 x 1-process-with-1-thread tokens/s)
# (each process gets one of the cores; the 1-process run with every core is
# shown too), then the peak memory of each process for full SFT with and
# without ZeRO stage 1 (--zero1).
#   bench/run_data_parallel.sh [--steps N]
# OPENBLAS_CORETYPE is left as the machine sets it.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
steps=10
[ "${1:-}" = "--steps" ] && steps=${2:?}
"$repo/scripts/install-deps.sh"
build="$repo/build/release"
"$repo/scripts/build.sh" "$build" Release -DTUNEDESK_BUILD_TESTS=OFF -- tunedesk-cli tunedesk-cli-engine
cli="$build/app/cli/tunedesk-cli"
engine="$build/app/cli/tunedesk-cli-engine"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$cli" model make-tiny --arch llama --out "$work/model" --layers 4 --hidden 256 --heads 4 --kv-heads 2 \
  --intermediate 704 --context 1024 --seed 1 >/dev/null
/usr/bin/python3 - "$work/data.csv" <<'PY'
import csv, random, sys
random.seed(3)
words = "the model learns to answer questions about numbers letters and simple facts in a short sentence".split()
with open(sys.argv[1], "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["text", "result"])
    for i in range(256):
        w.writerow([" ".join(random.choice(words) for _ in range(60)), " ".join(random.choice(words) for _ in range(60))])
PY

# run NAME THREADS NPROC ARGS...: trains, prints the run's tokens/s
run() {
  local name=$1 threads=$2 nproc=$3
  shift 3
  local extra=()
  [ "$nproc" -gt 1 ] && extra=(--nproc "$nproc")
  OMP_NUM_THREADS=$threads "$engine" train --model "$work/model" --data "$data" --output "$work/$name" --val-ratio 0 \
    --max-steps "$steps" --save-steps 0 --logging-steps "$steps" --dropout 0 "${extra[@]}" "$@" >"$work/$name.log" 2>&1 ||
    { cat "$work/$name.log" >&2; exit 1; }
  /usr/bin/python3 -c 'import json,sys; print(round(json.loads(open(sys.argv[1]).readlines()[-1])["tokens_per_s"]))' \
    "$work/$name/metrics.jsonl"
}
data="$work/data.csv"
echo "model: $(grep -o '"num_hidden_layers": [0-9]*' "$work/model/config.json"), hidden 256; $steps steps of 8 examples (global batch)"
for method in lora sft; do
  lr=2e-4; [ "$method" = sft ] && lr=1e-5
  one_1=$(run "$method-1x1" 1 1 --method "$method" --lr $lr --batch-size 4 --grad-accum 2)
  one_2=$(run "$method-1x2" 2 1 --method "$method" --lr $lr --batch-size 4 --grad-accum 2)
  two_1=$(run "$method-2x1" 1 2 --method "$method" --lr $lr --batch-size 4 --grad-accum 1)
  /usr/bin/python3 -c "
import sys
o1, o2, t1 = map(float, sys.argv[1:])
print(f'$method: 1 process x 1 thread {o1:.0f} tok/s | 1 process x 2 threads {o2:.0f} tok/s | '
      f'2 processes x 1 thread {t1:.0f} tok/s | scaling efficiency {t1 / (2 * o1):.0%} | 2 processes vs 1x2 threads {t1 / o2:.2f}x')
" "$one_1" "$one_2" "$two_1"
done

# Peak resident memory of each of 2 processes, full SFT of a ~100M-parameter
# model (where AdamW's state, 8 bytes per parameter, is visible), with and without ZeRO stage 1.
"$cli" model make-tiny --arch llama --out "$work/big" --layers 10 --hidden 768 --heads 12 --kv-heads 4 \
  --intermediate 2048 --vocab 32000 --seed 1 >/dev/null
peak_per_rank() {  # NAME ARGS...: max RSS in MiB of rank 0 and rank 1
  local name=$1
  shift
  local port
  port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  for rank in 0 1; do
    MASTER_ADDR=127.0.0.1 MASTER_PORT=$port WORLD_SIZE=2 RANK=$rank OMP_NUM_THREADS=1 \
      /usr/bin/time -f "%M" -o "$work/$name.rss$rank" "$engine" train --model "$work/big" \
      --data "$repo/resources/samples/arithmetic.csv" --output "$work/$name" --val-ratio 0 --max-steps 2 --save-steps 0 \
      --method sft --lr 1e-5 --batch-size 1 "$@" \
      >"$work/$name.$rank.log" 2>&1 &
  done
  wait
  echo "$(( $(cat "$work/$name.rss0") / 1024 )) $(( $(cat "$work/$name.rss1") / 1024 ))"
}
plain=$(peak_per_rank mem-plain)
zero=$(peak_per_rank mem-zero --zero1)
params=$(grep -o '[0-9]* trainable parameters' "$work/mem-plain.0.log" | cut -d' ' -f1)
echo "full SFT of $params parameters on 2 processes, peak memory per process (rank 0, rank 1): without ZeRO $plain MiB, with --zero1 $zero MiB (AdamW state $((params * 8 / 1048576)) MiB in all)"
