#!/usr/bin/env bash
# Data-pipeline benchmark (see bench/data_pipeline_bench.py): installs pandas,
# builds tunedesk-cli (Release) and runs check + convert on 1,000,000 rows
# against pandas in the same run.
#   bench/run_data_pipeline.sh [--rows N] [--repeat N]
# OPENBLAS_CORETYPE plays no part here (no BLAS is used).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
"$repo/scripts/install-deps.sh" --bench
build="$repo/build/release"
"$repo/scripts/build.sh" "$build" Release -DTUNEDESK_BUILD_TESTS=OFF -DTUNEDESK_BUILD_BENCH=ON -- tunedesk-cli tunedesk_make_bench_csv
/usr/bin/python3 "$repo/bench/data_pipeline_bench.py" \
  --cli "$build/app/cli/tunedesk-cli" --make-csv "$build/bench/tunedesk_make_bench_csv" "$@"
