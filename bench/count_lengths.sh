#!/usr/bin/env bash
# How long counting 100,000 rows in tokens takes (issue #20: "a few seconds"):
# `data check --model`, which renders every row with a real tokenizer (Qwen3's,
# from ../shared/reference) and chat template as the trainer does, on all cores.
#   bench/count_lengths.sh [BUILD_DIR] [ROWS]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cli=${1:-$repo/build/test}/app/cli/tunedesk-cli
rows=${2:-100000}
tokenizer=$repo/../shared/reference/tokenizers/qwen3
[ -x "$cli" ] || { echo "build tunedesk-cli first ($cli)" >&2; exit 2; }
[ -d "$tokenizer" ] || { echo "needs $tokenizer" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$cli" model make-tiny --arch qwen3 --tokenizer "$tokenizer" --out "$work/model" >/dev/null
# The Chinese sample's rows, numbered so that no two are the same.
/usr/bin/python3 - "$repo/resources/samples/general_zh.csv" "$work/rows.csv" "$rows" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f)
    w.writerow(["text", "result"])
    for i in range(int(sys.argv[3])):
        r = rows[i % len(rows)]
        w.writerow([f"{r['text']} ({i})", r["result"]])
PY
echo "CPU: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores"
for round in 1 2 3; do
  start=$(date +%s.%N)
  "$cli" data check "$work/rows.csv" --model "$work/model" >/dev/null
  end=$(date +%s.%N)
  echo "round $round: $rows rows counted in $(echo "$end - $start" | bc) s"
done
