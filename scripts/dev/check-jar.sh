#!/usr/bin/env bash
# Proves that the shaded, minimized jar still works where the shade plugin cannot see it: classes
# loaded by name (docker-java's transport, JNA, BouncyCastle for TLS, SLF4J's binding), without
# Docker. Talks only to 127.0.0.1 (a closed port) and to sockets that do not exist.
#   bash scripts/dev/check-jar.sh [JAR]
set -euo pipefail
cd "$(dirname "$0")/../.."
jar=${1:-target/reflector-setup.jar}
[ -f "$jar" ] || { echo "[check-jar] no $jar: build it first (mvn -B -q package -DskipTests)" >&2; exit 3; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
check() { # name, expected exit code, then the command; its output is kept in $work/out
  local name=$1 expected=$2; shift 2
  local code=0
  "$@" >"$work/out" 2>&1 || code=$?
  if [ "$code" -eq "$expected" ]; then
    echo "ok   $name (exit $code)"
  else
    echo "FAIL $name: exit $code, expected $expected" >&2
    sed 's/^/     /' "$work/out" >&2
    failures=$((failures + 1))
  fi
}
contains() { # name, text
  if grep -qF -- "$2" "$work/out"; then echo "ok   $1"; else echo "FAIL $1: no '$2' in the output" >&2; failures=$((failures + 1)); fi
}

nowhere="unix://$work/no-docker.sock"
check "--help" 0 java -jar "$jar" --help
contains "--help lists the options" "--install-docker"
check "--version" 0 java -jar "$jar" --version
contains "--version names the Java runtime" "Java "
check "a typo" 2 java -jar "$jar" --cpu --garag
contains "a typo gets a suggestion" "Did you mean --garage?"
check "a dry run without Docker" 0 env DOCKER_HOST="$nowhere" \
  java -jar "$jar" --cpu --garage --caddy --dry-run --non-interactive --public-ip 192.0.2.10 --dir "$work/dry"
contains "the dry run reaches docker-java" "cannot reach the Docker engine"
check "docker-java and JNA load, and say the engine is missing" 3 env DOCKER_HOST="$nowhere" java -jar "$jar" status
contains "status names the socket" "no-docker.sock"
check "SLF4J's binding writes the log file" 3 env DOCKER_HOST="$nowhere" \
  java -jar "$jar" status --log-file "$work/status.log"
if grep -q "\[DEBUG\]" "$work/status.log"; then echo "ok   docker-java's debug lines are in the log"; else
  echo "FAIL no debug line of docker-java in the log" >&2; failures=$((failures + 1)); fi

# TLS to a remote engine: docker-java reads the PEM files with BouncyCastle, which loads its
# provider's classes by name. Port 9 on 127.0.0.1 is closed, so the connection is refused (exit 3);
# a class missing from the jar would be an internal error (exit 1).
if command -v openssl >/dev/null 2>&1; then
  mkdir -p "$work/certs"
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=check-jar \
    -keyout "$work/certs/key.pem" -out "$work/certs/cert.pem" >/dev/null 2>&1
  cp "$work/certs/cert.pem" "$work/certs/ca.pem"
  check "TLS client set-up (BouncyCastle)" 3 env DOCKER_HOST=tcp://127.0.0.1:9 DOCKER_TLS_VERIFY=1 \
    DOCKER_CERT_PATH="$work/certs" java -jar "$jar" status
else
  echo "skip TLS client set-up: no openssl"
fi

# A backup archive made by GNU tar (a manifest and a dump): the check every restore makes reads it.
mkdir -p "$work/backup/database"
printf 'CREATE TABLE meeting (title text);\n' >"$work/backup/database/reflector.sql"
dump_bytes=$(stat -c %s "$work/backup/database/reflector.sql")
dump_sha=$(sha256sum <"$work/backup/database/reflector.sql" | cut -d' ' -f1)
printf '{"schemaVersion":1,"format":"reflector-setup-backup","createdAt":"2026-01-01T00:00:00Z","project":"p","entries":[{"path":"database/reflector.sql","type":"database","source":"reflector","bytes":%s,"sha256":"%s"}]}' \
  "$dump_bytes" "$dump_sha" >"$work/backup/manifest.json"
tar -czf "$work/backup.tar.gz" -C "$work/backup" manifest.json database/reflector.sql
check "verify-backup reads a whole archive, without Docker" 0 java -jar "$jar" verify-backup "$work/backup.tar.gz" --output json
contains "verify-backup lists the members" '"path" : "database/reflector.sql"'
printf 'damaged' | dd of="$work/backup.tar.gz" bs=1 seek=40 conv=notrunc 2>/dev/null
check "verify-backup finds a damaged archive" 3 java -jar "$jar" verify-backup "$work/backup.tar.gz"

check "bash completion" 0 java -jar "$jar" generate-completion
contains "the completion script registers itself" "complete -F _complete_reflector-setup"

if [ "$failures" -ne 0 ]; then
  echo "[check-jar] $failures check(s) failed" >&2
  exit 1
fi
echo "[check-jar] the jar works"
