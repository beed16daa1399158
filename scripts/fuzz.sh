#!/usr/bin/env bash
# Builds the fuzz targets (CSV and Excel reading, safetensors and GGUF parsing, the HTTP server's
# request parsing, and its request handlers end to end) with clang +
# libFuzzer (+ ASan/UBSan) and runs a bounded pass of each from seed files.
#   scripts/fuzz.sh [OUT_DIR=build/fuzz] [SECONDS=30] [CMAKE_BUILD_DIR]
# The handlers' target instruments the server's sources and links the rest
# (services, core) from CMAKE_BUILD_DIR's libraries; without one it is skipped.
# Exit 0 when the pass finds nothing; libFuzzer's crash report otherwise.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$repo/build/fuzz}
seconds=${2:-30}
cmake_build=${3:-}
mkdir -p "$out"
extra_flags=""

clangxx=$(command -v clang++ || true)
if [ -z "$clangxx" ]; then
  echo "fuzz.sh: clang++ is not installed (scripts/install-deps.sh installs it)" >&2
  exit 1
fi

# build_target NAME SOURCES...: builds $out/NAME unless its sources are unchanged.
build_target() {
  local name=$1
  shift
  local binary="$out/$name" stamp="$out/.$name.sha256" sum
  # The sources, the headers and any library linked in ($extra_flags).
  sum=$(cd "$repo" && { cat "$@" core/*/*.h app/services/*.h; for f in $extra_flags; do if [ -f "$f" ]; then cat "$f"; fi; done; } | sha256sum)
  if [ ! -x "$binary" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$sum" ]; then
    echo "fuzz.sh: building $binary"
    (cd "$repo" && "$clangxx" -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined \
      -fno-sanitize-recover=undefined -pthread -Icore -Iapp "$@" $extra_flags -o "$binary")
    echo "$sum" >"$stamp"
  fi
}

# run_target NAME SECONDS SEEDS...: a bounded pass from a fresh corpus.
run_target() {
  local name=$1 secs=$2 corpus="$out/corpus-$1"
  shift 2
  rm -rf "$corpus"
  mkdir -p "$corpus"
  for seed in "$@"; do
    # Prefixed with the folder: several folders have a README.md.
    [ -f "$seed" ] && cp "$seed" "$corpus/$(basename "$(dirname "$seed")")-$(basename "$seed")"
  done
  echo "fuzz.sh: fuzzing $name for ${secs}s"
  "$out/$name" -artifact_prefix="$out/$name-" -max_total_time="$secs" -max_len=8192 -rss_limit_mb=2048 \
    -timeout=10 -print_final_stats=1 "$corpus" 2>&1 | tail -n 12
  local status=${PIPESTATUS[0]}
  [ "$status" -eq 0 ] && echo "fuzz.sh: $name: no crash in ${secs}s"
  return "$status"
}

data_sources=(core/util/utf8.cpp core/util/file_io.cpp core/util/user_error.cpp core/data/finding_messages.cpp
  core/data/text_encoding.cpp core/data/csv_reader.cpp core/data/csv_table_mapper.cpp
  core/data/dataset_reader.cpp core/data/jsonl_reader.cpp
  core/data/xlsx_reader.cpp core/data/xlsx_table_mapper.cpp core/data/cell_number_format.cpp
  core/data/validator.cpp core/data/validation_report.cpp core/data/cleaning/personal_data.cpp)
# libzip, expat and zlib are linked, not instrumented.
extra_flags="$(pkg-config --libs libzip expat zlib)"
build_target csv_reader_fuzz "${data_sources[@]}" tests/fuzz/csv_reader_fuzz.cpp
extra_flags="-Itests $extra_flags"
build_target xlsx_reader_fuzz "${data_sources[@]}" tests/data/zip_writer.cpp tests/fuzz/xlsx_reader_fuzz.cpp
extra_flags=""
# Seeds for its modes (see tests/fuzz/xlsx_reader_fuzz.cpp): whole workbooks, then
# a sheet, shared strings, styles and a number format with its mode byte first.
xlsx_seeds="$out/xlsx-seeds"
rm -rf "$xlsx_seeds" && mkdir -p "$xlsx_seeds"
cp "$repo"/tests/fixtures/xlsx/*.xlsx "$xlsx_seeds/"
printf '\x01<sheetData><row r="1" hidden="1"><c r="A1" t="inlineStr"><is><r><t>text</t></r></is></c><c r="B1" t="s"><v>0</v></c></row><row r="3"><c r="A3" s="1"><v>2</v></c><c r="B3"><f>1+1</f></c></row></sheetData><mergeCells><mergeCell ref="A3:B4"/></mergeCells>' >"$xlsx_seeds/sheet"
printf '\x02<si><t>text</t></si><si><r><t>re</t></r><r><t>sult_x000D_</t></r><rPh><t>x</t></rPh></si><si><t>q</t></si>' >"$xlsx_seeds/strings"
printf '\x03<numFmts><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd h:mm AM/PM"/><numFmt numFmtId="165" formatCode="#,##0.00;[Red](#,##0.00);&quot;zero&quot;"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs>' >"$xlsx_seeds/styles"
printf '\x04\x00\x00\x00\x00\x80\x1e\xe6\x40[h]:mm:ss.00;0.0E+00,,"x"' >"$xlsx_seeds/format"
build_target safetensors_fuzz \
  core/util/utf8.cpp core/util/file_io.cpp core/util/user_error.cpp core/model/safetensors.cpp tests/fuzz/safetensors_fuzz.cpp
build_target gguf_fuzz \
  core/util/utf8.cpp core/util/file_io.cpp core/util/user_error.cpp core/gguf/ggml_types.cpp core/gguf/legacy_quants.cpp \
  core/gguf/k_quants.cpp core/gguf/gguf_file.cpp \
  tests/fuzz/gguf_fuzz.cpp
# Qt Core for the server's parsers (Qt itself is not instrumented).
extra_flags="-fPIC $(pkg-config --cflags --libs Qt6Core)"
build_target request_fuzz app/services/multipart.cpp app/services/think_splitter.cpp app/services/request_size_guard.cpp \
  tests/fuzz/request_fuzz.cpp
extra_flags=""

# The request handlers through a real server on loopback (tests/fuzz/api_handlers_fuzz.cpp).
handlers_built=0
if [ -n "$cmake_build" ] && [ -f "$cmake_build/app/services/libtunedesk_server.a" ]; then
  b=$cmake_build
  extra_flags="-fPIC -DQT_NO_KEYWORDS $(pkg-config --cflags Qt6HttpServer Qt6Network Qt6Sql Qt6Core) \
    $b/app/services/libtunedesk_jobs.a $b/app/services/libtunedesk_hub.a $b/app/services/libtunedesk_services.a \
    $b/core/libtunedesk_data_cleaning.a $b/core/libtunedesk_gguf.a $b/core/libtunedesk_training_data.a $b/core/libtunedesk_model_files.a $b/core/libtunedesk_data.a \
    $b/core/libtunedesk_csv.a $b/core/libtunedesk_chat.a $b/core/libtunedesk_tokenizer.a $b/core/libtunedesk_util.a \
    $(pkg-config --libs Qt6HttpServer Qt6Network Qt6Concurrent Qt6Sql Qt6Core libpcre2-8 libsodium yaml-cpp libzip expat opencc) -lutf8proc -ldl"
  # shellcheck disable=SC2046  # one word per source file
  build_target api_handlers_fuzz $(cd "$repo" && echo app/services/api/*.cpp) app/services/api_keys.cpp app/services/guarded_tcp_server.cpp \
    app/services/first_run_access.cpp \
    app/services/request_size_guard.cpp "$b/app/services/.rcc/qrc_web.cpp" "$b/generated/web_texts.cpp" \
    tests/fuzz/api_handlers_fuzz.cpp
  extra_flags=""
  handlers_built=1
else
  echo "fuzz.sh: no CMake build given (third argument): the request handlers' target is skipped"
fi

reference_model="$repo/../shared/reference/models/stories260K/model.safetensors"
run_target csv_reader_fuzz "$seconds" "$repo"/resources/samples/* "$repo"/tests/fixtures/*
run_target xlsx_reader_fuzz "$seconds" "$xlsx_seeds"/*
run_target safetensors_fuzz "$(( (seconds + 1) / 2 ))" "$repo"/tests/fixtures/tiny.safetensors "$reference_model"
run_target gguf_fuzz "$(( (seconds + 1) / 2 ))" "$repo"/tests/fixtures/tiny.gguf
run_target request_fuzz "$(( (seconds + 1) / 2 ))" "$repo"/tests/fixtures/requests/*
if [ "$handlers_built" = 1 ]; then
  run_target api_handlers_fuzz "$seconds" "$repo"/tests/fixtures/api_requests/*
fi
