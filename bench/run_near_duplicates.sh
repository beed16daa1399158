#!/usr/bin/env bash
# Near-duplicate detection on 100,000 rows: `tunedesk-cli data fix --dedupe`
# on the data benchmark's CSV (templated questions: many rows alike, which
# is what makes banding work hard) plus near-duplicates planted with a known
# count, timed against the same command without --dedupe (reading, checking
# and writing alone). Prints the CPU, the time and the peak memory of each.
#   bench/run_near_duplicates.sh [--rows N] [--planted N] [--threshold T]
#   TUNEDESK_BENCH_BUILD=build/test bench/run_near_duplicates.sh   an existing build, as it is
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
rows=100000 planted=5000 threshold=0.9
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows=$2; shift 2 ;;
    --planted) planted=$2; shift 2 ;;
    --threshold) threshold=$2; shift 2 ;;
    *) echo "run_near_duplicates.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
if [ -n "${TUNEDESK_BENCH_BUILD:-}" ]; then
  build=$(cd "$TUNEDESK_BENCH_BUILD" && pwd)
  ninja -C "$build" tunedesk-cli tunedesk_make_bench_csv >/dev/null
else
  "$repo/scripts/install-deps.sh" --bench
  build="$repo/build/release"
  "$repo/scripts/build.sh" "$build" Release -DTUNEDESK_BUILD_TESTS=OFF -DTUNEDESK_BUILD_BENCH=ON -- tunedesk-cli tunedesk_make_bench_csv
fi
cli="$build/app/cli/tunedesk-cli"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$build/bench/tunedesk_make_bench_csv" "$work/base.csv" "$rows" 7
# Plant near-duplicates: copies of random one-line rows with a question mark
# added, each a near-duplicate of its source (one 3-gram more: similarity
# n/(n+1) >= 0.92 for these questions) with the same answer, so each is left out.
/usr/bin/python3 - "$work/base.csv" "$work/rows.csv" "$planted" <<'PY'
import csv, random, sys
random.seed(11)
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
header, body = rows[0], rows[1:]
plain = [r for r in body if "\n" not in r[0] and len(r[0]) > 12]
extra = []
for i in range(int(sys.argv[3])):
    q, a = random.choice(plain)
    extra.append([q + "？", a])
with open(sys.argv[2], "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(header)
    w.writerows(body + extra)
PY

echo "CPU: $(lscpu | sed -n 's/^Model name: *//p') ($(nproc) cores); flags: $(grep -o -w -E 'avx2|avx512f|avx512_bf16|amx_tile' /proc/cpuinfo | sort -u | tr '\n' ' ')"
echo "rows: $rows from the data benchmark + $planted planted near-duplicates; threshold $threshold"
run() {  # LABEL ARGS...
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$cli" data fix "$work/rows.csv" -o "$work/out.jsonl" "$@" >"$work/log" 2>&1 || true
  read -r seconds kb <"$work/time"
  printf '%-28s %7.2f s  %6d MB peak\n' "$label" "$seconds" $((kb / 1024))
  grep -E "group|Left out|Wrote" "$work/log" | sed 's/^/    /'
}
run "read, check, write" --trim
run "+ near-duplicates" --trim --dedupe "$threshold"
run "+ personal data masked" --trim --dedupe "$threshold" --mask-pii
