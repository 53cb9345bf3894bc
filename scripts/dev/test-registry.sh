#!/usr/bin/env bash
# A local Docker registry that the engine uses as its Docker Hub mirror, holding the backend and
# frontend STAND-INS under upstream's release names, so that an end-to-end test's release
# deployment pulls monadicalsas/reflector-backend:v0.35.0 and -frontend:v0.35.0 as a user's
# install pulls upstream's images (no registry on the internet is reachable here).
#
#   registry  Debian's docker-registry package, only its binary unpacked into .tools/ (never
#             installed, so never a system service), run as a background process on
#             127.0.0.1:5055, storing under /var/tmp/reflector-test-registry.
#   engine    "registry-mirrors": ["http://127.0.0.1:5055"] in /etc/docker/daemon.json (its other
#             keys kept), reloaded with SIGHUP; only where this script may: root, one local dockerd.
#             Loopback registries are insecure by default, so plain HTTP is allowed. Every other
#             image the mirror does not have (it answers 404) is pulled from Docker Hub as before:
#             here that fails as it always did.
#   images    the two release tags the tests pull, pushed from the locally built stand-ins
#             (scripts/dev/build-test-images.sh); nothing else, never :latest. A tag whose image
#             the registry already has is not pushed again.
#
# Usage: scripts/dev/test-registry.sh          set everything up (idempotent, < 1 s when it is)
#        scripts/dev/test-registry.sh check    exit 0 when the engine pulls through the mirror
#        scripts/dev/test-registry.sh stop     stop the registry process (the engine keeps the
#                                              mirror setting; pulls fall through to Docker Hub)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
address=127.0.0.1:5055
mirror="http://$address"
data=${REFLECTOR_TEST_REGISTRY_DATA:-/var/tmp/reflector-test-registry}
bin="$repo/.tools/docker-registry/usr/bin/docker-registry"
# local image  ->  what the registry serves (as Docker Hub's monadicalsas/...)
images=(
  "monadicalsas/reflector-backend:latest monadicalsas/reflector-backend:v0.35.0"
  "monadicalsas/reflector-frontend:latest monadicalsas/reflector-frontend:v0.35.0"
)

log() { echo "[test-registry] $*" >&2; }
die() { log "ERROR: $*"; exit 3; }

registry_answers() { curl -fs -o /dev/null --max-time 2 "$mirror/v2/"; }
engine_mirrors() { docker info --format '{{json .RegistryConfig.Mirrors}}' 2>/dev/null || true; }
engine_uses_mirror() { engine_mirrors | grep -qF "\"$mirror/\""; }

install_registry() {
  [ -x "$bin" ] && return 0
  command -v apt-get >/dev/null 2>&1 || die "no apt-get: install Debian's docker-registry binary as $bin yourself"
  local tmp; tmp=$(mktemp -d)
  chmod 755 "$tmp"  # apt's sandbox user writes the download there
  log "unpacking Debian's docker-registry into .tools/ (not installed as a service)"
  if ! (cd "$tmp" && apt-get download -qq docker-registry >/dev/null 2>&1); then
    apt-get update -qq >/dev/null
    (cd "$tmp" && apt-get download -qq docker-registry >/dev/null 2>&1) || { rm -rf "$tmp"; die "apt-get download docker-registry failed"; }
  fi
  mkdir -p "$repo/.tools/docker-registry"
  dpkg-deb -x "$tmp"/docker-registry_*.deb "$repo/.tools/docker-registry"
  rm -rf "$tmp"
  [ -x "$bin" ] || die "the package has no usr/bin/docker-registry"
}

start_registry() {
  registry_answers && return 0
  install_registry
  mkdir -p "$data/storage"
  cat > "$data/config.yml" <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $data/storage
  delete:
    enabled: true
http:
  addr: $address
EOF
  log "starting the registry on $address (data in $data)"
  setsid "$bin" serve "$data/config.yml" >>"$data/registry.log" 2>&1 < /dev/null 8>&- 9>&- &
  echo $! > "$data/registry.pid"
  for _ in $(seq 1 50); do
    registry_answers && return 0
    sleep 0.2
  done
  tail -n 20 "$data/registry.log" >&2 || true
  die "the registry did not answer on $address"
}

use_as_mirror() {
  engine_uses_mirror && return 0
  [ "$(id -u)" -eq 0 ] || die "the engine does not use $mirror as its registry mirror, and setting that needs root"
  local pids; pids=$(pidof dockerd || true)
  [ -n "$pids" ] && [ "$(echo "$pids" | wc -w)" -eq 1 ] \
    || die "no single local dockerd to reload; add \"registry-mirrors\": [\"$mirror\"] to its daemon.json yourself"
  mkdir -p /etc/docker
  python3 - "$mirror" <<'PY'
import json, os, sys
path, mirror = "/etc/docker/daemon.json", sys.argv[1]
config = {}
if os.path.exists(path):
    with open(path) as f:
        text = f.read()
    config = json.loads(text) if text.strip() else {}
mirrors = config.setdefault("registry-mirrors", [])
if mirror not in mirrors:
    mirrors.append(mirror)
tmp = path + ".tmp"
with open(tmp, "w") as f:
    json.dump(config, f, indent=2)
    f.write("\n")
os.replace(tmp, path)
PY
  log "the engine now uses $mirror as its Docker Hub mirror (/etc/docker/daemon.json, reloaded)"
  kill -HUP "$pids"
  for _ in $(seq 1 50); do
    engine_uses_mirror && return 0
    sleep 0.2
  done
  die "dockerd did not take the mirror setting (see its log)"
}

push_images() {
  local pair local_tag served repository tag id digest
  for pair in "${images[@]}"; do
    read -r local_tag served <<<"$pair"
    id=$(docker image inspect -f '{{.Id}}' "$local_tag" 2>/dev/null) \
      || die "no local image $local_tag: run scripts/dev/build-test-images.sh first"
    repository=${served%:*} tag=${served##*:}
    digest=$(curl -fsS --max-time 5 -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
      "$mirror/v2/$repository/manifests/$tag" 2>/dev/null \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)["config"]["digest"])' 2>/dev/null || true)
    if [ "$digest" = "$id" ]; then
      continue
    fi
    log "pushing $local_tag as $served"
    docker tag "$local_tag" "$address/$served"
    docker push -q "$address/$served" >/dev/null || { docker image rm "$address/$served" >/dev/null 2>&1 || true; die "pushing $served failed"; }
    docker image rm "$address/$served" >/dev/null  # the registry-prefixed tag only; the image stays
  done
}

case "${1:-up}" in
  up)
    docker info >/dev/null 2>&1 || die "no Docker engine answers; run scripts/dev/provision-docker.sh first"
    # One set-up at a time on this machine; the registry process must not inherit the lock.
    exec 8>"${TMPDIR:-/tmp}/reflector-test-registry.lock"
    flock 8
    command -v curl >/dev/null 2>&1 || die "curl is missing"
    start_registry
    use_as_mirror
    push_images
    log "ready: the engine pulls ${images[*]##* } through $mirror"
    ;;
  check)
    registry_answers && engine_uses_mirror
    ;;
  stop)
    if [ -f "$data/registry.pid" ] && kill "$(cat "$data/registry.pid")" 2>/dev/null; then
      rm -f "$data/registry.pid"
      log "stopped"
    fi
    ;;
  -h|--help) sed -n '2,24p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' ;;
  *) die "unknown argument: $1 (up, check or stop)" ;;
esac
