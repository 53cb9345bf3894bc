#!/usr/bin/env bash
# Writes the reliability suite's own counts (target/reliability-counts.txt, written by the suite
# on each run) into the README, between the reliability-counts markers: the numbers there are
# produced by the suite, never typed. With --check it only fails when the README differs.
set -euo pipefail
cd "$(dirname "$0")/../.."
counts=target/reliability-counts.txt
[ -f "$counts" ] || { echo "[reliability-counts] $counts is missing: run the unit tests first" >&2; exit 3; }

table=$(awk '
  /^#/ || NF == 0 { next }
  $1 == "total" { total = $2; next }
  { n = $NF; $NF = ""; sub(/ +$/, ""); rows[++count] = "| " $0 " | " n " |" }
  END {
    print "| Category | Cases |"; print "|---|---|"
    for (i = 1; i <= count; i++) print rows[i]
    print "| **Total** | **" total "** |"
  }' "$counts")

updated=$(awk -v table="$table" '
  /<!-- reliability-counts:begin -->/ { print; print table; skip = 1; next }
  /<!-- reliability-counts:end -->/ { skip = 0 }
  !skip { print }' README.md)

if [ "${1:-}" = "--check" ]; then
  if [ "$updated" != "$(cat README.md)" ]; then
    echo "[reliability-counts] the README's counts differ from the suite's; run scripts/dev/reliability-counts.sh" >&2
    exit 1
  fi
  exit 0
fi
printf '%s\n' "$updated" > README.md
