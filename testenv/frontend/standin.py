# STAND-IN for the Reflector web front end (monadicalsas/reflector-frontend), written to the
# interface the installer and docker-compose.selfhosted.yml rely on. It is NOT Reflector.
# HTTP on 0.0.0.0:3000: GET|HEAD / -> 200 text/html containing "reflector-web-standin";
# anything else 404. Logs the settings it saw at start (secret values never printed).
import os
import re
import signal
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


def log(msg):
    sys.stdout.write("%s [web] %s\n" % (time.strftime("%Y-%m-%dT%H:%M:%S"), msg))
    sys.stdout.flush()


class Handler(BaseHTTPRequestHandler):
    server_version = "reflector-frontend-standin/1"
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        log("%s %s" % (self.address_string(), fmt % args))

    def reply(self):
        if urlsplit(self.path).path == "/":
            status, ctype, body = 200, "text/html; charset=utf-8", PAGE
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
