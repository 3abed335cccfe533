#!/bin/sh
# make bench: figures, never assertions. Generates demo event logs as CSV and
# times full runs from them, printing seconds and peak RSS. Usage:
#   bench.sh BIN [USERS...]   (default: 32300 323000 users, about 100 k and 1 M events)
set -eu
BIN=$1
shift
[ $# -gt 0 ] || set -- 32300 323000
WORK=${BENCH_DIR:-${TMPDIR:-/tmp}/funnel-bench}
mkdir -p "$WORK"
STEPS=home,search,product,cart,payment,confirmation
TIME=/usr/bin/time
[ -x $TIME ] || { echo "bench needs GNU time (apt-get install time)"; exit 1; }

printf '%-10s %12s %10s %10s %12s\n' users events csv_MB seconds peak_RSS_MB
for users in "$@"; do
	d="$WORK/demo-$users"
	if [ ! -s "$d/events.csv" ]; then
		"$BIN" --demo-users "$users" --export-demo "$d"
	fi
	events=$(($(wc -l <"$d/events.csv") - 1))
	mb=$(du -m "$d/events.csv" | cut -f1)
	$TIME -f '%e %M' -o "$WORK/time" "$BIN" -q --users-csv "$d/users.csv" --events-csv "$d/events.csv" \
		--steps $STEPS -o "$WORK/out"
	read -r secs kb <"$WORK/time"
	printf '%-10s %12s %10s %10s %12s\n' "$users" "$events" "$mb" "$secs" $((kb / 1024))
done
