#!/usr/bin/env bash
# Tools the unit tests call: Debian's python3-dotenv (the reader the backend uses for .env files)
# and caddy (checks the generated Caddyfiles). Installs only what is missing.
set -euo pipefail

missing=()
/usr/bin/python3 -c 'import dotenv' >/dev/null 2>&1 || missing+=(python3-dotenv)
command -v caddy >/dev/null 2>&1 || missing+=(caddy)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "[install-test-tools] missing ${missing[*]}; install them (Debian packages) and re-run" >&2
  exit 3
fi
echo "[install-test-tools] installing ${missing[*]}" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
