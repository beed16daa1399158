#!/bin/bash
# The first-run takeover, tried from another machine: a network namespace
# with its own stack, joined to this one by a veth pair with addresses of its
# own (torn down after). `tunedesk-cli serve --tls-self-signed` listens on
# this side's address; from the namespace, over HTTPS verified against the
# certificate it printed, creating the administrator is refused without the
# setup code serve printed, and works once with it. Also: a key that is not
# the certificate's is refused at start, with a message naming it.
#
# Needs root and `ip netns` (CAP_SYS_ADMIN); skipped (77) where they are not
# allowed. The peer-address decision itself is unit-tested in
# security_test.cpp (FirstRun.*) and over this machine's own non-loopback
# address (Attack.SetupTakeoverFromAnotherMachineNeedsTheCode).
set -euo pipefail
cli=${1:?usage: setup_from_another_machine.sh TUNEDESK_CLI}
python=/usr/bin/python3

if [[ $(id -u) -ne 0 ]] || ! command -v ip >/dev/null; then
  echo "skipped: needs root and ip (iproute2) to make a network namespace"
  exit 77
fi
ns=tdsec$$
host_if=tdh$$ peer_if=tdp$$
# Addresses from TEST-NET-2 (RFC 5737), a /30 of their own.
host_ip=198.51.100.1 peer_ip=198.51.100.2
work=$(mktemp -d)
server_pid=
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  ip link del "$host_if" 2>/dev/null || true
  ip netns del "$ns" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
if ! ip netns add "$ns" 2>"$work/err"; then
  echo "skipped: ip netns add is not allowed here: $(cat "$work/err")"
  exit 77
fi
ip link add "$host_if" type veth peer name "$peer_if"
ip link set "$peer_if" netns "$ns"
ip addr add "$host_ip/30" dev "$host_if"
ip link set "$host_if" up
ip -n "$ns" addr add "$peer_ip/30" dev "$peer_if"
ip -n "$ns" link set "$peer_if" up
ip -n "$ns" link set lo up

# A key that is not the certificate's: refused before anything listens.
"$cli" serve --data-dir "$work/once" --port 0 --tls-self-signed >"$work/first.out" 2>&1 &
first=$!
for _ in $(seq 50); do grep -q fingerprint "$work/first.out" && break; sleep 0.1; done
kill $first; wait $first 2>/dev/null || true
openssl ecparam -name prime256v1 -genkey -noout -out "$work/other-key.pem" 2>/dev/null
if "$cli" serve --data-dir "$work/wrong" --port 0 --tls-cert "$work/once/tls/tunedesk-cert.pem" \
     --tls-key "$work/other-key.pem" >"$work/wrong.out" 2>&1; then
  echo "FAIL: serve started with a key that is not the certificate's"; exit 1
fi
grep -q "other-key.pem does not belong to the certificate" "$work/wrong.out" || { echo "FAIL: no clear error:"; cat "$work/wrong.out"; exit 1; }
echo "ok: a mismatched key is refused at start: $(tail -1 "$work/wrong.out")"

"$cli" serve --host "$host_ip" --port 0 --data-dir "$work/data" --tls-self-signed >"$work/serve.out" 2>&1 &
server_pid=$!
for _ in $(seq 100); do grep -q "setup code" "$work/serve.out" && break; sleep 0.1; done
cat "$work/serve.out"
url=$(grep -o "https://$host_ip:[0-9]*/" "$work/serve.out" | head -1)
code=$(grep -A1 "setup code" "$work/serve.out" | tail -1 | tr -d ' ')
fingerprint=$(grep -A1 "fingerprint" "$work/serve.out" | tail -1 | tr -d ' ')
[[ -n $url && -n $code && -n $fingerprint ]] || { echo "FAIL: serve did not print its address, setup code and fingerprint"; exit 1; }

ip netns exec "$ns" "$python" - "$url" "$code" "$fingerprint" "$work/data/tls/tunedesk-cert.pem" <<'EOF'
import hashlib, json, ssl, sys, urllib.error, urllib.request
url, code, fingerprint, cert = sys.argv[1:5]
context = ssl.create_default_context(cafile=cert)  # verifies the chain and that the certificate names this address

def call(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url + path, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, context=context, timeout=10) as r:
            return r.status, json.load(r), r.headers
    except urllib.error.HTTPError as e:
        return e.code, json.load(e), e.headers

def check(what, ok):
    print(("ok: " if ok else "FAIL: ") + what)
    if not ok:
        sys.exit(1)

import socket
host, port = url[len("https://"):].rstrip("/").rsplit(":", 1)
with socket.create_connection((host, int(port)), timeout=10) as raw:
    with context.wrap_socket(raw, server_hostname=host) as tls:
        seen = hashlib.sha256(tls.getpeercert(binary_form=True)).hexdigest().upper()
check("the certificate's fingerprint is the one serve printed", ":".join(seen[i:i + 2] for i in range(0, 64, 2)) == fingerprint)

status, info, _ = call("GET", "api/server")
check("from another machine the page is told to ask for the setup code: %s" % info, status == 200 and info["setup_code_required"] and info["tls"])
status, answer, _ = call("POST", "api/setup", {"username": "mallory", "password": "a long passphrase"})
check("setup without the code is refused (%d %s)" % (status, answer["error"]["kind"]), status == 403)
status, answer, _ = call("POST", "api/setup", {"username": "mallory", "password": "a long passphrase", "setup_code": "2222-3333-4444-5555"})
check("setup with a wrong code is refused", status == 403)
status, answer, headers = call("POST", "api/setup", {"username": "owner", "password": "a long passphrase", "setup_code": code.lower()})
check("setup with the printed code makes the administrator", status == 200 and answer["role"] == "admin")
check("its cookie is Secure and HSTS is sent", "Secure" in headers["Set-Cookie"] and headers["Strict-Transport-Security"])
status, answer, _ = call("POST", "api/setup", {"username": "mallory", "password": "a long passphrase", "setup_code": code})
check("the code works once", status == 403)
EOF
echo "all checks passed"
