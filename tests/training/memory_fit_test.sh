#!/usr/bin/env bash
# The memory estimate against what training really holds: short CPU runs
# (the demo model, and a larger make-tiny model of ~58M parameters with a
# 32,000-entry vocabulary; LoRA, P-Tuning v2 and full fine-tuning, with and
# without gradient checkpointing) record their estimate and their peak
# resident memory in RUN/memory.json; each estimate must be within ±25% of
# its peak. Then a run whose estimate is over --memory-limit is refused
# before the model is loaded, saying the change that would fit, and starts
# with --no-memory-check. (~1.5 minutes on 2 cores.)
#   TUNEDESK_CLI=path bash memory_fit_test.sh REPO_ROOT DEMO_MODEL_DIR
set -u
repo=${1:?usage: memory_fit_test.sh REPO_ROOT DEMO_MODEL_DIR}
demo=${2:?usage: memory_fit_test.sh REPO_ROOT DEMO_MODEL_DIR}
cli=${TUNEDESK_CLI:?set TUNEDESK_CLI}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

"$cli" model make-tiny --arch llama --out "$work/larger" --layers 8 --hidden 512 --heads 8 --kv-heads 4 \
  --intermediate 1536 --vocab 32000 --context 2048 --seed 3 >/dev/null || { echo "FAIL: make-tiny"; exit 1; }
# Rows far longer than the cutoffs below, so that every row is cut to the
# cutoff: each run trains one sequence length.
python3 - "$work/long.csv" <<'PY'
import csv, random, sys
random.seed(5)
words = "the quick brown fox jumps over a lazy dog and runs far into the green forest where tall trees grow".split()
with open(sys.argv[1], "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["text", "result"])
    for _ in range(24):
        w.writerow([" ".join(random.choice(words) for _ in range(500)), " ".join(random.choice(words) for _ in range(500))])
PY

# Every run in fp32 (the formula was calibrated on fp32 CPU peaks; --dtype auto
# would train in bf16 on a CPU with bf16 units).
# measure NAME MODEL DATA ARGS...: trains 2 steps and compares memory.json's estimate with the peak.
measure() {
  local name=$1 model=$2 data=$3
  shift 3
  local out="$work/$name"
  if ! "$cli" train --dtype fp32 --model "$model" --data "$data" --output "$out" --max-steps 2 --save-steps 0 --val-ratio 0.1 \
      "$@" >"$out.log" 2>&1; then
    fail "$name: training failed"; tail -5 "$out.log"; return
  fi
  if python3 - "$out/memory.json" "$name" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
estimate, peak = m["estimate"]["total"], m["peak_resident"]
ratio = estimate / peak
print(f"{sys.argv[2]:28s} estimate {estimate / 1e6:7.0f} MB  peak {peak / 1e6:7.0f} MB  ratio {ratio:.2f}")
sys.exit(0 if 0.75 <= ratio <= 1.25 else 1)
PY
  then passed=$((passed + 1)); else fail "$name: the estimate is not within 25% of the measured peak"; fi
}

arith="$repo/resources/samples/arithmetic.csv"
measure demo-lora "$demo" "$arith" --method lora
measure demo-ptuning "$demo" "$arith" --method ptuning_v2
measure demo-sft "$demo" "$arith" --method sft
long="$work/long.csv"
measure larger-lora "$work/larger" "$long" --method lora --batch-size 4 --cutoff-len 512
measure larger-lora-checkpointing "$work/larger" "$long" --method lora --batch-size 4 --cutoff-len 512 --gradient-checkpointing
measure larger-lora-all-linear "$work/larger" "$long" --method lora --batch-size 2 --cutoff-len 1024 --target-modules all-linear
measure larger-ptuning "$work/larger" "$long" --method ptuning_v2 --batch-size 4 --cutoff-len 256
measure larger-ptuning-checkpointing "$work/larger" "$long" --method ptuning_v2 --batch-size 4 --cutoff-len 256 --gradient-checkpointing
measure larger-sft "$work/larger" "$long" --method sft --batch-size 4 --cutoff-len 512
measure larger-sft-checkpointing "$work/larger" "$long" --method sft --batch-size 4 --cutoff-len 512 --gradient-checkpointing

# A limit below the estimate: refused before loading, with the reason and the change that fits.
"$cli" train --dtype fp32 --model "$work/larger" --data "$long" --output "$work/refused" --max-steps 2 --save-steps 0 \
  --method sft --batch-size 4 --cutoff-len 512 --memory-limit 1.7 >"$work/refused.log" 2>&1
code=$?
if [ "$code" -ne 0 ] && grep -q "needs about .* more than the 1.70 GB available (memory_limit_gb)" "$work/refused.log" &&
   grep -q "It would fit with: gradient_checkpointing: true" "$work/refused.log" && [ ! -e "$work/refused/memory.json" ] &&
   ! grep -q "^step " "$work/refused/train.log" 2>/dev/null; then
  passed=$((passed + 1))
else
  fail "a run over --memory-limit was not refused as it should be (exit $code)"; cat "$work/refused.log"
fi
# The suggested change fits under the same limit.
measure larger-sft-suggested "$work/larger" "$long" --method sft --batch-size 4 --cutoff-len 512 --memory-limit 1.7 \
  --gradient-checkpointing
# Started anyway: the override is recorded.
if "$cli" train --dtype fp32 --model "$work/larger" --data "$long" --output "$work/forced" --max-steps 1 --save-steps 0 \
     --method lora --batch-size 1 --cutoff-len 128 --memory-limit 0.1 --no-memory-check >"$work/forced.log" 2>&1 &&
   grep -q "over it, started anyway (check_memory: false)" "$work/forced/train.log" &&
   python3 -c "import json,sys; sys.exit(json.load(open('$work/forced/memory.json'))['fits'] is not False)"; then
  passed=$((passed + 1))
else
  fail "--no-memory-check did not start the run over the limit"; tail -5 "$work/forced.log"
fi

echo "memory fit: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
