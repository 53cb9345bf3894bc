#!/usr/bin/env bash
# Smoke test of the test images (see README.md) against the real docker-compose.selfhosted.yml:
# builds the images, writes a minimal deployment in a scratch directory, brings the whole
# stack up (all profiles but gpu), waits until every healthcheck is healthy, checks it through
# 127.0.0.1 only, and always tears it down (down -v --rmi local). Needs the host ports the
# compose file publishes (80, 443, 1250, 3000, 3900, 3903, 8000, 11435, 50000-50100/udp).
# Usage: testenv/smoke-test.sh     (project name: rssmoke-<random>, its own; only it is torn down)
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$REPO/scripts/dev/build-test-images.sh"
S=$(mktemp -d "${TMPDIR:-/tmp}/reflector-smoke.XXXXXX")
mkdir -p "$S/server" "$S/www" "$S/data" "$S/gpu"
cp "$REPO/docker-compose.selfhosted.yml" "$S/"
cp -r "$REPO/testenv/model-server" "$S/gpu/self_hosted"
printf '%s\n' SECRET_KEY=s3cr3t-should-not-appear TRANSCRIPT_URL=http://transcription:8000 \
  TRANSCRIPT_STORAGE_AWS_ENDPOINT_URL=http://garage:3900 TRANSCRIPT_STORAGE_AWS_SECRET_ACCESS_KEY=aws-should-not-appear \
  ADMIN_PASSWORD_HASH=hash-should-not-appear HF_TOKEN=hf-should-not-appear > "$S/server/.env"
printf '%s\n' NEXTAUTH_SECRET=nextauth-should-not-appear > "$S/www/.env"
printf '%s\n' HF_TOKEN= > "$S/.env"
sed -e "s/@RPC_SECRET@/$(openssl rand -hex 32)/" -e "s|@ADMIN_TOKEN@|$(openssl rand -base64 32)|" \
    -e "s|@METRICS_TOKEN@|$(openssl rand -base64 32)|" "$REPO/templates/garage.toml.template" > "$S/data/garage.toml"
python3 - "$S" "$REPO/templates/Caddyfile.template" <<'PY'
import sys
t = open(sys.argv[2]).read()
t = t.replace('@SITE_ADDRESS@', ':443').replace('@TLS_DIRECTIVE@', '\ttls internal {\n\t\ton_demand\n\t}')
open(sys.argv[1] + '/Caddyfile', 'w').write(t)
PY
cd "$S"
export REFLECTOR_MODEL_CONTEXT=./gpu/self_hosted REFLECTOR_SERVER_CONTEXT=$REPO/testenv/backend REFLECTOR_WEB_CONTEXT=$REPO/testenv/frontend
P="rssmoke-$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')"
dc() { docker compose -f docker-compose.selfhosted.yml -p "$P" --profile cpu --profile ollama-cpu --profile garage --profile caddy "$@"; }
teardown() { echo "== teardown"; dc down -v --rmi local --remove-orphans >/dev/null 2>&1 || true; rm -rf "$S"; }
trap teardown EXIT
# Guard: no build context may be remote (no network for BuildKit).
dc config --format json | python3 -c '
import json,sys
bad=[n for n,s in json.load(sys.stdin)["services"].items() if "://" in str((s.get("build") or {}).get("context",""))]
sys.exit("remote build contexts: %s" % bad if bad else 0)'
t0=$(date +%s.%N)
# As the installer does: build the model server only, then up (images exist, nothing pulled).
# `up -d --build` works too (all contexts are local) but re-tags the backend and frontend
# images without their reflector-test.inputs label.
{ dc build cpu && dc up -d; } >"$S/up.log" 2>&1 || { tail -40 "$S/up.log"; exit 1; }
t1=$(date +%s.%N)
printf '== build cpu + up -d returned after %.1fs\n' "$(echo "$t1 - $t0" | bc)"
nsvc=$(dc config --services | wc -l)
for i in $(seq 1 600); do
  pending=$(dc ps -a --format json | python3 -c '
import json,sys
rows=[json.loads(l) for l in sys.stdin if l.strip()]
bad=[r["Service"]+"="+r["State"]+"/"+(r.get("Health") or "-") for r in rows if r["State"]!="running" or r.get("Health") not in ("","healthy")]
print(" ".join(bad) if bad or len(rows)<'"$nsvc"' else "")')
  [ -z "$pending" ] && break
  sleep 0.25
done
[ -z "$pending" ] || { echo "NOT HEALTHY: $pending"; dc ps -a; exit 1; }
t2=$(date +%s.%N)
printf '== all %s services running, every healthcheck healthy, %.1fs after up started\n' "$nsvc" "$(echo "$t2 - $t0" | bc)"
dc ps --format 'table {{.Service}}\t{{.Status}}'
fail=0
expect() { if grep -q -- "$2" <<<"$3"; then echo "ok   $1"; else echo "FAIL $1: $3"; fail=1; fi; }
expect "https://127.0.0.1/health -> server" '^{"status": "healthy"} 200$' "$(curl -sk -w ' %{http_code}' https://127.0.0.1/health)"
expect "https://127.0.0.1/v1/x -> server"   '"service": "server", "path": "/v1/x"' "$(curl -sk https://127.0.0.1/v1/x)"
expect "no login router (AUTH_BACKEND none)" '^404$' "$(curl -sk -o /dev/null -w '%{http_code}' -X POST https://127.0.0.1/v1/auth/login -d '{"email":"a","password":"b"}')"
expect "transcripts need a user"    '^401$' "$(curl -sk -o /dev/null -w '%{http_code}' https://127.0.0.1/v1/transcripts)"
expect "https://127.0.0.1/ -> web"          'reflector-web-standin' "$(curl -sk https://127.0.0.1/)"
expect "http://127.0.0.1/ -> https redirect" '^308' "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1/)"
pull=$(curl -sN http://127.0.0.1:11435/api/pull -d '{"model":"qwen2.5:0.5b"}')
expect "ollama pull streams (first line)"  '^{"status":"pulling manifest"}' "$(head -1 <<<"$pull")"
expect "ollama pull streams (last line)"   '^{"status":"success"}$' "$(tail -1 <<<"$pull")"
echo "     ($(wc -l <<<"$pull") ndjson lines)"
expect "ollama unknown model" 'file does not exist' "$(curl -sN http://127.0.0.1:11435/api/pull -d '{"model":"x-doesnotexist"}')"
expect "ollama list (in container)" 'qwen2.5:0.5b' "$(dc exec -T ollama-cpu ollama list)"
expect "ollama chat completion" '"model":"qwen2.5:0.5b"' "$(curl -s http://127.0.0.1:11435/v1/chat/completions -d '{"model":"qwen2.5:0.5b","messages":[{"role":"user","content":"hi"}]}')"
expect "ollama chat, model not pulled" '^404$' "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:11435/v1/chat/completions -d '{"model":"llama3.2","messages":[{"role":"user","content":"hi"}]}')"
expect "model server /docs" '^200$' "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:8000/docs)"
TOK=$(awk -F'"' '/^admin_token/ {print $2}' data/garage.toml); A=http://127.0.0.1:3903; H="Authorization: Bearer $TOK"
j() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
expect "garage /health before layout" '^503' "$(curl -s -o /dev/null -w '%{http_code}' $A/health)"
expect "garage no token" 'Authorization token must be provided' "$(curl -s $A/v1/status)"
NID=$(curl -s -H "$H" $A/v1/status | j 'd["node"]')
V=$(curl -s -H "$H" $A/v1/layout | j 'd["version"]')
curl -s -H "$H" -X POST $A/v1/layout -d "[{\"id\":\"$NID\",\"zone\":\"dc1\",\"capacity\":100000000000,\"tags\":[]}]" >/dev/null
expect "garage apply wrong version" '^500' "$(curl -s -o /dev/null -w '%{http_code}' -H "$H" -X POST $A/v1/layout/apply -d "{\"version\":$((V+5))}")"
expect "garage apply" "'version': $((V+1))" "$(curl -s -H "$H" -X POST $A/v1/layout/apply -d "{\"version\":$((V+1))}" | j 'd["layout"]')"
expect "garage /health after layout" '^200' "$(curl -s -o /dev/null -w '%{http_code}' $A/health)"
expect "garage bucket missing" '^404' "$(curl -s -o /dev/null -w '%{http_code}' -H "$H" "$A/v1/bucket?globalAlias=reflector-media")"
BID=$(curl -s -H "$H" -X POST $A/v1/bucket -d '{"globalAlias":"reflector-media"}' | j 'd["id"]')
expect "garage bucket exists" '^409' "$(curl -s -o /dev/null -w '%{http_code}' -H "$H" -X POST $A/v1/bucket -d '{"globalAlias":"reflector-media"}')"
expect "garage key search none" '0 matching keys' "$(curl -s -H "$H" "$A/v1/key?search=reflector&showSecretKey=true")"
KID=$(curl -s -H "$H" -X POST $A/v1/key -d '{"name":"reflector"}' | j 'd["accessKeyId"]')
expect "garage key search one" "$KID" "$(curl -s -H "$H" "$A/v1/key?search=reflector&showSecretKey=true" | j 'd["accessKeyId"], len(d["secretAccessKey"])')"
expect "garage allow" "'read': True, 'write': True" "$(curl -s -H "$H" -X POST $A/v1/bucket/allow -d "{\"bucketId\":\"$BID\",\"accessKeyId\":\"$KID\",\"permissions\":{\"read\":true,\"write\":true,\"owner\":false}}" | j 'd["keys"]')"
expect "garage S3 port" '^403' "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:3900/)"
SECRET=$(curl -s -H "$H" "$A/v1/key?search=reflector&showSecretKey=true" | j 'd["secretAccessKey"]')
# PUT, GET, DELETE, then GET again, signed with AWS Signature V4 (region garage).
s3=$(python3 - "$KID" "$SECRET" <<'PY'
import datetime, hashlib, hmac, http.client, sys
kid, secret = sys.argv[1:3]
def call(method, path, body=b""):
    now = datetime.datetime.now(datetime.timezone.utc)
    amz, day = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d")
    h = {"host": "127.0.0.1:3900", "x-amz-content-sha256": hashlib.sha256(body).hexdigest(), "x-amz-date": amz}
    names = sorted(h)
    canonical = "\n".join([method, path, "", "".join("%s:%s\n" % (n, h[n]) for n in names), ";".join(names),
                           h["x-amz-content-sha256"]])
    scope = day + "/garage/s3/aws4_request"
    key = ("AWS4" + secret).encode()
    for part in (day, "garage", "s3", "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    h["Authorization"] = "AWS4-HMAC-SHA256 Credential=%s/%s, SignedHeaders=%s, Signature=%s" % (
        kid, scope, ";".join(names), hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest())
    c = http.client.HTTPConnection("127.0.0.1", 3900, timeout=10)
    c.request(method, path, body, h)
    r = c.getresponse()
    return "%d:%s" % (r.status, r.read().decode()[:20])
print(" ".join(call(*a) for a in (("PUT", "/reflector-media/smoke", b"ok"), ("GET", "/reflector-media/smoke"),
                                  ("DELETE", "/reflector-media/smoke"), ("GET", "/reflector-media/smoke"))))
PY
)
expect "garage S3 signed put/get/delete" '^200: 200:ok 204: 404:' "$s3"
expect "no secret values in logs" '^0$' "$(dc logs 2>&1 | grep -cF -e should-not-appear -e "$TOK" || true)"
[ $fail = 0 ] && echo "== ALL CHECKS PASSED" || { echo "== SOME CHECKS FAILED"; exit 1; }
