#!/usr/bin/env bash
# Measures backup and restore at the size of real recordings, on the local stand-in stack:
# a deployment (--cpu --garage, every image built here) gets GIB GiB of random bytes (as
# incompressible as audio) in server_data, then
#   - `backup`: total time, MB/s, and the pause: as the backup reports it, and as seen from outside
#     (the server container's state polled every 0.2 s);
#   - plain `tar` and `tar | gzip -1` of the same volume, through the same helper image, for comparison;
#   - `restore` of the archive into a new directory (its own Compose project): total time and MB/s.
#   (the helper runs without a log driver, as the installer's do: a logged copy is several times slower)
# Usage: GIB=1 scripts/bench/backup-bench.sh      (GIB: whole GiB, default 1)
# Needs: the jar (mvn -B -q package -DskipTests), Docker (scripts/dev/provision-docker.sh) and the
# test images (scripts/dev/build-test-images.sh); free disk for about three times GIB.
# Only the two Compose projects it makes (rsbench-<random>, rsbench-<random>-r) are removed, also on
# failure. Talks only to the local engine and 127.0.0.1. Timings are reported, never asserted.
set -euo pipefail
cd "$(dirname "$0")/../.."
gib=${GIB:-1}
[[ "$gib" =~ ^[1-9][0-9]*$ ]] || { echo "GIB must be a whole number of GiB" >&2; exit 2; }
jar=$PWD/target/reflector-setup.jar
[ -f "$jar" ] || { echo "build the jar first: mvn -B -q package -DskipTests" >&2; exit 3; }

work=$(mktemp -d)
project="rsbench-$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')"
full="$work/$project"
restored="$work/$project-r"
cleanup() {
  for dir in "$full" "$restored"; do
    [ -f "$dir/docker-compose.selfhosted.yml" ] || continue
    (cd "$dir" && docker compose -f docker-compose.selfhosted.yml --profile cpu --profile garage down -v >/dev/null 2>&1) || true
  done
  [ -z "${poller:-}" ] || kill "$poller" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
rate() { awk -v bytes="$1" -v s="$2" 'BEGIN { printf "%.0f MB/s", bytes / 1e6 / s }'; }

checkout() { # the stand-ins' build directories, as a Reflector checkout has its sources
  mkdir -p "$1/gpu"
  cp -r testenv/model-server "$1/gpu/self_hosted"
  cp -r testenv/backend "$1/server"
  cp -r testenv/frontend "$1/www"
}
checkout "$full"
echo "installing $project (stand-in stack)" >&2
java -jar "$jar" --cpu --garage --public-ip 192.0.2.10 --non-interactive --quiet --pull missing --dir "$full" >/dev/null

server=$(docker ps -q --filter "label=com.docker.compose.project=$project" --filter label=com.docker.compose.service=server)
echo "writing $gib GiB of random bytes into server_data" >&2
docker exec "$server" dd if=/dev/urandom of=/app/data/bench-recording.bin bs=1M count=$((gib * 1024)) status=none
bytes=$((gib * 1024 * 1024 * 1024))
sync

helper=$(docker inspect -f '{{.Config.Image}}' "$(docker ps -q --filter "label=com.docker.compose.project=$project" \
  --filter label=com.docker.compose.service=postgres)")
volume="${project}_server_data"
t0=$(now); docker run --rm --log-driver none -v "$volume:/volume:ro" --entrypoint tar "$helper" -C /volume -cf - . >/dev/null; t1=$(now)
tar_s=$(elapsed "$t0" "$t1")
t0=$(now); docker run --rm --log-driver none -v "$volume:/volume:ro" --entrypoint tar "$helper" -C /volume -cf - . | gzip -1 >/dev/null; t1=$(now)
gzip_s=$(elapsed "$t0" "$t1")

# The pause as seen from outside: the longest stretch in which the server container was paused.
paused_log="$work/paused.log"
( while true; do printf '%s %s\n' "$(now)" "$(docker inspect -f '{{.State.Paused}}' "$server" 2>/dev/null)"; sleep 0.2; done ) >"$paused_log" &
poller=$!
archive="$work/backup.tar.gz"
t0=$(now); java -jar "$jar" backup --dir "$full" --output "$archive" --output json >"$work/backup.json"; t1=$(now)
kill "$poller"; poller=""
backup_s=$(elapsed "$t0" "$t1")
reported_pause=$(sed -n 's/.*"pausedSeconds" *: *\([0-9.]*\).*/\1/p' "$work/backup.json")
observed_pause=$(awk '$2 == "true" { if (!start) start = $1; last = $1 } $2 != "true" && start { d = last - start + 0.2; if (d > max) max = d; start = 0 }
  END { if (start) { d = last - start + 0.2; if (d > max) max = d }; printf "%.1f", max }' "$paused_log")
archive_bytes=$(stat -c %s "$archive")

# The restore publishes the same ports: the first deployment stops (its volumes stay, removed at the end).
java -jar "$jar" down --dir "$full" --quiet >/dev/null
checkout "$restored"
t0=$(now); java -jar "$jar" restore "$archive" --dir "$restored" --project-name "$project-r" --yes --quiet \
  --log-file "$work/restore.log" >/dev/null; t1=$(now)
restore_s=$(elapsed "$t0" "$t1")
# The restore's own lines for the recordings' volume: unpacked into its temporary volume, then copied over the real one.
server_data_lines=$(grep -E 'volume server_data( \(unpacked [^)]*\))?: [0-9.]+ [KMG]?i?B in |volume server_data: replaced in' \
  "$work/restore.log" | sed -E 's/^.*(volume server_data)/\1/' || true)

echo "backup and restore of $gib GiB of incompressible recordings ($(nproc) cores)"
printf '%-34s %7s s   %s\n' "plain tar of server_data" "$tar_s" "$(rate "$bytes" "$tar_s")"
printf '%-34s %7s s   %s\n' "tar | gzip -1 of server_data" "$gzip_s" "$(rate "$bytes" "$gzip_s")"
printf '%-34s %7s s   %s   archive %s bytes\n' "backup" "$backup_s" "$(rate "$bytes" "$backup_s")" "$archive_bytes"
printf '%-34s %7s s (reported)   %s s (observed from outside)\n' "  paused" "$reported_pause" "$observed_pause"
printf '%-34s %7s s   %s (includes the install that starts it healthy)\n' "restore into a new directory" "$restore_s" "$(rate "$bytes" "$restore_s")"
sed 's/^/  /' <<<"$server_data_lines"
