#!/bin/sh
# make bench: figures, never assertions. Generates demo event logs as CSV
# (--export-demo, deterministic), then times full runs (every output) from
# them and from the embedded demo, printing per stage seconds, rows and rows
# per second, the peak RSS, the CSV parse rate, and `cat` of the same files
# as the floor. Usage: bench.sh BIN CSVPARSE [USERS...]
set -eu
BIN=$1
CSVPARSE=$2
shift 2
# about 100 k, 1 M and 10 M events: the demo makes some 3 events per user
[ $# -gt 0 ] || set -- 32300 330000 3300000
WORK=${BENCH_DIR:-${TMPDIR:-/tmp}/funnel-bench}
mkdir -p "$WORK"
STEPS=home,search,product,cart,payment,confirmation
TIME=/usr/bin/time
[ -x $TIME ] || { echo "make bench needs GNU time: apt-get install time"; exit 1; }
export LC_ALL=C

# stages of a run from its summary.json: name start seconds rows_in rows_out
stages() { awk -F': ' -f "$(dirname "$0")/stages.awk" "$1"; }

report() { # label summary time-file
	read -r secs kb <"$3"
	echo "  $1: ${secs} s wall, peak RSS $((kb / 1024)) MB"
	stages "$2" | while read -r name start s rin rows; do
		rate=$(awk -v r="$rows" -v s="$s" 'BEGIN { if (s > 0) printf "%.0f", r / s; else print "-" }')
		printf '    %-8s %7.2f s %12s rows %12s rows/s\n' "$name" "$s" "$rows" "$rate"
	done
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo), $(uname -m)"
$TIME -f '%e %M' -o "$WORK/time" "$BIN" -q --timings -o "$WORK/out"
echo "embedded demo (90,400 users):"
report "full report" "$WORK/out/data/summary.json" "$WORK/time"

for users in "$@"; do
	d="$WORK/demo-$users"
	if [ ! -s "$d/events.csv" ]; then
		"$BIN" --demo-users "$users" --export-demo "$d"
	fi
	events=$(($(wc -l <"$d/events.csv") - 1))
	mb=$(du -cm "$d/users.csv" "$d/events.csv" | tail -1 | cut -f1)
	echo "event log of $events events, $users users, $mb MB of CSV:"
	t0=$(date +%s.%N)
	cat "$d/users.csv" "$d/events.csv" >/dev/null
	t1=$(date +%s.%N)
	echo "  cat (the floor): $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }') s"
	echo "  CSV reader alone, events.csv: $("$CSVPARSE" "$d/events.csv")"
	[ -s "$d/events.csv.gz" ] || gzip -c "$d/events.csv" >"$d/events.csv.gz"
	echo "  CSV reader alone, events.csv.gz: $("$CSVPARSE" "$d/events.csv.gz")"
	$TIME -f '%e %M' -o "$WORK/time" "$BIN" -q --timings --users-csv "$d/users.csv" \
		--events-csv "$d/events.csv" --steps $STEPS -o "$WORK/out"
	report "full report" "$WORK/out/data/summary.json" "$WORK/time"
	[ -s "$d/users.csv.gz" ] || gzip -c "$d/users.csv" >"$d/users.csv.gz"
	$TIME -f '%e %M' -o "$WORK/time" "$BIN" -q --timings --users-csv "$d/users.csv.gz" \
		--events-csv "$d/events.csv.gz" --steps $STEPS -o "$WORK/out"
	report "full report, gzipped inputs" "$WORK/out/data/summary.json" "$WORK/time"
done
