#!/usr/bin/env bash
# Writes tests/fixtures/gguf_quants.json: blocks llama-quantize wrote (Q8_0,
# Q4_0, Q5_0, Q4_K, Q6_K), the F32 values they came from and gguf-py's
# dequantized values, from the models check-gguf.sh quantizes both ways.
# The quant blocks test (tests/gguf/quant_blocks_test.cpp) reads it with no
# Python and no root. Commit what changes.
#   tools/reference/make-quant-goldens.sh [BUILD_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
fixture=$(cd "$here/../.." && pwd)/tests/fixtures/gguf_quants.json
TUNEDESK_QUANT_GOLDENS=$fixture bash "$here/check-gguf.sh" "${1:-$here/../../build/test}" qwen3-qwen3 llama-wide
