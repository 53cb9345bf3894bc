# STAND-IN for Ollama (ollama/ollama image), written to the documented HTTP API and CLI
# (Ollama's docs/api.md; src/test/resources/contracts/ollama-api.yml); it is NOT Ollama and runs no model.
#
#   ollama serve        HTTP API on OLLAMA_HOST (default 127.0.0.1:11434; the image sets
#                       0.0.0.0:11434, compose sets 0.0.0.0:11435):
#     GET|HEAD /        200 "Ollama is running"
#     GET /api/version  {"version":"0.5.7"}
#     GET /api/tags     {"models":[...]} pulled models, newest first, names as name:tag
#     POST /api/pull    {"model":M} (or legacy "name"), optional "stream":false; streams
#                       application/x-ndjson line by line (chunked, one flush per line):
#                       pulling manifest / pulling <12hex> {digest,total,completed} per layer /
#                       verifying sha256 digest / writing manifest / success.
#                       A name containing "doesnotexist": pulling manifest, then
#                       {"error":"pull model manifest: file does not exist"} (HTTP 200).
#     DELETE /api/delete {"model":M}; GET /api/ps {"models":[]}
#     POST /api/chat, POST /api/generate
#                       a canned reply (OLLAMA_STANDIN_REPLY) from a pulled model, streamed as
#                       ndjson unless "stream":false; 404 for a model that is not pulled.
#     OpenAI-compatible, as Ollama's openai middleware (v0.5.7) answers:
#     POST /v1/chat/completions  {"model","messages"[,"stream"]}: chat.completion, or SSE
#                       "data: {chunk}" lines ending "data: [DONE]"; errors as
#                       {"error":{"message","type","param":null,"code":null}}: 400 bad body or
#                       no messages (invalid_request_error), 400 "model is required" and 404
#                       'model "M" not found, try pulling it first' (api_error, as Ollama).
#     GET /v1/models, GET /v1/models/M   pulled models in OpenAI's list format
#     OLLAMA_STANDIN_CHAT_ERROR=msg makes chat and generate fail with 500 msg (a crashed runner).
#   ollama list|ls      table NAME ID SIZE MODIFIED, from the server at OLLAMA_HOST
#   ollama pull NAME    pulls through the server; "Error: ..." and exit 1 on failure
#   ollama rm NAME, ollama -v
# Pulled models persist in ~/.ollama/models/standin-models.json (or $OLLAMA_MODELS).
import hashlib
import http.client
import itertools
import json
import os
import random
import re
import signal
import socket
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

VERSION = "0.5.7"
PULL_STEP_DELAY = float(os.environ.get("OLLAMA_STANDIN_PULL_DELAY", "0.05"))

HOST_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.:-]{0,349}$")
NS_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_-]{0,79}$")
PART_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,79}$")


# ---------------------------------------------------------------- model names and storage
def same_model(a, b):
    return a.lower() == b.lower()  # Ollama matches existing names case-insensitively


def parse_name(raw):
    """Returns the display name (default namespace left out, tag always shown) or None.

    Deviation: this stand-in does not know Ollama's default registry host, so a name given
    with an explicit host (host/namespace/model) is listed in full.
    """
    if not isinstance(raw, str):
        return None
    s = raw.strip()
    if "@" in s:
        s, digest = s.split("@", 1)
        if not re.fullmatch(r"sha256[:-][0-9a-fA-F]{64}", digest):
            return None
    parts = s.split("/")
    host, ns = None, "library"
    if len(parts) == 3:
        host, ns, model = parts
    elif len(parts) == 2:
        ns, model = parts
    elif len(parts) == 1:
        model = parts[0]
    else:
        return None
    tag = "latest"
    if ":" in model:
        model, tag = model.rsplit(":", 1)
    if host is not None and not HOST_RE.match(host):
        return None
    if not (NS_RE.match(ns) and PART_RE.match(model) and PART_RE.match(tag)):
        return None
    if host is not None:
        return "%s/%s/%s:%s" % (host, ns, model, tag)
    if ns == "library":
        return "%s:%s" % (model, tag)
    return "%s/%s:%s" % (ns, model, tag)


def models_dir():
    return os.environ.get("OLLAMA_MODELS") or os.path.expanduser("~/.ollama/models")


def store_path():
    return os.path.join(models_dir(), "standin-models.json")


STORE_LOCK = threading.Lock()


def load_models():
    try:
        with open(store_path()) as f:
            return json.load(f).get("models", {})
    except FileNotFoundError:
        return {}


def save_models(models):
    os.makedirs(models_dir(), exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=models_dir(), prefix=".standin-models.")
    with os.fdopen(fd, "w") as f:
        json.dump({"note": "ollama stand-in state (not real Ollama)", "models": models}, f, indent=1)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, store_path())


def hexdigest(*words):
    return hashlib.sha256("\0".join(words).encode()).hexdigest()


def fake_layers(name):
    """Deterministic (digest, size) pairs for a model: weights, template, license, params."""
    model, tag = name.rsplit(":", 1)
    m = re.search(r"(\d+(?:\.\d+)?)b", tag.lower())
    if m:
        weights = int(float(m.group(1)) * 0.8e9)
    else:
        weights = 1_000_000_000 + int(hexdigest(name, "size")[:6], 16) * 100
    sizes = [weights, 1482, 11343, 96]
    return [(hexdigest(name, "layer", str(i)), s) for i, s in enumerate(sizes)]


def model_entry(name, layers, when):
    model, tag = name.rsplit(":", 1)
    base = model.split("/")[-1]
    family = re.split(r"[^a-z]", base.lower())[0] or base.lower()
    m = re.search(r"(\d+(?:\.\d+)?)b", tag.lower())
    return {
        "name": name,
        "model": name,
        "modified_at": when,
        "size": sum(s for _, s in layers),
        "digest": hexdigest(name, "manifest"),
        "details": {
            "parent_model": "",
            "format": "gguf",
            "family": family,
            "families": [family],
            "parameter_size": (m.group(1) + "B") if m else "",
            "quantization_level": "Q4_K_M",
        },
    }


def now_rfc3339():
    return datetime.now(timezone.utc).astimezone().isoformat(timespec="microseconds")


def pull_events(name):
    """Yields the documented pull status objects; an error is the last object."""
    yield {"status": "pulling manifest"}
    time.sleep(PULL_STEP_DELAY)
    if "doesnotexist" in name:
        yield {"error": "pull model manifest: file does not exist"}
        return
    layers = fake_layers(name)
    for digest, total in layers:
        steps = 5 if total > 1_000_000 else 1
        base = {"status": "pulling %s" % digest[:12], "digest": "sha256:" + digest, "total": total}
        yield dict(base)  # completed 0 is omitted, as in Ollama
        for i in range(1, steps + 1):
            time.sleep(PULL_STEP_DELAY)
            yield dict(base, completed=total * i // steps)
    yield {"status": "verifying sha256 digest"}
    time.sleep(PULL_STEP_DELAY)
    yield {"status": "writing manifest"}
    with STORE_LOCK:
        models = load_models()
        models[name] = model_entry(name, layers, now_rfc3339())
        save_models(models)
    yield {"status": "success"}


# ---------------------------------------------------------------------------- inference
DEFAULT_REPLY = "Hello! This is the Ollama stand-in: no model was run."


def pulled_model(raw):
    """The stored entry of a pulled model named raw (mistral == mistral:latest), or None."""
    name = parse_name(raw) if isinstance(raw, str) else None
    if not name:
        return None
    with STORE_LOCK:
        models = load_models()
    return next((m for n, m in models.items() if same_model(n, name)), None)


def reply_text():
    return os.environ.get("OLLAMA_STANDIN_REPLY") or DEFAULT_REPLY


def reply_pieces(text):
    """The reply in the chunks a stream sends: one word (with its space) each."""
    return re.findall(r"\S+\s*|\s+", text) or [""]


def count_tokens(text):
    return max(1, len(text.split()))


def prompt_tokens(messages):
    return sum(count_tokens(m.get("content") if isinstance(m.get("content"), str) else json.dumps(m.get("content")))
               for m in messages if isinstance(m, dict))


def runner_error():
    """A message if the stand-in is told to fail inference like a crashed runner."""
    return os.environ.get("OLLAMA_STANDIN_CHAT_ERROR")


def go_quote(s):
    return '"%s"' % s.replace("\\", "\\\\").replace('"', '\\"')


def openai_error(message, etype):
    return {"error": {"message": message, "type": etype, "param": None, "code": None}}


def owned_by(name):
    parts = name.split("/")
    return parts[-2] if len(parts) > 1 else "library"


def openai_model(name, entry):
    created = int(datetime.fromisoformat(entry["modified_at"]).timestamp())
    return {"id": name, "object": "model", "created": created, "owned_by": owned_by(name)}


def chat_completion(model, messages):
    text = reply_text()
    usage = {"prompt_tokens": prompt_tokens(messages), "completion_tokens": count_tokens(text)}
    usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
    return {"id": "chatcmpl-%d" % random.randrange(999), "object": "chat.completion", "created": int(time.time()),
            "model": model, "system_fingerprint": "fp_ollama",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
            "usage": usage}


def chat_chunks(model, messages, include_usage):
    """SSE events of a streamed chat completion, as Ollama's ChatWriter writes them."""
    done = chat_completion(model, messages)
    base = {k: done[k] for k in ("id", "object", "created", "model", "system_fingerprint")}
    base["object"] = "chat.completion.chunk"
    for piece in reply_pieces(done["choices"][0]["message"]["content"]):
        yield dict(base, choices=[{"index": 0, "delta": {"role": "assistant", "content": piece},
                                   "finish_reason": None}])
    yield dict(base, choices=[{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": "stop"}])
    if include_usage:
        yield dict(base, choices=[], usage=done["usage"])


def native_stats(prompt_count, eval_count):
    return {"total_duration": 1_000_000 * (prompt_count + eval_count), "load_duration": 1_000_000,
            "prompt_eval_count": prompt_count, "prompt_eval_duration": 1_000_000 * prompt_count,
            "eval_count": eval_count, "eval_duration": 1_000_000 * eval_count}


def native_events(model, field, prompt_count):
    """/api/chat (field "message") or /api/generate (field "response") stream objects."""
    text = reply_text()
    for piece in reply_pieces(text):
        content = {"role": "assistant", "content": piece} if field == "message" else piece
        yield {"model": model, "created_at": now_rfc3339(), field: content, "done": False}
    last = {"role": "assistant", "content": ""} if field == "message" else ""
    final = {"model": model, "created_at": now_rfc3339(), field: last, "done_reason": "stop", "done": True}
    if field == "response":
        final["context"] = [1, 2, 3]
    final.update(native_stats(prompt_count, count_tokens(text)))
    yield final


def collapse(events, field):
    """The single object "stream": false answers with."""
    events = list(events)
    final = dict(events[-1])
    text = "".join(e[field]["content"] if field == "message" else e[field] for e in events)
    final[field] = {"role": "assistant", "content": text} if field == "message" else text
    return final


# ------------------------------------------------------------------------------ server
def log(msg):
    sys.stdout.write(msg + "\n")
    sys.stdout.flush()


class Handler(BaseHTTPRequestHandler):
    server_version = "ollama-standin/" + VERSION
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass  # one gin-style line per request in log_request instead

    def log_request(self, code="-", size="-"):
        code = getattr(code, "value", code)
        ms = (time.monotonic() - getattr(self, "_t0", time.monotonic())) * 1000
        log('[GIN] %s | %3s | %10.3fms | %15s | %-7s "%s"' % (
            time.strftime("%Y/%m/%d - %H:%M:%S"), code, ms, self.client_address[0],
            self.command, urlsplit(self.path).path))

    def send_body(self, status, body, ctype):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_json(self, status, obj):
        self.send_body(status, json.dumps(obj, separators=(",", ":")).encode(), "application/json; charset=utf-8")

    def not_found(self):
        self.send_body(404, b"404 page not found", "text/plain")

    def read_json(self):
        """Returns (obj, error_message)."""
        n = int(self.headers.get("Content-Length") or 0)
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            raw = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    break
                raw += self.rfile.read(size)
                self.rfile.readline()
        else:
            raw = self.rfile.read(n) if n else b""
        if not raw.strip():
            return None, "missing request body"
        try:
            obj = json.loads(raw)
        except ValueError as e:
            return None, "invalid character in request body: %s" % e
        if not isinstance(obj, dict):
            return None, "json: cannot unmarshal into Go value of type api.Request"
        return obj, None

    def do_HEAD(self):
        self._t0 = time.monotonic()
        if urlsplit(self.path).path == "/":
            return self.send_body(200, b"Ollama is running", "text/plain; charset=utf-8")
        self.not_found()

    def do_GET(self):
        self._t0 = time.monotonic()
        path = urlsplit(self.path).path
        if path == "/":
            return self.send_body(200, b"Ollama is running", "text/plain; charset=utf-8")
        if path == "/api/version":
            return self.send_json(200, {"version": VERSION})
        if path == "/api/tags":
            with STORE_LOCK:
                models = list(load_models().values())
            models.sort(key=lambda m: m["modified_at"], reverse=True)
            return self.send_json(200, {"models": models})
        if path == "/api/ps":
            return self.send_json(200, {"models": []})
        if path == "/v1/models":
            return self.list_openai_models()
        if path.startswith("/v1/models/"):
            return self.retrieve_openai_model(unquote(path[len("/v1/models/"):]))
        self.not_found()

    def list_openai_models(self):
        with STORE_LOCK:
            models = sorted(load_models().values(), key=lambda m: m["modified_at"], reverse=True)
        # Go encodes an empty slice that was never appended to as null.
        data = [openai_model(m["name"], m) for m in models] or None
        self.send_json(200, {"object": "list", "data": data})

    def retrieve_openai_model(self, name):
        entry = pulled_model(name)
        if entry is None:
            return self.send_json(404, openai_error("model '%s' not found" % name, "api_error"))
        self.send_json(200, openai_model(name, entry))

    def do_DELETE(self):
        self._t0 = time.monotonic()
        if urlsplit(self.path).path != "/api/delete":
            return self.not_found()
        req, err = self.read_json()
        if err:
            return self.send_json(400, {"error": err})
        raw = req.get("model") or req.get("name") or ""
        name = parse_name(raw)
        if not name:
            return self.send_json(400, {"error": "invalid model name"})
        with STORE_LOCK:
            models = load_models()
            if name not in models:
                return self.send_json(404, {"error": "model '%s' not found" % raw})
            del models[name]
            save_models(models)
        self.send_body(200, b"", "text/plain")

    def do_POST(self):
        self._t0 = time.monotonic()
        route = {"/api/pull": self.pull, "/api/chat": self.native_chat, "/api/generate": self.native_generate,
                 "/v1/chat/completions": self.openai_chat}.get(urlsplit(self.path).path)
        if route is None:
            return self.not_found()
        route()

    def openai_chat(self):
        req, err = self.read_json()
        if err:
            # gin's ShouldBindJSON: an empty body is io.EOF
            return self.send_json(400, openai_error("EOF" if err == "missing request body" else err,
                                                    "invalid_request_error"))
        messages = req.get("messages")
        if messages is not None and not isinstance(messages, list):
            return self.send_json(400, openai_error(
                "json: cannot unmarshal %s into Go struct field ChatCompletionRequest.messages of type "
                "[]openai.Message" % type(messages).__name__, "invalid_request_error"))
        if not messages:
            return self.send_json(400, openai_error("[] is too short - 'messages'", "invalid_request_error"))
        model = req.get("model")
        # Errors from the chat handler go through Ollama's writeError, which types them api_error.
        if not isinstance(model, str) or not parse_name(model):
            return self.send_json(400, openai_error("model is required", "api_error"))
        if pulled_model(model) is None:
            return self.send_json(404, openai_error("model %s not found, try pulling it first" % go_quote(model),
                                                    "api_error"))
        if runner_error():
            return self.send_json(500, openai_error(runner_error(), "api_error"))
        if req.get("stream") is True:
            include_usage = bool((req.get("stream_options") or {}).get("include_usage"))
            events = chat_chunks(model, messages, include_usage)
            lines = (b"data: " + json.dumps(e, separators=(",", ":")).encode() + b"\n\n" for e in events)
            return self.stream(itertools.chain(lines, [b"data: [DONE]\n\n"]), "text/event-stream")
        self.send_json(200, chat_completion(model, messages))

    def native_chat(self):
        req, err = self.read_json()
        if err:
            return self.send_json(400, {"error": err})
        model = req.get("model")
        if not isinstance(model, str) or not parse_name(model):
            return self.send_json(400, {"error": "model is required"})
        if pulled_model(model) is None:
            return self.send_json(404, {"error": "model %s not found, try pulling it first" % go_quote(model)})
        messages = req.get("messages") if isinstance(req.get("messages"), list) else []
        self.native_answer(req, model, "message", bool(messages), prompt_tokens(messages))

    def native_generate(self):
        req, err = self.read_json()
        if err:
            return self.send_json(400, {"error": err})
        model = req.get("model") if isinstance(req.get("model"), str) else ""
        if pulled_model(model) is None:
            return self.send_json(404, {"error": "model '%s' not found" % model})
        prompt = req.get("prompt") if isinstance(req.get("prompt"), str) else ""
        self.native_answer(req, model, "response", bool(prompt), count_tokens(prompt))

    def native_answer(self, req, model, field, has_input, prompt_count):
        if not has_input:  # no messages / no prompt: Ollama only loads the model
            loaded = {"model": model, "created_at": now_rfc3339(),
                      field: {"role": "assistant", "content": ""} if field == "message" else "",
                      "done_reason": "load", "done": True}
            return self.send_json(200, loaded)
        if runner_error():
            return self.send_json(500, {"error": runner_error()})
        events = native_events(model, field, prompt_count)
        if req.get("stream") is False:
            return self.send_json(200, collapse(events, field))
        lines = (json.dumps(e, separators=(",", ":")).encode() + b"\n" for e in events)
        self.stream(lines, "application/x-ndjson")

    def pull(self):
        req, err = self.read_json()
        if err:
            return self.send_json(400, {"error": err})
        name = parse_name(req.get("model") or req.get("name") or "")
        if not name:
            return self.send_json(400, {"error": "invalid model name"})
        if req.get("stream") is False:
            last = None
            for ev in pull_events(name):
                last = ev
            if "error" in last:
                return self.send_json(500, {"error": last["error"]})
            return self.send_json(200, {"status": "success"})
        self.stream((json.dumps(ev, separators=(",", ":")).encode() + b"\n" for ev in pull_events(name)),
                    "application/x-ndjson")

    def stream(self, lines, ctype):
        """Sends each byte string as it comes (one chunk, one flush each)."""
        chunked = self.request_version == "HTTP/1.1"
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        try:
            for line in lines:
                if chunked:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(line), line))
                else:
                    self.wfile.write(line)
                self.wfile.flush()
            if chunked:
                self.wfile.write(b"0\r\n\r\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


class DualStackServer(ThreadingHTTPServer):
    daemon_threads = True


def parse_host(value, default_port=11434):
    """OLLAMA_HOST -> (scheme, host, port), like envconfig.Host()."""
    v = (value or "").strip().strip("\"'")
    scheme = "http"
    if "://" in v:
        scheme, v = v.split("://", 1)
    v = v.split("/", 1)[0]
    host, port = v, str(default_port if scheme == "http" else 443)
    if v.startswith("["):
        host, _, rest = v[1:].partition("]")
        if rest.startswith(":"):
            port = rest[1:]
    elif v.count(":") == 1:
        host, port = v.split(":")
    host = host or "127.0.0.1"
    return scheme, host, int(port)


def serve():
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    _, host, port = parse_host(os.environ.get("OLLAMA_HOST", "127.0.0.1:11434"))
    if ":" in host:
        DualStackServer.address_family = socket.AF_INET6
    try:
        httpd = DualStackServer((host, port), Handler)
    except OSError:
        if host not in ("::", "0.0.0.0"):
            raise
        DualStackServer.address_family = socket.AF_INET
        host = "0.0.0.0"
        httpd = DualStackServer((host, port), Handler)
    os.makedirs(models_dir(), exist_ok=True)
    log('time=%s level=INFO source=standin msg="ollama STAND-IN (not real Ollama, runs no model)"'
        % now_rfc3339())
    log('time=%s level=INFO source=routes.go msg="Listening on %s:%d (version %s)"'
        % (now_rfc3339(), host, port, VERSION))
    httpd.serve_forever()


# ---------------------------------------------------------------------------------- CLI
def client_conn(timeout=30):
    scheme, host, port = parse_host(os.environ.get("OLLAMA_HOST", "127.0.0.1:11434"))
    if host in ("0.0.0.0", "::"):
        host = "127.0.0.1"
    cls = http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection
    return cls(host, port, timeout=timeout)


def request(method, path, body=None):
    conn = client_conn()
    try:
        conn.request(method, path, body=None if body is None else json.dumps(body),
                     headers={"Content-Type": "application/json"} if body is not None else {})
        return conn, conn.getresponse()
    except OSError:
        conn.close()
        sys.stderr.write("Error: could not connect to ollama app, is it running?\n")
        sys.exit(1)


def human_bytes(b):
    for unit, size in (("TB", 1000 ** 4), ("GB", 1000 ** 3), ("MB", 1000 ** 2), ("KB", 1000)):
        if b >= size:
            v = b / size
            if v >= 10 or v == int(v):
                return "%d %s" % (int(v), unit)
            return "%.1f %s" % (v, unit)
    return "%d B" % b


def human_time(iso):
    try:
        t = datetime.fromisoformat(iso)
    except ValueError:
        return "Never"
    d = (datetime.now(timezone.utc) - t).total_seconds()
    if d < 1:
        return "Less than a second ago"
    for limit, unit, div in ((60, "second", 1), (3600, "minute", 60), (86400, "hour", 3600),
                             (7 * 86400, "day", 86400), (30 * 86400, "week", 7 * 86400),
                             (365 * 86400, "month", 30 * 86400), (float("inf"), "year", 365 * 86400)):
        if d < limit:
            n = int(d // div)
            if n == 1 and unit != "second":
                return "About a%s %s ago" % ("n" if unit == "hour" else "", unit)
            return "%d %s%s ago" % (n, unit, "" if n == 1 else "s")
    return "Never"


def cmd_list():
    conn, r = request("GET", "/api/tags")
    data = r.read()
    conn.close()
    if r.status != 200:
        sys.stderr.write("Error: %s\n" % data.decode(errors="replace"))
        return 1
    rows = [["NAME", "ID", "SIZE", "MODIFIED"]]
    for m in json.loads(data).get("models", []):
        rows.append([m["name"], m["digest"][:12], human_bytes(m["size"]), human_time(m["modified_at"])])
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for row in rows:
        print("".join(c.ljust(w + 4) for c, w in zip(row, widths)).rstrip())
    return 0


def cmd_pull(name):
    conn, r = request("POST", "/api/pull", {"model": name})
    if r.status != 200:
        body = r.read().decode(errors="replace")
        try:
            body = json.loads(body).get("error", body)
        except ValueError:
            pass
        sys.stderr.write("Error: %s\n" % body)
        return 1
    last = None
    while True:
        line = r.readline()
        if not line:
            break
        ev = json.loads(line)
        if "error" in ev:
            sys.stderr.write("Error: %s\n" % ev["error"])
            return 1
        if ev["status"] != last:
            print(ev["status"])
            last = ev["status"]
    conn.close()
    return 0


def cmd_rm(name):
    conn, r = request("DELETE", "/api/delete", {"model": name})
    body = r.read().decode(errors="replace")
    conn.close()
    if r.status != 200:
        try:
            body = json.loads(body).get("error", body)
        except ValueError:
            pass
        sys.stderr.write("Error: %s\n" % body)
        return 1
    print("deleted '%s'" % name)
    return 0


USAGE = """Large language model runner (STAND-IN: not real Ollama)

Usage:
  ollama [flags]
  ollama [command]

Available Commands:
  serve       Start ollama
  pull        Pull a model from a registry
  list        List models
  rm          Remove a model
"""


def main(argv):
    if not argv or argv[0] in ("-h", "--help", "help"):
        sys.stdout.write(USAGE)
        return 0
    cmd, args = argv[0], argv[1:]
    if cmd in ("-v", "--version"):
        print("ollama version is %s (stand-in)" % VERSION)
        return 0
    if cmd in ("serve", "start"):
        serve()
        return 0
    if cmd in ("list", "ls"):
        return cmd_list()
    if cmd == "pull" and len(args) == 1:
        return cmd_pull(args[0])
    if cmd in ("rm", "delete") and args:
        return max(cmd_rm(a) for a in args)
    sys.stderr.write("Error: unknown command or wrong arguments: %s\n" % " ".join(argv))
    return 1


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        sys.exit(130)
