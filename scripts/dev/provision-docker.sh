#!/usr/bin/env bash
# Makes a Docker Engine with Compose V2 available for the end-to-end tests.
# Does nothing where an engine already answers (a laptop, a CI runner with Docker).
# On Debian 12 (the project's machines) it installs the engine and the compose plugin from
# Debian 13's packages, pinned low so nothing else is upgraded, and starts dockerd by hand
# because there is no systemd.
set -euo pipefail

log() { echo "[provision-docker] $*" >&2; }

engine_answers() { docker info >/dev/null 2>&1; }
compose_v2_present() { docker compose version >/dev/null 2>&1; }

if command -v docker >/dev/null 2>&1 && engine_answers && compose_v2_present; then
  log "Docker engine and Compose V2 already available"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  log "Docker is not running and installing it needs root; start Docker yourself and re-run"
  exit 3
fi

if ! command -v dockerd >/dev/null 2>&1 || ! [ -x /usr/libexec/docker/cli-plugins/docker-compose ]; then
  sources=/etc/apt/sources.list.d/debian.sources
  if ! [ -r "$sources" ]; then
    log "no $sources: this script knows how to install Docker on Debian only"
    exit 3
  fi
  # The same mirror apt already uses; no host name is written here.
  uri=$(awk '/^URIs:/ {print $2; exit}' "$sources")
  if ! grep -qs 'Suites: trixie' /etc/apt/sources.list.d/trixie.sources; then
    cat > /etc/apt/sources.list.d/trixie.sources <<SRC
Types: deb
URIs: $uri
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    printf 'Package: *\nPin: release n=trixie\nPin-Priority: 100\n' > /etc/apt/preferences.d/trixie-low
  fi
  log "installing docker.io and docker-compose from Debian trixie"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io/trixie docker-compose/trixie >/dev/null
fi

if ! engine_answers; then
  log "starting dockerd"
  setsid dockerd >/var/log/dockerd.log 2>&1 < /dev/null &
  for _ in $(seq 1 60); do
    engine_answers && break
    sleep 1
  done
fi

if ! engine_answers; then
  log "dockerd did not come up; see /var/log/dockerd.log"
  tail -n 20 /var/log/dockerd.log >&2 || true
  exit 3
fi
if ! compose_v2_present; then
  log "docker compose (V2) is still missing after the install"
  exit 3
fi
log "ready: engine $(docker version --format '{{.Server.Version}}'), compose $(docker compose version --short)"
