#!/bin/sh
# make bench-peers: funnel-report against a DuckDB peer, figures only, never
# an assertion on a time. For each size of demo event log (about 0.1 M, 1 M
# and 10 M events; 30 M with BENCH_LARGE=1) it runs, back to back, the full
# report (every output) and the DuckDB script a SQL user would write for the
# same numbers (tests/bench/peers/duckdb.mjs), prints wall time, CPU time and
# peak RSS of both and their ratios, funnel-report's stages, the peer's
# statements, and checks that the two computed the same funnel and visits
# numbers. Exits 1 if some size's numbers differ (the figures of a peer that
# computes something else are worthless), 0 otherwise.
#
# Usage: bench-peers.sh BIN PEER_DIR [USERS...]
#   PEER_DIR   where make installed the peer (duckdb.mjs, compare.mjs and
#              node_modules with @duckdb/node-api)
#   USERS      demo sizes in users (the demo makes about 3 events a user)
# Environment:
#   BENCH_DIR    cache of the generated event logs and the runs' outputs,
#                shared with make bench (default $TMPDIR/funnel-bench)
#   BENCH_LARGE  1: add the 10,000,000-user (about 30 M event) size
#   BENCH_RUNS   runs of each program per size, alternating (default 1); the
#                figures are those of each one's fastest run
#
# The cores may be shared: beside each figure set it prints the load average
# and the CPU seconds that other processes took while each program ran (from
# /proc/stat, less the program's own), so a slow figure can be told from a
# busy machine.
set -eu
BIN=$1
PEER=$2
shift 2
if [ $# -eq 0 ]; then
	set -- 32300 330000 3300000
	[ "${BENCH_LARGE:-0}" = 1 ] && set -- "$@" 10000000
fi
WORK=${BENCH_DIR:-${TMPDIR:-/tmp}/funnel-bench}
mkdir -p "$WORK"
STEPS=home,search,product,cart,payment,confirmation
# the dimensions funnel-report picks by itself on the demo (signup_date has
# more than 50 values), in its order
DIMS=sex,channel,device,month
TIME=/usr/bin/time
[ -x $TIME ] || { echo "make bench-peers needs GNU time: apt-get install time"; exit 1; }
command -v node >/dev/null || { echo "make bench-peers needs Node.js: apt-get install nodejs npm"; exit 1; }
export LC_ALL=C

RUNS=${BENCH_RUNS:-1}
# a time file (wall s, peak KB, user s, system s, others' CPU s) as:
# wall MB cpu others
measured() { awk '{ printf "%s %.0f %.2f %.2f\n", $1, $2 / 1024, $3 + $4, $5 }' "$1"; }
# CPU seconds all processes have used (user, nice, system, irq, softirq, steal)
busy() { awk '/^cpu / { printf "%.2f\n", ($2 + $3 + $4 + $7 + $8 + $9) / 100 }' /proc/stat; }
# timed LABEL KEEP CMD...: runs CMD under GNU time; when it is LABEL's fastest
# run so far, its figures (and the CPU seconds others used meanwhile) go to
# $WORK/time-LABEL and the file KEEP, which CMD wrote, to $WORK/keep-LABEL, so
# that the stages shown are those of the run whose time is shown
timed() {
	label=$1
	keep=$2
	shift 2
	b0=$(busy)
	$TIME -f '%e %M %U %S' -o "$WORK/time-run" "$@"
	b1=$(busy)
	awk -v b0="$b0" -v b1="$b1" '{ o = b1 - b0 - $3 - $4; printf "%s %s %s %s %.2f\n", $1, $2, $3, $4, o < 0 ? 0 : o }' \
		"$WORK/time-run" >"$WORK/time-run2"
	if [ ! -s "$WORK/time-$label" ] || awk -v a="$(cut -d' ' -f1 "$WORK/time-run2")" \
		'{ exit !(a < $1) }' "$WORK/time-$label"; then
		mv "$WORK/time-run2" "$WORK/time-$label"
		cp "$keep" "$WORK/keep-$label"
	fi
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo), $(uname -m)"
echo "$("$BIN" --version | head -1); peer: @duckdb/node-api $(cd "$PEER" && node -p "require('./node_modules/@duckdb/node-api/package.json').version"), node $(node --version)"
echo "event logs and outputs in $WORK"
summary="$WORK/peers-summary"
: >"$summary"
status=0
for users in "$@"; do
	d="$WORK/demo-$users"
	if [ ! -s "$d/events.csv" ]; then
		echo "generating $users users into $d"
		"$BIN" --demo-users "$users" --export-demo "$d"
	fi
	[ -s "$d/events.count" ] || echo $(($(wc -l <"$d/events.csv") - 1)) >"$d/events.count"
	events=$(cat "$d/events.count")
	mb=$(du -cm "$d/users.csv" "$d/events.csv" | tail -1 | cut -f1)
	fr="$WORK/peers-out/funnel-report-$users"
	peer="$WORK/peers-out/duckdb-$users"
	rm -rf "$peer"
	mkdir -p "$peer" "$(dirname "$fr")"
	echo
	echo "== $events events, $users users, $mb MB of CSV"
	# both read the files from the page cache
	cat "$d/users.csv" "$d/events.csv" >/dev/null
	l0=$(load)
	rm -f "$WORK/time-fr" "$WORK/time-peer" "$WORK/keep-fr" "$WORK/keep-peer"
	run=0
	while [ $run -lt "$RUNS" ]; do
		timed fr "$fr/data/summary.json" "$BIN" --users-csv "$d/users.csv" --events-csv "$d/events.csv" \
			--steps $STEPS --timings -q -o "$fr"
		timed peer "$peer/statements.txt" node "$PEER/duckdb.mjs" "$d/users.csv" "$d/events.csv" $STEPS $DIMS "$peer"
		run=$((run + 1))
	done
	l1=$(load)
	read -r fs fm fc fo <<-EOF
	$(measured "$WORK/time-fr")
	EOF
	read -r ds dm dc do <<-EOF
	$(measured "$WORK/time-peer")
	EOF
	[ "$RUNS" = 1 ] || echo "  the fastest of $RUNS runs each"
	echo "  load average before $l0, after $l1"
	printf '  %-14s %8s %9s %8s  %s\n' "" "wall s" "peak MB" "CPU s" "others' CPU s meanwhile"
	printf '  %-14s %8s %9s %8s  %s\n' funnel-report "$fs" "$fm" "$fc" "$fo"
	printf '  %-14s %8s %9s %8s  %s\n' "DuckDB peer" "$ds" "$dm" "$dc" "$do"
	tr=$(ratio "$fs" "$ds")
	mr=$(ratio "$fm" "$dm")
	printf '  %-14s %8s %9s %8s\n' "funnel/DuckDB" "$tr" "$mr" "$(ratio "$fc" "$dc")"
	if check=$(node "$PEER/compare.mjs" "$fr/data" "$peer"); then
		equal=yes
	else
		equal=NO
		status=1
	fi
	echo "  $check"
	[ -n "${duck_version:-}" ] || duck_version=$(cat "$peer/version.txt")
	echo "  funnel-report stages in that run (rows/s: the larger of rows in and out, per second):"
	printf '    %-8s %8s %8s %11s %11s %12s\n' stage "start s" seconds "rows in" "rows out" "rows/s"
	awk -F': ' -f "$(dirname "$0")/stages.awk" "$WORK/keep-fr" |
		while read -r name start s rin rout; do
			rate=$(awk -v a="$rin" -v b="$rout" -v s="$s" \
				'BEGIN { r = a > b ? a : b; if (s > 0) printf "%.0f", r / s; else print "-" }')
			printf '    %-8s %8.2f %8.2f %11s %11s %12s\n' "$name" "$start" "$s" "$rin" "$rout" "$rate"
		done
	# summary.json is rendered inside publish, so what publish does after it
	# (the PDF above all) is in no stage; nor are start-up and exit
	awk -F': ' -f "$(dirname "$0")/stages.awk" "$WORK/keep-fr" |
		awk -v wall="$fs" '{ e = $2 + $3; if (e > end) end = e }
			END { printf "    %-8s %8.2f %8.2f  (wall less the stages: start-up, publish after summary.json, exit)\n", "rest", end, wall - end }'
	printf '  DuckDB statements in that run (s):'
	while read -r label s; do printf ' %s %s' "$label" "$s"; done <"$WORK/keep-peer"
	echo
	echo "$events $users $fs $ds $tr $fm $dm $mr $equal $fo $do $l0" >>"$summary"
done

echo
echo "summary, DuckDB ${duck_version:-?}: wall s and peak MB, ratio = funnel-report / DuckDB;"
echo "others = CPU s other processes used during funnel-report's / DuckDB's run; load = before the size ran"
printf '%11s %9s %7s %7s %5s %6s %7s %5s %5s %12s  %s\n' events users "fr s" "duck s" ratio "fr MB" "duck MB" ratio equal others load
while read -r events users fs ds tr fm dm mr equal fo do l; do
	printf '%11s %9s %7s %7s %5s %6s %7s %5s %5s %12s  %s\n' "$events" "$users" "$fs" "$ds" "$tr" "$fm" "$dm" "$mr" "$equal" "$fo/$do" "$l"
done <"$summary"
exit $status
