#!/bin/bash
# The one runner of make test: every suite, TEST_JOBS at a time (default 2,
# the machine's cores), to the end even when one fails. Each suite's output
# is shown whole when it ends, then a line with its counts; the last line is
# the total over every suite, "N passed, M failed".
#
#   tests/run.sh [SUITE...]     all suites, or those named (see the list below)
#
# A check passes or fails on a line of its suite: "ok ..." or "FAIL ..." from
# the shell suites, cmocka's "[       OK ]" and "[  FAILED  ]" from the unit
# tests. A suite that exits non-zero without a FAIL line counts one failure
# (it stopped before it could say what failed).
set -u
B=${B:-build}
JOBS=${TEST_JOBS:-2}
LOGS="$B/test-logs"
mkdir -p "$LOGS"
export LC_ALL=C TZ=UTC SOURCE_DATE_EPOCH=1767225600

UNIT=$(cd tests/unit && ls test_*.c | sed 's/\.c$//')
FUZZ="csv timestamp tmpl inputs run cube chwire"

# name command... : the suites, longest first so the two cores stay busy.
suites() {
	echo "faults sh tests/cli/faults.sh $B/funnel-report $B/funnel-report-fault $B/failwrite.so"
	echo "cli sh tests/cli/run-all.sh $B/funnel-report $B/funnel-report-asan"
	echo "postgres sh tests/postgres/run.sh $B/funnel-report $B/funnel-report-asan"
	echo "clickhouse sh tests/clickhouse/run.sh $B/funnel-report $B/funnel-report-asan"
	echo "valgrind sh tests/cli/valgrind.sh $B/funnel-report"
	echo "bad-inputs sh tests/cli/bad-inputs.sh $B/funnel-report $B/funnel-report-asan"
	echo "sources sh tests/cli/sources.sh $B/funnel-report $B/funnel-report-asan"
	echo "report sh tests/cli/report.sh $B/funnel-report $B/pngstat"
	echo "nightly sh tests/cli/nightly.sh $B/funnel-report"
	echo "links sh tests/cli/links.sh $B/funnel-report"
	echo "golden sh tests/golden/run.sh $B/funnel-report $B/htmltext"
	for t in $UNIT; do
		echo "unit-asan/$t $B/tests-asan/$t"
		echo "unit/$t $B/tests/$t"
	done
	echo "replay sh tests/fuzz/replay.sh $B/replay $FUZZ"
	echo "docpaths sh tests/cli/docpaths.sh"
	echo "layers sh tests/tools/layers.sh"
	echo "manpage sh tests/cli/manpage.sh $B/funnel-report"
	echo "install sh tests/cli/install.sh $B"
}

# wanted NAME [SUITE...]: whether NAME is one of the suites asked for (all
# when none is); "unit" stands for every unit/NAME.
wanted() {
	local name=$1
	shift
	[ $# -eq 0 ] && return 0
	for w in "$@"; do
		case $name in "$w" | "$w"/*) return 0 ;; esac
	done
	return 1
}

# count LOG RC: prints "passed failed" for a finished suite.
count() {
	awk -v rc="$2" '
		/^ok / || /^\[       OK \] / { p++ }
		/^FAIL/ { f++ }
		/^\[  FAILED  \] / && !/test\(s\)/ { if (!seen[$0]++) f++ }
		END { if (rc != 0 && f == 0) f = 1; printf "%d %d\n", p, f }' "$1"
}

TOTAL_P=0
TOTAL_F=0
declare -A PIDS=() START=()
finish() {
	local name=$1 rc=$2 log="$LOGS/${1//\//_}.log"
	read -r p f < <(count "$log" "$rc")
	cat "$log"
	local secs=$(($(date +%s) - START[$name]))
	if [ "$f" -gt 0 ]; then
		echo "FAIL suite $name: $p passed, $f failed (${secs} s; exit $rc; log $log)"
	else
		echo "ok   suite $name: $p passed (${secs} s)"
	fi
	TOTAL_P=$((TOTAL_P + p))
	TOTAL_F=$((TOTAL_F + f))
}

reap() {
	local pid name rc
	wait -n -p pid 2>/dev/null
	rc=$?
	for name in "${!PIDS[@]}"; do
		if [ "${PIDS[$name]}" = "$pid" ]; then
			unset "PIDS[$name]"
			finish "$name" "$rc"
			return
		fi
	done
}

T0=$(date +%s)
while read -r name cmd; do
	wanted "$name" "$@" || continue
	while [ "${#PIDS[@]}" -ge "$JOBS" ]; do reap; done
	START[$name]=$(date +%s)
	# shellcheck disable=SC2086
	$cmd >"$LOGS/${name//\//_}.log" 2>&1 </dev/null &
	PIDS[$name]=$!
done < <(suites)
while [ "${#PIDS[@]}" -gt 0 ]; do reap; done
echo "all suites in $(($(date +%s) - T0)) s"
echo "$TOTAL_P passed, $TOTAL_F failed"
[ "$TOTAL_F" -eq 0 ]
