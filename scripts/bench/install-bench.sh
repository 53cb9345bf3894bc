#!/usr/bin/env bash
# Measures how long the installer takes. Two parts:
#   startup   no Docker needed: --help, --version and a configuration-only run (and its
#             re-run), each as plain `java -jar` and as scripts/setup-selfhosted.sh runs it
#             (C1 only, serial GC, the class-data sharing archive target/reflector-setup.jsa),
#             STARTUP_ROUNDS times (default 10);
#   install   against the local stand-in images (see testenv/): a configuration-only run and its
#             idempotent re-run, a fresh full install until every service answers, and an
#             unchanged re-run of the full install (it checks, probes and verifies; it builds and
#             starts nothing), as `java -jar`, with the wrapper's JVM options and the build's archive,
#             and through scripts/setup-selfhosted.sh itself, ROUNDS times (default 3).
# Usage: scripts/bench/install-bench.sh [startup|install|all]   (default: all)
# Prints the median and the spread of each.
# Needs: the jar (mvn -B -q package -DskipTests); for install also Docker
# (scripts/dev/provision-docker.sh) and the test images (scripts/dev/build-test-images.sh).
# Each round's deployment is a Compose project of its own (rsbench-<random>), and only that
# project's containers, networks and volumes are removed, also on failure.
# Talks only to the local engine and 127.0.0.1. Not part of the test suite: timings are reported,
# never asserted.
set -euo pipefail
cd "$(dirname "$0")/../.."
mode=${1:-all}
case $mode in startup|install|all) ;; *) echo "usage: $0 [startup|install|all]" >&2; exit 2 ;; esac
rounds=${ROUNDS:-3}
startup_rounds=${STARTUP_ROUNDS:-10}
jar=target/reflector-setup.jar
archive=target/reflector-setup.jsa
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
    { v[NR] = $1 } END { printf "%-38s median %6.2f s   min %6.2f s   max %6.2f s   (%d runs)\n", name, v[int((NR + 1) / 2)], v[1], v[NR], NR }'
}

time_runs() { # label, rounds, then the command: wall time, and CPU time (user + sys), which a busy machine inflates less
  local label=$1 n=$2; shift 2
  local walls=() cpus=() times
  "$@" >/dev/null 2>&1 || true # warm-up (page cache), not counted
  times=$(mktemp)
  for _ in $(seq 1 "$n"); do
    { TIMEFORMAT='%R %U %S'; time "$@" >/dev/null 2>&1 || true; } 2>>"$times"
  done
  while read -r real user sys; do
    walls+=("$real"); cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.3f", u + s }')")
  done <"$times"
  rm -f "$times"
  report "$label" "${walls[@]}"
  report "  (CPU time)" "${cpus[@]}"
}

# The same JVM options as scripts/setup-selfhosted.sh.
wrapper=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xlog:cds=off -Xlog:cds+dynamic=off)
if [ -f "$archive" ] && java -Xshare:on -XX:SharedArchiveFile="$archive" -jar "$jar" --version >/dev/null 2>&1; then
  wrapper+=(-XX:SharedArchiveFile="$archive")
else
  echo "note: $archive is missing or was made by another Java runtime (mvn package makes it); measuring without CDS" >&2
fi

startup() {
  local cfg=(--cpu --garage --caddy --public-ip 192.0.2.10 --non-interactive --quiet --only secrets,server-env,www-env,caddyfile)
  echo "start-up, $startup_rounds runs each ($(java -version 2>&1 | head -n 1); $(nproc) cores)"
  time_runs "--help, java -jar" "$startup_rounds" java -jar "$jar" --help
  time_runs "--help, as the wrapper runs it" "$startup_rounds" java "${wrapper[@]}" -jar "$jar" --help
  time_runs "--version, java -jar" "$startup_rounds" java -jar "$jar" --version
  time_runs "--version, as the wrapper runs it" "$startup_rounds" java "${wrapper[@]}" -jar "$jar" --version
  # The first run writes the files; the timed ones are re-runs that find everything as asked.
  time_runs "config-only re-run, java -jar" "$startup_rounds" java -jar "$jar" "${cfg[@]}" --dir "$work/startup"
  time_runs "config-only re-run, as the wrapper" "$startup_rounds" java "${wrapper[@]}" -jar "$jar" "${cfg[@]}" --dir "$work/startup"
}

if [ "$mode" != install ]; then
  startup
fi
[ "$mode" = startup ] && exit 0

config_args=(--cpu --garage --caddy --public-ip 192.0.2.10 --non-interactive --quiet --only secrets,server-env,www-env,caddyfile)
full_args=(--cpu --ollama-cpu --llm-model qwen2.5:0.5b --garage --caddy --public-ip 192.0.2.10 --non-interactive
           --quiet --pull missing)

config_fresh=(); config_again=(); full_fresh=(); full_again=(); full_again_wrapped=(); full_again_script=()
# The wrapper script makes its class-data sharing archive on its first run with a jar: not timed.
REFLECTOR_SETUP_JAR=$jar scripts/setup-selfhosted.sh --version >/dev/null 2>&1 || true
for round in $(seq 1 "$rounds"); do
  rm -rf "$work/config"
  t0=$(now); java -jar "$jar" "${config_args[@]}" --dir "$work/config" >/dev/null; t1=$(now)
  java -jar "$jar" "${config_args[@]}" --dir "$work/config" >/dev/null; t2=$(now)
  config_fresh+=("$(elapsed "$t0" "$t1")"); config_again+=("$(elapsed "$t1" "$t2")")

  cleanup; work=$(mktemp -d); new_deployment
  t0=$(now); java -jar "$jar" "${full_args[@]}" --dir "$full" >/dev/null; t1=$(now)
  java -jar "$jar" "${full_args[@]}" --dir "$full" >/dev/null; t2=$(now)
  java "${wrapper[@]}" -jar "$jar" "${full_args[@]}" --dir "$full" >/dev/null; t3=$(now)
  REFLECTOR_SETUP_JAR=$jar scripts/setup-selfhosted.sh "${full_args[@]}" --dir "$full" >/dev/null; t4=$(now)
  full_fresh+=("$(elapsed "$t0" "$t1")"); full_again+=("$(elapsed "$t1" "$t2")")
  full_again_wrapped+=("$(elapsed "$t2" "$t3")"); full_again_script+=("$(elapsed "$t3" "$t4")")
  echo "round $round done" >&2
done

report "config only, fresh" "${config_fresh[@]}"
report "config only, re-run" "${config_again[@]}"
report "full install, fresh (to healthy)" "${full_fresh[@]}"
report "full install, unchanged re-run" "${full_again[@]}"
report "  the same, with the wrapper's options" "${full_again_wrapped[@]}"
report "  the same, through the wrapper" "${full_again_script[@]}"
