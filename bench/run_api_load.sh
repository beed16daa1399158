#!/usr/bin/env bash
# The server under load while it trains: wrk hammers GET /api/jobs/{id}
# (with an API key) for 15 s while a LoRA job runs on the demo model;
# prints wrk's requests/s and latency percentiles, and the training steps
# done in 15 s without and with the load (the training must keep going).
#   bench/run_api_load.sh [BUILD_DIR]      (default build/release; needs wrk: install-deps.sh --bench)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$repo/build/release}
command -v wrk >/dev/null || { echo "run_api_load.sh: wrk is not installed (scripts/install-deps.sh --bench)" >&2; exit 1; }
cmake --build "$build" --target tunedesk-cli tunedesk-cli-engine tunedesk-cli-services >/dev/null
cli="$build/app/cli/tunedesk-cli"
tmp=$(mktemp -d)
server_pid=""
trap '[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$tmp"' EXIT

bash "$repo/scripts/make-demo-model.sh" "$cli" "$tmp/model" >/dev/null
echo "a long passphrase" | "$cli" users add bench --password-stdin --data-dir "$tmp/data" >/dev/null
key=$("$cli" users key bench --data-dir "$tmp/data" | tail -n 1)
port=$((20000 + RANDOM % 20000))
"$cli" serve --port "$port" --data-dir "$tmp/data" --demo-model "$tmp/model" >"$tmp/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do grep -q "on http" "$tmp/serve.log" && break; sleep 0.1; done
api() { curl -sf -H "Authorization: Bearer $key" "$@"; }
base="http://127.0.0.1:$port"

# A training job long enough to outlast the load.
dataset=$(api -F "file=@$repo/resources/samples/arithmetic.csv" "$base/api/datasets" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
job=$(api -H "Content-Type: application/json" -d "{\"dataset\": \"$dataset\", \"base_model\": \"demo-qwen3\", \"method\": \"lora\",
      \"yaml\": \"training_args:\\n  max_steps: 100000\\n  save_strategy: 'no'\\n  eval_strategy: 'no'\\n\"}" "$base/api/jobs" |
      python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
step() { api "$base/api/jobs/$job" | python3 -c 'import json,sys; print(json.load(sys.stdin)["step"])'; }
for _ in $(seq 300); do [ "$(step)" -gt 0 ] && break; sleep 0.1; done

# The training's own pace first, then under the load.
quiet_start=$(step); sleep 15; quiet_end=$(step)
before=$(step)
wrk -t2 -c16 -d15s --latency -H "Authorization: Bearer $key" "$base/api/jobs/$job" | tee "$tmp/wrk.txt"
after=$(step)
api -X POST "$base/api/jobs/$job/cancel" >/dev/null
echo "training steps in 15 s: $((quiet_end - quiet_start)) without load, $((after - before)) under the load"
