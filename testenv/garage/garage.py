# STAND-IN for Garage v1.1.0 (dxflrs/garage image), written to the documented config,
# admin API v1 and CLI (shared/ref/garage-and-ollama.md sections 1-4) and a subset of the S3
# API (garage_s3.py); it is NOT Garage.
#
#   /garage [-c FILE] server   reads /etc/garage.toml (or -c / GARAGE_CONFIG_FILE); refuses
#                              to start if it is missing, a directory or invalid. Serves:
#     [admin] api_bind_addr    GET /health (503 until a layout with a storage role is
#                              applied, then 200), GET /check, GET /metrics (metrics_token
#                              rule), /v1/status, /v1/health, GET|POST /v1/layout,
#                              POST /v1/layout/apply|revert, GET|POST|DELETE /v1/bucket,
#                              POST /v1/bucket/allow|deny, GET|POST|DELETE /v1/key,
#                              POST /v1/key/import; Bearer admin_token with the documented
#                              403 messages and {"code","message","region","path"} errors.
#     [s3_api] api_bind_addr   S3 subset, path-style, Signature V4 checked against the keys
#                              and bucket grants of the admin API (see garage_s3.py).
#     rpc_bind_addr            private channel the CLI below uses (authenticated with a
#                              hash of rpc_secret); not Garage's real RPC protocol.
#   State (layout, buckets, keys) is JSON in <metadata_dir>/standin-state.json; the node id
#   (64 hex) is generated once into <metadata_dir>/standin-node-id; objects are files under
#   <data_dir>/standin-objects/.
#   /garage status | node id [-q] | layout show|assign|apply|revert | bucket list|info|
#   create|allow|deny | key list|info|create  print the documented output; errors go to
#   stderr as "Error: <msg>" with exit 1.
# Every admin request is logged (method, path, status); tokens and secrets never are.
import hashlib
import hmac
import http.client
import ipaddress
import json
import os
import re
import secrets
import signal
import socket
import sys
import tempfile
import threading
import time
import tomllib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from garage_s3 import ObjectStore, Request as S3Request, S3Api

VERSION = "v1.1.0"
DEFAULT_CONFIG = "/etc/garage.toml"
FEATURES = ["k2v", "lmdb", "sqlite", "metrics", "bundled-libs"]


class GarageError(Exception):
    pass


def log(level, target, msg):
    sys.stdout.write("%s %s %s: %s\n" % (time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()) + "Z",
                                         level.rjust(5), target, msg))
    sys.stdout.flush()


# --------------------------------------------------------------------------------- config
def read_secret_file(path, allow_world_readable):
    try:
        st = os.stat(path)
    except OSError as e:
        raise GarageError("Unable to read secret file %s: %s" % (path, e.strerror))
    if st.st_mode & 0o004 and not allow_world_readable:
        raise GarageError(
            "File %s is world-readable! (mode: 0%o, expected 0600)\nRefusing to start until this "
            "is fixed, or environment variable GARAGE_ALLOW_WORLD_READABLE_SECRETS is set to true."
            % (path, st.st_mode & 0o777))
    with open(path) as f:
        return f.read().strip()


def resolve_secret(conf, key, env_name, allow_wr):
    """Value from env GARAGE_X / GARAGE_X_FILE (env wins) or config key / key_file."""
    if os.environ.get(env_name) is not None:
        return os.environ[env_name].strip()
    if os.environ.get(env_name + "_FILE"):
        return read_secret_file(os.environ[env_name + "_FILE"], allow_wr)
    value, path = conf.get(key), conf.get(key + "_file")
    if value is not None and path is not None:
        raise GarageError("only one of `%s` and `%s_file` can be set" % (key, key))
    if path is not None:
        return read_secret_file(path, allow_wr)
    return value.strip() if isinstance(value, str) else value


def load_config(path):
    if not os.path.exists(path):
        raise GarageError("Unable to read configuration file %s: No such file or directory (os error 2)" % path)
    if os.path.isdir(path):
        raise GarageError(
            "Unable to read configuration file %s: Is a directory (os error 21). "
            "(A Docker bind mount of a file that does not exist on the host creates a directory.)" % path)
    try:
        with open(path, "rb") as f:
            conf = tomllib.load(f)
    except OSError as e:
        raise GarageError("Unable to read configuration file %s: %s" % (path, e.strerror))
    except tomllib.TOMLDecodeError as e:
        raise GarageError("Unable to parse configuration file %s: %s" % (path, e))
    for k in ("metadata_dir", "data_dir", "rpc_bind_addr"):
        if not conf.get(k):
            raise GarageError("Invalid configuration file %s: missing field `%s`" % (path, k))
    if "replication_factor" not in conf and "replication_mode" not in conf:
        raise GarageError("Invalid configuration file %s: missing field `replication_factor`" % path)
    rf = conf.get("replication_factor", {"none": 1, "1": 1, "2": 2, "3": 3}.get(str(conf.get("replication_mode")), 1))
    if not isinstance(rf, int) or rf < 1:
        raise GarageError("Invalid configuration file %s: invalid replication_factor" % path)
    conf["replication_factor"] = rf
    if isinstance(conf["data_dir"], list):  # [{path = "...", capacity = "..."}, ...]: the first one
        conf["data_dir"] = conf["data_dir"][0]["path"]
    s3 = conf.get("s3_api")
    if not isinstance(s3, dict) or not s3.get("s3_region"):
        raise GarageError("Invalid configuration file %s: missing field `s3_api.s3_region`" % path)
    allow_wr = bool(conf.get("allow_world_readable_secrets")) or \
        os.environ.get("GARAGE_ALLOW_WORLD_READABLE_SECRETS", "").lower() == "true"
    rpc_secret = resolve_secret(conf, "rpc_secret", "GARAGE_RPC_SECRET", allow_wr)
    if not rpc_secret:
        raise GarageError("rpc_secret value is missing, not present in config file or in environment")
    if not re.fullmatch(r"[0-9a-fA-F]{64}", rpc_secret):
        raise GarageError("Invalid RPC secret key: expected 32 bytes of random hex, please check "
                          "the documentation for requirements")
    admin = conf.get("admin") if isinstance(conf.get("admin"), dict) else {}
    conf["_rpc_secret"] = rpc_secret
    conf["_admin_token"] = resolve_secret(admin, "admin_token", "GARAGE_ADMIN_TOKEN", allow_wr)
    conf["_metrics_token"] = resolve_secret(admin, "metrics_token", "GARAGE_METRICS_TOKEN", allow_wr)
    conf["_admin"] = admin
    conf["_path"] = path
    return conf


def parse_bind(addr):
    """'[::]:3903' -> ('::', 3903); '0.0.0.0:3900' -> ('0.0.0.0', 3900)."""
    m = re.fullmatch(r"\[([^\]]+)\]:(\d+)", addr) or re.fullmatch(r"([^:]+):(\d+)", addr)
    if not m:
        raise GarageError("Invalid bind address: %s" % addr)
    return m.group(1), int(m.group(2))


def rpc_token(rpc_secret):
    return hashlib.sha256(("garage-standin-cli\0" + rpc_secret).encode()).hexdigest()


# ---------------------------------------------------------------------------------- state
class Store:
    def __init__(self, conf):
        self.conf = conf
        self.lock = threading.RLock()
        self.meta = conf["metadata_dir"]
        self.path = os.path.join(self.meta, "standin-state.json")
        try:
            with open(self.path) as f:
                self.s = json.load(f)
        except FileNotFoundError:
            self.s = {}
        self.s.setdefault("layout", {"version": 0, "roles": {}, "staged": {}})
        self.s.setdefault("buckets", {})
        self.s.setdefault("keys", {})
        self.objects = ObjectStore(conf["data_dir"])

    def save(self):
        fd, tmp = tempfile.mkstemp(dir=self.meta, prefix=".standin-state.")
        with os.fdopen(fd, "w") as f:
            json.dump(dict(self.s, note="Garage STAND-IN state (not real Garage)"), f, indent=1)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, self.path)

    # ---- nodes and layout
    @property
    def layout(self):
        return self.s["layout"]

    def node_role(self, nid, staged=False):
        lay = self.layout
        if staged and nid in lay["staged"]:
            ch = lay["staged"][nid]
            return None if ch.get("remove") else ch
        return lay["roles"].get(nid)

    def storage_ids(self):
        return [i for i, r in self.layout["roles"].items() if r.get("capacity") is not None]

    def health(self):
        storage = self.storage_ids()
        ok = [i for i in storage if i == NODE_ID]
        if storage and len(ok) == len(storage):
            status, quorum = "healthy", 256
        else:
            status = "unavailable"
            quorum = 256 * len(ok) // len(storage) if storage else 0
        return {"status": status, "knownNodes": 1 + len([i for i in self.all_node_ids() if i != NODE_ID]),
                "connectedNodes": 1, "storageNodes": len(storage), "storageNodesOk": len(ok),
                "partitions": 256, "partitionsQuorum": quorum, "partitionsAllOk": quorum}

    def all_node_ids(self):
        ids = [NODE_ID]
        for i in list(self.layout["roles"]) + list(self.layout["staged"]):
            if i not in ids:
                ids.append(i)
        return ids

    def layout_json(self):
        lay = self.layout
        roles = [dict(id=i, zone=r["zone"], capacity=r["capacity"], tags=r["tags"]) for i, r in lay["roles"].items()]
        staged = []
        for i, ch in lay["staged"].items():
            staged.append({"id": i, "remove": True} if ch.get("remove") else
                          dict(id=i, zone=ch["zone"], capacity=ch["capacity"], tags=ch["tags"]))
        return {"version": lay["version"], "roles": roles, "stagedRoleChanges": staged}

    def stage(self, changes):
        for ch in changes:
            self.layout["staged"][ch["id"]] = ch["change"]
        self.save()

    def apply(self, version):
        lay = self.layout
        if version != lay["version"] + 1:
            raise ApiError(500, "InternalError", "Internal error: Invalid new layout version")
        roles = dict(lay["roles"])
        for i, ch in lay["staged"].items():
            if ch.get("remove"):
                roles.pop(i, None)
            else:
                roles[i] = {"zone": ch["zone"], "capacity": ch["capacity"], "tags": ch["tags"]}
        positive = [i for i, r in roles.items() if r.get("capacity")]
        rf = self.conf["replication_factor"]
        if len(positive) < rf:
            raise ApiError(500, "InternalError",
                           "Internal error: The number of nodes with positive capacity (%d) is smaller "
                           "than the replication factor (%d)." % (len(positive), rf))
        zones = sorted({r["zone"] for r in roles.values() if r.get("capacity")})
        total = sum(r["capacity"] for r in roles.values() if r.get("capacity"))
        lay["roles"], lay["staged"], lay["version"] = roles, {}, version
        self.save()
        return [
            "==== COMPUTATION OF A NEW PARTITION ASSIGNATION ====",
            "",
            "Partitions are replicated %d times on at least %d distinct zones." % (rf, min(rf, len(zones))),
            "",
            "Optimal partition size:                     %s" % human_size(total // 256),
            "Usable capacity / total cluster capacity:   %s / %s (100.0 %%)" % (human_size(total), human_size(total)),
            "Effective capacity (replication factor %d):  %s" % (rf, human_size(total // rf)),
            "",
            "dc    Tags  Partitions  Capacity  Usable capacity",
        ] + ["%s  []    256 (256 new)  %s  %s (100.0%%)" % (z, human_size(total), human_size(total)) for z in zones]

    # ---- keys and buckets
    def new_key(self, name, key_id=None, secret=None):
        kid = key_id or "GK" + secrets.token_hex(12)
        self.s["keys"][kid] = {"id": kid, "name": name, "secret": secret or secrets.token_hex(32),
                               "createBucket": False, "created": time.time()}
        self.save()
        return kid

    def key_search(self, pattern):
        pat = pattern.lower()
        return [k for k in self.s["keys"].values()
                if k["id"].lower().startswith(pat) or k["name"].lower() == pat]

    def bucket_by_alias(self, alias):
        for b in self.s["buckets"].values():
            if alias in b["globalAliases"]:
                return b
        return None

    def new_bucket(self, alias=None):
        bid = secrets.token_hex(32)
        self.s["buckets"][bid] = {"id": bid, "globalAliases": [alias] if alias else [], "localAliases": [],
                                  "perms": {}, "created": time.time()}
        self.save()
        return self.s["buckets"][bid]

    def set_perms(self, bucket, kid, perms, allow):
        cur = bucket["perms"].setdefault(kid, {"read": False, "write": False, "owner": False})
        for p in ("read", "write", "owner"):
            if perms.get(p) is True:
                cur[p] = allow
        self.save()

    def bucket_info(self, b):
        count, size = self.objects.usage(b["id"])
        keys = []
        for kid in sorted(set(b["perms"]) | {a["accessKeyId"] for a in b["localAliases"]}):
            k = self.s["keys"].get(kid)
            if not k:
                continue
            perms = b["perms"].get(kid, {"read": False, "write": False, "owner": False})
            keys.append({"accessKeyId": kid, "name": k["name"], "permissions": dict(perms),
                         "bucketLocalAliases": [a["alias"] for a in b["localAliases"] if a["accessKeyId"] == kid]})
        return {"id": b["id"], "globalAliases": list(b["globalAliases"]), "websiteAccess": False,
                "websiteConfig": None, "keys": keys, "objects": count, "bytes": size, "unfinishedUploads": 0,
                "unfinishedMultipartUploads": 0, "unfinishedMultipartUploadParts": 0,
                "unfinishedMultipartUploadBytes": 0, "quotas": {"maxSize": None, "maxObjects": None}}

    def key_info(self, k, show_secret):
        buckets = []
        for b in self.s["buckets"].values():
            local = [a["alias"] for a in b["localAliases"] if a["accessKeyId"] == k["id"]]
            perms = b["perms"].get(k["id"])
            if local or (perms and any(perms.values())):
                buckets.append({"id": b["id"], "globalAliases": list(b["globalAliases"]), "localAliases": local,
                                "permissions": dict(perms or {"read": False, "write": False, "owner": False})})
        info = {"name": k["name"], "accessKeyId": k["id"]}
        if show_secret:
            info["secretAccessKey"] = k["secret"]
        info.update({"permissions": {"createBucket": k["createBucket"]}, "buckets": buckets})
        return info


def human_size(n):
    for unit, size in (("PB", 10 ** 15), ("TB", 10 ** 12), ("GB", 10 ** 9), ("MB", 10 ** 6), ("KB", 10 ** 3)):
        if n >= size:
            return "%.1f %s" % (n / size, unit)
    return "%d B" % n


def human_size_binary(n):
    for unit, size in (("PiB", 2 ** 50), ("TiB", 2 ** 40), ("GiB", 2 ** 30), ("MiB", 2 ** 20), ("KiB", 2 ** 10)):
        if n >= size:
            return "%.1f %s" % (n / size, unit)
    return "%d B" % n


def valid_bucket_name(n):
    if not isinstance(n, str) or not 3 <= len(n) <= 63 or not re.fullmatch(r"[a-z0-9.-]+", n):
        return False
    if not (n[0].isalnum() and n[-1].isalnum()) or n.startswith("xn--") or n.endswith("-s3alias"):
        return False
    try:
        ipaddress.IPv4Address(n)
        return False
    except ValueError:
        return True


# ------------------------------------------------------------------------------ admin API
class ApiError(Exception):
    def __init__(self, status, code, message):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def bad_request(msg):
    return ApiError(400, "InvalidRequest", "Bad request: " + msg)


def no_bucket(what):
    return ApiError(404, "NoSuchBucket", "Bucket not found: %s" % what)


def no_key(what):
    return ApiError(404, "NoSuchAccessKey", "Access key not found: %s" % what)


def parse_bucket_id(s):
    if not isinstance(s, str) or not re.fullmatch(r"[0-9a-fA-F]{64}", s):
        raise bad_request("Invalid bucket id")
    return s.lower()


def require(obj, field, kind, what):
    if not isinstance(obj, dict) or field not in obj:
        raise bad_request("Invalid JSON: missing field `%s`" % field)
    if not isinstance(obj[field], kind):
        raise bad_request("Invalid JSON: invalid type for field `%s`, expected %s" % (field, what))
    return obj[field]


class Admin:
    """Routes one admin request; returns (status, content_type, body_bytes)."""

    V1 = {
        ("GET", "/v1/status"): "status", ("GET", "/v1/health"): "v1_health",
        ("GET", "/v1/layout"): "get_layout", ("POST", "/v1/layout"): "update_layout",
        ("POST", "/v1/layout/apply"): "apply_layout", ("POST", "/v1/layout/revert"): "revert_layout",
        ("GET", "/v1/bucket"): "get_bucket", ("POST", "/v1/bucket"): "create_bucket",
        ("DELETE", "/v1/bucket"): "delete_bucket",
        ("POST", "/v1/bucket/allow"): "allow", ("POST", "/v1/bucket/deny"): "deny",
        ("GET", "/v1/key"): "get_key", ("POST", "/v1/key"): "post_key", ("DELETE", "/v1/key"): "delete_key",
        ("POST", "/v1/key/import"): "import_key",
    }

    def __init__(self, conf, store):
        self.conf, self.store = conf, store
        self.region = conf["s3_api"]["s3_region"]

    def handle(self, method, path, query, headers, body):
        try:
            return self.route(method, path, query, headers, body)
        except ApiError as e:
            return e.status, "application/json", json.dumps(
                {"code": e.code, "message": e.message, "region": self.region, "path": path}, indent=2).encode()

    @staticmethod
    def bearer(headers):
        h = headers.get("Authorization")
        if h is None:
            return None
        return h[len("Bearer "):].strip() if h.startswith("Bearer ") else ""

    def check_token(self, expected, headers):
        if expected is None:
            raise ApiError(403, "AccessDenied", "Forbidden: Admin token isn't configured, admin API access "
                                                "is disabled for security.")
        got = self.bearer(headers)
        if got is None:
            raise ApiError(403, "AccessDenied", "Forbidden: Authorization token must be provided")
        if not hmac.compare_digest(got.encode(), expected.encode()):
            raise ApiError(403, "AccessDenied", "Forbidden: Invalid authorization token")

    def route(self, method, path, query, headers, body):
        st = self.store
        if method in ("GET", "HEAD") and path == "/health":
            with st.lock:
                healthy = st.health()["status"] == "healthy"
            if healthy:
                return 200, "text/plain", b"Garage is fully operational"
            return 503, "text/plain", b"Quorum is not available for some/all partitions, reads and writes will fail"
        if method == "GET" and path == "/check":
            dom = (query.get("domain") or [None])[0]
            if not dom:
                raise bad_request("No domain query string found")
            raise bad_request("Domain '%s' is not managed by Garage" % dom)
        if method == "GET" and path == "/metrics":
            if self.conf["_metrics_token"] is not None:
                got = self.bearer(headers)
                if got is None:
                    raise ApiError(403, "AccessDenied", "Forbidden: Authorization token must be provided")
                if not hmac.compare_digest(got.encode(), self.conf["_metrics_token"].encode()):
                    raise ApiError(403, "AccessDenied", "Forbidden: Invalid authorization token")
            return 200, "text/plain; version=0.0.4", self.metrics().encode()
        name = self.V1.get((method, path))
        if name is None:
            if path.startswith("/v0/"):
                raise bad_request("v0/ endpoint is no longer supported: %s %s" % (method, path))
            raise bad_request("Unknown API endpoint: %s %s" % (method, path))
        self.check_token(self.conf["_admin_token"], headers)
        with st.lock:
            status, obj = getattr(self, name)(query, body)
        if obj is None:
            return status, "application/json", b""
        return status, "application/json", json.dumps(obj, indent=2).encode()

    @staticmethod
    def json_body(body):
        try:
            return json.loads(body or b"")
        except ValueError as e:
            raise bad_request("Invalid JSON: %s" % e)

    def metrics(self):
        with self.store.lock:
            h = self.store.health()
            v = self.store.layout["version"]
        return ("# HELP garage_build_info Garage build info (STAND-IN)\n"
                "# TYPE garage_build_info counter\n"
                'garage_build_info{version="%s"} 1\n'
                "# HELP cluster_healthy Whether all storage nodes are connected\n"
                "# TYPE cluster_healthy gauge\ncluster_healthy %d\n"
                "# HELP cluster_available Whether all requests can be served\n"
                "# TYPE cluster_available gauge\ncluster_available %d\n"
                "# HELP cluster_layout_version Current version of the cluster layout\n"
                "# TYPE cluster_layout_version gauge\ncluster_layout_version %d\n"
                "# HELP cluster_known_nodes Number of nodes known\n"
                "# TYPE cluster_known_nodes gauge\ncluster_known_nodes %d\n"
                % (VERSION, h["status"] == "healthy", h["status"] != "unavailable", v, h["knownNodes"]))

    # ---- cluster
    def status(self, q, body):
        st = self.store
        nodes = []
        for nid in st.all_node_ids():
            role = st.node_role(nid)
            rj = dict(id=nid, zone=role["zone"], capacity=role["capacity"], tags=role["tags"]) if role else None
            if nid == NODE_ID:
                nodes.append({"id": nid, "role": rj, "addr": RPC_PUBLIC_ADDR, "hostname": socket.gethostname(),
                              "isUp": True, "lastSeenSecsAgo": None, "draining": False,
                              "dataPartition": disk_usage(self.conf["data_dir"]),
                              "metadataPartition": disk_usage(self.conf["metadata_dir"])})
            else:
                nodes.append({"id": nid, "role": rj, "addr": None, "hostname": None, "isUp": False,
                              "lastSeenSecsAgo": None, "draining": False})
        return 200, {"node": NODE_ID, "garageVersion": VERSION, "garageFeatures": FEATURES,
                     "rustVersion": "1.81.0", "dbEngine": db_engine(self.conf),
                     "layoutVersion": st.layout["version"], "nodes": nodes}

    def v1_health(self, q, body):
        return 200, self.store.health()

    def get_layout(self, q, body):
        return 200, self.store.layout_json()

    def update_layout(self, q, body):
        changes = self.json_body(body)
        if not isinstance(changes, list):
            raise bad_request("Invalid JSON: invalid type: expected a sequence")
        parsed = []
        for ch in changes:
            if not isinstance(ch, dict):
                raise bad_request("Invalid JSON: invalid type: expected a node role change")
            nid = require(ch, "id", str, "a string")
            if not re.fullmatch(r"[0-9a-fA-F]{64}", nid):
                raise bad_request("Invalid node identifier")
            nid = nid.lower()
            if "remove" in ch:
                if ch["remove"] is not True:
                    raise bad_request("Invalid JSON: `remove` must be true")
                parsed.append({"id": nid, "change": {"remove": True}})
                continue
            zone = require(ch, "zone", str, "a string")
            if "capacity" not in ch:
                raise bad_request("Invalid JSON: missing field `capacity`")
            cap = ch["capacity"]
            if cap is not None and (not isinstance(cap, int) or isinstance(cap, bool) or cap < 0):
                raise bad_request("Invalid JSON: invalid type for field `capacity`, expected u64 or null")
            tags = require(ch, "tags", list, "a sequence")
            if not all(isinstance(t, str) for t in tags):
                raise bad_request("Invalid JSON: invalid type for field `tags`, expected strings")
            parsed.append({"id": nid, "change": {"zone": zone, "capacity": cap, "tags": tags}})
        self.store.stage(parsed)
        return 200, self.store.layout_json()

    def apply_layout(self, q, body):
        b = self.json_body(body)
        v = require(b, "version", int, "u64")
        msg = self.store.apply(v)
        return 200, {"message": msg, "layout": self.store.layout_json()}

    def revert_layout(self, q, body):
        self.store.layout["staged"] = {}
        self.store.save()
        return 200, self.store.layout_json()

    # ---- buckets
    def find_bucket(self, q):
        ids, aliases = q.get("id"), q.get("globalAlias")
        if ids and not aliases:
            b = self.store.s["buckets"].get(parse_bucket_id(ids[0]))
            if not b:
                raise no_bucket(ids[0])
            return b
        if aliases and not ids:
            b = self.store.bucket_by_alias(aliases[0])
            if not b:
                raise no_bucket(aliases[0])
            return b
        raise bad_request("Either id or globalAlias must be provided (but not both)")

    def get_bucket(self, q, body):
        if not q:
            return 200, [{"id": b["id"], "globalAliases": list(b["globalAliases"]),
                          "localAliases": [dict(a) for a in b["localAliases"]]}
                         for b in self.store.s["buckets"].values()]
        return 200, self.store.bucket_info(self.find_bucket(q))

    def create_bucket(self, q, body):
        st = self.store
        req = self.json_body(body)
        if not isinstance(req, dict):
            raise bad_request("Invalid JSON: invalid type: expected a struct CreateBucketRequest")
        alias, local = req.get("globalAlias"), req.get("localAlias")
        if alias is not None:
            if not valid_bucket_name(alias):
                raise ApiError(400, "InvalidBucketName", "Invalid bucket name: %s" % alias)
            if st.bucket_by_alias(alias):
                raise ApiError(409, "BucketAlreadyExists", "Bucket already exists")
        if local is not None:
            kid = require(local, "accessKeyId", str, "a string")
            lal = require(local, "alias", str, "a string")
            if kid not in st.s["keys"]:
                raise no_key(kid)
            if not valid_bucket_name(lal):
                raise ApiError(400, "InvalidBucketName", "Invalid bucket name: %s" % lal)
            for b in st.s["buckets"].values():
                if any(a["accessKeyId"] == kid and a["alias"] == lal for a in b["localAliases"]):
                    raise ApiError(409, "BucketAlreadyExists", "Bucket already exists")
        b = st.new_bucket(alias)
        if local is not None:
            b["localAliases"].append({"accessKeyId": local["accessKeyId"], "alias": local["alias"]})
            st.set_perms(b, local["accessKeyId"], local.get("allow") or {}, True)
        st.save()
        return 200, st.bucket_info(b)

    def delete_bucket(self, q, body):
        bid = parse_bucket_id((q.get("id") or [""])[0])
        if bid not in self.store.s["buckets"]:
            raise no_bucket(bid)
        if self.store.objects.usage(bid)[0]:
            raise ApiError(409, "BucketNotEmpty", "Tried to delete a non-empty bucket")
        del self.store.s["buckets"][bid]
        self.store.save()
        self.store.objects.drop_bucket(bid)
        return 204, None

    def allow(self, q, body, allow=True):
        st = self.store
        req = self.json_body(body)
        bid = parse_bucket_id(require(req, "bucketId", str, "a string"))
        kid = require(req, "accessKeyId", str, "a string")
        perms = require(req, "permissions", dict, "a struct")
        b = st.s["buckets"].get(bid)
        if not b:
            raise no_bucket(bid)
        if kid not in st.s["keys"]:
            raise no_key(kid)
        st.set_perms(b, kid, perms, allow)
        return 200, st.bucket_info(b)

    def deny(self, q, body):
        return self.allow(q, body, allow=False)

    # ---- keys
    def get_key(self, q, body):
        st = self.store
        show = (q.get("showSecretKey") or [""])[0] == "true"
        ids, search = q.get("id"), q.get("search")
        if not ids and not search:
            return 200, [{"id": k["id"], "name": k["name"]} for k in st.s["keys"].values()]
        if ids and search:
            raise bad_request("Either id or search must be provided (but not both)")
        if ids:
            k = st.s["keys"].get(ids[0])
            if not k:
                raise no_key(ids[0])
            return 200, st.key_info(k, show)
        found = st.key_search(search[0])
        if len(found) != 1:
            raise bad_request("%d matching keys" % len(found))
        return 200, st.key_info(found[0], show)

    def post_key(self, q, body):
        st = self.store
        req = self.json_body(body)
        if not isinstance(req, dict):
            raise bad_request("Invalid JSON: invalid type: expected a struct")
        if q.get("id"):  # UpdateKey
            k = st.s["keys"].get(q["id"][0])
            if not k:
                raise no_key(q["id"][0])
            if isinstance(req.get("name"), str):
                k["name"] = req["name"]
            if (req.get("allow") or {}).get("createBucket"):
                k["createBucket"] = True
            if (req.get("deny") or {}).get("createBucket"):
                k["createBucket"] = False
            st.save()
            return 200, st.key_info(k, False)
        name = req.get("name")
        kid = st.new_key(name if isinstance(name, str) else "Unnamed key")
        return 200, st.key_info(st.s["keys"][kid], True)

    def import_key(self, q, body):
        st = self.store
        req = self.json_body(body)
        kid = require(req, "accessKeyId", str, "a string")
        sec = require(req, "secretAccessKey", str, "a string")
        if not re.fullmatch(r"GK[0-9a-f]{24}", kid) or not re.fullmatch(r"[0-9a-f]{64}", sec):
            raise bad_request("The specified key ID is not a valid Garage key ID")
        if kid in st.s["keys"]:
            raise ApiError(409, "KeyAlreadyExists",
                           "Key %s already exists in data store. Even if it is deleted, we can't let you "
                           "create a new key with the same ID. Sorry." % kid)
        name = req.get("name")
        st.new_key(name if isinstance(name, str) else "Imported key", kid, sec)
        return 200, st.key_info(st.s["keys"][kid], False)

    def delete_key(self, q, body):
        st = self.store
        kid = (q.get("id") or [""])[0]
        if kid not in st.s["keys"]:
            raise no_key(kid)
        del st.s["keys"][kid]
        for b in st.s["buckets"].values():
            b["perms"].pop(kid, None)
            b["localAliases"] = [a for a in b["localAliases"] if a["accessKeyId"] != kid]
        st.save()
        return 204, None


def disk_usage(path):
    try:
        s = os.statvfs(path)
        return {"available": s.f_bavail * s.f_frsize, "total": s.f_blocks * s.f_frsize}
    except OSError:
        return None


def db_engine(conf):
    e = conf.get("db_engine", "lmdb")
    return {"sqlite": "sqlite3 v3.46.0 (using rusqlite crate)", "lmdb": "LMDB (using Heed crate)"}.get(e, e)


# ------------------------------------------------------------------------- CLI (in server)
def table(rows):
    widths = [max(len(r[i]) if i < len(r) else 0 for r in rows) for i in range(max(len(r) for r in rows))]
    return "\n".join("  ".join(c.ljust(widths[i]) for i, c in enumerate(r)).rstrip() for r in rows)


def parse_capacity(s):
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMGTP]?)(i?)B?\s*", s, re.I)
    if not m:
        raise GarageError("Invalid capacity: %s" % s)
    mult = {"": 0, "K": 1, "M": 2, "G": 3, "T": 4, "P": 5}[m.group(2).upper()]
    return int(float(m.group(1)) * ((1024 if m.group(3) else 1000) ** mult))


def cli_exec(admin, args):
    """Runs a CLI command against the server's state; returns (code, stdout, stderr)."""
    st = admin.store
    out = []
    try:
        with st.lock:
            cli_dispatch(admin, st, args, out)
        return 0, "\n".join(out) + ("\n" if out else ""), ""
    except ApiError as e:
        return 1, "\n".join(out), "Error: %s\n" % e.message.replace("Bad request: ", "")
    except GarageError as e:
        return 1, "\n".join(out), "Error: %s\n" % e


def take_flag(args, *names):
    found = False
    for n in names:
        while n in args:
            args.remove(n)
            found = True
    return found


def take_opt(args, *names, multi=False):
    vals = []
    i = 0
    while i < len(args):
        if args[i] in names and i + 1 < len(args):
            vals.append(args[i + 1])
            del args[i:i + 2]
        else:
            i += 1
    return vals if multi else (vals[-1] if vals else None)


def resolve_key(st, pattern):
    found = st.key_search(pattern)
    if len(found) != 1:
        raise GarageError("%d matching keys" % len(found))
    return found[0]


def resolve_bucket(st, name):
    b = st.bucket_by_alias(name)
    if b:
        return b
    m = [b for b in st.s["buckets"].values() if len(name) >= 4 and b["id"].startswith(name.lower())]
    if len(m) == 1:
        return m[0]
    raise GarageError("Bucket not found / several matching buckets: %s" % name)


def print_key(out, st, k, show_secret):
    out += ["Key name: %s" % k["name"], "Key ID: %s" % k["id"],
            "Secret key: %s" % (k["secret"] if show_secret else "(redacted)"),
            "Can create buckets: %s" % str(k["createBucket"]).lower(), "", "Key-specific bucket aliases:", ""]
    out.append("Authorized buckets:")
    rows = []
    for b in st.key_info(k, False)["buckets"]:
        p = b["permissions"]
        flags = ("R" if p["read"] else " ") + ("W" if p["write"] else " ") + ("O" if p["owner"] else " ")
        rows.append(["  " + flags, ",".join(b["globalAliases"]), ",".join(b["localAliases"]), b["id"]])
    if rows:
        out.append(table(rows))


def cli_dispatch(admin, st, args, out):
    a = list(args)
    cmd = a.pop(0) if a else ""
    sub = a.pop(0) if a and not a[0].startswith("-") else ""
    if cmd == "status":
        out.append("==== HEALTHY NODES ====")
        rows = [["ID", "Hostname", "Address", "Tags", "Zone", "Capacity", "DataAvail"]]
        role, staged = st.node_role(NODE_ID), NODE_ID in st.layout["staged"]
        du = disk_usage(admin.conf["data_dir"]) or {"available": 0, "total": 1}
        avail = "%s (%.1f%%)" % (human_size(du["available"]), 100.0 * du["available"] / max(du["total"], 1))
        if role:
            cap = human_size(role["capacity"]) if role["capacity"] is not None else "gateway"
            rows.append([NODE_ID[:16], socket.gethostname(), RPC_PUBLIC_ADDR, "[%s]" % ",".join(role["tags"]),
                         role["zone"], cap, avail])
        else:
            rows.append([NODE_ID[:16], socket.gethostname(), RPC_PUBLIC_ADDR,
                         "pending..." if staged else "NO ROLE ASSIGNED"])
        out.append(table(rows))
        down = [i for i in st.all_node_ids() if i != NODE_ID and st.node_role(i)]
        if down:
            out += ["", "==== FAILED NODES ====", table([["ID", "Hostname", "Tags", "Zone", "Capacity", "Last seen"]] +
                    [[i[:16], "??", "[%s]" % ",".join(st.node_role(i)["tags"]), st.node_role(i)["zone"],
                      human_size(st.node_role(i)["capacity"] or 0), "never seen"] for i in down])]
        return
    if cmd == "layout" and sub == "show":
        lay = st.layout
        out.append("==== CURRENT CLUSTER LAYOUT ====")
        if not lay["roles"]:
            out += ["No nodes currently have a role in the cluster.", "See `garage status` to view available nodes."]
        else:
            rows = [["ID", "Tags", "Zone", "Capacity", "Usable capacity"]]
            for i, r in lay["roles"].items():
                cap = human_size(r["capacity"]) if r["capacity"] is not None else "gateway"
                rows.append([i[:16], ",".join(r["tags"]), r["zone"], cap, cap if r["capacity"] else ""])
            out.append(table(rows))
        out += ["", "Current cluster layout version: %d" % lay["version"]]
        if lay["staged"]:
            out += ["", "==== STAGED ROLE CHANGES ===="]
            rows = [["ID", "Tags", "Zone", "Capacity"]]
            for i, ch in lay["staged"].items():
                if ch.get("remove"):
                    rows.append([i[:16], "REMOVED"])
                else:
                    rows.append([i[:16], ",".join(ch["tags"]), ch["zone"],
                                 human_size(ch["capacity"]) if ch["capacity"] is not None else "gateway"])
            out += [table(rows), "", "To enact the staged role changes, type:", "",
                    "    garage layout apply --version %d" % (lay["version"] + 1), "",
                    "You can also revert all proposed changes with: garage layout revert"]
        return
    if cmd == "layout" and sub == "assign":
        zone = take_opt(a, "-z", "--zone")
        cap = take_opt(a, "-c", "--capacity")
        gateway = take_flag(a, "-g", "--gateway")
        tags = take_opt(a, "-t", "--tag", multi=True)
        if not a:
            raise GarageError("Please specify the ID of the node(s) to assign a role to")
        for prefix in a:
            ids = [i for i in st.all_node_ids() if i.startswith(prefix.lower())]
            if len(ids) != 1:
                raise ApiError(500, "InternalError", "Internal error: %d nodes match '%s'" % (len(ids), prefix))
            old = st.node_role(ids[0], staged=True) or {}
            z = zone or old.get("zone")
            if not z:
                raise GarageError("Please specify a zone with the -z flag")
            if gateway:
                c = None
            elif cap is not None:
                c = parse_capacity(cap)
            elif old:
                c = old.get("capacity")
            else:
                raise GarageError("Please specify a capacity with the -c flag, or set node explicitly as gateway with -g")
            st.stage([{"id": ids[0], "change": {"zone": z, "capacity": c, "tags": tags or old.get("tags", [])}}])
        out += ["Role changes are staged but not yet committed.",
                "Use `garage layout show` to view staged role changes,",
                "and `garage layout apply` to enact staged changes."]
        return
    if cmd == "layout" and sub == "apply":
        v = take_opt(a, "--version")
        if v is None:
            raise GarageError("Please pass the new layout version number to ensure that you are writing the "
                              "correct version of the cluster layout.\nTo know the correct value of the new layout "
                              "version, invoke `garage layout show` and review the proposed changes.")
        out += st.apply(int(v))
        out += ["", "New cluster layout with updated role assignment has been applied in cluster.",
                "Data will now be moved around between nodes accordingly."]
        return
    if cmd == "layout" and sub == "revert":
        st.layout["staged"] = {}
        st.save()
        out.append("All proposed role changes in cluster layout have been canceled.")
        return
    if cmd == "bucket" and sub in ("list", "ls"):
        out.append("List of buckets:")
        rows = [["  " + ",".join(b["globalAliases"]), b["id"]] for b in st.s["buckets"].values()]
        if rows:
            out.append(table(rows))
        return
    if cmd == "bucket" and sub == "create" and len(a) == 1:
        if not valid_bucket_name(a[0]):
            raise GarageError("Invalid bucket name: %s" % a[0])
        if st.bucket_by_alias(a[0]):
            raise GarageError("Bucket %s already exists" % a[0])
        st.new_bucket(a[0])
        out.append("Bucket %s was created." % a[0])
        return
    if cmd == "bucket" and sub == "info" and len(a) == 1:
        b = resolve_bucket(st, a[0])
        info = st.bucket_info(b)
        out += ["Bucket: %s" % b["id"], "", "Size: %s (%s)" % (human_size(info["bytes"]), human_size_binary(info["bytes"])),
                "Objects: %d" % info["objects"], "", "Website access: false", "",
                "Global aliases:"] + ["  %s" % x for x in b["globalAliases"]] + ["", "Key-specific aliases:"]
        out += ["  %s  %s" % (x["accessKeyId"], x["alias"]) for x in b["localAliases"]]
        out += ["", "Authorized keys:"]
        rows = []
        for k in info["keys"]:
            p = k["permissions"]
            rows.append(["  " + ("R" if p["read"] else " ") + ("W" if p["write"] else " ") + ("O" if p["owner"] else " "),
                         k["accessKeyId"], k["name"], ",".join(k["bucketLocalAliases"])])
        if rows:
            out.append(table(rows))
        return
    if cmd == "bucket" and sub in ("allow", "deny"):
        perms = {"read": take_flag(a, "--read"), "write": take_flag(a, "--write"), "owner": take_flag(a, "--owner")}
        key = take_opt(a, "--key")
        if key is None or len(a) != 1:
            raise GarageError("usage: garage bucket %s [--read] [--write] [--owner] BUCKET --key KEY" % sub)
        b, k = resolve_bucket(st, a[0]), resolve_key(st, key)
        st.set_perms(b, k["id"], perms, sub == "allow")
        p = b["perms"][k["id"]]
        out.append("New permissions for %s on %s: read %s, write %s, owner %s." % (
            k["id"], a[0], str(p["read"]).lower(), str(p["write"]).lower(), str(p["owner"]).lower()))
        return
    if cmd == "key" and sub in ("list", "ls"):
        out.append("List of keys:")
        rows = [["  " + k["id"], k["name"]] for k in st.s["keys"].values()]
        if rows:
            out.append(table(rows))
        return
    if cmd == "key" and sub in ("create", "new"):
        kid = st.new_key(a[0] if a else "Unnamed key")
        print_key(out, st, st.s["keys"][kid], True)
        return
    if cmd == "key" and sub == "info":
        show = take_flag(a, "--show-secret")
        if len(a) != 1:
            raise GarageError("usage: garage key info [--show-secret] KEY")
        print_key(out, st, resolve_key(st, a[0]), show)
        return
    if cmd == "stats":
        h = st.health()
        out += ["Garage version: %s [features: %s]" % (VERSION, ", ".join(FEATURES)), "Rust compiler version: 1.81.0",
                "", "Database engine: %s" % db_engine(admin.conf), "", "Table stats:",
                "  Table   Items  MklItems  MklTodo  GcTodo",
                "  bucket_v2  %d  0  0  0" % len(st.s["buckets"]), "  key  %d  0  0  0" % len(st.s["keys"]),
                "", "Block manager stats:", "  number of RC entries (~= number of blocks): 0", "",
                "Storage nodes:", "  %s  %s" % (NODE_ID[:16], h["status"])]
        return
    raise GarageError("unknown or unsupported command for this stand-in: %s" % " ".join(args))


# --------------------------------------------------------------------------------- servers
NODE_ID = ""
RPC_PUBLIC_ADDR = None


def make_server(bind, handler, what):
    host, port = parse_bind(bind)

    class S(ThreadingHTTPServer):
        daemon_threads = True
        address_family = socket.AF_INET6 if ":" in host else socket.AF_INET

    try:
        return S((host, port), handler)
    except OSError as e:
        if host != "::":
            raise GarageError("Unable to bind %s on %s: %s" % (what, bind, e))
        S.address_family = socket.AF_INET  # no IPv6 in this container
        return S(("0.0.0.0", port), handler)


def admin_handler(admin):
    class H(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "garage-standin"

        def log_message(self, fmt, *args):
            pass

        def do_any(self):
            u = urlsplit(self.path)
            n = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(n) if n else b""
            status, ctype, out = admin.handle(self.command, u.path, parse_qs(u.query), self.headers, body)
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(out)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(out)
            # The request line only: never headers (Authorization) or bodies (secrets).
            log("INFO", "garage_api::admin::api_server", "%s %s %s -> %d" % (
                self.client_address[0], self.command, u.path + ("?" + u.query if u.query else ""), status))

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_any
    return H


def read_request_body(handler):
    """Content-Length or chunked transfer encoding (http.server decodes neither)."""
    if handler.headers.get("Transfer-Encoding", "").lower() == "chunked":
        raw = b""
        while True:
            size = int(handler.rfile.readline().split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while handler.rfile.readline() not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return raw
            raw += handler.rfile.read(size)
            handler.rfile.readline()
    n = int(handler.headers.get("Content-Length") or 0)
    return handler.rfile.read(n) if n else b""


def s3_handler(api):
    class H(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "garage-standin"

        def log_message(self, fmt, *args):
            pass

        def do_any(self):
            raw_path, _, raw_query = self.path.partition("?")
            req = S3Request(self.command, raw_path, raw_query, self.headers, read_request_body(self))
            res = api.handle(req)
            self.send_response(res.status)
            for name, value in res.headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(res.length))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(res.body)
            # The request line only: never the Authorization header or a presigned signature.
            log("INFO", "garage_api::s3::api_server", "%s %s %s -> %d" % (
                self.client_address[0], self.command, raw_path, res.status))

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_any
    return H


def rpc_handler(admin, token):
    class H(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *args):
            pass

        def do_POST(self):
            n = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(n) if n else b""
            if self.path != "/standin-cli" or not hmac.compare_digest(
                    self.headers.get("X-Garage-Standin-Auth", "").encode(), token.encode()):
                code, res = 403, {"code": 1, "stdout": "", "stderr": "Error: RPC authentication failed (rpc_secret)\n"}
            else:
                try:
                    args = json.loads(body)["args"]
                    c, o, e = cli_exec(admin, args)
                    code, res = 200, {"code": c, "stdout": o, "stderr": e}
                except (ValueError, KeyError, TypeError):
                    code, res = 400, {"code": 1, "stdout": "", "stderr": "Error: bad RPC request\n"}
            out = json.dumps(res).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(out)))
            self.end_headers()
            self.wfile.write(out)
    return H


def node_id_path(conf):
    return os.path.join(conf["metadata_dir"], "standin-node-id")


def run_server(conf):
    global NODE_ID, RPC_PUBLIC_ADDR
    log("INFO", "garage", "Loading configuration from %s (Garage %s STAND-IN: not real Garage)"
        % (conf["_path"], VERSION))
    for d in (conf["metadata_dir"], conf["data_dir"]):
        os.makedirs(d, exist_ok=True)
    p = node_id_path(conf)
    if not os.path.exists(p):
        with open(p, "w") as f:
            f.write(secrets.token_hex(32) + "\n")
        os.chmod(p, 0o600)
        log("INFO", "garage_net::netapp", "Generated new node id")
    with open(p) as f:
        NODE_ID = f.read().strip()
    RPC_PUBLIC_ADDR = conf.get("rpc_public_addr") or "%s:%d" % (
        socket.gethostbyname(socket.gethostname()), parse_bind(conf["rpc_bind_addr"])[1])
    log("INFO", "garage_net::netapp", "Node ID of this node: %s" % NODE_ID[:16])
    store = Store(conf)
    admin = Admin(conf, store)
    servers = [(make_server(conf["rpc_bind_addr"], rpc_handler(admin, rpc_token(conf["_rpc_secret"])), "RPC"),
                "RPC (stand-in CLI channel)")]
    if conf["s3_api"].get("api_bind_addr"):
        api = S3Api(store, store.objects, conf["s3_api"]["s3_region"])
        servers.append((make_server(conf["s3_api"]["api_bind_addr"], s3_handler(api), "S3 API"), "S3 API"))
    else:
        log("INFO", "garage", "S3 API is disabled (no [s3_api] api_bind_addr)")
    if conf["_admin"].get("api_bind_addr"):
        servers.append((make_server(conf["_admin"]["api_bind_addr"], admin_handler(admin), "admin API"), "Admin API"))
        log("INFO", "garage", "Admin token %s, metrics token %s" % (
            "configured" if conf["_admin_token"] is not None else "NOT configured (admin API disabled)",
            "configured" if conf["_metrics_token"] is not None else "not configured (metrics open)"))
    else:
        log("INFO", "garage", "Admin API is disabled (no [admin] api_bind_addr)")
    for srv, what in servers:
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        host, port = srv.server_address[:2]
        log("INFO", "garage_api::generic_server", "%s server listening on http://%s:%d"
            % (what, "[%s]" % host if ":" in host else host, port))
    log("INFO", "garage", "Layout version %d; %d bucket(s), %d key(s) loaded from %s"
        % (store.layout["version"], len(store.s["buckets"]), len(store.s["keys"]), store.path))
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    while not stop.wait(3600):
        pass
    log("INFO", "garage", "Received signal, shutting down.")
    return 0


# ------------------------------------------------------------------------------ CLI client
def cli_remote(conf, args):
    port = parse_bind(conf["rpc_bind_addr"])[1]
    body = json.dumps({"args": args})
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        c.request("POST", "/standin-cli", body=body, headers={
            "Content-Type": "application/json", "X-Garage-Standin-Auth": rpc_token(conf["_rpc_secret"])})
        r = c.getresponse()
        res = json.loads(r.read())
    except (OSError, ValueError) as e:
        sys.stderr.write("Error: Unable to connect to destination RPC host: 127.0.0.1:%d: %s\n"
                         % (port, getattr(e, "strerror", None) or e))
        return 1
    sys.stdout.write(res.get("stdout", ""))
    sys.stderr.write(res.get("stderr", ""))
    return int(res.get("code", 1))


def main(argv):
    args = list(argv)
    # -c is the global --config only before the subcommand: after it, `layout assign -c 1G` is a capacity.
    config = None
    while len(args) >= 2 and args[0] in ("-c", "--config"):
        config = args[1]
        del args[:2]
    config = config or os.environ.get("GARAGE_CONFIG_FILE") or DEFAULT_CONFIG
    if not args or args[0] in ("-h", "--help", "help"):
        print("garage %s (STAND-IN)\n\nUSAGE:\n    garage [-c CONFIG] <SUBCOMMAND>\n\nSUBCOMMANDS:\n"
              "    server, status, node id, layout, bucket, key, stats" % VERSION)
        return 0
    if args[0] in ("-V", "--version"):
        print("garage %s [features: %s] (STAND-IN)" % (VERSION, ", ".join(FEATURES)))
        return 0
    try:
        conf = load_config(config)
        if args[0] == "server":
            return run_server(conf)
        if args[:2] == ["node", "id"]:
            quiet = "-q" in args or "--quiet" in args
            try:
                with open(node_id_path(conf)) as f:
                    nid = f.read().strip()
            except OSError:
                raise GarageError("Unable to read node key from %s (has `garage server` run once?)"
                                  % conf["metadata_dir"])
            print(nid + ("@" + conf["rpc_public_addr"] if conf.get("rpc_public_addr") else ""))
            if not quiet:
                sys.stderr.write("\nTo instruct a node to connect to this node, run the following command "
                                 "on that node:\n    garage [-c <config file path>] node connect %s\n" % nid)
            return 0
    except GarageError as e:
        sys.stderr.write("Error: %s\n" % e)
        return 1
    return cli_remote(conf, args)


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        sys.exit(130)
