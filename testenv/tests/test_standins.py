"""Tests of the test stand-ins' HTTP interfaces (testenv/*), without Docker or any network
beyond 127.0.0.1: each server runs in this process or as a subprocess, on a free port, with
its state in a temporary directory.

    python3 -m unittest discover -s testenv/tests        (from the repository root)
"""
import datetime
import hashlib
import hmac
import http.client
import importlib.util
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
from urllib.parse import quote

TESTENV = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# No __pycache__ in the image build directories: build-test-images.sh hashes every file there.
sys.dont_write_bytecode = True
NO_BYTECODE = {"PYTHONDONTWRITEBYTECODE": "1"}


# ------------------------------------------------------------------------------ helpers
def load(relpath, name):
    """Imports a stand-in script as a module (its main() does not run)."""
    spec = importlib.util.spec_from_file_location(name, os.path.join(TESTENV, relpath))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port, method, path, body=None, headers=None):
    """(status, headers dict with lower-case names, body bytes)."""
    if isinstance(body, (dict, list)):
        body = json.dumps(body)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        conn.close()


def serve_in_thread(httpd):
    # A short poll interval, or every shutdown() waits half a second.
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    return httpd.server_address[1]


def wait_for_port(port, proc, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError("server exited early: %s" % proc.stdout.read())
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.02)
    raise AssertionError("port %d never opened" % port)


class QuietLogs:
    """In-process stand-ins log to stdout; keep the test output readable."""

    @staticmethod
    def mute():
        saved, sys.stdout = sys.stdout, open(os.devnull, "w")
        return saved

    @staticmethod
    def unmute(saved):
        sys.stdout.close()
        sys.stdout = saved

    def setUp(self):
        self._stdout = self.mute()

    def tearDown(self):
        self.unmute(self._stdout)


# ------------------------------------------------------------------------------ backend
def pbkdf2_hash(password, salt="0123456789abcdef0123456789abcdef", iterations=1000):
    """ADMIN_PASSWORD_HASH as upstream's password_utils.hash_password writes it."""
    dk = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), iterations)
    return "pbkdf2:sha256:%d$%s$%s" % (iterations, salt, dk.hex())


class BackendAuthTest(QuietLogs, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.m = load("backend/standin.py", "backend_standin")

    def start(self, **env):
        app = self.m.App(self.m.Settings(env))
        httpd = self.m.make_server(("127.0.0.1", 0), app)
        self.addCleanup(httpd.server_close)
        self.addCleanup(httpd.shutdown)
        return serve_in_thread(httpd)

    def password_server(self, **extra):
        return self.start(AUTH_BACKEND="password", ADMIN_EMAIL="admin@example.com",
                          ADMIN_PASSWORD_HASH=pbkdf2_hash("s3cret pw"), SECRET_KEY="test-secret", **extra)

    def login(self, port, email="admin@example.com", password="s3cret pw"):
        status, _, body = request(port, "POST", "/v1/auth/login", {"email": email, "password": password},
                                  {"Content-Type": "application/json"})
        return status, json.loads(body)

    def test_login_gives_a_bearer_token_that_me_and_transcripts_accept(self):
        port = self.password_server()
        status, body = self.login(port)
        self.assertEqual(200, status)
        self.assertEqual("bearer", body["token_type"])
        self.assertEqual(86400, body["expires_in"])
        auth = {"Authorization": "Bearer " + body["access_token"]}
        status, _, me = request(port, "GET", "/v1/me", headers=auth)
        self.assertEqual(200, status)
        self.assertEqual("admin@example.com", json.loads(me)["email"])
        self.assertTrue(json.loads(me)["sub"])
        status, _, page = request(port, "GET", "/v1/transcripts", headers=auth)
        self.assertEqual(200, status)
        self.assertEqual({"items": [], "total": 0, "page": 1, "size": 50, "pages": 0}, json.loads(page))

    def test_token_is_an_hs256_jwt_signed_with_secret_key(self):
        port = self.password_server()
        token = self.login(port)[1]["access_token"]
        head, payload, sig = token.split(".")
        expected = hmac.new(b"test-secret", (head + "." + payload).encode(), hashlib.sha256).digest()
        self.assertEqual(expected, self.m.b64url_decode(sig))
        self.assertEqual({"alg": "HS256", "typ": "JWT"}, json.loads(self.m.b64url_decode(head)))
        claims = json.loads(self.m.b64url_decode(payload))
        self.assertEqual("admin@example.com", claims["email"])
        self.assertAlmostEqual(time.time() + 86400, claims["exp"], delta=60)

    def test_upstream_default_hash_iterations_verify(self):
        port = self.start(AUTH_BACKEND="password", ADMIN_EMAIL="a@b.example",
                          ADMIN_PASSWORD_HASH=pbkdf2_hash("pw", iterations=100_000))
        self.assertEqual(200, self.login(port, "a@b.example", "pw")[0])

    def test_without_admin_settings_the_server_starts_and_every_login_is_401(self):
        # runserver.sh provisions the admin only when both are set, and starts the server anyway.
        for env in ({"ADMIN_EMAIL": "admin@example.com"}, {"ADMIN_PASSWORD_HASH": pbkdf2_hash("s3cret pw")}, {}):
            port = self.start(AUTH_BACKEND="password", **env)
            self.assertEqual(401, self.login(port)[0], env)

    def test_wrong_password_or_email_is_401(self):
        port = self.password_server()
        self.assertEqual((401, {"detail": "Invalid email or password"}), self.login(port, password="wrong"))
        self.assertEqual((401, {"detail": "Invalid email or password"}), self.login(port, email="x@example.com"))

    def test_eleventh_attempt_in_five_minutes_is_429_even_with_the_right_password(self):
        port = self.password_server()
        statuses = [self.login(port, password="wrong")[0] for _ in range(9)] + [self.login(port)[0]]
        self.assertEqual([401] * 9 + [200], statuses)
        status, body = self.login(port)
        self.assertEqual(429, status)
        self.assertIn("detail", body)

    def test_bad_login_body_is_422_and_not_counted(self):
        port = self.password_server()
        for body in ("{not json", '{"email": "a@b.example"}', "[]", ""):
            status, _, _ = request(port, "POST", "/v1/auth/login", body, {"Content-Type": "application/json"})
            self.assertEqual(422, status, body)
        self.assertEqual(405, request(port, "GET", "/v1/auth/login")[0])

    def test_me_is_null_without_token_and_401_with_a_bad_or_expired_one(self):
        port = self.password_server()
        self.assertEqual((200, b"null"), request(port, "GET", "/v1/me")[::2])
        user = {"id": "u1", "email": "admin@example.com"}
        expired = self.m.create_token("test-secret", user, now=time.time() - 2 * 86400)
        forged = self.m.create_token("another-secret", user)
        for token in (expired, forged, "not.a.jwt", "garbage"):
            status, _, body = request(port, "GET", "/v1/me", headers={"Authorization": "Bearer " + token})
            self.assertEqual(401, status, token)
            self.assertEqual({"detail": "Invalid authentication"}, json.loads(body))

    def test_transcripts_need_a_user_unless_public_mode(self):
        port = self.password_server(PUBLIC_MODE="False")
        self.assertEqual((401, b'{"detail": "Not authenticated"}'), request(port, "GET", "/v1/transcripts")[::2])
        port = self.password_server(PUBLIC_MODE="true")
        status, _, body = request(port, "GET", "/v1/transcripts")
        self.assertEqual(200, status)
        self.assertEqual(0, json.loads(body)["total"])
        status, _, _ = request(port, "GET", "/v1/transcripts", headers={"Authorization": "Bearer bad.to.ken"})
        self.assertEqual(401, status, "a bad token is refused even in public mode")

    def test_login_router_is_not_mounted_for_other_backends(self):
        for backend in ("none", "jwt"):
            port = self.start(AUTH_BACKEND=backend)
            status, _, body = request(port, "POST", "/v1/auth/login", {"email": "a", "password": "b"})
            self.assertEqual((404, {"detail": "Not Found"}), (status, json.loads(body)), backend)
            self.assertEqual(401, request(port, "GET", "/v1/transcripts")[0], backend)
        port = self.start()  # AUTH_BACKEND unset: none
        self.assertEqual(b"null", request(port, "GET", "/v1/me", headers={"Authorization": "Bearer x"})[2])

    def test_other_paths_keep_their_behaviour(self):
        port = self.start()
        status, _, body = request(port, "GET", "/v1/rooms")
        self.assertEqual((200, {"service": "server", "path": "/v1/rooms"}), (status, json.loads(body)))
        self.assertEqual(503, request(port, "GET", "/health")[0], "no database in this test")
        self.assertEqual(404, request(port, "GET", "/nothing")[0])


class BackendStartTest(unittest.TestCase):
    """The server exits 1 at start where the real one would; it never gets to bind :1250."""

    def run_server(self, **env):
        base = dict(NO_BYTECODE, PATH=os.environ.get("PATH", "/usr/bin:/bin"), ENTRYPOINT="server")
        return subprocess.run([sys.executable, os.path.join(TESTENV, "backend/standin.py")],
                              env=dict(base, **env), capture_output=True, text=True, timeout=10)

    def test_unknown_auth_backend_fails_like_the_import(self):
        r = self.run_server(AUTH_BACKEND="ldap")
        self.assertEqual(1, r.returncode)
        self.assertIn("ModuleNotFoundError: No module named 'reflector.auth.auth_ldap'", r.stderr)

    def test_public_mode_must_be_a_boolean(self):
        r = self.run_server(PUBLIC_MODE="sometimes")
        self.assertEqual(1, r.returncode)
        self.assertIn("PUBLIC_MODE", r.stderr)

    def test_settings_are_logged_without_secrets(self):
        password_hash = pbkdf2_hash("x")
        r = self.run_server(AUTH_BACKEND="password", ADMIN_EMAIL="a@b.example", ADMIN_PASSWORD_HASH=password_hash,
                            SECRET_KEY="very-secret-value", WEBRTC_PORT_RANGE="50000-50100",
                            PUBLIC_MODE="maybe")  # exits after logging, before binding
        self.assertIn("WEBRTC_PORT_RANGE=50000-50100", r.stdout)
        self.assertIn("CELERY_BEAT_POLL_INTERVAL=<unset>", r.stdout)
        self.assertIn("ADMIN_PASSWORD_HASH=<set>", r.stdout)
        self.assertNotIn("very-secret-value", r.stdout + r.stderr)
        self.assertNotIn(password_hash.split("$")[2], r.stdout + r.stderr)


class FakeAlembicTable:
    """alembic_version as the stand-in's Database sees it: None while the table does not exist."""

    def __init__(self, rows=None, unreachable=False):
        self.rows, self.unreachable, self.stamped = rows, unreachable, []

    def current(self):
        if self.unreachable:
            raise ConnectionError('connection to server at "postgres" (172.18.0.2), port 5432 failed')
        return tuple(self.rows or ())

    def stamp(self, head):
        self.stamped.append(head)
        self.rows = [head]


class BackendMigrationsTest(unittest.TestCase):
    """`alembic upgrade head` as runserver.sh runs it, on the test data of migration-sets/."""

    V035 = os.path.join(TESTENV, "backend/migrations/versions")
    BFA = os.path.join(TESTENV, "backend/migration-sets/bfa1071")

    @classmethod
    def setUpClass(cls):
        cls.m = load("backend/standin_alembic.py", "standin_alembic")

    def upgrade(self, versions, table):
        import contextlib
        import io
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = self.m.upgrade_head(versions, table)
        return code, out.getvalue(), err.getvalue()

    def test_the_sets_have_the_heads_upstream_has(self):
        self.assertEqual(["e1f093f7f124"], self.m.heads(self.m.load(self.V035)))
        self.assertEqual(["20260219000000", "623af934249a"], self.m.heads(self.m.load(self.BFA)))
        self.assertEqual(62, len(self.m.load(self.V035)))

    def test_a_fresh_database_is_migrated_to_the_head_in_order(self):
        table = FakeAlembicTable()
        code, out, err = self.upgrade(self.V035, table)
        self.assertEqual(0, code, err)
        self.assertEqual(["e1f093f7f124"], table.stamped)
        runs = [line for line in err.splitlines() if "Running upgrade" in line]
        self.assertEqual(62, len(runs))
        self.assertEqual("INFO  [alembic.runtime.migration] Running upgrade  -> 543ed284d69a, init", runs[0])
        self.assertTrue(runs[-1].endswith("Running upgrade 623af934249a -> e1f093f7f124, add password_hash to user table"))
        merge = [line for line in runs if "-> e69f08ead8ea" in line][0]
        self.assertIn("Running upgrade 1b1e6a6fc465, 80beb1ea3269 -> e69f08ead8ea", merge)
        order = [line.split(" -> ")[1].split(",")[0] for line in runs]
        graph = self.m.load(self.V035)
        for position, rev in enumerate(order):
            for down in graph[rev][0]:
                self.assertLess(order.index(down), position, "%s ran before its parent %s" % (rev, down))

    def test_at_the_head_nothing_runs_and_behind_only_the_rest(self):
        table = FakeAlembicTable(["e1f093f7f124"])
        code, _, err = self.upgrade(self.V035, table)
        self.assertEqual((0, []), (code, table.stamped))
        self.assertNotIn("Running upgrade", err)
        table = FakeAlembicTable(["623af934249a"])
        code, _, err = self.upgrade(self.V035, table)
        self.assertEqual((0, ["e1f093f7f124"]), (code, table.stamped))
        self.assertEqual(1, err.count("Running upgrade"))

    def test_two_heads_fail_with_alembics_lines_and_change_nothing(self):
        table = FakeAlembicTable()
        code, out, err = self.upgrade(self.BFA, table)
        self.assertEqual(255, code)
        self.assertEqual([], table.stamped)
        message = ("Multiple head revisions are present for given argument 'head'; please specify a specific target "
                   "revision, '<branchname>@head' to narrow to a specific head, or 'heads' for all heads")
        self.assertIn("ERROR [alembic.util.messaging] " + message + "\n", err)
        self.assertEqual("FAILED: " + message + "\n", out)

    def test_a_revision_the_files_do_not_know_cannot_be_located(self):
        table = FakeAlembicTable(["20260219000000"])
        code, out, err = self.upgrade(self.V035, table)
        self.assertEqual((255, []), (code, table.stamped))
        self.assertIn("ERROR [alembic.util.messaging] Can't locate revision identified by '20260219000000'", err)
        self.assertEqual("FAILED: Can't locate revision identified by '20260219000000'\n", out)

    def test_an_unreachable_database_is_an_operational_error(self):
        code, _, err = self.upgrade(self.V035, FakeAlembicTable(unreachable=True))
        self.assertEqual(1, code)
        self.assertIn("sqlalchemy.exc.OperationalError", err)

    def test_the_server_starts_anyway_after_a_failed_migration(self):
        # No database at all: the migration fails, then the start goes on to the settings (and the
        # PUBLIC_MODE refusal, which ends it before it binds a port).
        r = BackendStartTest.run_server(self, PUBLIC_MODE="sometimes",
                                        DATABASE_URL="postgresql+asyncpg://reflector:reflector@127.0.0.1:1/reflector")
        self.assertEqual(1, r.returncode)
        self.assertIn("alembic upgrade head exited", r.stdout)
        self.assertIn("PUBLIC_MODE", r.stderr)


# ------------------------------------------------------------------------------ garage S3
def sigv4_headers(method, host, path, query, body, access_key, secret, region="garage", when=None,
                  payload_hash=None, extra=None):
    """Headers of an AWS Signature V4 request (header-based, service s3)."""
    when = when or datetime.datetime.now(datetime.timezone.utc)
    amz_date, day = when.strftime("%Y%m%dT%H%M%SZ"), when.strftime("%Y%m%d")
    payload_hash = payload_hash or hashlib.sha256(body).hexdigest()
    headers = {"host": host, "x-amz-date": amz_date, "x-amz-content-sha256": payload_hash}
    headers.update({k.lower(): v for k, v in (extra or {}).items()})
    names = sorted(headers)
    canonical_query = "&".join(sorted("%s=%s" % (quote(k, safe="-_.~"), quote(v, safe="-_.~")) for k, v in query))
    canonical = "\n".join([method, path, canonical_query, "".join("%s:%s\n" % (n, headers[n].strip()) for n in names),
                           ";".join(names), payload_hash])
    scope = "%s/%s/s3/aws4_request" % (day, region)
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    key = ("AWS4" + secret).encode()
    for part in (day, region, "s3", "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    headers["Authorization"] = "AWS4-HMAC-SHA256 Credential=%s/%s, SignedHeaders=%s, Signature=%s" % (
        access_key, scope, ";".join(names), signature)
    return headers


def xml_code(body):
    m = re.search(rb"<Code>([^<]*)</Code>", body)
    return m.group(1).decode() if m else None


GARAGE_TOML = """metadata_dir = "{dir}/meta"
data_dir = "{dir}/data"
db_engine = "sqlite"
replication_factor = 1
rpc_bind_addr = "127.0.0.1:{rpc}"
rpc_public_addr = "127.0.0.1:{rpc}"
rpc_secret = "{rpc_secret}"

[s3_api]
s3_region = "garage"
api_bind_addr = "127.0.0.1:{s3}"
root_domain = ".s3.garage.localhost"

[admin]
api_bind_addr = "127.0.0.1:{admin}"
admin_token = "test-admin-token"
"""


class GarageS3Test(unittest.TestCase):
    """The Garage stand-in as a subprocess; keys and grants made through its admin API."""

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="garage-standin-test.")
        cls.s3_port, cls.admin, rpc = free_port(), free_port(), free_port()
        cls.config = os.path.join(cls.dir, "garage.toml")
        with open(cls.config, "w") as f:
            f.write(GARAGE_TOML.format(dir=cls.dir, rpc=rpc, s3=cls.s3_port, admin=cls.admin, rpc_secret="ab" * 32))
        cls.start_server()
        cls.rw = cls.admin_api("POST", "/v1/key", {"name": "reflector"})
        cls.ro = cls.admin_api("POST", "/v1/key", {"name": "reader"})
        cls.stranger = cls.admin_api("POST", "/v1/key", {"name": "stranger"})
        cls.bucket = cls.admin_api("POST", "/v1/bucket", {"globalAlias": "reflector-media"})
        cls.before_layout = cls.s3_request("HEAD", "/reflector-media", b"", cls.rw)
        node = cls.admin_api("GET", "/v1/status")["node"]
        cls.admin_api("POST", "/v1/layout", [{"id": node, "zone": "dc1", "capacity": 10 ** 9, "tags": []}])
        cls.admin_api("POST", "/v1/layout/apply", {"version": 1})
        for key, write in ((cls.rw, True), (cls.ro, False)):
            cls.admin_api("POST", "/v1/bucket/allow", {"bucketId": cls.bucket["id"], "accessKeyId": key["accessKeyId"],
                                                       "permissions": {"read": True, "write": write}})

    @classmethod
    def start_server(cls):
        cls.proc = subprocess.Popen([sys.executable, os.path.join(TESTENV, "garage/garage.py"), "-c", cls.config,
                                     "server"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                    env=dict(os.environ, **NO_BYTECODE))
        wait_for_port(cls.s3_port, cls.proc)
        wait_for_port(cls.admin, cls.proc)

    @classmethod
    def stop_server(cls):
        cls.proc.send_signal(signal.SIGTERM)
        cls.proc.wait(timeout=10)
        cls.proc.stdout.close()

    @classmethod
    def tearDownClass(cls):
        cls.stop_server()
        shutil.rmtree(cls.dir, ignore_errors=True)

    @classmethod
    def admin_api(cls, method, path, body=None):
        status, _, out = request(cls.admin, method, path, body, {"Authorization": "Bearer test-admin-token"})
        assert status in (200, 204), (status, out)
        return json.loads(out) if out else None

    @classmethod
    def s3_request(cls, method, path, body, key, query=(), **sign):
        host = "127.0.0.1:%d" % cls.s3_port
        headers = sigv4_headers(method, host, path, query, body, key["accessKeyId"], key["secretAccessKey"], **sign)
        qs = "&".join("%s=%s" % (quote(k, safe="-_.~"), quote(v, safe="-_.~")) for k, v in query)
        return request(cls.s3_port, method, path + ("?" + qs if qs else ""), body, headers)

    def s3(self, method, path, body=b"", key=None, query=(), **sign):
        return self.s3_request(method, path, body, key or self.rw, query, **sign)

    def test_no_quorum_before_a_layout_is_applied(self):
        self.assertEqual(503, self.before_layout[0])

    def test_put_get_head_list_delete(self):
        data = b"hello from the installer's storage check\n"
        status, headers, _ = self.s3("PUT", "/reflector-media/checks/probe%201.txt", data,
                                     extra={"Content-Type": "text/plain"})
        self.assertEqual(200, status)
        self.assertEqual('"%s"' % hashlib.md5(data).hexdigest(), headers["etag"])
        status, headers, body = self.s3("GET", "/reflector-media/checks/probe%201.txt")
        self.assertEqual((200, data), (status, body))
        self.assertEqual("text/plain", headers["content-type"])
        status, headers, body = self.s3("HEAD", "/reflector-media/checks/probe%201.txt")
        self.assertEqual((200, str(len(data)), b""), (status, headers["content-length"], body))
        status, _, body = self.s3("GET", "/reflector-media", query=[("list-type", "2"), ("prefix", "checks/")])
        self.assertEqual(200, status)
        self.assertIn(b"<Key>checks/probe 1.txt</Key>", body)
        self.assertIn(b"<KeyCount>1</KeyCount>", body)
        self.assertEqual(204, self.s3("DELETE", "/reflector-media/checks/probe%201.txt")[0])
        status, _, body = self.s3("GET", "/reflector-media/checks/probe%201.txt")
        self.assertEqual((404, "NoSuchKey"), (status, xml_code(body)))
        self.assertEqual(204, self.s3("DELETE", "/reflector-media/checks/probe%201.txt")[0], "idempotent")

    def test_unsigned_payload_and_head_bucket(self):
        status, _, _ = self.s3("PUT", "/reflector-media/unsigned", b"x", payload_hash="UNSIGNED-PAYLOAD")
        self.assertEqual(200, status)
        self.assertEqual(200, self.s3("HEAD", "/reflector-media")[0])
        self.assertEqual(200, self.s3("HEAD", "/reflector-media", key=self.ro)[0])
        self.assertEqual(204, self.s3("DELETE", "/reflector-media/unsigned")[0])

    def test_list_buckets_shows_the_granted_ones(self):
        status, _, body = self.s3("GET", "/")
        self.assertEqual(200, status)
        self.assertIn(b"<Name>reflector-media</Name>", body)
        self.assertNotIn(b"reflector-media", self.s3("GET", "/", key=self.stranger)[2])

    def test_objects_survive_a_restart_and_show_in_bucket_info(self):
        self.assertEqual(200, self.s3("PUT", "/reflector-media/persist", b"12345")[0])
        type(self).stop_server()
        type(self).start_server()
        self.assertEqual((200, b"12345"), self.s3("GET", "/reflector-media/persist")[::2])
        info = self.admin_api("GET", "/v1/bucket?globalAlias=reflector-media")
        self.assertGreaterEqual(info["objects"], 1)
        self.assertGreaterEqual(info["bytes"], 5)
        cli = subprocess.run([sys.executable, os.path.join(TESTENV, "garage/garage.py"), "-c", self.config,
                              "bucket", "info", "reflector-media"], capture_output=True, text=True, timeout=10,
                             env=dict(os.environ, **NO_BYTECODE))
        self.assertRegex(cli.stdout, r"Objects: [1-9]")
        status, _, body = request(self.admin, "DELETE", "/v1/bucket?id=" + self.bucket["id"],
                                  headers={"Authorization": "Bearer test-admin-token"})
        self.assertEqual((409, "BucketNotEmpty"), (status, json.loads(body)["code"]))
        self.assertEqual(204, self.s3("DELETE", "/reflector-media/persist")[0])

    def test_missing_authorization_is_access_denied(self):
        status, _, body = request(self.s3_port, "GET", "/reflector-media/x")
        self.assertEqual((403, "AccessDenied"), (status, xml_code(body)))
        self.assertIn(b"anonymous access", body)

    def test_unknown_access_key_is_403(self):
        fake = {"accessKeyId": "GK" + "0" * 24, "secretAccessKey": "f" * 64}
        status, _, body = self.s3("GET", "/reflector-media/x", key=fake)
        self.assertEqual((403, "AccessDenied"), (status, xml_code(body)))
        self.assertIn(b"No such key: GK000000000000000000000000", body)

    def test_bad_signature_is_403(self):
        wrong = dict(self.rw, secretAccessKey="0" * 64)
        status, _, body = self.s3("PUT", "/reflector-media/x", b"data", key=wrong)
        self.assertEqual((403, "AccessDenied"), (status, xml_code(body)))
        self.assertIn(b"Invalid signature", body)
        # A body that is not the one signed for is refused too.
        host = "127.0.0.1:%d" % self.s3_port
        headers = sigv4_headers("PUT", host, "/reflector-media/x", (), b"data", self.rw["accessKeyId"],
                                self.rw["secretAccessKey"])
        status, _, body = request(self.s3_port, "PUT", "/reflector-media/x", b"tampered", headers)
        self.assertEqual((400, "InvalidDigest"), (status, xml_code(body)))

    def test_key_without_the_grant_is_access_denied(self):
        status, _, body = self.s3("GET", "/reflector-media/x", key=self.stranger)
        self.assertEqual((403, "AccessDenied"), (status, xml_code(body)))
        self.assertIn(b"Operation is not allowed for this key.", body)
        status, _, body = self.s3("PUT", "/reflector-media/x", b"data", key=self.ro)
        self.assertEqual((403, "AccessDenied"), (status, xml_code(body)), "read-only key writes")

    def test_wrong_region_is_authorization_header_malformed(self):
        status, _, body = self.s3("GET", "/reflector-media/x", region="us-east-1")
        self.assertEqual((400, "AuthorizationHeaderMalformed"), (status, xml_code(body)))

    def test_old_date_is_refused(self):
        long_ago = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=2)
        status, _, body = self.s3("GET", "/reflector-media/x", when=long_ago)
        self.assertEqual((400, "InvalidRequest"), (status, xml_code(body)))

    def test_unknown_bucket_is_404(self):
        status, _, body = self.s3("GET", "/no-such-bucket/x")
        self.assertEqual((404, "NoSuchBucket"), (status, xml_code(body)))
        status, _, body = self.s3("PUT", "/no-such-bucket/x", b"x")
        self.assertEqual((404, "NoSuchBucket"), (status, xml_code(body)))

    def test_unsigned_host_header_is_refused(self):
        host = "127.0.0.1:%d" % self.s3_port
        headers = sigv4_headers("GET", host, "/reflector-media/x", (), b"", self.rw["accessKeyId"],
                                self.rw["secretAccessKey"])
        headers["Authorization"] = headers["Authorization"].replace("SignedHeaders=host;", "SignedHeaders=")
        status, _, body = request(self.s3_port, "GET", "/reflector-media/x", None, headers)
        self.assertEqual((400, "InvalidRequest"), (status, xml_code(body)))


# ------------------------------------------------------------------------------ ollama
class OllamaTest(QuietLogs, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="ollama-standin-test.")
        cls.saved_env = {k: os.environ.get(k) for k in ("OLLAMA_MODELS", "OLLAMA_STANDIN_PULL_DELAY")}
        os.environ["OLLAMA_MODELS"] = cls.dir
        os.environ["OLLAMA_STANDIN_PULL_DELAY"] = "0"
        cls.m = load("ollama/ollama.py", "ollama_standin")
        cls.httpd = cls.m.DualStackServer(("127.0.0.1", 0), cls.m.Handler)
        cls.port = serve_in_thread(cls.httpd)
        saved = cls.mute()
        try:
            status, _, body = request(cls.port, "POST", "/api/pull", {"model": "mistral", "stream": False})
        finally:
            cls.unmute(saved)
        assert status == 200, body

    @classmethod
    def tearDownClass(cls):
        cls.httpd.shutdown()
        cls.httpd.server_close()
        for k, v in cls.saved_env.items():
            os.environ.pop(k, None) if v is None else os.environ.__setitem__(k, v)
        shutil.rmtree(cls.dir, ignore_errors=True)

    def chat(self, body):
        status, headers, out = request(self.port, "POST", "/v1/chat/completions", body,
                                       {"Content-Type": "application/json"})
        return status, headers, out

    MESSAGES = [{"role": "user", "content": "Say OK."}]

    def test_chat_completion_answers_with_the_requested_model_name(self):
        for name in ("mistral", "mistral:latest"):
            status, _, body = self.chat({"model": name, "messages": self.MESSAGES})
            self.assertEqual(200, status)
            c = json.loads(body)
            self.assertEqual(name, c["model"])
            self.assertEqual("chat.completion", c["object"])
            self.assertEqual("assistant", c["choices"][0]["message"]["role"])
            self.assertTrue(c["choices"][0]["message"]["content"])
            self.assertEqual("stop", c["choices"][0]["finish_reason"])
            u = c["usage"]
            self.assertEqual(u["prompt_tokens"] + u["completion_tokens"], u["total_tokens"])

    def test_streamed_chat_is_sse_ending_with_done(self):
        status, headers, body = self.chat({"model": "mistral", "messages": self.MESSAGES, "stream": True})
        self.assertEqual(200, status)
        self.assertTrue(headers["content-type"].startswith("text/event-stream"))
        events = [e for e in body.decode().split("\n\n") if e]
        self.assertTrue(all(e.startswith("data: ") for e in events))
        self.assertEqual("data: [DONE]", events[-1])
        chunks = [json.loads(e[6:]) for e in events[:-1]]
        self.assertTrue(all(c["object"] == "chat.completion.chunk" and c["model"] == "mistral" for c in chunks))
        self.assertEqual("stop", chunks[-1]["choices"][0]["finish_reason"])
        text = "".join(c["choices"][0]["delta"]["content"] for c in chunks)
        self.assertEqual(self.m.DEFAULT_REPLY, text)

    def test_unknown_model_is_404_in_openai_shape(self):
        status, _, body = self.chat({"model": "llama3.2", "messages": self.MESSAGES})
        self.assertEqual(404, status)
        self.assertEqual({"error": {"message": 'model "llama3.2" not found, try pulling it first', "type": "api_error",
                                    "param": None, "code": None}}, json.loads(body))

    def test_bad_body_or_missing_model_is_400(self):
        for body in ("{oops", "", {"model": "mistral"}, {"model": "mistral", "messages": []}):
            status, _, out = self.chat(body)
            self.assertEqual(400, status, body)
            self.assertEqual("invalid_request_error", json.loads(out)["error"]["type"], body)
        status, _, out = self.chat({"messages": self.MESSAGES})
        self.assertEqual((400, "model is required"), (status, json.loads(out)["error"]["message"]))

    def test_runner_failure_can_be_simulated(self):
        os.environ["OLLAMA_STANDIN_CHAT_ERROR"] = "llama runner process has terminated: signal: killed"
        try:
            status, _, body = self.chat({"model": "mistral", "messages": self.MESSAGES})
        finally:
            del os.environ["OLLAMA_STANDIN_CHAT_ERROR"]
        self.assertEqual(500, status)
        self.assertIn("runner process has terminated", json.loads(body)["error"]["message"])

    def test_v1_models_lists_pulled_models(self):
        status, _, body = request(self.port, "GET", "/v1/models")
        self.assertEqual(200, status)
        listing = json.loads(body)
        self.assertEqual("list", listing["object"])
        self.assertEqual([("mistral:latest", "model", "library")],
                         [(m["id"], m["object"], m["owned_by"]) for m in listing["data"]])
        self.assertEqual(404, request(self.port, "GET", "/v1/models/nothing")[0])

    def test_native_chat_and_generate(self):
        status, _, body = request(self.port, "POST", "/api/chat",
                                  {"model": "mistral", "messages": self.MESSAGES, "stream": False})
        self.assertEqual(200, status)
        out = json.loads(body)
        self.assertTrue(out["done"])
        self.assertEqual(self.m.DEFAULT_REPLY, out["message"]["content"])
        status, _, body = request(self.port, "POST", "/api/generate", {"model": "mistral", "prompt": "Hi"})
        self.assertEqual(200, status)
        lines = [json.loads(line) for line in body.decode().splitlines()]
        self.assertTrue(lines[-1]["done"])
        self.assertEqual(self.m.DEFAULT_REPLY, "".join(line["response"] for line in lines))
        status, _, body = request(self.port, "POST", "/api/chat", {"model": "phi3", "messages": self.MESSAGES})
        self.assertEqual((404, {"error": 'model "phi3" not found, try pulling it first'}), (status, json.loads(body)))
        self.assertEqual(404, request(self.port, "POST", "/api/generate", {"model": "phi3", "prompt": "x"})[0])


# ------------------------------------------------------------------------------ frontend, model server
class FakeRedis:
    """Answers +PONG to whatever it is sent, once per connection."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self.loop, daemon=True).start()

    def loop(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.recv(64)
                conn.sendall(b"+PONG\r\n")


class FrontendTest(QuietLogs, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.m = load("frontend/standin.py", "frontend_standin")

    def start(self, **env):
        httpd = self.m.make_server(("127.0.0.1", 0), self.m.App(self.m.Settings(env)))
        self.addCleanup(httpd.server_close)
        self.addCleanup(httpd.shutdown)
        return serve_in_thread(httpd)

    def test_health_is_200_when_redis_answers(self):
        redis = FakeRedis()
        self.addCleanup(redis.sock.close)
        port = self.start(KV_URL="redis://127.0.0.1:%d" % redis.port)
        status, _, body = request(port, "GET", "/api/health")
        self.assertEqual(200, status)
        self.assertEqual({"status": "healthy", "redis": True},
                         {"status": json.loads(body)["status"], "redis": json.loads(body)["checks"]["redis"]})
        self.assertEqual(200, request(port, "HEAD", "/api/health")[0], "wget --spider")

    def test_health_is_503_without_redis(self):
        self.assertEqual(503, request(self.start(), "GET", "/api/health")[0], "KV_URL unset")
        port = self.start(KV_URL="redis://127.0.0.1:%d" % free_port())
        self.assertEqual(503, request(port, "GET", "/api/health")[0], "nothing listening")

    def test_page_unchanged(self):
        status, _, body = request(self.start(), "GET", "/")
        self.assertEqual(200, status)
        self.assertIn(b"reflector-web-standin", body)


class FrontendLoginTest(QuietLogs, unittest.TestCase):
    """NextAuth v4 with Reflector's authOptions, in front of the backend stand-in (password login)."""
    SECRET = "a-nextauth-secret"

    @classmethod
    def setUpClass(cls):
        cls.m = load("frontend/standin.py", "frontend_standin")
        cls.backend_module = load("backend/standin.py", "backend_standin")

    def setUp(self):
        super().setUp()
        self.backend = self.backend_module.App(self.backend_module.Settings(dict(
            AUTH_BACKEND="password", ADMIN_EMAIL="admin@localhost", ADMIN_PASSWORD_HASH=pbkdf2_hash("s3cret pw"),
            SECRET_KEY="backend-secret")))
        httpd = self.backend_module.make_server(("127.0.0.1", 0), self.backend)
        self.addCleanup(httpd.server_close)
        self.addCleanup(httpd.shutdown)
        self.backend_url = "http://127.0.0.1:%d" % serve_in_thread(httpd)

    def start(self, **env):
        settings = dict(NODE_ENV="production", NEXTAUTH_URL="https://reflector.example.com", NEXTAUTH_SECRET=self.SECRET,
                        SERVER_API_URL=self.backend_url, FEATURE_REQUIRE_LOGIN="true", AUTH_PROVIDER="credentials")
        settings.update(env)
        httpd = self.m.make_server(("127.0.0.1", 0), self.m.App(self.m.Settings({k: v for k, v in settings.items()
                                                                                 if v is not None})))
        self.addCleanup(httpd.server_close)
        self.addCleanup(httpd.shutdown)
        return serve_in_thread(httpd)

    @staticmethod
    def set_cookies(headers_list):
        """name -> raw value of each Set-Cookie, as a browser keeps them."""
        return {c.split("=", 1)[0]: c.split(";", 1)[0].split("=", 1)[1] for k, c in headers_list if k == "set-cookie"}

    @staticmethod
    def call(port, method, path, body=None, cookies=None, content_type="application/x-www-form-urlencoded"):
        """(status, all headers as (lower-case name, value) pairs, body)."""
        headers = {"Cookie": "; ".join("%s=%s" % kv for kv in cookies.items())} if cookies else {}
        if body is not None:
            headers["Content-Type"] = content_type
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            conn.request(method, path, body=body, headers=headers)
            r = conn.getresponse()
            return r.status, [(k.lower(), v) for k, v in r.getheaders()], r.read()
        finally:
            conn.close()

    def csrf(self, port):
        status, headers, body = self.call(port, "GET", "/api/auth/csrf")
        self.assertEqual(200, status)
        return json.loads(body)["csrfToken"], self.set_cookies(headers)

    def sign_in(self, port, password="s3cret pw", json_flag=True, token=None, cookies=None):
        csrf_token, jar = self.csrf(port)
        form = {"email": "admin@localhost", "password": password, "csrfToken": token or csrf_token}
        if json_flag:
            form["json"] = "true"
        status, headers, body = self.call(port, "POST", "/api/auth/callback/credentials",
                                          "&".join("%s=%s" % (k, quote(v, safe="")) for k, v in form.items()),
                                          jar if cookies is None else cookies)
        jar.update(self.set_cookies(headers))
        return status, dict(headers), body, jar

    def logins(self):
        return sum(len(times) for times in self.backend.attempts.values())

    def test_providers_follow_feature_require_login_and_auth_provider(self):
        self.assertEqual({}, json.loads(request(self.start(FEATURE_REQUIRE_LOGIN="false"), "GET", "/api/auth/providers")[2]))
        self.assertEqual({"credentials": {"id": "credentials", "name": "Password", "type": "credentials",
                                          "signinUrl": "https://reflector.example.com/api/auth/signin/credentials",
                                          "callbackUrl": "https://reflector.example.com/api/auth/callback/credentials"}},
                         json.loads(request(self.start(), "GET", "/api/auth/providers")[2]))
        authentik = dict(AUTH_PROVIDER=None, AUTHENTIK_CLIENT_ID="id", AUTHENTIK_CLIENT_SECRET="s",
                         AUTHENTIK_ISSUER="https://sso.example.com/application/o/reflector")
        self.assertEqual(["authentik"], list(json.loads(request(self.start(**authentik), "GET", "/api/auth/providers")[2])))
        self.assertEqual(500, request(self.start(AUTH_PROVIDER=None), "GET", "/api/auth/providers")[0],
                         "Authentik without its settings: the route fails to load")
        self.assertEqual(500, request(self.start(FEATURE_REQUIRE_LOGIN=None, AUTH_PROVIDER=None), "GET",
                                      "/api/auth/providers")[0], "FEATURE_REQUIRE_LOGIN unset means required")

    def test_csrf_cookie_is_the_token_and_its_hash_with_the_secret(self):
        port = self.start()
        token, jar = self.csrf(port)
        self.assertEqual(["__Host-next-auth.csrf-token", "__Secure-next-auth.callback-url"], sorted(jar))
        value = jar["__Host-next-auth.csrf-token"]
        self.assertEqual(token + "%7C" + hashlib.sha256((token + self.SECRET).encode()).hexdigest(), value)
        status, headers, body = self.call(port, "GET", "/api/auth/csrf", cookies=jar)
        self.assertEqual(token, json.loads(body)["csrfToken"], "a valid cookie keeps its token")
        self.assertEqual({}, self.set_cookies(headers))
        plain = self.csrf(self.start(NEXTAUTH_URL="http://localhost"))[1]
        self.assertEqual(["next-auth.callback-url", "next-auth.csrf-token"], sorted(plain), "no prefix over http")

    def test_login_gives_a_session_with_the_backends_token_and_user(self):
        port = self.start()
        status, headers, body, jar = self.sign_in(port)
        self.assertEqual(200, status)
        self.assertEqual({"url": "https://reflector.example.com"}, json.loads(body))
        self.assertIn("__Secure-next-auth.session-token", jar)
        self.assertEqual(1, self.logins(), "one backend login")
        status, _, body = self.call(port, "GET", "/api/auth/session", cookies=jar)
        session = json.loads(body)
        self.assertEqual("admin@localhost", session["user"]["email"])
        me = json.loads(request(int(self.backend_url.rsplit(":", 1)[1]), "GET", "/v1/me",
                                headers={"Authorization": "Bearer " + session["accessToken"]})[2])
        self.assertEqual(me["sub"], session["user"]["id"], "the jwt callback asked /v1/me for the user id")

    def test_without_json_the_answer_is_a_redirect(self):
        status, headers, _, _ = self.sign_in(self.start(), json_flag=False)
        self.assertEqual(302, status)
        self.assertEqual("https://reflector.example.com", headers["location"])

    def test_without_the_csrf_cookie_or_with_another_token_login_is_not_tried(self):
        port = self.start()
        for cookies, token in (({}, None), (None, "f" * 64)):
            status, _, body, jar = self.sign_in(port, token=token, cookies=cookies)
            self.assertEqual(200, status)
            self.assertEqual({"url": "https://reflector.example.com/api/auth/signin?csrf=true"}, json.loads(body))
            self.assertNotIn("__Secure-next-auth.session-token", jar)
        self.assertEqual(0, self.logins())

    def test_a_refused_password_is_credentials_signin(self):
        status, _, body, jar = self.sign_in(self.start(), password="wrong")
        self.assertEqual(401, status)
        self.assertEqual({"url": "https://reflector.example.com/api/auth/error?error=CredentialsSignin&provider=credentials"},
                         json.loads(body))
        self.assertNotIn("__Secure-next-auth.session-token", jar)

    def test_an_unreachable_backend_is_fetch_failed(self):
        status, _, body, _ = self.sign_in(self.start(SERVER_API_URL="http://127.0.0.1:%d" % free_port()))
        self.assertEqual(401, status)
        self.assertEqual({"url": "https://reflector.example.com/api/auth/error?error=fetch%20failed"}, json.loads(body))

    def test_a_public_frontend_has_no_credentials_callback(self):
        port = self.start(FEATURE_REQUIRE_LOGIN="false")
        status, _, body, _ = self.sign_in(port)
        self.assertEqual(400, status)
        self.assertEqual(b"Error: This action with HTTP POST is not supported by NextAuth.js", body)
        self.assertEqual(0, self.logins())

    def test_the_session_cookie_depends_on_the_secret(self):
        _, _, _, jar = self.sign_in(self.start())
        self.assertEqual({}, json.loads(self.call(self.start(), "GET", "/api/auth/session")[2]), "no cookie")
        status, headers, body = self.call(self.start(NEXTAUTH_SECRET="another secret"), "GET", "/api/auth/session",
                                          cookies=jar)
        self.assertEqual({}, json.loads(body))
        self.assertIn("__Secure-next-auth.session-token=; Max-Age=0", dict(headers)["set-cookie"], "the cookie is cleared")
        self.assertEqual("admin@localhost", json.loads(self.call(self.start(), "GET", "/api/auth/session",
                                                                 cookies=jar)[2])["user"]["email"])

    def test_without_a_secret_in_production_every_auth_route_is_a_configuration_error(self):
        status, _, body = request(self.start(NEXTAUTH_SECRET=None), "GET", "/api/auth/csrf")
        self.assertEqual(500, status)
        self.assertIn("problem with the server configuration", json.loads(body)["message"])


class ModelServerTest(QuietLogs, unittest.TestCase):
    def test_cpu_and_gpu_dockerfiles_build_the_same_stand_in(self):
        def instructions(name):
            with open(os.path.join(TESTENV, "model-server", name)) as f:
                return [line for line in f.read().splitlines() if line and not line.startswith("#")]
        self.assertEqual(instructions("Dockerfile"), instructions("Dockerfile.cpu"))

    def test_docs_page(self):
        m = load("model-server/server.py", "model_server_standin")
        httpd = m.ThreadingHTTPServer(("127.0.0.1", 0), m.Handler)
        self.addCleanup(httpd.server_close)
        self.addCleanup(httpd.shutdown)
        self.assertEqual(200, request(serve_in_thread(httpd), "GET", "/docs")[0])


if __name__ == "__main__":
    unittest.main()
