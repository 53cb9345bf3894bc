#!/usr/bin/env bash
# The whole test suite, from a fresh machine: tools, Docker, local test images, then Maven.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/dev/install-test-tools.sh
bash scripts/dev/provision-docker.sh
bash scripts/dev/build-test-images.sh
# The stand-ins' own tests: their interfaces, refusals included (stdlib only, 127.0.0.1 only).
python3 -m unittest discover -s testenv/tests
mvn -B verify
# The reliability counts in docs/reliability.md are the suite's own, from this run.
bash scripts/dev/reliability-counts.sh --check
bash scripts/dev/check-jar.sh
