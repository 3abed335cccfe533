#!/bin/sh
# Replays every input of the fuzz corpora (tests/fuzz/corpus/NAME) and every
# input that once crashed (tests/fuzz/regressions/NAME) through the fuzz
# targets built without libFuzzer, under ASan and UBSan.
# Usage: replay.sh DIR NAME...   (DIR holds the replay binaries fuzz_NAME)
set -u
DIR=$1
shift
FAILED=0
for t in "$@"; do
	files=$(find tests/fuzz/corpus/$t tests/fuzz/regressions/$t -type f 2>/dev/null | LC_ALL=C sort)
	# shellcheck disable=SC2086
	if "$DIR/fuzz_$t" $files >/dev/null; then
		echo "ok   replay/fuzz_$t ($(echo $files | wc -w) inputs)"
	else
		echo "FAIL replay/fuzz_$t"
		FAILED=$((FAILED + 1))
	fi
done
[ $FAILED -eq 0 ]
