#!/usr/bin/env bash
# Packs the libraries the Qt-free build needs from this Debian 12 machine
# into .gpu-deps/ at the repository's root, for a lent GPU machine: that one
# has a compiler, CMake, ninja and PyTorch, but none of TuneDesk's other
# libraries, and nothing can be fetched there. Run it here (after
# scripts/install-deps.sh), then carry the folder with the call:
#   bash bench/gpu/pack_deps.sh
#   run(command="bash bench/gpu/run_gpu.sh", carry=[".gpu-deps"])
# What it holds: each package's files as installed here (headers, link
# libraries, pkg-config and CMake files, under usr/), pkg-config's own
# program, and every shared library these load but the C library's and the
# compiler's own (libc, libm, libstdc++, libgcc_s: the machine's). The
# pkg-config files are made relative to where they lie. bench/gpu/deps_env.sh,
# sourced by run_gpu.sh and run_host_cpu.sh, points CMake, pkg-config and
# the loader at it, using only the libraries that machine lacks.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
out="$repo/.gpu-deps"
# What core/, app/cli, bench/ and tests/ find without Qt (core/CMakeLists.txt,
# tests/CMakeLists.txt), with the libraries behind the -dev packages.
packages=(
  nlohmann-json3-dev libyaml-cpp-dev libyaml-cpp0.7 libpcre2-dev libpcre2-8-0 libutf8proc-dev libutf8proc2
  libopencc-dev libopencc1.1 libzip-dev libzip4 libexpat1-dev libexpat1 zlib1g-dev zlib1g
  libgtest-dev libgmock-dev pkgconf pkgconf-bin libpkgconf3
)
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
  [ "${status:0:2}" = "ii" ] || { echo "pack_deps.sh: $p is not installed here (scripts/install-deps.sh installs what TuneDesk needs)" >&2; exit 1; }
done
rm -rf "$out"
mkdir -p "$out"
for p in "${packages[@]}"; do
  dpkg-query -L "$p" | while read -r path; do
    case $path in /usr/share/doc/*|/usr/share/man/*|/usr/share/lintian/*) continue ;; esac
    [ -d "$path" ] && continue  # folders come with their files (/lib: a link to usr/lib here)
    [ -e "$path" ] || [ -L "$path" ] || continue
    mkdir -p "$out$(dirname "$path")"
    cp -a "$path" "$out$path"
  done
done
# Debian 12 keeps some libraries in /lib (before the /usr merge): all in one
# folder here, and each link that leads out of the folder made a copy.
if [ -d "$out/lib" ]; then
  mkdir -p "$out/usr/lib"
  cp -a "$out/lib/." "$out/usr/lib/"
  rm -rf "$out/lib"
fi
find "$out" -type l | while read -r link; do
  target=$(readlink "$link")
  if [[ $target == /* ]] || [ ! -e "$link" ]; then
    rm "$link"
    cp -L "${link#"$out"}" "$link"
  fi
done
# pkg-config's program (pkgconf under its usual name).
[ -e "$out/usr/bin/pkg-config" ] || ln -s pkgconf "$out/usr/bin/pkg-config"

# Every shared library the packed ones and pkgconf load, but the C library's
# and the compiler's own, by the name the loader looks for.
lib="$out/usr/lib/x86_64-linux-gnu"
mkdir -p "$lib"
own='^(libc|libm|libdl|libpthread|librt|libresolv|libutil|ld-linux-x86-64|libstdc\+\+|libgcc_s)\.so'
for object in "$out/usr/bin/pkgconf" $(find "$out" -name '*.so*' -type f); do
  ldd "$object" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// {print $1, $3}' | while read -r soname path; do
    [[ $soname =~ $own ]] && continue
    [ -e "$lib/$soname" ] || cp -L "$path" "$lib/$soname"
  done
done

# pkg-config files relative to their folder (Debian's say prefix=/usr).
for pc in "$out"/usr/lib/x86_64-linux-gnu/pkgconfig/*.pc "$out"/usr/share/pkgconfig/*.pc; do
  [ -f "$pc" ] || continue
  case $pc in */lib/x86_64-linux-gnu/pkgconfig/*) up='${pcfiledir}/../../..' ;; *) up='${pcfiledir}/../..' ;; esac
  grep -q '^prefix=' "$pc" || sed -i "1i prefix=/usr" "$pc"  # nlohmann_json.pc names /usr/include outright
  sed -i -e "s|^prefix=/usr\$|prefix=$up|" -e "/^prefix=/! s|/usr/|\${prefix}/|g" "$pc"
  if grep -q '/usr/' "$pc"; then echo "pack_deps.sh: $pc still names /usr after the rewrite" >&2; exit 1; fi
done
# pkg-config from the folder alone (none of this machine's .pc files) finds every module under it.
flags=$(LD_LIBRARY_PATH="$lib" PKG_CONFIG_LIBDIR="$lib/pkgconfig:$out/usr/share/pkgconfig" \
  "$out/usr/bin/pkg-config" --cflags --libs libzip opencc libpcre2-8 libutf8proc yaml-cpp nlohmann_json)
for flag in $flags; do
  case $flag in -I*|-L*) [ -d "${flag:2}" ] && [[ $(cd "${flag:2}" && pwd -P) == "$(cd "$out" && pwd -P)"/* ]] ||
    { echo "pack_deps.sh: pkg-config gives $flag, outside $out" >&2; exit 1; } ;; esac
done
echo "pack_deps.sh: $(du -sh "$out" | cut -f1) in $out ($(find "$out" -type f | wc -l) files)"
