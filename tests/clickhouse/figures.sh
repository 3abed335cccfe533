#!/bin/sh
# figures.sh: the timing and memory figures of docs/clickhouse.md, on a
# throwaway two-shard cluster and a demo export.
#
#   figures.sh [BIN] [USERS]     BIN defaults to build/funnel-report, USERS
#                                to 90400 (the demo's size)
#
# Prints Markdown: start-up, load, each cluster query (best of three wall
# times as seen by the client; the initiator's and shard 2's memory and time
# from system.query_log; what shard 2 sent back, as rows, as uncompressed
# bytes, and as bytes on the wire from the kernel's TCP counters), and the
# local run for comparison. Not a test: nothing is compared; run it alone,
# the figures are only as quiet as the machine.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
BIN=${1:-build/funnel-report}
USERS=${2:-90400}
TEMPLATES=$HERE/../../templates/sql
S6=home,search,product,cart,payment,confirmation
export LC_ALL=C TZ=UTC
unset SOURCE_DATE_EPOCH

SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/fr-chfig.XXXXXX") || exit 1
CLUSTER=$SCRATCH/cluster
trap 'sh "$HERE/cluster.sh" stop "$CLUSTER" >/dev/null 2>&1; rm -rf "$SCRATCH"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

now() { date +%s.%N; }
since() { echo "$(now) $1" | awk '{ printf "%.2f", $1 - $2 }'; }
rss() { ps -o rss= -p "$1" | awk '{ printf "%.0f", $1 / 1024 }'; }
# What shard 2 has sent on each connection to its native port so far:
# "peer bytes" lines. The initiator's pool may open a connection during a
# query (all of it is new) or drop one (not part of the query).
conns() {
	ss -tinH state established "( sport = :$CH_TCP_PORT_2 )" |
		awk '/^[0-9]/ { peer = $4 } /bytes_sent:/ { match($0, /bytes_sent:[0-9]+/);
			print peer, substr($0, RSTART + 11, RLENGTH - 11) }'
}
# sent BEFORE_FILE: bytes sent since the conns() in BEFORE_FILE.
sent() {
	conns | awk -v f="$1" 'BEGIN { while ((getline l < f) > 0) { split(l, a, " "); b[a[1]] = a[2] } }
		{ s += $2 - ($1 in b ? b[$1] : 0) } END { print s + 0 }'
}

"$BIN" --export-demo "$SCRATCH/demo" --demo-users "$USERS" -q || exit 1
nev=$(($(wc -l <"$SCRATCH/demo/events.csv") - 1))
sh "$HERE/cluster.sh" start "$CLUSTER" >/dev/null || exit 1
. "$CLUSTER/env"
echo "## $USERS users, $nev events, ClickHouse $(curl -sS "$CH_URL?query=SELECT%20version()")"
echo
echo "- start-up of both servers until both answer: $CH_START_SECONDS s; RSS $(rss "$CH_PID_1") and $(rss "$CH_PID_2") MiB"
t=$(now)
sh "$HERE/load.sh" "$CLUSTER" "$SCRATCH/demo/users.csv" "$SCRATCH/demo/events.csv" demo >/dev/null || exit 1
echo "- load (CSV to TSV, staging table, INSERT through the Distributed tables): $(since "$t") s; RSS $(rss "$CH_PID_1") and $(rss "$CH_PID_2") MiB"
echo "- data on disk: $(du -sk "$CLUSTER/s1/data/data/demo" | cut -f 1) KiB on shard 1, $(du -sk "$CLUSTER/s2/data/data/demo" | cut -f 1) KiB on shard 2"
echo

# one query first, so the initiator's connections to shard 2 are open
curl -sS "$CH_URL" --data-binary "SELECT count() FROM demo.events" >/dev/null
echo "| query | mode | wall (best of 3) | initiator: ms, MiB | shard 2: ms, MiB | shard 2 sent: rows, bytes, on the wire |"
echo "|---|---|---|---|---|---|"
n=0
query() {
	tmpl=$1 mode=$2
	shift 2
	perl "$HERE/render.pl" "$TEMPLATES/$tmpl.sql" --database demo --steps "$S6" \
		--dims sex,channel,device,month --signup signup_date --columns signup_date,sex,channel,device \
		"$@" >"$SCRATCH/q.sql"
	best=
	for i in 1 2 3; do
		n=$((n + 1))
		conns >"$SCRATCH/conns"
		t=$(now)
		curl -sS -u "$CH_USER:$CH_PASSWORD" "$CH_URL?log_queries=1&wait_end_of_query=1&query_id=fig-$$-$n" \
			--data-binary @"$SCRATCH/q.sql" >"$SCRATCH/answer" || exit 1
		secs=$(since "$t")
		w=$(sent "$SCRATCH/conns")
		if [ -z "$best" ] || [ "$(echo "$secs $best" | awk '{ print ($1 < $2) }')" = 1 ]; then
			best=$secs bestq=fig-$$-$n bestw=$w
		fi
	done
	for p in "$CH_HTTP_PORT_1" "$CH_HTTP_PORT_2"; do
		curl -sS "http://127.0.0.1:$p/" --data-binary "SYSTEM FLUSH LOGS" >/dev/null
	done
	init=$(curl -sS "$CH_URL" --data-binary "SELECT query_duration_ms, round(memory_usage / 1048576)
		FROM system.query_log WHERE type = 2 AND query_id = '$bestq' FORMAT TSV" | tr '\t' ',')
	shard=$(curl -sS "http://127.0.0.1:$CH_HTTP_PORT_2/" --data-binary "
		SELECT query_duration_ms, round(memory_usage / 1048576), result_rows, result_bytes
		FROM system.query_log WHERE type = 2 AND initial_query_id = '$bestq' FORMAT TSV")
	set -- $shard
	echo "| $tmpl | $mode | $best s | $init | ${1:-?}, ${2:-?} | ${3:-?}, ${4:-?}, $bestw |"
}
for mode in ordered "window 7" any; do
	case $mode in ordered) o= ;; "window 7") o="--window 7" ;; any) o="--order any" ;; esac
	query clickhouse_cube_funnel "$mode" $o
	query clickhouse_cube_visits "$mode" $o
done
query clickhouse_quality_events -
query clickhouse_quality_users ordered
query clickhouse_attributes -
echo
echo "- RSS after the queries: $(rss "$CH_PID_1") and $(rss "$CH_PID_2") MiB"
for mode in ordered "window 7" any; do
	case $mode in ordered) o= ;; "window 7") o="--window 7" ;; any) o="--order any" ;; esac
	t=$(now)
	"$BIN" -q --users-csv "$SCRATCH/demo/users.csv" --events-csv "$SCRATCH/demo/events.csv" \
		--steps "$S6" $o -o "$SCRATCH/local" || exit 1
	echo "- the local run, $mode, the whole report (extract to publish): $(since "$t") s"
done
