#!/usr/bin/env bash
# Installs the Debian 12 packages TuneDesk needs to build, test and run.
# Idempotent: installs only what is missing, so a second run does nothing.
# Works as root, or through sudo otherwise.
#   scripts/install-deps.sh           build + test dependencies
#   scripts/install-deps.sh --bench   also what the benchmarks use (pandas, python3-torch, hyperfine, wrk, GNU time)
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config git
  clang libclang-rt-14-dev             # libFuzzer for the fuzz targets
  python3                              # the CLI end-to-end test reads JSON with it
  # libraries
  nlohmann-json3-dev libyaml-cpp-dev libsodium-dev libpcre2-dev libutf8proc-dev
  libssl-dev                             # the server's TLS keys (made and checked with OpenSSL)
  libopencc-dev                          # simplified <-> traditional Chinese when cleaning data (OpenCC)
  libzip-dev libexpat1-dev               # reading Excel workbooks (.xlsx)
  libtorch-dev libopenblas0-openmp libgloo-dev
  qt6-base-dev qt6-charts-dev qt6-webengine-dev qt6-httpserver-dev qt6-websockets-dev
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libqt6sql6-sqlite libqt6svg6
  qt6-translations-l10n                # Qt's own dialogs and buttons (OK, Close, …) in Chinese too
  fonts-wqy-microhei                   # the desktop UI's Chinese text
  libjs-bootstrap5 libjs-chart.js libjs-marked   # vendored into the browser UI at build time
  # tests
  libgtest-dev libgmock-dev
  xvfb xauth                           # the desktop UI test's screenshots under Xvfb
  chromium chromium-driver             # the browser UI's end-to-end test
  iproute2                             # the security tests reach the server from a network namespace (ip netns)
  debootstrap dpkg-dev                 # the .deb's install test in a clean Debian root (dpkg-shlibdeps for CPack)
)
for arg in "$@"; do
  case "$arg" in
    --bench) packages+=(python3-pandas python3-torch hyperfine wrk curl time) ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "install-deps.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
  [ "${status:0:2}" = "ii" ] || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps.sh: all ${#packages[@]} packages are installed"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null; then
  sudo=(sudo)
else
  echo "install-deps.sh: need root or sudo to install: ${missing[*]}" >&2
  exit 1
fi
echo "install-deps.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
