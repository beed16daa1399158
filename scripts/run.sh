#!/usr/bin/env bash
# Sets up and runs TuneDesk: installs what is missing, builds (Release),
# prepares the defaults and starts it.
#
# With a display it opens the desktop app; without one it serves the browser
# UI on http://127.0.0.1:5000/ (TUNEDESK_PORT to change it) and prints the
# address. Either way the bundled demo model is listed as a base model, and
# the first start asks you to create the administrator account.
#   scripts/run.sh                         the desktop app, or the browser UI without a display
#   TUNEDESK_HEADLESS=1 scripts/run.sh     the browser UI even with a display
#   scripts/run.sh FILE.csv [--model-type general|medical|legal]
#                                          a command-line demo: check and convert FILE, chat once
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

# No file named: the desktop app with a display, the browser UI without.
if [ $# -eq 0 ]; then
  echo "== Starting TuneDesk (sample CSVs to try: $repo/resources/samples)"
  if [ -z "${TUNEDESK_HEADLESS:-}" ] && { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; }; then
    TUNEDESK_DEMO_MODEL="$demo_model" exec "$build/app/desktop/tunedesk"
  fi
  echo "No display: serving the browser UI; open the address below (Ctrl-C stops)."
  # A server shares the cores with its clients: libgomp's threads spin less
  # while waiting, so that heavy traffic cannot starve a training job
  # (docs/BENCHMARKS.md, "Server"). Set GOMP_SPINCOUNT or OMP_WAIT_POLICY to choose otherwise.
  if [ -z "${GOMP_SPINCOUNT:-}" ] && [ -z "${OMP_WAIT_POLICY:-}" ]; then export GOMP_SPINCOUNT=1000; fi
  exec "$cli" serve --port "${TUNEDESK_PORT:-5000}" --demo-model "$demo_model"
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
