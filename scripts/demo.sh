#!/usr/bin/env bash
# `make demo`: converts every file in samples/ into out/ (a Phụ lục .xlsx and a .json each).
set -u
CHISO=${1:-build/chiso}
cd "$(dirname "$0")/.."
mkdir -p out
status=0
for f in samples/*; do
    case "$f" in *.rules|*.md) continue;; esac
    [ -f "$f" ] || continue
    # the whole file name, dots to dashes: the same appendix as .csv, .xls and .xlsx
    # must not overwrite each other
    base=$(basename "$f"); base=${base//./-}
    if "$CHISO" convert "$f" -o "out/$base.xlsx" -q && "$CHISO" convert "$f" -o "out/$base.json" -q; then
        echo "out/$base.xlsx"; echo "out/$base.json"
    else
        echo "demo: $f could not be converted" >&2; status=1
    fi
done
exit $status
