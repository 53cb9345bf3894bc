#!/bin/sh
# Entrypoint for the test image of Redis (REAL redis-server from Debian), after the
# official image's: `redis-server [args]` runs as redis with data in /data; with no config
# file given it listens on all interfaces with protected mode off.
set -eu
if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then set -- redis-server "$@"; fi
if [ "$1" = redis-server ]; then
  shift
  case "${1:-}" in
    *.conf) set -- redis-server "$@" ;;
    *) set -- redis-server --bind '*' '-::*' --protected-mode no --dir /data "$@" ;;
  esac
  if [ "$(id -u)" = 0 ]; then
    find /data \! -user redis -exec chown redis:redis '{}' + 2>/dev/null || true
    exec setpriv --reuid=redis --regid=redis --init-groups "$@"
  fi
fi
exec "$@"
