#!/usr/bin/env bash
# Sets up and runs TuneDesk: installs what is missing, builds (Release),
# prepares the defaults and starts it.
#
# Until the desktop app lands this runs the headless demo: it prepares the
# bundled demo model (a tiny randomly initialised Qwen3 under models/, made by
# `tunedesk-cli model make-tiny`), validates the bundled sample CSV (or the
# CSV you name), converts it to training JSONL in your TuneDesk data
# directory, and chats once with the demo model.
#   scripts/run.sh [FILE.csv] [--model-type general|medical|legal]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
"$repo/scripts/install-deps.sh"
build="$repo/build/release"
"$repo/scripts/build.sh" "$build" Release -DTUNEDESK_BUILD_TESTS=OFF -DTUNEDESK_BUILD_BENCH=OFF -- tunedesk-cli tunedesk-cli-engine
cli="$build/app/cli/tunedesk-cli"

# The default model: generated at setup, never downloaded, not committed.
demo_model="$repo/models/demo-qwen3"
if [ ! -f "$demo_model/config.json" ]; then
  "$repo/scripts/make-demo-model.sh" "$cli" "$demo_model"
fi

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
echo "== Chatting with the demo model (random weights: expect gibberish; see README)"
"$cli" generate "$demo_model" --chat --system "你是一个智能助手，请根据输入提供准确的回答" --prompt "1+1" --max-new-tokens 16
echo
echo "Training data is in $out_dir; the demo model is $demo_model."
echo "The CLI is $cli (try '$cli --help')."
exit "$status"
