# STAND-IN for the Reflector web front end (monadicalsas/reflector-frontend), written to the
# interface the installer and docker-compose.selfhosted.yml rely on. It is NOT Reflector.
# HTTP on 0.0.0.0:3000: GET|HEAD / -> 200 text/html containing "reflector-web-standin";
# GET|HEAD /api/health -> as upstream's www/app/api/health/route.ts: 200 {"status":"healthy",
# "timestamp","uptime","environment","checks":{"redis":true}} when Redis at KV_URL answers
# (a PING here; upstream writes, reads and deletes a key), else 503 with "redis":false (also
# when KV_URL is unset). The real image's HEALTHCHECK (wget --spider this URL) is not copied:
# it would change the start-up timing the end-to-end tests rely on.
# Anything else 404. Logs the settings it saw at start (secret values never printed).
# STANDIN_NOT_READY non-empty: every request answers 503, as a front end that never finishes
# starting (the health-wait timeout tests).
import json
import os
import re
import signal
import socket
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

SECRET_NAME = re.compile(r"(SECRET|PASSWORD|TOKEN|PRIVATE|API_KEY|_KEY$|_HASH$)", re.I)
BORING = {"PATH", "HOME", "HOSTNAME", "TERM", "LANG", "SHLVL", "PWD", "_", "PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE"}

PAGE = b"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Reflector (stand-in)</title></head>
<body><main id="reflector-web-standin">
<h1>reflector-web-standin</h1>
<p>Test stand-in for the Reflector web front end. This is not Reflector.</p>
</main></body></html>
"""


STARTED = time.monotonic()


def redis_ok(kv_url, timeout=2.0):
    """True if the Redis at kv_url answers PING with +PONG."""
    u = urlsplit(kv_url)
    if u.scheme not in ("redis", "rediss") or not u.hostname:
        return False
    try:
        with socket.create_connection((u.hostname, u.port or 6379), timeout=timeout) as s:
            s.settimeout(timeout)
            s.sendall(b"*1\r\n$4\r\nPING\r\n")
            return s.recv(64).startswith(b"+PONG")
    except OSError:
        return False


def health():
    kv_url = os.environ.get("KV_URL")
    checks = {"redis": bool(kv_url) and redis_ok(kv_url)}
    body = {"status": "healthy", "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime()),
            "uptime": round(time.monotonic() - STARTED, 3), "environment": os.environ.get("NODE_ENV"),
            "checks": checks}
    return (200 if all(checks.values()) else 503), "application/json", json.dumps(body).encode()


def log(msg):
    sys.stdout.write("%s [web] %s\n" % (time.strftime("%Y-%m-%dT%H:%M:%S"), msg))
    sys.stdout.flush()


class Handler(BaseHTTPRequestHandler):
    server_version = "reflector-frontend-standin/1"
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        log("%s %s" % (self.address_string(), fmt % args))

    def reply(self):
        path = urlsplit(self.path).path
        if os.environ.get("STANDIN_NOT_READY"):
            status, ctype, body = 503, "text/plain; charset=utf-8", b"503: still starting (STANDIN_NOT_READY)\n"
        elif path == "/":
            status, ctype, body = 200, "text/html; charset=utf-8", PAGE
        elif path == "/api/health":
            status, ctype, body = health()
        else:
            status, ctype, body = 404, "text/plain; charset=utf-8", b"404: This page could not be found.\n"
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_HEAD = reply


def main():
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    log("stand-in for monadicalsas/reflector-frontend (not the real Reflector web app)")
    for n in sorted(k for k in os.environ if k not in BORING):
        v = os.environ[n]
        log("  %s=%s" % (n, ("<set>" if v else "<unset>") if SECRET_NAME.search(n) else v))
    httpd = ThreadingHTTPServer(("0.0.0.0", 3000), Handler)
    httpd.daemon_threads = True
    log("listening on 0.0.0.0:3000")
    httpd.serve_forever()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        pass
