#!/usr/bin/env bash
# Data-parallel training on 2 CPU processes over Gloo on 127.0.0.1:
#  - LoRA through `--nproc 2` and full SFT through torchrun-style variables
#    follow the 1-process run with the same global batch: the same losses,
#    byte-identical adapter/model (one thread per process, so that both runs
#    sum in the same order);
#  - a killed process makes the other stop with a clear error, a stopped
#    (hung) one makes it stop at the timeout; the last checkpoint resumes;
#  - with ZeRO stage 1 (--zero1) the model is the same, and its checkpoints resume exactly;
#  - resuming with another number of processes is refused, saying why.
#   TUNEDESK_CLI_ENGINE=path bash data_parallel_test.sh REPO_ROOT MODEL_DIR
set -u
repo=${1:?usage: data_parallel_test.sh REPO_ROOT MODEL_DIR}
model=${2:?usage: data_parallel_test.sh REPO_ROOT MODEL_DIR}
engine=${TUNEDESK_CLI_ENGINE:?set TUNEDESK_CLI_ENGINE}
data="$repo/resources/samples/arithmetic.csv"
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done; rm -rf "$work"; }
trap cleanup EXIT
export OMP_NUM_THREADS=1
passed=0
failed=0
ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

# fp32 on every CPU: equal sums in any order are an fp32 claim (on a CPU with
# bf16 units --dtype auto would train in bf16).
train() {  # train OUT_DIR ARGS... (output in OUT_DIR.log)
  local out=$1
  shift
  "$engine" train --model "$model" --data "$data" --output "$out" --seed 7 --dropout 0 --dtype fp32 "$@" >"$out.log" 2>&1
}

# start_rank RANK PORT OUT_DIR ARGS...: one process of a 2-process run, as torchrun starts it
start_rank() {
  local rank=$1 port=$2 out=$3
  shift 3
  MASTER_ADDR=127.0.0.1 MASTER_PORT=$port WORLD_SIZE=2 RANK=$rank LOCAL_RANK=$rank LOCAL_WORLD_SIZE=2 \
    "$engine" train --model "$model" --data "$data" --output "$out" --seed 7 --dropout 0 --dtype fp32 "$@" >"$out.rank$rank.log" 2>&1 &
  pids+=($!)
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# same_losses A/metrics.jsonl B/metrics.jsonl: every step's loss and eval loss within 1e-6 (relative)
same_losses() {
  python3 - "$1" "$2" <<'PY'
import json, sys
def rows(p): return [json.loads(l) for l in open(p) if '"loss"' in l]
a, b = rows(sys.argv[1]), rows(sys.argv[2])
assert len(a) == len(b) and a, f"{len(a)} vs {len(b)} steps"
for x, y in zip(a, b):
    for key in ("step", "loss", "eval_loss", "grad_norm"):
        if key in x or key in y:
            assert abs(x[key] - y[key]) <= 1e-6 * max(1.0, abs(x[key])), f"step {x['step']}: {key} {x[key]} vs {y[key]}"
PY
}

# ---- LoRA: --nproc 2 with batch 2 == 1 process with batch 2 x 2 accumulated --------------------
train "$work/lora1" --max-steps 8 --batch-size 2 --grad-accum 2 --save-steps 4 --eval-steps 4 || fail "1-process LoRA run: $(tail -3 "$work/lora1.log")"
train "$work/lora2" --max-steps 8 --batch-size 2 --save-steps 4 --eval-steps 4 --nproc 2 || fail "2-process LoRA run: $(tail -5 "$work/lora2.log")"
if same_losses "$work/lora1/metrics.jsonl" "$work/lora2/metrics.jsonl"; then ok; else fail "LoRA loss trajectories differ"; fi
if cmp -s "$work/lora1/adapter/adapter_model.safetensors" "$work/lora2/adapter/adapter_model.safetensors"; then ok
else fail "the 2-process LoRA adapter differs from the 1-process one"; fi
grep -q '"processes": 2' "$work/lora2/config.json" && grep -q '"global_batch": 4' "$work/lora2/config.json" && ok ||
  fail "config.json does not record 2 processes and the global batch 4"
grep -q "global batch 4 = 2 per process x 1 accumulated x 2 processes" "$work/lora2.log" && ok || fail "the global batch is not reported"
[ "$(grep -c '^step ' "$work/lora2.log")" -eq 8 ] && ok || fail "process 0 alone should report the 8 steps: $(grep -c '^step ' "$work/lora2.log")"
# LoRA's gradients (one bucket a step) are sent from the backward hook; with
# gradient checkpointing they wait for the end of backward.
grep -q "Gradient sums: 8 of 8 buckets sent while backward was still running" "$work/lora2.log" && ok ||
  fail "the gradient sums did not overlap backward: $(grep 'Gradient sums' "$work/lora2.log")"
train "$work/lora_ckpt" --max-steps 8 --batch-size 2 --save-steps 4 --eval-steps 4 --nproc 2 --gradient-checkpointing ||
  fail "2-process LoRA with gradient checkpointing: $(tail -5 "$work/lora_ckpt.log")"
grep -q "Gradient sums: 0 of 8 buckets" "$work/lora_ckpt.log" && ok || fail "$(grep 'Gradient sums' "$work/lora_ckpt.log")"
if cmp -s "$work/lora1/adapter/adapter_model.safetensors" "$work/lora_ckpt/adapter/adapter_model.safetensors"; then ok
else fail "the 2-process LoRA adapter with gradient checkpointing differs from the 1-process one"; fi

# ---- full SFT through the torchrun-style environment -----------------------------------------
train "$work/sft1" --method sft --lr 1e-4 --max-steps 4 --batch-size 2 --grad-accum 2 --save-steps 0 || fail "1-process SFT: $(tail -3 "$work/sft1.log")"
port=$(free_port)
start_rank 0 "$port" "$work/sft2" --method sft --lr 1e-4 --max-steps 4 --batch-size 2 --save-steps 0
start_rank 1 "$port" "$work/sft2" --method sft --lr 1e-4 --max-steps 4 --batch-size 2 --save-steps 0
wait "${pids[0]}" && wait "${pids[1]}" || fail "2-process SFT: $(tail -3 "$work/sft2.rank0.log") $(tail -3 "$work/sft2.rank1.log")"
pids=()
if same_losses "$work/sft1/metrics.jsonl" "$work/sft2/metrics.jsonl"; then ok; else fail "SFT loss trajectories differ"; fi
if cmp -s "$work/sft1/model/model.safetensors" "$work/sft2/model/model.safetensors"; then ok
else fail "the 2-process model differs from the 1-process one"; fi
# Gloo's own connection notes (newer Gloo prints "[…/context.cc:243] INFO Rank 0 is connected to 1") are its, not ours.
if ! grep -v -E '^\[[^]]*gloo[^]]*\] INFO ' "$work/sft2.rank1.log" | grep -q .; then ok
else fail "process 1 should print nothing: $(head -3 "$work/sft2.rank1.log")"; fi

# ---- ZeRO stage 1 (optimizer state sharded): the same model, whole checkpoints that resume ---
train "$work/zero" --method sft --lr 1e-4 --max-steps 4 --batch-size 2 --save-steps 2 --nproc 2 --zero1 ||
  fail "2-process ZeRO-1 SFT: $(tail -3 "$work/zero.log")"
if cmp -s "$work/sft1/model/model.safetensors" "$work/zero/model/model.safetensors"; then ok
else fail "the ZeRO-1 model differs from the 1-process one"; fi
mkdir -p "$work/zero_resumed/checkpoints" && cp -r "$work/zero/checkpoints/checkpoint-2" "$work/zero_resumed/checkpoints/"
train "$work/zero_resumed" --method sft --lr 1e-4 --max-steps 4 --batch-size 2 --save-steps 2 --nproc 2 --zero1 --resume ||
  fail "resuming ZeRO-1: $(tail -3 "$work/zero_resumed.log")"
if cmp -s "$work/sft1/model/model.safetensors" "$work/zero_resumed/model/model.safetensors"; then ok
else fail "the ZeRO-1 run resumed from step 2 differs from the uninterrupted one"; fi

# ---- a process killed mid-run ----------------------------------------------------------------
wait_for_checkpoint() {  # DIR STEP: until DIR/checkpoints/checkpoint-STEP/state.json exists (30 s at most)
  for _ in $(seq 300); do [ -f "$1/checkpoints/checkpoint-$2/state.json" ] && return 0; sleep 0.1; done
  return 1
}
port=$(free_port)
export TUNEDESK_DIST_TIMEOUT_S=20
start_rank 0 "$port" "$work/killed" --max-steps 3000 --batch-size 2 --save-steps 3
start_rank 1 "$port" "$work/killed" --max-steps 3000 --batch-size 2 --save-steps 3
if wait_for_checkpoint "$work/killed" 6; then
  kill -9 "${pids[1]}"
  wait "${pids[1]}" 2>/dev/null
  start=$(date +%s)
  wait "${pids[0]}"
  code=$?
  took=$(($(date +%s) - start))
  pids=()
  [ "$code" -ne 0 ] && ok || fail "process 0 went on after process 1 was killed"
  [ "$took" -le 20 ] && ok || fail "process 0 took ${took}s to stop (timeout 20 s)"
  grep -q "training process 0 of 2: summing" "$work/killed.rank0.log" && grep -q "another training process stopped" "$work/killed.rank0.log" && ok ||
    fail "process 0's error (exit code $code) does not say what happened: $(tail -3 "$work/killed.rank0.log")"
  last=$(ls "$work/killed/checkpoints" | grep -v tmp | sed 's/checkpoint-//' | sort -n | tail -1)
  # Resuming with another number of processes is refused, naming the number to use.
  train "$work/killed" --batch-size 2 --save-steps 3 --resume --max-steps $((last + 2)) &&
    fail "resuming a 2-process checkpoint with 1 process was accepted"
  grep -q "written by a run on 2 processes; resume it with the same number (--nproc 2" "$work/killed.log" && ok ||
    fail "the refusal does not say why: $(cat "$work/killed.log")"
  # The newest complete checkpoint resumes on 2 processes and finishes.
  train "$work/killed" --batch-size 2 --save-steps 3 --nproc 2 --resume --max-steps $((last + 2)) &&
    [ -f "$work/killed/adapter/adapter_model.safetensors" ] && grep -q "resumed from step $last" "$work/killed.log" && ok ||
    fail "resuming after the kill: $(tail -5 "$work/killed.log")"
else
  fail "no checkpoint-6 within 30 s: $(tail -3 "$work/killed.rank0.log")"
fi

# ---- a process that hangs (stopped): the other gives up at the timeout ------------------------
port=$(free_port)
export TUNEDESK_DIST_TIMEOUT_S=4
start_rank 0 "$port" "$work/hung" --max-steps 3000 --batch-size 2 --save-steps 3
start_rank 1 "$port" "$work/hung" --max-steps 3000 --batch-size 2 --save-steps 3
if wait_for_checkpoint "$work/hung" 3; then
  kill -STOP "${pids[1]}"
  start=$(date +%s)
  wait "${pids[0]}"
  code=$?
  took=$(($(date +%s) - start))
  kill -9 "${pids[1]}"
  wait "${pids[1]}" 2>/dev/null
  pids=()
  [ "$code" -ne 0 ] && ok || fail "process 0 went on while process 1 hung"
  [ "$took" -le 15 ] && ok || fail "process 0 took ${took}s to give up (timeout 4 s)"
  grep -qi "timed out\|timeout" "$work/hung.rank0.log" && ok || fail "the error does not mention the timeout: $(tail -3 "$work/hung.rank0.log")"
else
  fail "no checkpoint-3 within 30 s: $(tail -3 "$work/hung.rank0.log")"
fi

echo "data parallel: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
