#!/bin/sh
# Regenerates the golden outputs after an intended change; review the diff.
# Only the text outputs are kept (the data files and report.md): the charts,
# HTML and PDF are checked for determinism by rerunning, not stored here.
set -eu
BIN=$1
HERE=$(cd "$(dirname "$0")" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
SOURCE_DATE_EPOCH=1767225600 "$BIN" -q --demo-users 300 --seed 3 -o "$TMP/out"
rm -rf "$HERE/demo-300"
mkdir -p "$HERE/demo-300"
cp -r "$TMP/out/data" "$TMP/out/report.md" "$HERE/demo-300/"
echo "updated tests/golden/demo-300; review with git diff"
