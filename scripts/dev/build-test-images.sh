#!/usr/bin/env bash
# Builds, without any container registry, every image the end-to-end tests need, under the
# names docker-compose.selfhosted.yml uses. See testenv/README.md.
#
#   reflector-test/debian-base:bookworm     debootstrap --variant=minbase root file system
#   postgres:17-alpine, redis:7.2-alpine,   REAL PostgreSQL 15 / Redis / Caddy from Debian
#   caddy:2-alpine
#   monadicalsas/reflector-backend:latest,  STAND-INS written to the documented interfaces
#   monadicalsas/reflector-frontend:latest,
#   ollama/ollama:latest, dxflrs/garage:v1.1.0,
#   reflector-test/model-server:latest      (the compose file builds testenv/model-server
#                                            itself; building it here warms the cache)
#
# Then scripts/dev/test-registry.sh serves the backend and frontend stand-ins as
# monadicalsas/reflector-{backend,frontend}:v0.35.0 from a registry on 127.0.0.1 that the
# engine uses as its Docker Hub mirror: release deployments pull them as a user's would.
#
# Idempotent and fast when nothing changed: every image carries the label
# reflector-test.inputs = sha256 of its build directory (plus the base image's ID for the
# images built FROM it); an image whose tag exists with the same label is skipped.
#
# Usage: scripts/dev/build-test-images.sh [--force]
#   --force (or REFLECTOR_TEST_IMAGES_FORCE=1) rebuilds everything.
# Needs root only when debootstrap has to be installed or the base image built.
# Network: debootstrap (and apt-get install debootstrap, and test-registry.sh's apt-get download
# docker-registry) use the mirror configured in /etc/apt/sources.list.d/debian.sources; nothing
# else is fetched from anywhere.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
testenv="$repo/testenv"
label=reflector-test.inputs
base_tag=reflector-test/debian-base:bookworm

force=${REFLECTOR_TEST_IMAGES_FORCE:-}
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    -h|--help) sed -n '2,27p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done

log() { echo "[build-test-images] $*" >&2; }
trap 'exit 130' INT TERM  # so that the EXIT trap (rootfs clean-up) runs on ^C too
die() { log "ERROR: $*"; exit 1; }

docker info >/dev/null 2>&1 || die "no Docker engine answers; run scripts/dev/provision-docker.sh first"

# One build at a time on this machine (tests may call this script concurrently).
exec 9>"${TMPDIR:-/tmp}/reflector-build-test-images.lock"
flock 9

# sha256 over the relative paths, modes and contents of every file in a directory, plus
# any extra words (e.g. the base image's ID).
dir_hash() {
  local dir=$1; shift
  {
    (cd "$dir" && find . -type f -print0 | LC_ALL=C sort -z | while IFS= read -r -d '' f; do
        printf '%s %s %s\n' "$f" "$(stat -c %a "$f")" "$(sha256sum < "$f" | cut -d' ' -f1)"
      done)
    printf '%s\n' "$@"
  } | sha256sum | cut -d' ' -f1
}

image_id() { docker image inspect -f '{{.Id}}' "$1" 2>/dev/null || true; }

# After a rebuild, drop the image the tag used to name if nothing else names it any more
# (keeps rebuilds from piling up <none> images; fails harmlessly if a container uses it).
drop_replaced() { # old_id tag
  local old=$1 tag=$2
  [ -n "$old" ] && [ "$old" != "$(image_id "$tag")" ] || return 0
  [ "$(docker image inspect -f '{{len .RepoTags}}' "$old" 2>/dev/null)" = 0 ] || return 0
  docker image rm "$old" >/dev/null 2>&1 || true
}

image_label() {
  docker image inspect -f "{{ index .Config.Labels \"$label\" }}" "$1" 2>/dev/null || true
}

up_to_date() { # tag hash
  [ -z "$force" ] && [ "$(image_label "$1")" = "$2" ]
}

built=() skipped=()

# ---- 1. Debian bookworm base ------------------------------------------------------------
build_base() {
  local dir="$testenv/debian-base" hash rootfs uri pkgs
  hash=$(dir_hash "$dir")
  if up_to_date "$base_tag" "$hash"; then skipped+=("$base_tag"); return; fi
  [ "$(id -u)" -eq 0 ] || die "building $base_tag needs root (debootstrap)"
  if ! command -v debootstrap >/dev/null 2>&1; then
    log "installing debootstrap"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
  fi
  local sources=/etc/apt/sources.list.d/debian.sources
  [ -r "$sources" ] || die "no $sources: cannot tell which Debian mirror to use"
  uri=$(awk '/^URIs:/ {print $2; exit}' "$sources")
  [ -n "$uri" ] || die "no URIs: line in $sources"
  pkgs=$(grep -v '^[[:space:]]*\(#\|$\)' "$dir/packages.txt" | tr -d ' \t' | paste -sd, -)

  rootfs=$(mktemp -d "${TMPDIR:-/tmp}/reflector-rootfs.XXXXXX")
  # Remove the rootfs whatever happens; never cross into a file system mounted inside it.
  cleanup_rootfs() {
    if [ -n "${rootfs:-}" ] && [ -d "$rootfs" ]; then
      { findmnt -rn -o TARGET | grep -F "$rootfs/" || true; } | sort -r | while read -r m; do umount -l "$m" || true; done
      rm -rf --one-file-system "$rootfs"
    fi
  }
  trap cleanup_rootfs EXIT
  log "debootstrap bookworm (minbase + $pkgs) into $rootfs"
  local t0=$SECONDS
  if ! debootstrap --variant=minbase --include="$pkgs" bookworm "$rootfs" "$uri" \
       >"$rootfs.log" 2>&1; then
    tail -n 30 "$rootfs.log" >&2
    [ -f "$rootfs/debootstrap/debootstrap.log" ] && tail -n 30 "$rootfs/debootstrap/debootstrap.log" >&2
    rm -f "$rootfs.log"
    die "debootstrap failed"
  fi
  rm -f "$rootfs.log"
  log "debootstrap done in $((SECONDS - t0))s"
  sh "$dir/customize.sh" "$rootfs"
  log "importing $base_tag"
  local old_id; old_id=$(image_id "$base_tag")
  tar -C "$rootfs" --numeric-owner -cf - . | docker import \
    --change "LABEL $label=$hash" \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'CMD ["/bin/bash"]' \
    - "$base_tag" >/dev/null
  cleanup_rootfs
  trap - EXIT
  drop_replaced "$old_id" "$base_tag"
  replaced_base=$old_id  # still used by the old derived images; dropped again at the end
  built+=("$base_tag")
}

# ---- 2./3. images built FROM the base -----------------------------------------------
build_from_dir() { # tag dir
  local tag=$1 dir=$2 hash base_id
  base_id=$(docker image inspect -f '{{.Id}}' "$base_tag")
  hash=$(dir_hash "$dir" "$base_id")
  if up_to_date "$tag" "$hash"; then skipped+=("$tag"); return; fi
  log "building $tag from ${dir#"$repo"/}"
  local out old_id; old_id=$(image_id "$tag")
  if ! out=$(DOCKER_BUILDKIT=1 docker build --pull=false --label "$label=$hash" -t "$tag" "$dir" 2>&1); then
    printf '%s\n' "$out" >&2
    die "building $tag failed"
  fi
  drop_replaced "$old_id" "$tag"
  built+=("$tag")
}

replaced_base=
t_start=$SECONDS
build_base
build_from_dir postgres:17-alpine                      "$testenv/postgres"
build_from_dir redis:7.2-alpine                        "$testenv/redis"
build_from_dir caddy:2-alpine                          "$testenv/caddy"
build_from_dir monadicalsas/reflector-backend:latest   "$testenv/backend"
build_from_dir monadicalsas/reflector-frontend:latest  "$testenv/frontend"
build_from_dir ollama/ollama:latest                    "$testenv/ollama"
build_from_dir dxflrs/garage:v1.1.0                    "$testenv/garage"
build_from_dir reflector-test/model-server:latest      "$testenv/model-server"
drop_replaced "$replaced_base" "$base_tag"
# Untagged leftovers of these images (e.g. from `compose up --build`, which builds the
# backend image once per service) carry the label too; nothing else does.
docker image ls -q --filter dangling=true --filter "label=$label" | sort -u | xargs -r docker image rm >/dev/null 2>&1 || true

[ ${#built[@]} -eq 0 ] || log "built: ${built[*]}"
[ ${#skipped[@]} -eq 0 ] || log "up to date: ${skipped[*]}"
log "done in $((SECONDS - t_start))s"

# The backend and frontend stand-ins as upstream's release images, in a local registry the engine
# pulls through (scripts/dev/test-registry.sh), for the tests that deploy a release as a user does.
flock -u 9
exec 9>&-
bash "$here/test-registry.sh" \
  || log "WARNING: no local registry for the release images: the end-to-end tests that pull them will fail"
