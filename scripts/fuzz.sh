#!/usr/bin/env bash
# Builds the CSV reader fuzz target with clang + libFuzzer (+ ASan/UBSan) and
# runs a bounded pass seeded with the bundled samples and test fixtures.
#   scripts/fuzz.sh [BUILD_DIR=build/fuzz] [SECONDS=30]
# Exit 0 when the pass finds nothing; libFuzzer's crash report otherwise.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$repo/build/fuzz}
seconds=${2:-30}
mkdir -p "$out/corpus"

clangxx=$(command -v clang++ || true)
if [ -z "$clangxx" ]; then
  echo "fuzz.sh: clang++ is not installed (scripts/install-deps.sh installs it)" >&2
  exit 1
fi

sources=(
  core/util/utf8.cpp core/util/file_io.cpp
  core/data/text_encoding.cpp core/data/csv_reader.cpp core/data/csv_table_mapper.cpp
  core/data/dataset_reader.cpp core/data/jsonl_reader.cpp
  core/data/validator.cpp core/data/validation_report.cpp
  tests/fuzz/csv_reader_fuzz.cpp
)
binary="$out/csv_reader_fuzz"
stamp="$out/.sources.sha256"
sum=$(cd "$repo" && cat "${sources[@]}" core/data/*.h core/util/*.h | sha256sum)
if [ ! -x "$binary" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$sum" ]; then
  echo "fuzz.sh: building $binary"
  (cd "$repo" && "$clangxx" -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined \
    -fno-sanitize-recover=undefined -pthread -Icore "${sources[@]}" -o "$binary")
  echo "$sum" >"$stamp"
fi

for seed in "$repo"/resources/samples/* "$repo"/tests/fixtures/*; do
  # Prefixed with the folder: both folders have a README.md.
  cp "$seed" "$out/corpus/$(basename "$(dirname "$seed")")-$(basename "$seed")"
done
echo "fuzz.sh: fuzzing for ${seconds}s"
# A fresh corpus each run keeps the pass bounded and repeatable in time.
"$binary" -artifact_prefix="$out/" -max_total_time="$seconds" -max_len=8192 -rss_limit_mb=2048 -timeout=10 \
  -print_final_stats=1 "$out/corpus" 2>&1 | tail -n 25
status=${PIPESTATUS[0]}
[ "$status" -eq 0 ] && echo "fuzz.sh: no crash in ${seconds}s"
exit "$status"
