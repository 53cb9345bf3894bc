# STAND-IN for the Reflector backend image (monadicalsas/reflector-backend), written to the
# interface the installer and docker-compose.selfhosted.yml rely on. It is NOT Reflector.
#
# Role from env ENTRYPOINT (as the compose file sets it):
#   server  First `alembic upgrade head` as runserver.sh runs it (standin_alembic.py: the revision
#           graph of /app/migrations/versions, recorded in the real PostgreSQL's alembic_version;
#           alembic's error lines when it cannot), then, whatever its outcome, HTTP on 0.0.0.0:1250.
#           GET /health -> 200 {"status":"healthy"} only once it has really reached PostgreSQL
#           (TCP, then pg_isready and `psql -c 'select 1'` with the DATABASE_URL credentials) and
#           Redis (PING -> +PONG); 503 before.
#           Authentication as upstream's reflector.auth (AUTH_BACKEND none | jwt | password):
#             POST /v1/auth/login   only with AUTH_BACKEND=password (else 404): HS256 JWT
#                                   signed with SECRET_KEY; 401 bad credentials; 429 from the
#                                   11th attempt in 5 minutes per client IP; 422 bad body.
#             GET /v1/me            the token's {"sub","email"}, null without a token, 401 for
#                                   a bad or expired one.
#             GET /v1/transcripts   an empty page; 401 without a user unless PUBLIC_MODE.
#           Any other /v1/... -> 200 {"service":"server","path":...}; anything else 404.
#           The admin user comes from ADMIN_EMAIL and ADMIN_PASSWORD_HASH, as runserver.sh
#           provisions it; without both there is none (every login 401), the server still starts.
#           Exits 1 at start, as the real server does, for an AUTH_BACKEND with no module or a
#           PUBLIC_MODE that is not a boolean.
#   worker, beat
#           connect to Redis (PING), then idle, logging a line every minute.
# STANDIN_EXIT_AT_START non-empty: log a few lines and an error line, exit 1 (failure tests).
# Every role logs the settings it saw; secret values are never printed (only set/unset), except
# that with STANDIN_EXIT_AT_START=leak-secret the crash message quotes SECRET_KEY, as a careless
# real traceback might: the tests then check that the installer's diagnostics mask it.
import base64
import hashlib
import hmac
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

ROLE = os.environ.get("ENTRYPOINT", "server").strip() or "server"

# Values never printed: the brief's list plus anything that looks secret.
SECRET_NAME = re.compile(
    r"(^SECRET_KEY$|_SECRET_ACCESS_KEY$|^ADMIN_PASSWORD_HASH$|^HF_TOKEN$|SECRET|PASSWORD|TOKEN|PRIVATE|API_KEY|_KEY$|_HASH$)",
    re.I,
)
BORING = {"PATH", "HOME", "HOSTNAME", "TERM", "LANG", "SHLVL", "PWD", "_", "PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE"}
# Listed even when unset, so a test can tell "not passed" from "not logged".
ALWAYS_SHOWN = ["AUTH_BACKEND", "PUBLIC_MODE", "ADMIN_EMAIL", "ADMIN_PASSWORD_HASH", "SECRET_KEY",
                "WEBRTC_PORT_RANGE", "CELERY_BEAT_POLL_INTERVAL"]


def log(msg):
    sys.stdout.write("%s [%s] %s\n" % (time.strftime("%Y-%m-%dT%H:%M:%S"), ROLE, msg))
    sys.stdout.flush()


def shown_value(name, value):
    if SECRET_NAME.search(name):
        return "<set>" if value else "<unset>"
    if value is None:
        return "<unset>"
    # A URL may carry a password: never print it.
    return re.sub(r"(://[^:/@\s]*:)[^@\s]*@", r"\1***@", value)


def log_settings():
    log("stand-in for monadicalsas/reflector-backend (not the real Reflector), role=%s" % ROLE)
    names = sorted((set(os.environ) - BORING) | set(ALWAYS_SHOWN))
    log("settings seen (%d):" % len(names))
    for n in names:
        log("  %s=%s" % (n, shown_value(n, os.environ.get(n))))


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


# ------------------------------------------------------------------------------------ auth
# Upstream: reflector/settings.py, reflector/auth/__init__.py, auth_{none,jwt,password}.py,
# password_utils.py (the commit after v0.34.0 that added password login).
DEFAULT_SECRET_KEY = "changeme-f02f86fd8b3e4fd892c6043e5a298e21"
TOKEN_LIFETIME = 24 * 3600
RATE_LIMIT_WINDOW = 300
RATE_LIMIT_MAX = 10
# pydantic's bool parsing: anything else is a validation error at start.
TRUE_WORDS = {"1", "true", "t", "yes", "y", "on"}
FALSE_WORDS = {"0", "false", "f", "no", "n", "off"}


class StartupError(Exception):
    """The real server would die at start; the text is what it would print to stderr."""


class HttpError(Exception):
    def __init__(self, status, detail):
        super().__init__(detail)
        self.status, self.detail = status, detail


def parse_bool(name, raw):
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise StartupError(
        "pydantic_core._pydantic_core.ValidationError: 1 validation error for Settings\n%s\n"
        "  Input should be a valid boolean, unable to interpret input [type=bool_parsing, "
        "input_value=%r, input_type=str]" % (name, raw))


class Settings:
    """The part of upstream's Settings (and auth module choice) this stand-in acts on."""

    BACKENDS = ("none", "jwt", "password")

    def __init__(self, env):
        self.auth_backend = env.get("AUTH_BACKEND", "none")
        self.public_mode = parse_bool("PUBLIC_MODE", env["PUBLIC_MODE"]) if "PUBLIC_MODE" in env else False
        self.secret_key = env.get("SECRET_KEY", DEFAULT_SECRET_KEY)
        log("User authentication using %s" % self.auth_backend)
        if self.auth_backend not in self.BACKENDS:
            # reflector/auth/__init__.py imports "reflector.auth.auth_<AUTH_BACKEND>".
            raise StartupError(
                "Traceback (most recent call last):\n"
                '  File "/app/reflector/auth/__init__.py", line 8, in <module>\n'
                "    auth_module = importlib.import_module(module_name)\n"
                "ModuleNotFoundError: No module named 'reflector.auth.auth_%s'" % self.auth_backend)
        self.admin = provision_admin(env)


def provision_admin(env):
    """The admin user runserver.sh provisions at start (tools/provision_admin.py), or None.

    runserver.sh runs it only when ADMIN_EMAIL and ADMIN_PASSWORD_HASH are both non-empty and
    starts the server either way: without them there is no user and every login gets 401.
    """
    missing = [n for n in ("ADMIN_EMAIL", "ADMIN_PASSWORD_HASH") if not env.get(n)]
    if missing:
        if env.get("AUTH_BACKEND") == "password":
            log("WARNING (stand-in): no admin user provisioned (%s not set), so every login will get 401"
                % " and ".join(missing))
        return None
    email, password_hash = env["ADMIN_EMAIL"], env["ADMIN_PASSWORD_HASH"]
    if not re.fullmatch(r"pbkdf2:[a-z0-9_]+:\d+\$[^$]*\$[0-9a-f]+", password_hash):
        # Not fatal upstream either; every login then fails. Usual cause: `$$` not unescaped.
        log("WARNING (stand-in check): ADMIN_PASSWORD_HASH is not of the form "
            "pbkdf2:sha256:ITERATIONS$SALT$HEXHASH; every login will fail")
    user_id = str(uuid.uuid5(uuid.NAMESPACE_URL, "reflector-standin-user:" + email))
    log("Created admin user: %s (stand-in: kept in memory, id %s)" % (email, user_id))
    return {"id": user_id, "email": email, "password_hash": password_hash}


def verify_password(password, password_hash):
    """password_utils.verify_password, step for step."""
    try:
        header, salt, stored_hash = password_hash.split("$", 2)
        _, algo, iterations_str = header.split(":")
        dk = hashlib.pbkdf2_hmac(algo, password.encode("utf-8"), salt.encode("utf-8"), int(iterations_str))
        return hmac.compare_digest(dk.hex(), stored_hash)
    except (ValueError, AttributeError, TypeError):
        return False


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def compact_json(obj):
    return json.dumps(obj, separators=(",", ":"), sort_keys=True).encode()


def create_token(secret_key, user, now=None):
    """An HS256 JWT as python-jose writes it: sub, email, exp."""
    exp = int((now if now is not None else time.time()) + TOKEN_LIFETIME)
    signing_input = b64url(compact_json({"alg": "HS256", "typ": "JWT"})) + "." + b64url(
        compact_json({"sub": user["id"], "email": user["email"], "exp": exp}))
    sig = hmac.new(secret_key.encode(), signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + b64url(sig)


def verify_token(secret_key, token):
    """Returns the claims; raises ValueError for anything python-jose would refuse."""
    parts = token.split(".")
    if len(parts) != 3:
        raise ValueError("Not enough segments")
    try:
        header = json.loads(b64url_decode(parts[0]))
        claims = json.loads(b64url_decode(parts[1]))
        sig = b64url_decode(parts[2])
    except (ValueError, UnicodeDecodeError) as e:
        raise ValueError("Invalid token encoding: %s" % e)
    if not isinstance(header, dict) or header.get("alg") != "HS256":
        raise ValueError("The specified alg value is not allowed")
    expected = hmac.new(secret_key.encode(), (parts[0] + "." + parts[1]).encode(), hashlib.sha256).digest()
    if not hmac.compare_digest(sig, expected):
        raise ValueError("Signature verification failed.")
    if not isinstance(claims, dict) or not isinstance(claims.get("sub"), str):
        raise ValueError("Invalid claims")
    exp = claims.get("exp")
    if exp is not None and (not isinstance(exp, (int, float)) or exp < time.time()):
        raise ValueError("Signature has expired.")
    return claims


def bearer_token(headers):
    """OAuth2PasswordBearer(auto_error=False): the token, or None."""
    scheme, _, param = (headers.get("Authorization") or "").partition(" ")
    if scheme.lower() != "bearer" or not param:
        return None
    return param


def login_body_errors(raw):
    """FastAPI's 422 detail for a LoginRequest body, or None if the body is valid."""
    if not raw.strip():
        return [{"type": "missing", "loc": ["body"], "msg": "Field required", "input": None}]
    try:
        body = json.loads(raw)
    except ValueError as e:
        return [{"type": "json_invalid", "loc": ["body", getattr(e, "pos", 0)], "msg": "JSON decode error",
                 "input": {}, "ctx": {"error": getattr(e, "msg", str(e))}}]
    if not isinstance(body, dict):
        return [{"type": "model_attributes_type", "loc": ["body"],
                 "msg": "Input should be a valid dictionary or object to extract fields from", "input": body}]
    errors = []
    for field in ("email", "password"):
        if field not in body:
            errors.append({"type": "missing", "loc": ["body", field], "msg": "Field required", "input": body})
        elif not isinstance(body[field], str):
            errors.append({"type": "string_type", "loc": ["body", field], "msg": "Input should be a valid string",
                           "input": body[field]})
    return errors or None


class App:
    """The server's auth-related state: settings, the admin user, the login rate limiter."""

    def __init__(self, settings):
        self.settings = settings
        self.attempts = {}
        self.attempts_lock = threading.Lock()

    def allow_attempt(self, client_ip):
        """auth_password._check_rate_limit: every attempt counts, successful ones too."""
        now = time.monotonic()
        with self.attempts_lock:
            recent = [t for t in self.attempts.get(client_ip, []) if now - t < RATE_LIMIT_WINDOW]
            allowed = len(recent) < RATE_LIMIT_MAX
            if allowed:
                recent.append(now)
            self.attempts[client_ip] = recent
        return allowed

    def login(self, client_ip, raw_body):
        errors = login_body_errors(raw_body)
        if errors:
            return 422, {"detail": errors}
        body = json.loads(raw_body)
        if not self.allow_attempt(client_ip):
            log("auth: login refused for %s: too many attempts (429)" % client_ip)
            raise HttpError(429, "Too many login attempts. Try again later.")
        admin = self.settings.admin
        if admin is None or body["email"] != admin["email"] or \
                not verify_password(body["password"], admin["password_hash"]):
            log("auth: login refused for %s: invalid email or password (401)" % client_ip)
            raise HttpError(401, "Invalid email or password")
        log("auth: login ok for %s from %s" % (admin["email"], client_ip))
        return 200, {"access_token": create_token(self.settings.secret_key, admin), "token_type": "bearer",
                     "expires_in": TOKEN_LIFETIME}

    def current_user_optional(self, headers):
        """The request's user, None without a token; 401 for a token that does not verify."""
        token = bearer_token(headers)
        if self.settings.auth_backend == "none" or token is None:
            return None
        if self.settings.auth_backend == "jwt":
            # Upstream verifies RS256 against AUTH_JWT_PUBLIC_KEY; this stand-in has no key.
            log("auth: JWT error: the stand-in cannot verify RS256 tokens")
            raise HttpError(401, "Invalid authentication")
        try:
            claims = verify_token(self.settings.secret_key, token)
        except ValueError as e:
            log("auth: JWT error: %s" % e)
            raise HttpError(401, "Invalid authentication")
        return {"sub": claims["sub"], "email": claims.get("email")}

    def transcripts(self, headers, query):
        user = self.current_user_optional(headers)
        if user is None and not self.settings.public_mode:
            raise HttpError(401, "Not authenticated")
        page, size = page_params(query)
        return {"items": [], "total": 0, "page": page, "size": size, "pages": 0}


def page_params(query):
    """fastapi-pagination's Params: page >= 1 (default 1), 1 <= size <= 100 (default 50)."""
    values = []
    for name, default, low, high in (("page", 1, 1, None), ("size", 50, 1, 100)):
        raw = (query.get(name) or [str(default)])[0]
        if not re.fullmatch(r"\d+", raw) or int(raw) < low or (high and int(raw) > high):
            raise HttpError(422, [{"type": "int_parsing", "loc": ["query", name],
                                   "msg": "Input should be a valid integer in range", "input": raw}])
        values.append(int(raw))
    return values


# ---------------------------------------------------------------------------------- health
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
    app = None  # set by make_server

    def log_message(self, fmt, *args):
        # The request line only: never headers (tokens) or bodies (passwords).
        log("%s %s" % (self.address_string(), fmt % args))

    def send_json(self, status, obj):
        body = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def read_body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def route(self, body=b""):
        u = urlsplit(self.path)
        path = u.path
        try:
            if path == "/health":
                return self.health()
            if path == "/v1/auth/login" and self.app.settings.auth_backend == "password":
                if self.command != "POST":
                    raise HttpError(405, "Method Not Allowed")
                return self.send_json(*self.app.login(self.client_address[0], body))
            if path == "/v1/auth/login":
                raise HttpError(404, "Not Found")  # the login router is only mounted for password
            if path == "/v1/me" and self.command in ("GET", "HEAD"):
                return self.send_json(200, self.app.current_user_optional(self.headers))
            if path == "/v1/transcripts" and self.command in ("GET", "HEAD"):
                return self.send_json(200, self.app.transcripts(self.headers, parse_qs(u.query)))
            if path == "/v1" or path.startswith("/v1/"):
                return self.send_json(200, {"service": "server", "path": path})
            raise HttpError(404, "Not Found")
        except HttpError as e:
            return self.send_json(e.status, {"detail": e.detail})

    def health(self):
        with State.lock:
            ok = State.db_ok and State.redis_ok
            errors = {k: v for k, v in State.last_error.items() if v}
        if ok:
            return self.send_json(200, {"status": "healthy"})
        return self.send_json(503, {"status": "unhealthy", "errors": errors})

    def do_GET(self):
        self.route()

    def do_HEAD(self):
        self.route()

    def do_POST(self):
        self.route(self.read_body())

    do_PUT = do_PATCH = do_DELETE = do_POST


def make_server(address, app):
    handler = type("BoundHandler", (Handler,), {"app": app})
    httpd = ThreadingHTTPServer(address, handler)
    httpd.daemon_threads = True
    return httpd


def serve(app):
    threading.Thread(target=monitor, daemon=True).start()
    httpd = make_server(("0.0.0.0", 1250), app)
    log("listening on 0.0.0.0:1250 (auth backend %s, public mode %s)"
        % (app.settings.auth_backend, str(app.settings.public_mode).lower()))
    httpd.serve_forever()


def die_at_start(message):
    sys.stderr.write(message + "\n")
    sys.stderr.flush()
    log("ERROR: server exits at start (exit 1): %s" % message.splitlines()[-1])
    sys.exit(1)


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


def migrate():
    """runserver.sh's `uv run alembic upgrade head` (standin_alembic.py): its failure is printed and the
    server starts anyway, as runserver.sh has no `set -e`."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import standin_alembic
    try:
        database = standin_alembic.Database(db_params(), pg_bin("psql"))
    except RuntimeError as e:
        sys.stderr.write("sqlalchemy.exc.ArgumentError: %s\n" % e)
        return
    versions = os.path.join(os.path.dirname(os.path.abspath(__file__)), "migrations", "versions")
    code = standin_alembic.upgrade_head(versions, database)
    if code != 0:
        log("stand-in: alembic upgrade head exited %d; starting anyway, as runserver.sh does" % code)


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
        migrate()
        try:
            settings = Settings(os.environ)
        except StartupError as e:
            die_at_start(str(e))
        serve(App(settings))
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
