#!/usr/bin/env bash
# Fine-tuning end to end on the bundled demo model with the arithmetic
# sample, as a user runs it: for each method, train, then compare it with
# the base model on the training questions. Each must lower the loss by at
# least 90% against the base model and answer every question exactly
# (greedy), where the base model answers none, and keep the comparison with
# the run. P-Tuning v2, whose
# prefix alone has to steer a 4-layer random model, trains longest: at 300
# epochs it answers all 60 too, at 200 only 56-57 (docs/BENCHMARKS.md), so
# it runs 400 for a margin that another CPU's rounding cannot undo.
#   TUNEDESK_CLI=path/to/tunedesk-cli bash tests/e2e/finetune_demo.sh REPO_ROOT
set -euo pipefail
repo=${1:?usage: finetune_demo.sh REPO_ROOT}
cli=${TUNEDESK_CLI:?set TUNEDESK_CLI}
data="$repo/resources/samples/arithmetic.csv"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$repo/scripts/make-demo-model.sh" "$cli" "$work/demo" >/dev/null
failed=0

# check METHOD[@TAG] MIN_REDUCTION MIN_EXACT_FRACTION -- TRAIN OPTIONS...
check() {
  local method=${1%@*} min_reduction=$2 min_exact=$3
  local run=${1/@/-}  # the run's folder: lora, lora-bf16
  shift 4
  local started=$SECONDS
  if ! "$cli" train --model "$work/demo" --data "$data" --output "$work/$run" --method "$method" --val-ratio 0 \
      --batch-size 8 --save-steps 0 --logging-steps 50 "$@" >"$work/$run.log" 2>&1; then
    echo "FAIL: $method: training failed"; tail -20 "$work/$run.log"; failed=1; return
  fi
  # Base model and fine-tuned model answer every question; the run keeps the comparison (evaluation.json).
  "$cli" eval "$work/$run" --data "$data" --compare-base --max-new-tokens 16 --json \
    --export "$work/$run.comparison.jsonl" >"$work/$run.eval.json"
  python3 - "$run" "$min_reduction" "$min_exact" "$work/$run.eval.json" "$work/$run/evaluation.json" "$((SECONDS - started))" <<'PY' || failed=1
import json, sys
method, min_reduction, min_exact, path, stored, seconds = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6]
r = json.load(open(path))
reduction = 1 - r["eval_loss"] / r["base_eval_loss"]
c = r["comparison"]
n, tuned, base = c["count"], c["tuned"], c["base"]
print(f"{method}: loss {r['base_eval_loss']:.3f} -> {r['eval_loss']:.4f} ({reduction:.1%} lower), "
      f"exact answers {base['exact']}/{n} -> {tuned['exact']}/{n}, rouge-l {base['rouge-l']:.1f} -> {tuned['rouge-l']:.1f}, {seconds}s")
kept = json.load(open(stored))
ok = (reduction >= min_reduction and tuned["exact"] >= min_exact * n and base["exact"] == 0 and n == 60
      and len(kept["rows"]) == n and kept["tuned"]["exact"] == tuned["exact"])
if not ok:
    print(f"FAIL: {method} needs a reduction of at least {min_reduction:.0%}, at least {min_exact:.0%} of the answers exact "
          f"(the base model none), and the comparison kept with the run")
sys.exit(0 if ok else 1)
PY
  if [ "$failed" -ne 0 ]; then grep -v '"tuned_scores":{"bleu-4":[^,]*,"exact":true' "$work/$run.comparison.jsonl" | head -5; fi
}

# fp32 on every CPU, so that these figures compare across machines.
check sft 0.90 1 -- --lr 3e-3 --epochs 100 --dtype fp32
check lora 0.90 1 -- --lr 3e-3 --epochs 120 --rank 16 --alpha 32 --target-modules all-linear --dropout 0 --dtype fp32
check ptuning_v2 0.90 1 -- --lr 2e-2 --epochs 400 --num-virtual-tokens 128 --dtype fp32
# What --dtype auto trains in here: bf16 (fp32 masters) where the CPU has bf16
# matrix units. There the same LoRA run must answer every question as well;
# elsewhere bf16 products are ~5x slower than this whole test allows
# (docs/BENCHMARKS.md has the run made by hand on such a CPU). On a Zen 4
# EPYC (AVX512-BF16) this run takes about a minute, as fp32's does.
trains_in=$("$cli" model info "$work/demo" --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["training_dtype"])')
if [ "${trains_in%% *}" = bf16 ]; then
  check lora@bf16 0.90 1 -- --lr 3e-3 --epochs 120 --rank 16 --alpha 32 --target-modules all-linear --dropout 0 --dtype auto
else
  echo "skipped: LoRA in bf16: this machine trains in ${trains_in}"
fi
exit "$failed"
