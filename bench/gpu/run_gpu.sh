#!/usr/bin/env bash
# The GPU check, for a machine with an NVIDIA GPU and PyTorch installed
# (pip or conda; no Qt needed): builds the engine, the CLI, the engine tests
# and the benchmarks against that PyTorch's libtorch, then runs
#   1. the engine tests (on the CPU of that libtorch 2.x: the SDPA path),
#   2. generation and each fine-tuning method on the demo model with --device cuda (bf16),
#   3. data-parallel training: 2 processes on one GPU over Gloo, and over NCCL with 2 GPUs,
#   4. the training benchmark (~100M Llama, 512 tokens) on CUDA in bf16,
# and writes summary.txt and logs.tar.gz (every log) to $OUT (default: ./gpu-results). The
# summary's first lines name the machine's CPU: where it is a class not yet
# measured (AMX bf16 tiles, say), bench/gpu/run_host_cpu.sh measures it in
# the next call, with this build.
#   bash bench/gpu/pack_deps.sh     (on the development machine, once)
#   bash bench/gpu/run_gpu.sh       (on the lent one, carry: [".gpu-deps"])
# Needs cmake, a C++20 compiler, and TuneDesk's other libraries (the list:
# bench/gpu/pack_deps.sh). A lent machine has none and cannot fetch them:
# make .gpu-deps here with pack_deps.sh and carry it; this script then uses it.
# A libtorch built with the old C++ ABI (_GLIBCXX_USE_CXX11_ABI=0, older pip
# wheels) cannot link with system libraries built with the new one; the
# configure step says so.
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
out=${OUT:-$repo/gpu-results}
build="$repo/build/gpu"
# Only 8 files come back from a lent machine's $OUT: the logs are kept in
# one folder and packed into $out/logs.tar.gz at each step and at the end,
# beside summary.txt, so that a call stopped at its limit returns them too.
logs="$build-logs"
rm -rf "$logs"
mkdir -p "$out" "$logs"
pack() { tar -C "$logs" -czf "$out/logs.tar.gz.part" . && mv "$out/logs.tar.gz.part" "$out/logs.tar.gz"; }
trap pack EXIT
log() { pack; echo "== $*" | tee -a "$out/summary.txt"; }

prefix=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)') || { log "no PyTorch for python3"; exit 1; }
python3 -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda, "abi", torch.compiled_with_cxx11_abi(), torch.cuda.get_device_name(0) if torch.cuda.is_available() else "no GPU")' | tee -a "$out/summary.txt"
nvidia-smi >"$logs/nvidia-smi.txt" 2>&1
source "$repo/bench/cpu_class.sh"
describe_cpu_class | tee -a "$out/summary.txt"
source "$repo/bench/gpu/deps_env.sh"
[ -z "$gpu_deps_note" ] || echo "$gpu_deps_note" | tee -a "$out/summary.txt"
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
log "configure"
cmake -S "$repo" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$prefix" \
  -DTUNEDESK_BUILD_TESTS=ON -DTUNEDESK_BUILD_BENCH=ON "${gpu_deps_cmake_args[@]}" >"$logs/configure.log" 2>&1 || {
  tail -30 "$logs/configure.log"
  [ -n "$gpu_deps_note" ] || log "configure failed without .gpu-deps: make it with bench/gpu/pack_deps.sh and carry it"
  exit 1
}
log "build"
source "$repo/bench/gpu/build_targets.sh"
cmake --build "$build" -j "$(nproc)" --target "${gpu_build_targets[@]}" >"$logs/build.log" 2>&1 || { grep -m20 -E "error" "$logs/build.log"; exit 1; }
cli="$build/app/cli/tunedesk-cli"

log "engine tests (libtorch 2.x, CPU)"
"$build/tests/tunedesk_engine_tests" >"$logs/engine_tests.log" 2>&1
tail -3 "$logs/engine_tests.log" | tee -a "$out/summary.txt"

work=$(mktemp -d)
"$repo/scripts/make-demo-model.sh" "$cli" "$work/demo" >/dev/null
log "generate on cuda"
"$cli" generate "$work/demo" --chat --prompt "1+1" --max-new-tokens 8 --device cuda >"$logs/generate.log" 2>&1
tail -1 "$logs/generate.log" | tee -a "$out/summary.txt"
data="$repo/resources/samples/arithmetic.csv"
for spec in "sft --lr 3e-3 --epochs 100" "lora --lr 3e-3 --epochs 120 --rank 16 --alpha 32 --target-modules all-linear --dropout 0" \
            "ptuning_v2 --lr 1e-2 --epochs 120 --num-virtual-tokens 64"; do
  set -- $spec
  method=$1
  shift
  log "train $method on cuda"
  "$cli" train --model "$work/demo" --data "$data" --output "$work/$method" --method "$method" --val-ratio 0 \
    --batch-size 8 --save-steps 0 --logging-steps 100 --device cuda "$@" >"$logs/train_$method.log" 2>&1
  tail -2 "$logs/train_$method.log" | tee -a "$out/summary.txt"
  "$cli" eval "$work/$method" --data "$data" --generate --max-new-tokens 16 --device cuda >"$logs/eval_$method.log" 2>&1
  cat "$logs/eval_$method.log" | tee -a "$out/summary.txt"
done

# Data parallel on CUDA: two processes sharing this GPU over Gloo (NCCL
# refuses two ranks on one device), and over NCCL when there are two GPUs.
log "data parallel on cuda: 2 processes, one GPU, Gloo"
TUNEDESK_DIST_BACKEND=gloo "$cli" train --model "$work/demo" --data "$data" --output "$work/dp-gloo" --val-ratio 0 \
  --batch-size 4 --max-steps 20 --save-steps 10 --device cuda:0 --nproc 2 >"$logs/train_dp_gloo.log" 2>&1
tail -3 "$logs/train_dp_gloo.log" | tee -a "$out/summary.txt"
if [ "$(nvidia-smi -L 2>/dev/null | wc -l)" -ge 2 ]; then
  log "data parallel on cuda: 2 GPUs, NCCL (--zero1)"
  "$cli" train --model "$work/demo" --data "$data" --output "$work/dp-nccl" --val-ratio 0 --method sft --lr 1e-4 \
    --batch-size 4 --max-steps 20 --save-steps 10 --device cuda --nproc 2 --zero1 >"$logs/train_dp_nccl.log" 2>&1
  tail -3 "$logs/train_dp_nccl.log" | tee -a "$out/summary.txt"
fi

log "training benchmark on cuda (bf16)"
"$cli" model make-tiny --arch llama --out "$work/llama-100m" --layers 10 --hidden 768 --heads 12 --kv-heads 4 \
  --intermediate 2048 --vocab 32000 --context 2048 --seed 1 >/dev/null
for method in lora sft; do
  "$build/bench/tunedesk_train_bench" "$work/llama-100m" --method "$method" --device cuda --steps 10 2>&1 | tee -a "$out/summary.txt"
done
rm -rf "$work"
log "done; results in $out"
