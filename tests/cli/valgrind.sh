#!/bin/sh
# A 2,000-user demo run under valgrind: no memory error, no definite leak.
# Usage: valgrind.sh BIN
set -u
BIN=$1
d=$(mktemp -d "${TMPDIR:-/tmp}/fr-valgrind.XXXXXX")
trap 'rm -rf "$d"' EXIT
if valgrind -q --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite \
	--error-exitcode=1 "$BIN" -q --demo-users 2000 -o "$d/out"; then
	echo "ok   valgrind: demo run, no memory error, no leak"
else
	echo "FAIL valgrind: demo run (see above)"
	exit 1
fi
