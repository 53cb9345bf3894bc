# STAND-IN for Garage v1.1.0's S3 API (part of the Garage stand-in, see garage.py); it is NOT
# Garage. A subset, path-style only, checked against deuxfleurs-org/garage v1.1.0
# (src/api/common/signature/payload.rs, src/api/s3/*.rs):
#
#   Authentication  AWS Signature V4, in the Authorization header or a presigned URL, verified
#                   as Garage does it: region = [s3_api] s3_region, service "s3", Host and every
#                   x-amz-* header signed, X-Amz-Date no more than 24 h old, x-amz-content-sha256
#                   = hex sha256 of the body or UNSIGNED-PAYLOAD (STREAMING-* -> 501 here).
#   Endpoints       GET / (ListBuckets), HEAD /b (HeadBucket), GET /b?list-type=2 (ListObjectsV2),
#                   GET /b (ListObjects), GET /b?location, PUT|GET|HEAD|DELETE /b/key.
#                   Anything else: 501 NotImplemented.
#   Errors          S3 XML <Error><Code><Message><Resource><Region>, with Garage's codes:
#                   no Authorization           403 AccessDenied "Forbidden: Garage does not support anonymous access yet"
#                   unknown access key         403 AccessDenied "Forbidden: No such key: GK..."
#                   bad signature              403 AccessDenied "Forbidden: Invalid signature"
#                   wrong region/date/service  400 AuthorizationHeaderMalformed
#                   malformed auth, old date   400 InvalidRequest "Bad request: ..."
#                   bucket unknown to the key  404 NoSuchBucket "Bucket not found: NAME"
#                   no read/write grant        403 AccessDenied "Forbidden: Operation is not allowed for this key."
#                   missing object             404 NoSuchKey "Key not found" (DeleteObject: 204 anyway)
#                   body != content sha256/MD5 400 InvalidDigest
#                   no layout applied yet      503 ServiceUnavailable (no quorum, as /health says)
# Keys, buckets and grants are the admin API's (Store, under its lock); objects are files under
# <data_dir>/standin-objects/<bucket id>/ and survive a restart.
import base64
import hashlib
import hmac
import json
import os
import re
import tempfile
import time
from datetime import datetime, timezone
from email.utils import formatdate
from urllib.parse import parse_qsl, quote, unquote
from xml.sax.saxutils import escape

XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/"
ALGORITHM = "AWS4-HMAC-SHA256"
UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"
LONG_DATETIME = "%Y%m%dT%H%M%SZ"
MAX_DATE_AGE = 24 * 3600  # Garage only refuses dates older than this; it has no 15-minute skew rule


class S3Error(Exception):
    def __init__(self, status, code, message):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def forbidden(msg):
    return S3Error(403, "AccessDenied", "Forbidden: " + msg)


def bad_request(msg):
    return S3Error(400, "InvalidRequest", "Bad request: " + msg)


def not_implemented(what):
    return S3Error(501, "NotImplemented", "Unimplemented action: %s (not in this stand-in)" % what)


class Request:
    def __init__(self, method, raw_path, raw_query, headers, body):
        self.method, self.raw_path, self.raw_query = method, raw_path, raw_query
        self.headers, self.body = headers, body  # headers: case-insensitive .get() and .items()
        self.expected_sha256 = None  # what x-amz-content-sha256 promised, once the signature holds

    def header(self, name):
        return self.headers.get(name)


class Response:
    def __init__(self, status=200, headers=None, body=b"", length=None):
        self.status, self.headers, self.body = status, headers or [], body
        self.length = len(body) if length is None else length  # HEAD: the object's size


# ------------------------------------------------------------------------- signature V4
def uri_encode(s):
    """Garage's uri_encode(s, encode_slash=true)."""
    return quote(s, safe="-_.~")


def parse_query(raw_query):
    """Query pairs, keys as sent; duplicate names (case-insensitive) are refused as in Garage."""
    pairs, seen = [], set()
    for k, v in parse_qsl(raw_query, keep_blank_values=True):
        if k.lower() in seen:
            raise bad_request("duplicate query parameter: `%s`" % k)
        seen.add(k.lower())
        pairs.append((k, v))
    return pairs


def parse_date(value):
    try:
        return datetime.strptime(value, LONG_DATETIME).replace(tzinfo=timezone.utc)
    except (TypeError, ValueError):
        raise bad_request("Invalid date")


def check_date_age(date, max_age):
    if time.time() - date.timestamp() > max_age:
        raise bad_request("Date is too old")


class Authorization:
    def __init__(self, key_id, scope, signed_headers, signature, content_sha256, date):
        self.key_id, self.scope, self.signed_headers = key_id, scope, signed_headers
        self.signature, self.content_sha256, self.date = signature, content_sha256, date


def split_credential(cred):
    if "/" not in cred:
        raise bad_request("Credentials does not contain '/' in authorization field")
    return cred.split("/", 1)


def parse_auth_header(req):
    kind, sep, rest = req.header("Authorization").partition(" ")
    if not sep:
        raise bad_request("Authorization field to short")
    if kind != ALGORITHM:
        raise bad_request("Unsupported authorization method")
    params = {}
    for part in rest.split(","):
        part = part.strip()
        if "=" not in part:
            raise bad_request("Field without value in authorization header")
        k, v = part.split("=", 1)
        params[k] = v
    for field in ("Credential", "SignedHeaders", "Signature"):
        if field not in params:
            raise bad_request("Could not find %s in Authorization field" % field)
    content_sha256 = req.header("x-amz-content-sha256")
    if content_sha256 is None:
        raise bad_request("Missing X-Amz-Content-Sha256 field")
    if req.header("x-amz-date") is None:
        raise bad_request("Missing X-Amz-Date field")
    date = parse_date(req.header("x-amz-date"))
    check_date_age(date, MAX_DATE_AGE)
    key_id, scope = split_credential(params["Credential"])
    return Authorization(key_id, scope, params["SignedHeaders"], params["Signature"], content_sha256, date)


def parse_presigned(query):
    q = {k.lower(): v for k, v in query}
    if q["x-amz-algorithm"] != ALGORITHM:
        raise bad_request("Unsupported authorization method")
    for name in ("X-Amz-Credential", "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Expires"):
        if name.lower() not in q:
            raise bad_request("%s not found in query parameters" % name)
    if not re.fullmatch(r"\d+", q["x-amz-expires"]):
        raise bad_request("X-Amz-Expires is not a number")
    expires = int(q["x-amz-expires"])
    if expires > 7 * 24 * 3600:
        raise bad_request("X-Amz-Expires may not exceed a week")
    if "x-amz-date" not in q:
        raise bad_request("Missing X-Amz-Date field")
    date = parse_date(q["x-amz-date"])
    check_date_age(date, expires)
    key_id, scope = split_credential(q["x-amz-credential"])
    return Authorization(key_id, scope, q["x-amz-signedheaders"], q["x-amz-signature"], UNSIGNED_PAYLOAD, date)


def signed_header_names(auth, req):
    names = sorted(auth.signed_headers.split(";"))
    if any(not re.fullmatch(r"[!#$%&'*+.^_`|~0-9a-z-]+", n) for n in names):
        raise bad_request("invalid header name")
    if "host" not in names:
        raise bad_request("Header `Host` should be signed")
    for name, _ in req.headers.items():
        if name.lower().startswith("x-amz-") and name.lower() not in names:
            raise bad_request("Header `%s` should be signed" % name.lower())
    return names


def canonical_request(req, query, names, content_sha256):
    canonical_query = "&".join(sorted(uri_encode(k) + "=" + uri_encode(v) for k, v in query))
    lines = []
    for name in names:
        value = req.header(name)
        if value is None:
            raise bad_request("signed header `%s` is not present" % name)
        lines.append("%s:%s" % (name, value.strip()))
    # No double URI-encoding of the path for S3, exactly as the client sent it.
    return "\n".join([req.method, req.raw_path, canonical_query, "\n".join(lines), "",
                      ";".join(names), content_sha256])


def signing_key(secret, date, region, service="s3"):
    k = ("AWS4" + secret).encode()
    for part in (date.strftime("%Y%m%d"), region, service, "aws4_request"):
        k = hmac.new(k, part.encode(), hashlib.sha256).digest()
    return k


def string_to_sign(auth, canonical):
    return "\n".join([ALGORITHM, auth.date.strftime(LONG_DATETIME), auth.scope,
                      hashlib.sha256(canonical.encode()).hexdigest()])


def parse_content_sha256(value):
    """None for UNSIGNED-PAYLOAD, else the expected digest (bytes)."""
    if value == UNSIGNED_PAYLOAD:
        return None
    if value.startswith("STREAMING-"):
        raise not_implemented("aws-chunked payload (x-amz-content-sha256: %s)" % value)
    if not re.fullmatch(r"[0-9a-fA-F]{64}", value):
        raise bad_request("Invalid content sha256 hash")
    return bytes.fromhex(value)


# ------------------------------------------------------------------------------- objects
class ObjectStore:
    """One file per object: a JSON metadata line, then the bytes. Written with os.replace, so a
    reader sees the old or the new object, never half of one, without a lock."""

    def __init__(self, data_dir):
        self.root = os.path.join(data_dir, "standin-objects")

    def bucket_dir(self, bucket_id):
        return os.path.join(self.root, bucket_id)

    def path(self, bucket_id, key):
        return os.path.join(self.bucket_dir(bucket_id), hashlib.sha256(key.encode()).hexdigest() + ".obj")

    def put(self, bucket_id, key, data, headers):
        meta = {"key": key, "size": len(data), "etag": hashlib.md5(data).hexdigest(),
                "last_modified_ms": int(time.time() * 1000), "version": os.urandom(16).hex(),
                "headers": headers}
        d = self.bucket_dir(bucket_id)
        os.makedirs(d, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=d, prefix=".put.")
        with os.fdopen(fd, "wb") as f:
            f.write(json.dumps(meta).encode() + b"\n")
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.path(bucket_id, key))
        return meta

    def read(self, bucket_id, key, with_data=True):
        try:
            with open(self.path(bucket_id, key), "rb") as f:
                meta = json.loads(f.readline())
                return meta, (f.read() if with_data else None)
        except FileNotFoundError:
            return None, None

    def delete(self, bucket_id, key):
        try:
            os.unlink(self.path(bucket_id, key))
        except FileNotFoundError:
            pass

    def list(self, bucket_id):
        metas = []
        try:
            names = os.listdir(self.bucket_dir(bucket_id))
        except FileNotFoundError:
            return metas
        for name in names:
            if name.endswith(".obj"):
                try:
                    with open(os.path.join(self.bucket_dir(bucket_id), name), "rb") as f:
                        metas.append(json.loads(f.readline()))
                except FileNotFoundError:
                    pass  # deleted meanwhile
        return sorted(metas, key=lambda m: m["key"])

    def usage(self, bucket_id):
        metas = self.list(bucket_id)
        return len(metas), sum(m["size"] for m in metas)

    def drop_bucket(self, bucket_id):
        try:
            os.rmdir(self.bucket_dir(bucket_id))
        except OSError:
            pass


STORED_HEADERS = ("content-type", "cache-control", "content-disposition", "content-encoding",
                  "content-language", "expires")


def metadata_headers(req):
    """The request headers Garage keeps with an object (extract_metadata_headers)."""
    kept = [(n.lower(), v) for n, v in req.headers.items() if n.lower() in STORED_HEADERS]
    kept += [(n.lower(), v) for n, v in req.headers.items() if n.lower().startswith("x-amz-meta-")]
    return kept


def http_date(ms):
    return formatdate(ms / 1000, usegmt=True)


def rfc3339_ms(ms):
    t = datetime.fromtimestamp(ms / 1000, tz=timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (ms % 1000)


def xml_doc(body):
    return ('<?xml version="1.0" encoding="UTF-8"?>' + body).encode()


def el(name, value):
    return "<%s>%s</%s>" % (name, escape(str(value)), name)


# ------------------------------------------------------------------------------- the API
class S3Api:
    def __init__(self, store, objects, region):
        self.store, self.objects, self.region = store, objects, region

    def handle(self, req):
        try:
            return self.route(req)
        except S3Error as e:
            return self.error_response(req, e)
        except Exception as e:  # noqa: BLE001 - a stand-in bug must still answer, as Garage's 500 does
            return self.error_response(req, S3Error(500, "InternalError", "Internal error: %r" % e))

    def error_response(self, req, e):
        body = xml_doc("<Error>%s%s%s%s</Error>" % (el("Code", e.code), el("Message", e.message),
                                                     el("Resource", req.raw_path), el("Region", self.region)))
        return Response(e.status, [("Content-Type", "application/xml")], body)

    # ---- request flow, in Garage's order: endpoint, signature, bucket, permission
    def route(self, req):
        bucket_name, key = split_path(req.raw_path)
        query = parse_query(req.raw_query)
        endpoint, needs = endpoint_of(req.method, bucket_name, key, query, req)
        auth = self.authenticate(req, query)
        req.expected_sha256 = auth.expected_sha256
        if bucket_name is None:
            return self.list_buckets(auth)
        bucket_id = self.authorize(auth, bucket_name, needs)
        return getattr(self, endpoint)(req, query, bucket_name, bucket_id, key)

    def authenticate(self, req, query):
        """The request's verified Authorization, or an S3Error as Garage would answer."""
        if any(k.lower() == "x-amz-algorithm" for k, _ in query):
            auth = parse_presigned(query)
            sign_query = [(k, v) for k, v in query if k.lower() != "x-amz-signature"]
        elif req.header("Authorization") is not None:
            auth = parse_auth_header(req)
            sign_query = query
        else:
            raise forbidden("Garage does not support anonymous access yet")
        names = signed_header_names(auth, req)
        to_sign = string_to_sign(auth, canonical_request(req, sign_query, names, auth.content_sha256))
        expected_scope = "%s/%s/s3/aws4_request" % (auth.date.strftime("%Y%m%d"), self.region)
        if auth.scope != expected_scope:
            raise S3Error(400, "AuthorizationHeaderMalformed",
                          "Authorization header malformed, unexpected scope: %s" % auth.scope)
        with self.store.lock:
            # Without an applied layout no node stores the key table: Garage cannot read it.
            if self.store.health()["status"] != "healthy":
                raise S3Error(503, "ServiceUnavailable", "Internal error: Could not reach quorum of 1. "
                                                         "0 of 0 request succeeded, others returned errors: []")
            key = self.store.s["keys"].get(auth.key_id)
            secret = key["secret"] if key else None
        if secret is None:
            raise forbidden("No such key: %s" % auth.key_id)
        ours = hmac.new(signing_key(secret, auth.date, self.region), to_sign.encode(), hashlib.sha256).digest()
        try:
            theirs = bytes.fromhex(auth.signature)
        except ValueError:
            raise forbidden("Invalid signature")
        if not hmac.compare_digest(ours, theirs):
            raise forbidden("Invalid signature")
        auth.expected_sha256 = parse_content_sha256(auth.content_sha256)
        return auth

    def authorize(self, auth, bucket_name, needs):
        """The bucket id if the key may do `needs` (read/write) on it."""
        with self.store.lock:
            bucket = self.resolve_bucket(bucket_name, auth.key_id)
            if bucket is None:
                raise S3Error(404, "NoSuchBucket", "Bucket not found: %s" % bucket_name)
            perms = bucket["perms"].get(auth.key_id) or {}
            if not perms.get(needs):
                raise forbidden("Operation is not allowed for this key.")
            return bucket["id"]

    def resolve_bucket(self, name, key_id):
        """A key's local alias first, then a global alias (Garage's bucket_helper)."""
        for b in self.store.s["buckets"].values():
            if any(a["accessKeyId"] == key_id and a["alias"] == name for a in b["localAliases"]):
                return b
        return self.store.bucket_by_alias(name)

    # ---- endpoints
    def list_buckets(self, auth):
        with self.store.lock:
            key = self.store.s["keys"].get(auth.key_id)
            if key is None:  # deleted since the signature was checked
                raise forbidden("No such key: %s" % auth.key_id)
            rows = []
            for b in self.store.s["buckets"].values():
                perms = b["perms"].get(auth.key_id) or {}
                if any(perms.values()):
                    created = int(b.get("created", 0) * 1000)
                    names = list(b["globalAliases"]) + [a["alias"] for a in b["localAliases"]
                                                        if a["accessKeyId"] == auth.key_id]
                    rows += ["<Bucket>%s%s</Bucket>" % (el("CreationDate", rfc3339_ms(created)), el("Name", n))
                             for n in names]
            owner = "<Owner>%s%s</Owner>" % (el("DisplayName", key["name"]), el("ID", key["id"]))
        body = '<ListAllMyBucketsResult xmlns="%s"><Buckets>%s</Buckets>%s</ListAllMyBucketsResult>' % (
            XMLNS, "".join(rows), owner)
        return Response(200, [("Content-Type", "application/xml")], xml_doc(body))

    def head_bucket(self, req, query, bucket_name, bucket_id, key):
        return Response(200)

    def get_bucket_location(self, req, query, bucket_name, bucket_id, key):
        body = '<LocationConstraint xmlns="%s">%s</LocationConstraint>' % (XMLNS, escape(self.region))
        return Response(200, [("Content-Type", "application/xml")], xml_doc(body))

    def list_objects(self, req, query, bucket_name, bucket_id, key):
        return Response(200, [("Content-Type", "application/xml")],
                        xml_doc(list_result(self.objects.list(bucket_id), dict(query), bucket_name)))

    def put_object(self, req, query, bucket_name, bucket_id, key):
        check_body_digests(req)
        meta = self.objects.put(bucket_id, key, req.body, metadata_headers(req))
        return Response(200, [("x-amz-version-id", meta["version"]), ("ETag", '"%s"' % meta["etag"])])

    def get_object(self, req, query, bucket_name, bucket_id, key):
        meta, data = self.objects.read(bucket_id, key, with_data=req.method == "GET")
        if meta is None:
            raise S3Error(404, "NoSuchKey", "Key not found")
        headers = [("Last-Modified", http_date(meta["last_modified_ms"])), ("Accept-Ranges", "bytes"),
                   ("ETag", '"%s"' % meta["etag"])] + [tuple(h) for h in meta["headers"]]
        if req.method == "HEAD":
            return Response(200, headers, length=meta["size"])
        return Response(200, headers, data)

    def delete_object(self, req, query, bucket_name, bucket_id, key):
        self.objects.delete(bucket_id, key)  # 204 whether or not it existed, as Garage does
        return Response(204)


def split_path(raw_path):
    """(bucket, key) of a path-style request; key None for a bucket-level request."""
    path = unquote(raw_path)
    if path in ("", "/"):
        return None, None
    bucket, sep, key = path.lstrip("/").partition("/")
    return bucket, (key if sep and key else None)


OBJECT_SUBRESOURCES = ("acl", "tagging", "uploads", "uploadId", "partNumber", "retention", "legal-hold",
                       "torrent", "attributes", "restore", "select")


def endpoint_of(method, bucket, key, query, req):
    """(handler name, needed permission) of a request, or NotImplemented."""
    names = {k for k, _ in query}
    if bucket is None:
        if method == "GET":
            return "list_buckets", None
        raise not_implemented("%s /" % method)
    if key is None:
        if method == "HEAD":
            return "head_bucket", "read"
        if method == "GET" and "location" in names:
            return "get_bucket_location", "read"
        if method == "GET" and "list-type" in names:
            if dict(query)["list-type"] != "2":
                raise bad_request("Invalid endpoint: list-type=%s" % dict(query)["list-type"])
            return "list_objects", "read"
        if method == "GET" and not names - {"prefix", "delimiter", "marker", "max-keys", "encoding-type"}:
            return "list_objects", "read"
        raise not_implemented("%s on a bucket%s" % (method, " with ?" + ",".join(sorted(names)) if names else ""))
    if names & set(OBJECT_SUBRESOURCES):
        raise not_implemented("%s on an object with ?%s" % (method, ",".join(sorted(names))))
    if method == "PUT" and req.header("x-amz-copy-source"):
        raise not_implemented("CopyObject")
    endpoint = {"PUT": ("put_object", "write"), "GET": ("get_object", "read"), "HEAD": ("get_object", "read"),
                "DELETE": ("delete_object", "write")}.get(method)
    if endpoint is None:
        raise not_implemented("%s on an object" % method)
    return endpoint


def check_body_digests(req):
    if req.expected_sha256 is not None and hashlib.sha256(req.body).digest() != req.expected_sha256:
        raise S3Error(400, "InvalidDigest",
                      "Invalid digest: SHA256 checksum verification failed (from x-amz-content-sha256)")
    md5 = req.header("Content-MD5")
    if md5 is not None and base64.b64encode(hashlib.md5(req.body).digest()).decode() != md5.strip('"'):
        raise S3Error(400, "InvalidDigest", "Invalid digest: MD5 checksum verification failed (from content-md5)")


def list_start(q, v2):
    """The key listing starts after: Garage's continuation tokens are "]" + base64(last key)."""
    if not v2:
        return q.get("marker")
    token = q.get("continuation-token")
    if token:
        try:
            return base64.b64decode(token[1:]).decode() if token[:1] in "[]" else token
        except ValueError:
            raise bad_request("Invalid continuation token")
    return q.get("start-after")


def list_result(metas, q, bucket_name):
    """ListBucketResult for ListObjectsV2 (list-type=2) or V1, Garage's fields."""
    v2 = q.get("list-type") == "2"
    prefix, delimiter = q.get("prefix", ""), q.get("delimiter")
    max_keys = max(1, min(1000, int(q["max-keys"]) if re.fullmatch(r"\d+", q.get("max-keys", "")) else 1000))
    start = list_start(q, v2)
    contents, prefixes = [], []
    truncated, last = False, None
    for m in metas:
        k = m["key"]
        if not k.startswith(prefix) or (start and k <= start):
            continue
        if delimiter and delimiter in k[len(prefix):]:
            p = prefix + k[len(prefix):].split(delimiter, 1)[0] + delimiter
            if p in prefixes or (start and p <= start):
                continue
            entry = ("p", p)
        else:
            entry = ("k", m)
        if len(contents) + len(prefixes) >= max_keys:
            truncated = True
            break
        if entry[0] == "p":
            prefixes.append(entry[1])
            last = entry[1]
        else:
            contents.append(m)
            last = k
    parts = [el("Name", bucket_name), el("Prefix", prefix), el("MaxKeys", max_keys)]
    if delimiter is not None:
        parts.append(el("Delimiter", delimiter))
    if v2:
        if q.get("start-after"):
            parts.append(el("StartAfter", q["start-after"]))
        if q.get("continuation-token"):
            parts.append(el("ContinuationToken", q["continuation-token"]))
    elif q.get("marker"):
        parts.append(el("Marker", q["marker"]))
    parts.append(el("IsTruncated", "true" if truncated else "false"))
    parts.append(el("KeyCount", len(contents) + len(prefixes)))
    if truncated and v2:
        parts.append(el("NextContinuationToken", "]" + base64.b64encode(last.encode()).decode()))
    elif truncated:
        parts.append(el("NextMarker", last))
    for m in contents:
        parts.append("<Contents>%s%s%s%s%s</Contents>" % (
            el("Key", m["key"]), el("LastModified", rfc3339_ms(m["last_modified_ms"])), el("Size", m["size"]),
            el("ETag", '"%s"' % m["etag"]), el("StorageClass", "STANDARD")))
    parts += ["<CommonPrefixes>%s</CommonPrefixes>" % el("Prefix", p) for p in prefixes]
    return '<ListBucketResult xmlns="%s">%s</ListBucketResult>' % (XMLNS, "".join(parts))
