#!/usr/bin/env bash
# Installs TuneDesk's .deb into a clean Debian 12 root (debootstrap, minbase)
# the way a user would (`apt install ./tunedesk_*.deb`), then checks that
# every dependency resolved and that the installed programs start: the CLI,
# the services CLI (no libtorch), the engine (the plugin and libtorch), and
# the desktop app up to its first window (offscreen).
#   tests/packaging/deb_install_test.sh PACKAGE.deb [WORK_DIR]
# Needs root, debootstrap and Debian's mirror (as scripts/install-deps.sh uses).
# Exit 77 (skipped) when it cannot run here, saying why.
set -euo pipefail
deb=$(realpath "${1:?usage: deb_install_test.sh PACKAGE.deb [WORK_DIR]}")
work=${2:-$(mktemp -d /tmp/tunedesk-deb-XXXXXX)}
[ "$(id -u)" -eq 0 ] || { echo "SKIP: needs root for the chroot"; exit 77; }
command -v debootstrap >/dev/null || { echo "SKIP: debootstrap is not installed (scripts/install-deps.sh installs it)"; exit 77; }
mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)
mirror=${mirror:-http://deb.debian.org/debian}
root="$work/root"

cleanup() {
  for m in proc sys dev; do umount -l "$root/$m" 2>/dev/null || true; done
  [ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

echo "== debootstrap bookworm into $root ($mirror)"
debootstrap --variant=minbase bookworm "$root" "$mirror" >"$work/debootstrap.log" 2>&1 ||
  { tail -n 20 "$work/debootstrap.log"; echo "FAIL: debootstrap"; exit 1; }
mount -t proc proc "$root/proc"
mount --rbind /sys "$root/sys"
mount --rbind /dev "$root/dev"
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
cp "$deb" "$root/tmp/"
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }

echo "== apt install ./$(basename "$deb")"
in_root apt-get update -q >"$work/apt.log" 2>&1
if ! in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "/tmp/$(basename "$deb")" >>"$work/apt.log" 2>&1; then
  tail -n 30 "$work/apt.log"
  echo "FAIL: the package's dependencies did not resolve"
  exit 1
fi
grep -E "^(Need to get|After this operation)" "$work/apt.log" || true

failed=0
check() {  # check WHAT COMMAND...: runs it in the root, shows its output on failure
  local what=$1
  shift
  if out=$(in_root "$@" 2>&1); then
    echo "ok: $what"
  else
    echo "FAIL: $what"; echo "$out" | tail -n 20; failed=1
  fi
}
check "tunedesk-cli runs" tunedesk-cli --help
check "the services CLI runs" tunedesk-cli users list --data-dir /tmp/td
check "the engine runs (libtorch)" tunedesk-cli model info /usr/share/tunedesk/models/demo-qwen3
check "the menu entry is installed" test -f /usr/share/applications/tunedesk.desktop
check "the icon is installed" test -f /usr/share/icons/hicolor/scalable/apps/tunedesk.svg
out=$(in_root env QT_QPA_PLATFORM=offscreen TUNEDESK_STARTUP_PROBE=1 tunedesk --data-dir /tmp/td 2>&1 || true)
if grep -q "login window shown" <<<"$out"; then echo "ok: the desktop app opens its first window"; else
  echo "FAIL: the desktop app did not start"; echo "$out" | tail -n 20; failed=1; fi
# The engine plugin from the package trains: a 2-step job from the queue.
check "a job trains through the installed engine plugin" bash -c '
  printf "text,result\n1+1,2\n2+2,4\n3+3,6\n4+4,8\n" >/tmp/q.csv
  echo "a long passphrase" | tunedesk-cli users add u --password-stdin --data-dir /tmp/td >/dev/null
  printf "training_args:\n  max_steps: 2\n" >/tmp/j.yaml
  tunedesk-cli jobs submit --user u --data /tmp/q.csv --model /usr/share/tunedesk/models/demo-qwen3 --config /tmp/j.yaml --data-dir /tmp/td >/dev/null
  tunedesk-cli jobs run --data-dir /tmp/td | grep -q completed'
[ "$failed" -eq 0 ] && echo "deb install test passed" || exit 1
