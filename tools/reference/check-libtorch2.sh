#!/usr/bin/env bash
# Builds the Qt-free part of TuneDesk (core, the engine, the trainer,
# tunedesk-cli and tunedesk-cli-engine, the demo model, the engine benchmark,
# the core/tokenizer/engine test suites) against Debian sid's libtorch 2.x
# inside the reference root, runs every CTest test registered there on the
# CPU (but the fuzz pass and the Debian 12 package test), and prints a
# summary with timings (recorded in docs/REFERENCE.md).
#   tools/reference/check-libtorch2.sh
# The build folder is /root/build-libtorch2 inside the root (kept between
# runs; ccache inside the root makes rebuilds quick).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bash "$here/root.sh" setup sid >/dev/null
run() { bash "$here/root.sh" run sid -- "$@"; }
build=/root/build-libtorch2
started=$(date +%s)
# Inside the root, /tunedesk is this repository; GOMP_SPINCOUNT as scripts/test.sh sets it.
inside=(env GOMP_SPINCOUNT=1000 CCACHE_DIR=/root/.ccache)

echo "== versions"
run dpkg-query -W -f='${Package} ${Version}\n' libtorch-dev g++ cmake
echo "== configure"
run "${inside[@]}" cmake -S /tunedesk -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTUNEDESK_BUILD_TESTS=ON -DTUNEDESK_BUILD_BENCH=ON 2>&1 | grep -E "TuneDesk|Torch|Qt|Error|error" || true
echo "== build"
t0=$(date +%s)
run "${inside[@]}" cmake --build "$build" --parallel "$(nproc)" --target \
  tunedesk-cli tunedesk-cli-engine demo_model tunedesk_core_tests tunedesk_tokenizer_tests tunedesk_engine_tests tunedesk_engine_bench
built=$(( $(date +%s) - t0 ))
echo "== tests"
t0=$(date +%s)
status=0
# Everything CTest registers without Qt but the fuzz pass (clang's libFuzzer is not in the root)
# and the .deb install test (a Debian 12 package).
run "${inside[@]}" bash -c "cd $build && ctest --output-on-failure --parallel 2 -E '^(fuzz|packaging)'" \
  | tee /tmp/check-libtorch2.ctest || status=$?
tested=$(( $(date +%s) - t0 ))
echo "== summary"
grep -E "tests passed|tests failed|Total Test time" /tmp/check-libtorch2.ctest || true
echo "libtorch $(run dpkg-query -W -f='${Version}' libtorch-dev): build ${built} s, tests ${tested} s, in all $(( $(date +%s) - started )) s"
exit $status
