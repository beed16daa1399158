#!/usr/bin/env bash
# Sets up and runs TuneDesk: installs what is missing, builds (Release),
# prepares the defaults and starts it.
#
# With a display it opens the desktop app (the bundled demo model is listed
# as a base model; the first start asks you to create the administrator
# account). Without one it runs the headless demo: it validates the bundled
# sample CSV (or the CSV you name), converts it to training JSONL in your
# TuneDesk data directory, and chats once with the demo model.
#   scripts/run.sh                         the desktop app (or the headless demo)
#   scripts/run.sh FILE.csv [--model-type general|medical|legal]   the headless demo on your file
#   TUNEDESK_HEADLESS=1 scripts/run.sh     the headless demo even with a display
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
"$repo/scripts/install-deps.sh"
build="$repo/build/release"
"$repo/scripts/build.sh" "$build" Release -DTUNEDESK_BUILD_TESTS=OFF -DTUNEDESK_BUILD_BENCH=OFF -- \
  tunedesk-cli tunedesk-cli-engine tunedesk-cli-services tunedesk
cli="$build/app/cli/tunedesk-cli"

# The default model: generated at setup, never downloaded, not committed.
demo_model="$repo/models/demo-qwen3"
if [ ! -f "$demo_model/config.json" ]; then
  "$repo/scripts/make-demo-model.sh" "$cli" "$demo_model"
fi

# A display and no file named: the desktop app.
if [ $# -eq 0 ] && [ -z "${TUNEDESK_HEADLESS:-}" ] && { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; }; then
  echo "== Starting TuneDesk (the sample CSVs are in $repo/resources/samples)"
  [ "$(id -u)" -eq 0 ] && export QTWEBENGINE_DISABLE_SANDBOX=1
  TUNEDESK_DEMO_MODEL="$demo_model" exec "$build/app/desktop/tunedesk"
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
