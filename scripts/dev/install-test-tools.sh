#!/usr/bin/env bash
# Tools the tests call: Debian's python3-dotenv (the reader the backend uses for .env files),
# caddy (checks the generated Caddyfiles), busybox-static (a tiny test image), git (resolving
# branches) and pebble (a local ACME test CA for the --domain end-to-end test; it only ever listens
# inside a Docker network that test makes). Installs only what is missing.
set -euo pipefail

missing=()
/usr/bin/python3 -c 'import dotenv' >/dev/null 2>&1 || missing+=(python3-dotenv)
command -v caddy >/dev/null 2>&1 || missing+=(caddy)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
# The Docker adapter's tests build a FROM-scratch image around a statically linked busybox.
file_is_static() { [ -x "$1" ] && ! ldd "$1" >/dev/null 2>&1; }
file_is_static /bin/busybox || missing+=(busybox-static)
command -v git >/dev/null 2>&1 || missing+=(git)
command -v pebble >/dev/null 2>&1 || missing+=(pebble)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "[install-test-tools] missing ${missing[*]}; install them (Debian packages) and re-run" >&2
  exit 3
fi
echo "[install-test-tools] installing ${missing[*]}" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
