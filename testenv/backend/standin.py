# STAND-IN for the Reflector backend image (monadicalsas/reflector-backend), written to the
# interface the installer and docker-compose.selfhosted.yml rely on. It is NOT Reflector.
#
# Role from env ENTRYPOINT (as the compose file sets it):
#   server  HTTP on 0.0.0.0:1250. GET /health -> 200 {"status":"healthy"} only once it has
#           really reached PostgreSQL (TCP, then pg_isready and `psql -c 'select 1'` with the
#           DATABASE_URL credentials) and Redis (PING -> +PONG); 503 before.
#           GET /v1/... -> 200 {"service":"server","path":...}; anything else 404.
#   worker, beat
#           connect to Redis (PING), then idle, logging a line every minute.
# STANDIN_EXIT_AT_START non-empty: log a few lines and an error line, exit 1 (failure tests).
# Every role logs the settings it saw; secret values are never printed (only set/unset), except
# that with STANDIN_EXIT_AT_START=leak-secret the crash message quotes SECRET_KEY, as a careless
# real traceback might: the tests then check that the installer's diagnostics mask it.
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

ROLE = os.environ.get("ENTRYPOINT", "server").strip() or "server"

# Values never printed: the brief's list plus anything that looks secret.
SECRET_NAME = re.compile(
    r"(^SECRET_KEY$|_SECRET_ACCESS_KEY$|^ADMIN_PASSWORD_HASH$|^HF_TOKEN$|SECRET|PASSWORD|TOKEN|PRIVATE|API_KEY|_KEY$|_HASH$)",
    re.I,
)
BORING = {"PATH", "HOME", "HOSTNAME", "TERM", "LANG", "SHLVL", "PWD", "_", "PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE"}


def log(msg):
    sys.stdout.write("%s [%s] %s\n" % (time.strftime("%Y-%m-%dT%H:%M:%S"), ROLE, msg))
    sys.stdout.flush()


def shown_value(name, value):
    if SECRET_NAME.search(name):
        return "<set>" if value else "<unset>"
    # A URL may carry a password: never print it.
    return re.sub(r"(://[^:/@\s]*:)[^@\s]*@", r"\1***@", value)


def log_settings():
    log("stand-in for monadicalsas/reflector-backend (not the real Reflector), role=%s" % ROLE)
    names = sorted(n for n in os.environ if n not in BORING)
    log("settings seen (%d):" % len(names))
    for n in names:
        log("  %s=%s" % (n, shown_value(n, os.environ[n])))


def redis_ping(host, port, timeout=3.0):
    with socket.create_connection((host, port), timeout=timeout) as s:
        s.sendall(b"*1\r\n$4\r\nPING\r\n")
        s.settimeout(timeout)
        data = b""
        while not data.endswith(b"\r\n"):
            chunk = s.recv(64)
            if not chunk:
                break
            data += chunk
    if not data.startswith(b"+PONG"):
        raise RuntimeError("unexpected Redis reply %r" % data[:40])


def redis_target():
    host = os.environ.get("REDIS_HOST") or "localhost"
    port = int(os.environ.get("REDIS_PORT") or 6379)
    return host, port


def db_params():
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        raise RuntimeError("DATABASE_URL is not set")
    u = urlsplit(re.sub(r"^postgres(ql)?\+[a-z0-9_]+://", "postgresql://", url))
    if u.scheme not in ("postgresql", "postgres"):
        raise RuntimeError("DATABASE_URL is not a PostgreSQL URL")
    return {
        "host": u.hostname or "localhost",
        "port": u.port or 5432,
        "user": unquote(u.username or "postgres"),
        "password": unquote(u.password or ""),
        "dbname": unquote((u.path or "/").lstrip("/") or (u.username or "postgres")),
    }


def pg_bin(name):
    for d in ("/usr/lib/postgresql/15/bin", "/usr/bin"):
        if os.path.exists(os.path.join(d, name)):
            return os.path.join(d, name)
    return name


def db_check():
    p = db_params()
    with socket.create_connection((p["host"], p["port"]), timeout=3):
        pass
    env = dict(os.environ, PGPASSWORD=p["password"], PGCONNECT_TIMEOUT="5")
    common = ["-h", p["host"], "-p", str(p["port"]), "-U", p["user"], "-d", p["dbname"]]
    r = subprocess.run([pg_bin("pg_isready")] + common, env=env, capture_output=True, text=True, timeout=10)
    if r.returncode != 0:
        raise RuntimeError("pg_isready: %s" % (r.stdout.strip() or r.stderr.strip() or r.returncode))
    r = subprocess.run([pg_bin("psql"), "-w", "-X", "-tA", "-c", "select 1"] + common,
                       env=env, capture_output=True, text=True, timeout=15)
    if r.returncode != 0 or r.stdout.strip() != "1":
        raise RuntimeError("psql: %s" % (r.stderr.strip() or r.stdout.strip()))
    return "%s@%s:%s/%s" % (p["user"], p["host"], p["port"], p["dbname"])


class State:
    lock = threading.Lock()
    db_ok = False
    redis_ok = False
    last_error = {"database": "not checked yet", "redis": "not checked yet"}


def monitor():
    """Checks PostgreSQL and Redis until both answer, then every 15 s."""
    while True:
        try:
            where = db_check()
            with State.lock:
                if not State.db_ok:
                    log("connected to PostgreSQL %s (pg_isready + select 1 ok)" % where)
                State.db_ok, State.last_error["database"] = True, None
        except Exception as e:  # noqa: BLE001
            with State.lock:
                if State.db_ok or State.last_error["database"] != str(e):
                    log("PostgreSQL not reachable yet: %s" % e)
                State.db_ok, State.last_error["database"] = False, str(e)
        try:
            host, port = redis_target()
            redis_ping(host, port)
            with State.lock:
                if not State.redis_ok:
                    log("connected to Redis %s:%s (PING -> +PONG)" % (host, port))
                State.redis_ok, State.last_error["redis"] = True, None
        except Exception as e:  # noqa: BLE001
            with State.lock:
                if State.redis_ok or State.last_error["redis"] != str(e):
                    log("Redis not reachable yet: %s" % e)
                State.redis_ok, State.last_error["redis"] = False, str(e)
        with State.lock:
            ok = State.db_ok and State.redis_ok
        time.sleep(15 if ok else 1)


class Handler(BaseHTTPRequestHandler):
    server_version = "reflector-backend-standin/1"
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        log("%s %s" % (self.address_string(), fmt % args))

    def send_json(self, status, obj):
        body = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def route(self):
        path = urlsplit(self.path).path
        if path == "/health":
            with State.lock:
                ok = State.db_ok and State.redis_ok
                errors = {k: v for k, v in State.last_error.items() if v}
            if ok:
                return self.send_json(200, {"status": "healthy"})
            return self.send_json(503, {"status": "unhealthy", "errors": errors})
        if path == "/v1" or path.startswith("/v1/"):
            return self.send_json(200, {"service": "server", "path": path})
        return self.send_json(404, {"detail": "Not Found"})

    def do_GET(self):
        self.route()

    def do_HEAD(self):
        self.route()

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        if n:
            self.rfile.read(n)
        self.route()

    do_PUT = do_PATCH = do_DELETE = do_POST


def serve():
    threading.Thread(target=monitor, daemon=True).start()
    httpd = ThreadingHTTPServer(("0.0.0.0", 1250), Handler)
    httpd.daemon_threads = True
    log("listening on 0.0.0.0:1250")
    httpd.serve_forever()


def idle():
    host, port = redis_target()
    while True:
        try:
            redis_ping(host, port)
            log("connected to Redis %s:%s (PING -> +PONG)" % (host, port))
            break
        except Exception as e:  # noqa: BLE001
            log("waiting for Redis %s:%s: %s" % (host, port, e))
            time.sleep(2)
    log("%s ready; idling" % ROLE)
    while True:
        time.sleep(60)
        log("%s idle (stand-in, no tasks)" % ROLE)


def main():
    signal.signal(signal.SIGTERM, lambda *_: (log("SIGTERM: exiting"), sys.exit(0)))
    log_settings()
    if os.environ.get("STANDIN_EXIT_AT_START"):
        log("starting %s ..." % ROLE)
        log("loading settings ... done")
        if os.environ.get("STANDIN_EXIT_AT_START") == "leak-secret":
            sys.stderr.write("Traceback: bad key SECRET_KEY %s in settings\n" % os.environ.get("SECRET_KEY", ""))
        sys.stderr.write("stand-in: exiting at start as STANDIN_EXIT_AT_START asks\n")
        sys.stderr.flush()
        log("ERROR: stand-in: exiting at start as STANDIN_EXIT_AT_START asks (exit 1)")
        sys.exit(1)
    if ROLE == "server":
        serve()
    elif ROLE in ("worker", "beat"):
        idle()
    else:
        log("ERROR: unknown ENTRYPOINT %r (expected server, worker or beat)" % ROLE)
        sys.exit(2)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(0)
