# STAND-IN for Reflector's self-hosted model server, written to the documented interface;
# it is NOT the real transcription/diarization server.
# HTTP on 0.0.0.0:8000: GET /docs -> 200 HTML (what the compose healthcheck fetches),
# GET /openapi.json -> a tiny OpenAPI document; anything else 404.
# HF_TOKEN is never printed (only whether it is set).
import json
import os
import signal
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

DOCS = b"""<!DOCTYPE html>
<html><head><title>Reflector model server (stand-in) - Swagger UI</title></head>
<body><div id="swagger-ui">reflector-model-standin: test stand-in, not the real model server.</div></body></html>
"""
OPENAPI = json.dumps({"openapi": "3.1.0", "info": {"title": "reflector-model-standin", "version": "0"},
                      "paths": {}}).encode()


def log(msg):
    sys.stdout.write("%s [model-server] %s\n" % (time.strftime("%Y-%m-%dT%H:%M:%S"), msg))
    sys.stdout.flush()


class Handler(BaseHTTPRequestHandler):
    server_version = "reflector-model-standin/1"
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        log("%s %s" % (self.address_string(), fmt % args))

    def reply(self):
        path = urlsplit(self.path).path
        if path == "/docs":
            status, ctype, body = 200, "text/html; charset=utf-8", DOCS
        elif path == "/openapi.json":
            status, ctype, body = 200, "application/json", OPENAPI
        else:
            status, ctype, body = 404, "application/json", b'{"detail":"Not Found"}'
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_HEAD = reply


def main():
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    log("stand-in for the Reflector model server (not the real one); HF_TOKEN %s"
        % ("set" if os.environ.get("HF_TOKEN") else "not set"))
    httpd = ThreadingHTTPServer(("0.0.0.0", 8000), Handler)
    httpd.daemon_threads = True
    log("listening on 0.0.0.0:8000")
    httpd.serve_forever()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        pass
