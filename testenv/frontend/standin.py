# STAND-IN for the Reflector web front end (monadicalsas/reflector-frontend), written to the
# interface the installer and docker-compose.selfhosted.yml rely on. It is NOT Reflector.
# HTTP on 0.0.0.0:3000: GET|HEAD / -> 200 text/html containing "reflector-web-standin";
# GET|HEAD /api/health -> as upstream's www/app/api/health/route.ts: 200 {"status":"healthy",
# "timestamp","uptime","environment","checks":{"redis":true}} when Redis at KV_URL answers
# (a PING here; upstream writes, reads and deletes a key), else 503 with "redis":false (also
# when KV_URL is unset). The real image's HEALTHCHECK (wget --spider this URL) is not copied:
# it would change the start-up timing the end-to-end tests rely on.
# /api/auth/* -> NextAuth v4 (4.24.11, the version upstream's lock file pins) with Reflector's
# authOptions at v0.35.0 (www/app/lib/authBackend.ts, features.ts, clientEnv.ts):
#   GET  /api/auth/providers             {} unless login is required; else the provider(s)
#   GET  /api/auth/csrf                  {"csrfToken"} + the csrf cookie "token|sha256(token+secret)"
#   POST /api/auth/callback/credentials  the double-submit CSRF check, then authorize() and the
#                                        jwt callback against SERVER_API_URL (/v1/auth/login,
#                                        /v1/me); a session cookie; json=true answers {"url"}
#   GET  /api/auth/session               the session callback's object, {} without a valid cookie
# Anything else 404. Logs the settings it saw at start (secret values never printed) and each
# request line (never bodies or cookies).
# STANDIN_NOT_READY non-empty: every request answers 503, as a front end that never finishes
# starting (the health-wait timeout tests).
import base64
import hashlib
import hmac
import json
import os
import re
import secrets
import signal
import socket
import sys
import time
import urllib.error
import urllib.request
import uuid
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

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
SESSION_MAX_AGE = 30 * 24 * 3600  # next-auth's default
CONFIG_ERROR = {"message": "There is a problem with the server configuration. Check the server logs for more information."}


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


def log(msg):
    sys.stdout.write("%s [web] %s\n" % (time.strftime("%Y-%m-%dT%H:%M:%S"), msg))
    sys.stdout.flush()


# ------------------------------------------------------------------------------- settings
class Settings:
    """What the frontend reads from its environment (www/.env and the compose file)."""

    def __init__(self, env):
        self.kv_url = env.get("KV_URL")
        self.node_env = env.get("NODE_ENV")
        self.not_ready = bool(env.get("STANDIN_NOT_READY"))
        # clientEnv.ts: unset -> the default (true); set -> exactly "true" is true.
        raw = env.get("FEATURE_REQUIRE_LOGIN")
        self.require_login = True if raw is None else raw == "true"
        provider = env.get("AUTH_PROVIDER")
        self.auth_provider = provider if provider in ("authentik", "credentials") else None
        self.server_api_url = env.get("SERVER_API_URL") or None  # getNextEnvVar refuses an empty one
        self.authentik = {k: env.get(k) or "" for k in ("AUTHENTIK_CLIENT_ID", "AUTHENTIK_CLIENT_SECRET", "AUTHENTIK_ISSUER")}
        # next-auth: options.secret ??= NEXTAUTH_SECRET ?? AUTH_SECRET; in production none is a config error.
        self.secret = env.get("NEXTAUTH_SECRET") or env.get("AUTH_SECRET") or None
        self.url = auth_url(env.get("NEXTAUTH_URL"))
        if self.secret is None and self.node_env != "production":
            # next-auth's createSecret: a hash of the options (development only).
            self.secret = hashlib.sha256(json.dumps(self.url).encode()).hexdigest()
        secure = self.url["base"].startswith("https://")
        prefix = "__Secure-" if secure else ""
        self.secure = secure
        self.session_cookie = prefix + "next-auth.session-token"
        self.callback_cookie = prefix + "next-auth.callback-url"
        self.csrf_cookie = ("__Host-" if secure else "") + "next-auth.csrf-token"

    def providers(self):
        """authOptions().providers as {id: name, type}, or None when loading the route fails."""
        if not self.require_login:
            return {}
        if self.auth_provider == "credentials":
            return {"credentials": ("Password", "credentials")}
        # AuthentikProvider: sequenceThrows throws at module load when a setting is missing or the
        # issuer is not a URL, so every /api/auth request fails (Next.js answers 500).
        issuer = self.authentik["AUTHENTIK_ISSUER"]
        if not all(self.authentik.values()) or not urlsplit(issuer).scheme:
            return None
        return {"authentik": ("Authentik", "oauth")}


def auth_url(nextauth_url):
    """next-auth's parseUrl: origin and base (origin + path, /api/auth when the URL has none)."""
    url = nextauth_url or "http://localhost:3000/api/auth"
    if not url.startswith("http"):
        url = "https://" + url
    u = urlsplit(url)
    default_port = {"http": 80, "https": 443}.get(u.scheme)
    host = (u.hostname or "").lower()
    if ":" in host:
        host = "[%s]" % host
    origin = "%s://%s%s" % (u.scheme, host, "" if u.port in (None, default_port) else ":%d" % u.port)
    path = "/api/auth" if u.path in ("", "/") else u.path.rstrip("/")
    return {"origin": origin, "base": origin + path}


# --------------------------------------------------------------------------------- tokens
def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def csrf_hash(token, secret):
    return hashlib.sha256((token + secret).encode()).hexdigest()


def encode_session(claims, secret, now):
    """The session JWT. next-auth encrypts it (JWE dir/A256GCM, key derived from NEXTAUTH_SECRET by
    HKDF); Python's standard library has no AES-GCM, so the stand-in only signs it (HMAC-SHA256 with
    a key derived from the secret). A cookie made with another secret is refused either way; unlike
    the real one, this payload is readable."""
    payload = dict(claims, iat=int(now), exp=int(now) + SESSION_MAX_AGE, jti=str(uuid.uuid4()))
    body = b64url(json.dumps(payload, separators=(",", ":")).encode())
    return "standin." + body + "." + b64url(hmac.new(session_key(secret), body.encode(), hashlib.sha256).digest())


def decode_session(token, secret, now):
    """The claims, or None for a token this secret did not sign, or one expired (jose allows 15 s)."""
    parts = token.split(".")
    if len(parts) != 3 or parts[0] != "standin":
        return None
    expected = hmac.new(session_key(secret), parts[1].encode(), hashlib.sha256).digest()
    try:
        if not hmac.compare_digest(b64url_decode(parts[2]), expected):
            return None
        claims = json.loads(b64url_decode(parts[1]))
    except ValueError:
        return None
    return claims if isinstance(claims, dict) and claims.get("exp", 0) + 15 >= now else None


def session_key(secret):
    return hmac.new(secret.encode(), b"NextAuth.js Generated Encryption Key (stand-in)", hashlib.sha256).digest()


# ------------------------------------------------------------------------------- backend
class AuthorizeError(Exception):
    """authorize() threw: next-auth puts the message in the error URL."""


def backend(settings, path, body=None, token=None):
    """fetch(SERVER_API_URL + path): (status, parsed JSON or None). A connection failure is fetch's
    TypeError "fetch failed"; an unset SERVER_API_URL is getNextEnvVar's error."""
    if settings.server_api_url is None:
        raise AuthorizeError("SERVER_API_URL is required; undefined")
    headers = {"Content-Type": "application/json"} if body is not None else {}
    if token:
        headers["Authorization"] = "Bearer " + token
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(settings.server_api_url + path, data=data, headers=headers,
                                 method="POST" if body is not None else "GET")
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            status, raw = r.status, r.read()
    except urllib.error.HTTPError as e:
        status, raw = e.code, e.read()
    except (urllib.error.URLError, OSError, ValueError):
        raise AuthorizeError("fetch failed")
    try:
        return status, json.loads(raw or b"null")
    except ValueError:
        return status, None


def authorize(settings, email, password):
    """credentialsAuthOptions().authorize: the backend's login, or None."""
    if not email or not password:
        return None
    status, data = backend(settings, "/v1/auth/login", {"email": email, "password": password})
    if not 200 <= status < 300 or not isinstance(data, dict):
        return None
    return {"id": "pending", "email": email, "accessToken": data.get("access_token"), "expiresIn": data.get("expires_in")}


def user_id(settings, access_token):
    """getUserId: /v1/me's sub, or None (errors are only logged upstream)."""
    try:
        status, data = backend(settings, "/v1/me", token=access_token)
    except AuthorizeError:
        return None
    return data.get("sub") if 200 <= status < 300 and isinstance(data, dict) else None


# ------------------------------------------------------------------------------- NextAuth
class Answer:
    """An internal response as next-auth's toResponse and the route handler turn it into HTTP."""

    def __init__(self, status=200, body=None, redirect=None, ctype="application/json"):
        self.status, self.body, self.redirect, self.ctype = status, body, redirect, ctype
        self.cookies = []


class App:
    def __init__(self, settings):
        self.settings = settings

    def auth(self, method, action, provider_id, cookies, form):
        """NextAuth's AuthHandler for the actions the installer and a browser's login use."""
        s = self.settings
        providers = s.providers()
        if providers is None:
            log("ERROR: the auth route failed to load: AUTHENTIK_CLIENT_ID, AUTHENTIK_CLIENT_SECRET and a URL in "
                "AUTHENTIK_ISSUER are required")
            return Answer(500, b"Internal Server Error", ctype="text/html; charset=utf-8")
        if s.secret is None:
            log("[next-auth][error][NO_SECRET] Please define a `secret` in production.")
            return Answer(500, CONFIG_ERROR)
        now = time.time()
        csrf_token, csrf_verified, new_csrf = self.csrf(cookies.get(s.csrf_cookie), method == "POST",
                                                         (form or {}).get("csrfToken"))
        callback_url = self.redirect_callback((form or {}).get("callbackUrl") or cookies.get(s.callback_cookie))
        set_cookies = []
        if new_csrf:
            set_cookies.append(cookie(s.csrf_cookie, new_csrf, s.secure))
        if callback_url != cookies.get(s.callback_cookie):
            set_cookies.append(cookie(s.callback_cookie, callback_url, s.secure))

        if method == "GET" and action == "providers":
            base = s.url["base"]
            answer = Answer(body={pid: {"id": pid, "name": name, "type": kind, "signinUrl": "%s/signin/%s" % (base, pid),
                                        "callbackUrl": "%s/callback/%s" % (base, pid)}
                                  for pid, (name, kind) in providers.items()})
            return answer  # the providers route sets no cookie
        if method == "GET" and action == "csrf":
            answer = Answer(body={"csrfToken": csrf_token})
        elif method == "GET" and action == "session":
            answer = self.session(cookies.get(s.session_cookie), now)
        elif method == "POST" and action == "callback" and provider_id in providers:
            if providers[provider_id][1] != "credentials":
                answer = Answer(500, b"stand-in: OAuth callbacks are not modelled", ctype="text/plain; charset=utf-8")
            elif not csrf_verified:
                answer = Answer(redirect="%s/signin?csrf=true" % s.url["base"])
            else:
                answer = self.credentials_callback(form or {}, callback_url, now)
        else:
            answer = Answer(400, ("Error: This action with HTTP %s is not supported by NextAuth.js" % method).encode(),
                            ctype="text/plain; charset=utf-8")
        answer.cookies = set_cookies + answer.cookies
        return answer

    def csrf(self, cookie_value, is_post, body_value):
        """createCSRFToken: (token, verified, new cookie value or None)."""
        secret = self.settings.secret
        if cookie_value and "|" in cookie_value:
            token, token_hash = cookie_value.split("|", 1)
            if hmac.compare_digest(token_hash, csrf_hash(token, secret)):
                return token, is_post and token == body_value, None
        token = secrets.token_hex(32)
        return token, False, "%s|%s" % (token, csrf_hash(token, secret))

    def redirect_callback(self, url):
        """The default redirect callback: a relative URL or one on NEXTAUTH_URL's origin, else the origin."""
        origin = self.settings.url["origin"]
        if not url:
            return origin
        if url.startswith("/"):
            return origin + url
        u = urlsplit(url)
        return url if "%s://%s" % (u.scheme, u.netloc) == origin else origin

    def credentials_callback(self, form, callback_url, now):
        s = self.settings
        base = s.url["base"]
        try:
            user = authorize(s, form.get("email"), form.get("password"))
        except AuthorizeError as e:
            log("[next-auth][error] authorize failed: %s" % e)
            return Answer(401, redirect="%s/error?error=%s" % (base, quote(str(e), safe="")))
        if user is None:
            return Answer(401, redirect="%s/error?%s" % (base, urlencode({"error": "CredentialsSignin",
                                                                         "provider": "credentials"})))
        # The jwt callback on sign-in: the backend's token, and the user id /v1/me gives.
        token = {"email": user["email"], "sub": user["id"], "accessToken": user["accessToken"],
                 "accessTokenExpires": int(now * 1000) + int(user["expiresIn"] or 0) * 1000}
        token["sub"] = user_id(s, user["accessToken"]) or token["sub"]
        answer = Answer(redirect=callback_url)
        answer.cookies.append(cookie(s.session_cookie, encode_session(token, s.secret, now), s.secure,
                                     expires=now + SESSION_MAX_AGE))
        return answer

    def session(self, session_token, now):
        """routes/session with Reflector's session callback for credentials."""
        s = self.settings
        answer = Answer(body={})
        if not session_token:
            return answer
        token = decode_session(session_token, s.secret, now)
        if token is None or not token.get("sub"):
            log("[next-auth][error][JWT_SESSION_ERROR] %s" % ("User ID required" if token else "JWT invalid"))
            answer.cookies.append(cookie(s.session_cookie, "", s.secure, max_age=0))  # sessionStore.clean()
            return answer
        body = {"user": {"id": token["sub"], "email": token.get("email")},
                "expires": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(now + SESSION_MAX_AGE)),
                "accessToken": token.get("accessToken"), "accessTokenExpires": token.get("accessTokenExpires")}
        answer.body = {k: v for k, v in body.items() if v is not None}
        claims = {k: v for k, v in token.items() if k not in ("iat", "exp", "jti")}
        answer.cookies.append(cookie(s.session_cookie, encode_session(claims, s.secret, now), s.secure,
                                     expires=now + SESSION_MAX_AGE))
        return answer

    def health(self):
        checks = {"redis": bool(self.settings.kv_url) and redis_ok(self.settings.kv_url)}
        body = {"status": "healthy", "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime()),
                "uptime": round(time.monotonic() - STARTED, 3), "environment": self.settings.node_env,
                "checks": checks}
        return Answer(200 if all(checks.values()) else 503, body)


def cookie(name, value, secure, expires=None, max_age=None):
    """A Set-Cookie value as the `cookie` package serialises next-auth's options (the value as
    encodeURIComponent leaves it: "token|hash" goes out as "token%7Chash")."""
    parts = ["%s=%s" % (name, quote(value, safe="!*'()")), "Path=/"]
    if max_age is not None:
        parts.insert(1, "Max-Age=%d" % max_age)
    if expires is not None:
        parts.append("Expires=" + formatdate(expires, usegmt=True))
    parts.append("HttpOnly")
    if secure:
        parts.append("Secure")
    parts.append("SameSite=Lax")
    return "; ".join(parts)


def parse_cookies(header):
    """Next.js's cookies(): name -> decoded value."""
    jar = {}
    for part in (header or "").split(";"):
        name, sep, value = part.strip().partition("=")
        if sep and name and name not in jar:
            jar[name] = unquote(value.strip())
    return jar


def parse_form(content_type, raw):
    """getBody: a form or JSON body, else nothing."""
    ctype = content_type or ""
    if "application/json" in ctype:
        try:
            body = json.loads(raw or b"null")
            return body if isinstance(body, dict) else None
        except ValueError:
            return None
    if "application/x-www-form-urlencoded" in ctype:
        return dict(parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True))
    return None


class Handler(BaseHTTPRequestHandler):
    server_version = "reflector-frontend-standin/1"
    protocol_version = "HTTP/1.1"
    app = None  # set by make_server

    def log_message(self, fmt, *args):
        # The request line only: never headers (cookies) or bodies (passwords).
        log("%s %s" % (self.address_string(), fmt % args))

    def route(self):
        path = urlsplit(self.path).path
        app = self.app
        raw = b""
        if self.command == "POST":
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if app.settings.not_ready:
            return self.send(Answer(503, b"503: still starting (STANDIN_NOT_READY)\n", ctype="text/plain; charset=utf-8"))
        if path == "/" and self.command in ("GET", "HEAD"):
            return self.send(Answer(body=PAGE, ctype="text/html; charset=utf-8"))
        if path == "/api/health" and self.command in ("GET", "HEAD"):
            return self.send(app.health())
        parts = path.split("/")
        if path.startswith("/api/auth/") and len(parts) in (4, 5) and self.command in ("GET", "HEAD", "POST"):
            form = parse_form(self.headers.get("Content-Type"), raw) if self.command == "POST" else None
            answer = app.auth("GET" if self.command == "HEAD" else self.command, parts[3],
                              parts[4] if len(parts) == 5 else None, parse_cookies(self.headers.get("Cookie")), form)
            return self.send(answer, json_url=(form or {}).get("json") == "true")
        return self.send(Answer(404, b"404: This page could not be found.\n", ctype="text/plain; charset=utf-8"))

    def send(self, answer, json_url=False):
        status, ctype, body = answer.status, answer.ctype, answer.body
        location = None
        if answer.redirect and json_url:
            # The app router handler: the redirect as {"url"}, with the internal status (200 unless set).
            body, ctype = {"url": answer.redirect}, "application/json"
        elif answer.redirect:
            status, location, body = 302, answer.redirect, b""
        if not isinstance(body, bytes):
            body = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if location:
            self.send_header("Location", location)
        for value in answer.cookies:
            self.send_header("Set-Cookie", value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_HEAD = do_POST = route


def make_server(address, app):
    handler = type("BoundHandler", (Handler,), {"app": app})
    httpd = ThreadingHTTPServer(address, handler)
    httpd.daemon_threads = True
    return httpd


def main():
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    log("stand-in for monadicalsas/reflector-frontend (not the real Reflector web app)")
    for n in sorted(k for k in os.environ if k not in BORING):
        v = os.environ[n]
        log("  %s=%s" % (n, ("<set>" if v else "<unset>") if SECRET_NAME.search(n) else v))
    app = App(Settings(os.environ))
    log("login: %s" % (", ".join(app.settings.providers() or {}) or "none (FEATURE_REQUIRE_LOGIN is not true)")
        if app.settings.providers() is not None else "login: the auth route fails to load (Authentik settings missing)")
    httpd = make_server(("0.0.0.0", 3000), app)
    log("listening on 0.0.0.0:3000")
    httpd.serve_forever()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        pass
