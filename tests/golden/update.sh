#!/bin/sh
# Regenerates the golden outputs after an intended change; review the diff.
set -eu
BIN=$1
HERE=$(cd "$(dirname "$0")" && pwd)
rm -rf "$HERE/demo-300"
SOURCE_DATE_EPOCH=1767225600 "$BIN" -q --demo-users 300 --seed 3 -o "$HERE/demo-300"
echo "updated tests/golden/demo-300; review with git diff"
