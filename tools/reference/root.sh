#!/usr/bin/env bash
# Makes, reuses and enters the reference roots: Debian roots made with
# debootstrap that hold the ecosystem's own tools (transformers, PyTorch,
# libtorch 2.x, llama.cpp, gguf), used as oracles and peers. Nothing in CI or
# scripts/test.sh needs them; they make the committed fixtures and run the
# deeper checks when present.
#
#   tools/reference/root.sh setup [sid|trixie]   make or reuse the root, print its versions
#   tools/reference/root.sh path  [sid|trixie]   print the root's folder
#   tools/reference/root.sh run   [sid|trixie] -- CMD...   run CMD inside it (with /proc mounted
#                                                     and this repository at /tunedesk)
#   tools/reference/root.sh unmount [sid|trixie]   undo the mounts
#
# Roots live outside the repository: $TUNEDESK_REFERENCE_DIR (default
# /var/tmp/tunedesk-reference)/<suite>. Needs root (debootstrap, chroot, mount).
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
base=${TUNEDESK_REFERENCE_DIR:-/var/tmp/tunedesk-reference}
mirror=${TUNEDESK_DEBIAN_MIRROR:-http://deb.debian.org/debian}

# What each suite's root holds (--no-install-recommends).
packages_sid=(
  python3-transformers python3-torch python3-safetensors python3-tokenizers
  python3-sentencepiece python3-gguf python3-numpy llama.cpp-tools
  libtorch-dev libopenblas0-openmp libgloo-dev libyaml-cpp-dev nlohmann-json3-dev libsodium-dev libpcre2-dev
  libutf8proc-dev libzip-dev libexpat1-dev libopencc-dev libgtest-dev libgmock-dev
  cmake ninja-build g++ pkg-config ccache ca-certificates
)
# trixie: libtorch-cuda-dev 2.6 (contrib; CUDA from non-free), for the CUDA compile check
# (tools/reference/check-cuda-build.sh adds it, with its stand-ins).
packages_trixie=(
  libyaml-cpp-dev nlohmann-json3-dev libsodium-dev libpcre2-dev libutf8proc-dev
  libzip-dev libexpat1-dev libopencc-dev cmake ninja-build g++ pkg-config equivs ca-certificates
)

usage() { sed -n '8,13p' "$0"; exit 2; }

root_of() { echo "$base/$1"; }

# bind_folder SRC DST [MOUNT-OPTION...]: DST shows SRC. A mount left by an
# earlier run is kept only while it shows this very folder (same device and
# inode): another clone's repository, or a folder deleted and made again
# since (a new session's ../shared), is unmounted and bound afresh, so that
# a check never runs someone else's tree. Lazily where busy: a process
# still inside keeps its view.
bind_folder() {
  local src=$1 dst=$2; shift 2
  mkdir -p "$dst"
  if mountpoint -q "$dst"; then
    [ "$(stat -c %d:%i "$src")" = "$(stat -c %d:%i "$dst")" ] && return 0
    umount "$dst" 2>/dev/null || umount -l "$dst"
  fi
  mount --bind "$@" "$src" "$dst"
}

mount_proc() {
  local root=$1
  mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
  mountpoint -q "$root/dev" || mount --bind /dev "$root/dev"
  mountpoint -q "$root/dev/pts" || mount -t devpts devpts "$root/dev/pts" 2>/dev/null || true
  # The repository, at /tunedesk inside the root.
  bind_folder "$repo" "$root/tunedesk"
  # The read-only reference data beside the repository, where the tests look for it (/shared).
  if [ -d "$repo/../shared" ]; then bind_folder "$repo/../shared" "$root/shared" -o ro; fi
  # Name resolution for apt inside the root.
  cp -L /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
}

in_root() {
  local root=$1; shift
  mount_proc "$root"
  chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    DEBIAN_FRONTEND=noninteractive "$@"
}

print_versions() {
  local root=$1
  in_root "$root" dpkg-query -W -f='${Package} ${Version}\n' "${@:2}" 2>/dev/null || true
}

setup() {
  local suite=$1 root; root=$(root_of "$suite")
  local -n wanted="packages_$suite"
  if [ "$(id -u)" -ne 0 ]; then echo "root.sh: needs root (debootstrap, chroot)" >&2; exit 1; fi
  command -v debootstrap >/dev/null || apt-get install -y -qq --no-install-recommends debootstrap
  if [ ! -x "$root/usr/bin/apt-get" ]; then
    echo "root.sh: making a Debian $suite root in $root (minbase)"
    mkdir -p "$base"
    rm -rf "$root.partial"
    debootstrap --variant=minbase "$suite" "$root.partial" "$mirror"
    # A root left without its system (a machine that kept only the mount
    # points) would take the new one as a subfolder: clear it first.
    if [ -e "$root" ]; then
      for m in shared tunedesk dev/pts dev proc; do if mountpoint -q "$root/$m"; then umount "$root/$m"; fi; done
      rm -rf "$root"
    fi
    mv "$root.partial" "$root"
  else
    echo "root.sh: reusing $root"
  fi
  local components="main"
  [ "$suite" = trixie ] && components="main contrib non-free non-free-firmware"
  echo "deb $mirror $suite $components" > "$root/etc/apt/sources.list"
  local missing=()
  for p in "${wanted[@]}"; do
    local s; s=$(in_root "$root" dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
    [ "${s:0:2}" = "ii" ] || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "root.sh: installing ${missing[*]}"
    # The archive's Release file may be past its Valid-Until date here.
    in_root "$root" apt-get -o Acquire::Check-Valid-Until=false update -qq
    in_root "$root" apt-get install -y -qq --no-install-recommends "${missing[@]}"
    in_root "$root" apt-get clean
  fi
  echo "root.sh: $suite root at $root holds:"
  print_versions "$root" "${wanted[@]}" | sed 's/^/  /'
}

cmd=${1:-}; [ -n "$cmd" ] || usage; shift
suite=sid
if [ $# -gt 0 ] && [ "$1" != "--" ]; then suite=$1; shift; fi
case "$suite" in sid|trixie) ;; *) echo "root.sh: unknown suite $suite (sid or trixie)" >&2; exit 2 ;; esac
case "$cmd" in
  setup) setup "$suite" ;;
  unmount)
    root=$(root_of "$suite")
    for m in shared tunedesk dev/pts dev proc; do if mountpoint -q "$root/$m"; then umount "$root/$m"; fi; done ;;
  path) root_of "$suite" ;;
  run)
    [ "${1:-}" = "--" ] && shift
    [ $# -gt 0 ] || usage
    root=$(root_of "$suite")
    [ -x "$root/usr/bin/apt-get" ] || { echo "root.sh: no $suite root at $root (run: $0 setup $suite)" >&2; exit 1; }
    in_root "$root" "$@" ;;
  *) usage ;;
esac
