#!/usr/bin/env bash
# Configures (once) and builds TuneDesk with Ninja and ccache.
#   scripts/build.sh BUILD_DIR BUILD_TYPE [cmake -D options...] [-- targets...]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:?usage: build.sh BUILD_DIR BUILD_TYPE [options] [-- targets]}
type=${2:?usage: build.sh BUILD_DIR BUILD_TYPE [options] [-- targets]}
shift 2
options=()
targets=()
while [ $# -gt 0 ]; do
  if [ "$1" = "--" ]; then shift; targets=("$@"); break; fi
  options+=("$1"); shift
done
cmake -S "$repo" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE="$type" "${options[@]}" >/dev/null
# Two cores and 24 GiB: two jobs; torch translation units need ~1.5 GiB each.
if [ ${#targets[@]} -gt 0 ]; then
  cmake --build "$dir" --parallel 2 --target "${targets[@]}"
else
  cmake --build "$dir" --parallel 2
fi
