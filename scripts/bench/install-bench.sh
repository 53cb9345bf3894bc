#!/usr/bin/env bash
# Measures how long the installer takes, against the local stand-in images (see testenv/):
#   - a configuration-only run (no Docker) and its idempotent re-run,
#   - a fresh full install until every service answers,
#   - an unchanged re-run of the full install (should only check and wait),
# each repeated ROUNDS times (default 3); prints the median and the spread.
# Needs: Docker (scripts/dev/provision-docker.sh), the test images (scripts/dev/build-test-images.sh)
# and the jar (mvn -B -q package -DskipTests). Each round's deployment is a Compose project of its
# own (rsbench-<random>), and only that project's containers, networks and volumes are removed,
# also on failure. Talks only to the local engine and 127.0.0.1. Not part of the test suite:
# timings are reported, never asserted.
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${ROUNDS:-3}
jar=target/reflector-setup.jar
[ -f "$jar" ] || { echo "build the jar first: mvn -B -q package -DskipTests" >&2; exit 3; }

work=$(mktemp -d)
project=""
# The deployment is a Reflector checkout made of the stand-ins' build directories, so every image
# builds locally; its directory name is its (unique) Compose project.
new_deployment() {
  project="rsbench-$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  full="$work/$project"
  mkdir -p "$full/gpu"
  cp -r testenv/model-server "$full/gpu/self_hosted"
  cp -r testenv/backend "$full/server"
  cp -r testenv/frontend "$full/www"
}
cleanup() {
  if [ -n "$project" ] && [ -f "$full/docker-compose.selfhosted.yml" ]; then
    (cd "$full" && docker compose -p "$project" -f docker-compose.selfhosted.yml \
      --profile cpu --profile ollama-cpu --profile garage --profile caddy down -v >/dev/null 2>&1) || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
report() { # name, then samples
  local name=$1; shift
  printf '%s\n' "$@" | sort -n | awk -v name="$name" '
    { v[NR] = $1 } END { printf "%-34s median %6.2f s   min %6.2f s   max %6.2f s   (%d runs)\n", name, v[int((NR + 1) / 2)], v[1], v[NR], NR }'
}

config_args=(--cpu --garage --caddy --public-ip 192.0.2.10 --non-interactive --quiet --only secrets,server-env,www-env,caddyfile)
full_args=(--cpu --ollama-cpu --llm-model qwen2.5:0.5b --garage --caddy --public-ip 192.0.2.10 --non-interactive
           --quiet --pull missing)

config_fresh=(); config_again=(); full_fresh=(); full_again=()
for round in $(seq 1 "$rounds"); do
  rm -rf "$work/config"
  t0=$(now); java -jar "$jar" "${config_args[@]}" --dir "$work/config" >/dev/null; t1=$(now)
  java -jar "$jar" "${config_args[@]}" --dir "$work/config" >/dev/null; t2=$(now)
  config_fresh+=("$(elapsed "$t0" "$t1")"); config_again+=("$(elapsed "$t1" "$t2")")

  cleanup; work=$(mktemp -d); new_deployment
  t0=$(now); java -jar "$jar" "${full_args[@]}" --dir "$full" >/dev/null; t1=$(now)
  java -jar "$jar" "${full_args[@]}" --dir "$full" >/dev/null; t2=$(now)
  full_fresh+=("$(elapsed "$t0" "$t1")"); full_again+=("$(elapsed "$t1" "$t2")")
  echo "round $round done" >&2
done

report "config only, fresh" "${config_fresh[@]}"
report "config only, re-run" "${config_again[@]}"
report "full install, fresh (to healthy)" "${full_fresh[@]}"
report "full install, unchanged re-run" "${full_again[@]}"
