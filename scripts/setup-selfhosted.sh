#!/usr/bin/env bash
# Drop-in for Reflector's original scripts/setup-selfhosted.sh: the same flags
#   --gpu|--cpu  --ollama-gpu|--ollama-cpu  --llm-model M  --garage  --caddy  --domain D
#   --build  --password [PASS]
# and every other option of reflector-setup (--help lists them), passed through unchanged.
#
# It checks for Java 17 or newer, finds the jar (REFLECTOR_SETUP_JAR, next to this script, or
# target/ of a checkout of reflector-setup, built there with Maven when missing), and runs it with
# a UTF-8 locale and a class-data sharing archive, which it makes on first use (a short dry run
# without Docker) under ${XDG_CACHE_HOME:-~/.cache}/reflector-setup.
# Placed in a Reflector checkout's scripts/ directory, like the original it installs into that
# checkout unless --dir says otherwise.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
say() { echo "setup-selfhosted: $*" >&2; }

# ---- Java 17 or newer ---------------------------------------------------------------------
java=${JAVA_HOME:+$JAVA_HOME/bin/java}
java=${java:-$(command -v java || true)}
java_major() { # "17.0.15", "21", "1.8.0_392" -> 17, 21, 8
  "$1" -version 2>&1 | awk -F'"' '/version/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit }'
}
need_java() {
  local found=${1:+$("$1" -version 2>&1 | head -n 1)}
  say "reflector-setup needs Java 17 or newer${found:+ (found: $found)}. Install it, for example:"
  say "  Debian 12, Ubuntu 22.04/24.04:  sudo apt-get install openjdk-17-jre-headless"
  say "  Debian 13:                      sudo apt-get install openjdk-21-jre-headless"
  say "  Fedora, RHEL:                   sudo dnf install java-17-openjdk-headless"
  say "or set JAVA_HOME to a Java 17+ installation."
  exit 3
}
{ [ -n "$java" ] && [ -x "$java" ]; } || need_java ""

# ---- the jar --------------------------------------------------------------------------------
find_jar() {
  local candidate
  for candidate in "${REFLECTOR_SETUP_JAR:-}" "$here/reflector-setup.jar" "$here/../target/reflector-setup.jar"; do
    if [ -n "$candidate" ] && [ -f "$candidate" ]; then
      (cd "$(dirname "$candidate")" && echo "$(pwd)/$(basename "$candidate")")
      return 0
    fi
  done
  return 1
}
if ! jar=$(find_jar); then
  if [ -f "$here/../pom.xml" ] && command -v mvn >/dev/null 2>&1; then
    say "building the jar (mvn -B -q package -DskipTests), once"
    (cd "$here/.." && mvn -B -q package -DskipTests >&2)
    jar=$(find_jar)
  else
    say "no reflector-setup.jar next to this script. Download it with SHA256SUMS from the project's"
    say "releases and put it beside this script, or set REFLECTOR_SETUP_JAR (a checkout builds it with Maven)."
    exit 3
  fi
fi

# ---- a Reflector checkout: install there, as the original did -------------------------------
args=("$@")
root=$(cd "$here/.." && pwd)
if [ -f "$root/docker-compose.selfhosted.yml" ] && [ -d "$root/server" ] && ! [ -f "$root/pom.xml" ]; then
  has_dir=false
  for arg in "$@"; do
    case $arg in --dir|--dir=*) has_dir=true ;; esac
  done
  $has_dir || args=(--dir "$root" "$@")
fi

# ---- start-up: class-data sharing ---------------------------------------------------------
# A dynamic CDS archive is only valid for the Java runtime and the jar it was made with, so it is
# keyed by both; an archive that does not fit is ignored by the JVM (its warning is switched off).
# An archive exists only for a runtime that ran the jar, so the version check is needed only once.
# C1 only and the serial collector: the installer waits on Docker, it does not compute.
jvm=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xlog:cds=off -Xlog:cds+dynamic=off)
cache=${XDG_CACHE_HOME:-${HOME:-/nonexistent}/.cache}/reflector-setup
real_java=$(readlink -f "$java")
key=$(printf '%s\n' "$real_java" "$(stat -c '%s %Y' "$real_java" "$(dirname "$real_java")/../lib/modules" 2>/dev/null)" \
  "$jar" "$(stat -c '%s %Y' "$jar")" | cksum | cut -d' ' -f1)
archive=$cache/$key.jsa
if ! [ -f "$archive" ]; then
  major=$(java_major "$java")
  [ "${major:-0}" -ge 17 ] 2>/dev/null || need_java "$java"
  if [ "${REFLECTOR_SETUP_CDS:-1}" != 0 ] && mkdir -p "$cache" 2>/dev/null; then
    say "first run with this jar and Java: preparing a start-up archive (a few seconds, once)"
    training=$(mktemp -d)
    # What an install loads up to its first Docker request; DOCKER_HOST points nowhere on purpose.
    DOCKER_HOST="unix://$training/no-docker.sock" LC_ALL=C.UTF-8 "$java" "${jvm[@]}" \
      -XX:ArchiveClassesAtExit="$training/archive.jsa" -jar "$jar" --cpu --garage --caddy --dry-run \
      --non-interactive --public-ip 192.0.2.10 --dir "$training/deployment" >/dev/null 2>&1 \
      && mv -f "$training/archive.jsa" "$archive" 2>/dev/null || true
    rm -rf "$training"
  fi
fi
[ -f "$archive" ] && jvm+=(-XX:SharedArchiveFile="$archive")

export LC_ALL=C.UTF-8
exec "$java" "${jvm[@]}" -Dfile.encoding=UTF-8 -Dsun.jnu.encoding=UTF-8 -jar "$jar" "${args[@]}"
