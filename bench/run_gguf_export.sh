#!/usr/bin/env bash
# GGUF export benchmark: the training benchmark's ~100M-parameter Llama
# (bench/run_train.sh's shape, random weights, F32 safetensors) written as
# GGUF F32, F16, Q8_0, Q4_0 and Q4_K_M by `tunedesk-cli export --format gguf`:
# wall time and peak resident memory (/usr/bin/time; the mapped weights
# count in it). With the reference root present (tools/reference/root.sh),
# also the same shape with Llama 3's tokenizer (a 128K vocabulary, ~300M
# parameters), exported by TuneDesk and by llama.cpp in the same run, turn by
# turn: convert_hf_to_gguf.py for F16 and Q8_0; for Q4_K_M llama.cpp's route,
# convert_hf_to_gguf.py to F16 and then llama-quantize (2 threads).
#   bench/run_gguf_export.sh [--rounds N]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
rounds=2
[ "${1:-}" = "--rounds" ] && rounds=$2
"$repo/scripts/install-deps.sh" --bench
build="$repo/build/release"
"$repo/scripts/build.sh" "$build" Release -DTUNEDESK_BUILD_TESTS=OFF -DTUNEDESK_BUILD_BENCH=ON -- tunedesk-cli tunedesk-cli-engine
cli="$build/app/cli/tunedesk-cli"
shape=(--arch llama --layers 10 --hidden 768 --heads 12 --kv-heads 4 --intermediate 2048 --context 2048 --seed 1)
echo "CPU: $(lscpu | sed -n 's/^Model name: *//p')"

# "seconds max_rss_MB" of a command (GNU time's %e and %M: the largest
# resident set of the command and the processes it waited for).
measure() {
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >/dev/null 2>&1
  awk '{printf "%.2f %.0f", $1, $2 / 1024}' "$work/time.txt"
}

work=$(mktemp -d /var/tmp/tunedesk-gguf-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
"$cli" model make-tiny "${shape[@]}" --vocab 32000 --out "$work/llama-100m" >/dev/null
echo "model: $(du -sh "$work/llama-100m" | cut -f1) of F32 safetensors"
for type in f32 f16 q8_0 q4_0 q4_k_m; do
  for round in $(seq "$rounds"); do
    rm -rf "$work/out"
    read -r seconds rss <<<"$(measure "$cli" export "$work/llama-100m" --format gguf --type "$type" --out "$work/out")"
    echo "TuneDesk $type round $round: ${seconds} s, peak RSS ${rss} MB, file $(du -h "$work"/out/*.gguf | cut -f1)"
  done
done

root=$(bash "$repo/tools/reference/root.sh" path sid)
tokenizer="$repo/../shared/reference/tokenizers/llama3"
if [ ! -x "$root/usr/bin/llama-cli" ] || [ ! -d "$tokenizer" ]; then
  echo "(no reference root or no ../shared/reference: the comparison with convert_hf_to_gguf.py is skipped)"
  exit 0
fi
peer_dir="$root/tmp/tunedesk-gguf-bench"
rm -rf "$peer_dir" && mkdir -p "$peer_dir"
"$cli" model make-tiny "${shape[@]}" --tokenizer "$tokenizer" --out "$peer_dir/llama-128k" >/dev/null
echo "model with Llama 3's vocabulary: $(du -sh "$peer_dir/llama-128k" | cut -f1)"
for type in f16 q8_0 q4_k_m; do
  for round in $(seq "$rounds"); do
    rm -rf "$peer_dir/out" "$peer_dir/peer.gguf" "$peer_dir/peer-f16.gguf"
    read -r ours ours_rss <<<"$(measure "$cli" export "$peer_dir/llama-128k" --format gguf --type "$type" --out "$peer_dir/out")"
    if [ "$type" = q4_k_m ]; then
      read -r peer peer_rss <<<"$(measure bash "$repo/tools/reference/root.sh" run sid -- sh -c \
        "python3 /usr/share/doc/llama.cpp-tools/scripts/convert_hf_to_gguf.py /tmp/tunedesk-gguf-bench/llama-128k \
           --outfile /tmp/tunedesk-gguf-bench/peer-f16.gguf --outtype f16 &&
         llama-quantize /tmp/tunedesk-gguf-bench/peer-f16.gguf /tmp/tunedesk-gguf-bench/peer.gguf Q4_K_M 2")"
    else
      read -r peer peer_rss <<<"$(measure bash "$repo/tools/reference/root.sh" run sid -- python3 \
        /usr/share/doc/llama.cpp-tools/scripts/convert_hf_to_gguf.py /tmp/tunedesk-gguf-bench/llama-128k \
        --outfile /tmp/tunedesk-gguf-bench/peer.gguf --outtype "$type")"
    fi
    echo "$type round $round: TuneDesk ${ours} s (peak RSS ${ours_rss} MB), llama.cpp ${peer} s" \
         "(peak RSS ${peer_rss} MB): TuneDesk $(awk -v a="$ours" -v b="$peer" 'BEGIN{printf "%.2f", b / a}')x as fast"
  done
done
rm -rf "$peer_dir"
