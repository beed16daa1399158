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
# Two tests at a time on two cores: two trainings then share the cores, and
# libgomp's default spin-waiting makes each 10-30x slower (docs/BENCHMARKS.md,
# "Server"). Short spins keep them at their own pace; a value already set wins.
if [ -z "${GOMP_SPINCOUNT:-}" ] && [ -z "${OMP_WAIT_POLICY:-}" ]; then export GOMP_SPINCOUNT=1000; fi
ctest --output-on-failure --parallel 2 "$@"
