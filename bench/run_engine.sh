#!/usr/bin/env bash
# Engine benchmark: writes a ~100M-parameter Llama-shaped model with random
# weights (tunedesk-cli model make-tiny), then measures load (peak RSS),
# prefill and decode tokens/s on the CPU, once per form decoding reads the
# weights in (unpacked fp32 through libtorch; packed fp32, bf16, q8_0). With
# the reference root present (tools/reference/root.sh), llama.cpp's
# llama-bench runs the same weights (exported by TuneDesk as F32, BF16 and
# Q8_0 GGUF, which llama.cpp's converter writes byte for byte alike) with the
# same threads, prompt and new tokens, taking turns with TuneDesk, --rounds
# times; the ratio of each round is printed.
#   bench/run_engine.sh [--threads N] [--prompt N] [--new N] [--rounds N] [--cpu-class C]
# (the build at the time of docs/BENCHMARKS.md's figures is named there)
# --cpu-class avx2|avx|sse42 imitates a smaller CPU class on both sides
# (bench/cpu_class.sh: libtorch's, OpenBLAS's, oneDNN's and TuneDesk's kernel
# levels, and llama.cpp left only that class's CPU backend); without it,
# OPENBLAS_CORETYPE and TUNEDESK_CPU_KERNELS are left as set.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
source "$repo/bench/cpu_class.sh"
threads=2 prompt=128 new=64 rounds=2 class=native
while [ $# -gt 0 ]; do
  case $1 in
    --threads) threads=$2; shift 2 ;;
    --prompt) prompt=$2; shift 2 ;;
    --new) new=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --cpu-class) class=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
imitate_cpu_class "$class"
# TUNEDESK_BENCH_BUILD: an existing build folder to use as it is (else build/release is built).
build=${TUNEDESK_BENCH_BUILD:-}
if [ -z "$build" ]; then
  "$repo/scripts/install-deps.sh"
  build="$repo/build/release"
  "$repo/scripts/build.sh" "$build" Release -DTUNEDESK_BUILD_TESTS=OFF -DTUNEDESK_BUILD_BENCH=ON -- \
    tunedesk-cli tunedesk-cli-engine tunedesk_engine_bench
fi
cli="$build/app/cli/tunedesk-cli"
root=$(bash "$repo/tools/reference/root.sh" path sid)
peer=yes
[ -x "$root/usr/bin/llama-bench" ] || peer=
work=$([ -n "$peer" ] && mkdir -p "$root/tmp" && mktemp -d "$root/tmp/tunedesk-engine-bench.XXXX" || mktemp -d)
trap 'rm -rf "$work"' EXIT
describe_cpu_class
# --init-std 0.03: at 0.1 a random network this deep and wide is chaotic, and greedy ids would differ by noise.
"$cli" model make-tiny --arch llama --out "$work/llama-100m" --layers 10 --hidden 768 \
  --heads 12 --kv-heads 4 --intermediate 2048 --vocab 32000 --context 2048 --seed 1 --init-std 0.03 >/dev/null
ours() {  # weights form -> "prefill decode" tokens/s
  "$build/bench/tunedesk_engine_bench" "$work/llama-100m" --threads "$threads" --prompt "$prompt" --new "$new" \
    --weights "$1" | tee "$work/ours.txt" | grep -E "^(cpu|weights|load):" >&2
  awk '/^prefill:/ {p=$(NF-1)} /^decode:/ {d=$(NF-1)} END {print p, d}' "$work/ours.txt"
}
if [ -z "$peer" ]; then
  echo "(no reference root with llama.cpp: the comparison is skipped; run tools/reference/root.sh setup sid)"
  for form in unpacked fp32 bf16 q8_0; do
    read -r p d <<<"$(ours "$form")"
    echo "TuneDesk $form: prefill $p tokens/s, decode $d tokens/s"
  done
  exit 0
fi
for type in f32 bf16 q8_0; do
  "$cli" export "$work/llama-100m" --format gguf --type "$type" --out "$work/gguf-$type" >/dev/null
done
inside=/tmp/$(basename "$work")
llama_bench() {  # llama-bench in the root; where a class is imitated, with only that class's CPU backend
  if [ -z "$cpu_class_ggml_variant" ]; then bash "$repo/tools/reference/root.sh" run sid -- llama-bench "$@"; return; fi
  # llama.cpp loads the best CPU backend of its folder that the CPU runs: a
  # private mount (this process only) shows it a folder with just the one.
  unshare --mount bash -c 'mount --bind "$1" "$2" && shift 2 && exec "$@"' _ "$work/ggml-backends" "$ggml_backends" \
    bash "$repo/tools/reference/root.sh" run sid -- llama-bench "$@"
}
if [ -n "$cpu_class_ggml_variant" ]; then
  ggml_backends=$(ls -d "$root"/usr/lib/*/ggml/backends* | head -1)
  [ -f "$ggml_backends/libggml-cpu-$cpu_class_ggml_variant.so" ] ||
    { echo "llama.cpp in the root has no $cpu_class_ggml_variant CPU backend (in $ggml_backends)" >&2; exit 1; }
  mkdir -p "$work/ggml-backends"
  cp "$ggml_backends/libggml-cpu-$cpu_class_ggml_variant.so" "$work/ggml-backends/"
fi
theirs() {  # GGUF type -> "prefill decode" tokens/s from llama-bench
  local file; file=$(cd "$work/gguf-$1" && ls ./*.gguf)
  llama_bench -m "$inside/gguf-$1/${file#./}" -t "$threads" -p "$prompt" -n "$new" -r 2 -o csv 2>/dev/null |
    awk -F, '{gsub(/"/, "")} NR == 1 {for (i = 1; i <= NF; ++i) col[$i] = i; next}
             {if ($col["n_prompt"] > 0) p = $col["avg_ts"]; else d = $col["avg_ts"]}
             END {printf "%.1f %.1f\n", p, d}'
}
echo "llama.cpp: $(bash "$repo/tools/reference/root.sh" run sid -- dpkg-query -W -f='${Package} ${Version}' llama.cpp-tools)," \
     "llama-bench -t $threads -p $prompt -n $new -r 2 (decode from an empty context)," \
     "$(file=$(cd "$work/gguf-f32" && ls ./*.gguf); llama_bench -m "$inside/gguf-f32/${file#./}" -t 1 -p 0 -n 1 -r 1 2>&1 |
        sed -n 's|.*loaded CPU backend from .*/\(libggml-cpu-[a-z0-9_]*\)\.so.*|CPU backend \1|p' | head -1)"
for round in $(seq "$rounds"); do
  for pair in fp32:f32 bf16:bf16 q8_0:q8_0; do
    form=${pair%%:*} type=${pair##*:}
    read -r op od <<<"$(ours "$form")"
    read -r tp td <<<"$(theirs "$type")"
    echo "round $round $form: TuneDesk prefill $op, decode $od tokens/s; llama.cpp ${type^^} prefill $tp, decode $td:" \
         "prefill $(awk -v a="$op" -v b="$tp" 'BEGIN{printf "%.2f", a / b}')x, decode $(awk -v a="$od" -v b="$td" 'BEGIN{printf "%.2f", a / b}')x"
  done
done
