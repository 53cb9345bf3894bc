#!/usr/bin/env bash
# The whole test suite, from a fresh machine: tools, Docker, local test images, then Maven.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/dev/install-test-tools.sh
bash scripts/dev/provision-docker.sh
bash scripts/dev/build-test-images.sh
mvn -B verify
bash scripts/dev/check-jar.sh
