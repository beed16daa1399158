#!/usr/bin/env bash
# Sets up and runs all TuneDesk tests: installs what is missing, builds, and
# runs CTest (unit tests, the CLI end-to-end test and a bounded fuzz pass).
#   scripts/test.sh [extra ctest arguments, e.g. -L unit]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
"$repo/scripts/install-deps.sh"
build="$repo/build/test"
"$repo/scripts/build.sh" "$build" RelWithDebInfo -DTUNEDESK_BUILD_TESTS=ON -DTUNEDESK_BUILD_BENCH=ON
cd "$build"
ctest --output-on-failure --parallel 2 "$@"
