#!/usr/bin/env bash
# Sets up and runs TuneDesk: installs what is missing, builds (Release),
# prepares the defaults and starts it.
#
# Until the desktop app lands this runs the headless data demo: it validates
# the bundled sample CSV (or the CSV you name) and converts it to training
# JSONL in your TuneDesk data directory.
#   scripts/run.sh [FILE.csv] [--model-type general|medical|legal]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
"$repo/scripts/install-deps.sh"
build="$repo/build/release"
"$repo/scripts/build.sh" "$build" Release -DTUNEDESK_BUILD_TESTS=OFF -DTUNEDESK_BUILD_BENCH=OFF -- tunedesk-cli
cli="$build/app/cli/tunedesk-cli"

input="$repo/resources/samples/general_zh.csv"
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then input=$1; shift; fi
data_dir=${TUNEDESK_DATA_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/TuneDesk}
out_dir="$data_dir/demo"
mkdir -p "$out_dir"
name=$(basename "${input%.*}")

echo
echo "== TuneDesk data demo: checking $input"
set +e
"$cli" data check "$input" "$@"
status=$?
set -e
[ "$status" -eq 2 ] && exit 2
echo
echo "== Converting to training JSONL (90% train / 10% validation)"
set +e
"$cli" data convert "$input" -o "$out_dir/$name.jsonl" --val-ratio 0.1 "$@"
status=$?
set -e
echo
echo "Training data is in $out_dir. The CLI is $cli (try '$cli --help')."
exit "$status"
