#!/usr/bin/env bash
# Writes the reliability suite's own counts (target/reliability-counts.txt, written by the suite
# on each run) into docs/reliability.md, between the reliability-counts markers: the numbers there
# are produced by the suite, never typed. With --check it only fails when the document differs.
set -euo pipefail
cd "$(dirname "$0")/../.."
counts=target/reliability-counts.txt
doc=docs/reliability.md
[ -f "$counts" ] || { echo "[reliability-counts] $counts is missing: run the unit tests first" >&2; exit 3; }
# Without both markers there would be nothing to compare, and the check could never fail.
for marker in '<!-- reliability-counts:begin -->' '<!-- reliability-counts:end -->'; do
  grep -qxF -- "$marker" "$doc" || { echo "[reliability-counts] $doc has no line '$marker'" >&2; exit 3; }
done

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
  !skip { print }' "$doc")

if [ "${1:-}" = "--check" ]; then
  if [ "$updated" != "$(cat "$doc")" ]; then
    echo "[reliability-counts] the counts in $doc differ from the suite's; run scripts/dev/reliability-counts.sh" >&2
    exit 1
  fi
  exit 0
fi
printf '%s\n' "$updated" > "$doc"
