#!/bin/sh
# clickhouse.sh: the two-shard figures of make bench. Figures, never
# assertions (but the report is checked equal to the local run's).
#
#   clickhouse.sh BIN DIR LOCAL_OUT
#
# DIR holds a demo export (users.csv, events.csv); LOCAL_OUT is the local
# run's report on it. Starts a two-shard cluster on this machine
# (tests/clickhouse/cluster.sh), loads the export sharded by user (load.sh),
# and times funnel-report --clickhouse with every output. Prints the load,
# the run's wall time, peak RSS and stages, what crossed the network between
# funnel-report and the node it asked (libcurl's counts: request and
# response bytes as sent, and the answers decompressed) and between the two
# shards (the kernel's byte counters of the connections to shard 2's native
# port, from ss), and whether the data files equal the local run's.
set -eu
BIN=$1 DIR=$2 LOCAL=$3
HERE=$(cd "$(dirname "$0")" && pwd)
CH=$HERE/../clickhouse
STEPS=home,search,product,cart,payment,confirmation
TIME=/usr/bin/time
[ -x /usr/sbin/clickhouse-server ] || { echo "  (no clickhouse-server: apt-get install clickhouse-server clickhouse-client)"; exit 0; }
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/fr-chbench.XXXXXX")
trap 'sh "$CH/cluster.sh" stop "$SCRATCH/cluster" >/dev/null 2>&1; rm -rf "$SCRATCH"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
now() { date +%s.%N; }
since() { echo "$(now) $1" | awk '{ printf "%.1f", $1 - $2 }'; }
rss() { ps -o rss= -p "$1" | awk '{ printf "%.0f", $1 / 1024 }'; }

# bytes sent and received on every connection to shard 2's native port:
# "peer sent received" lines (the initiator keeps its pool open across queries)
conns() {
	ss -tinH state established "( sport = :$CH_TCP_PORT_2 )" |
		awk '/^[0-9]/ { peer = $4 } /bytes_sent:/ {
			s = r = 0
			if (match($0, /bytes_sent:[0-9]+/)) s = substr($0, RSTART + 11, RLENGTH - 11)
			if (match($0, /bytes_received:[0-9]+/)) r = substr($0, RSTART + 15, RLENGTH - 15)
			print peer, s, r }'
}
# since_conns FILE: "sent received" since the conns() in FILE
since_conns() {
	conns | awk -v f="$1" 'BEGIN { while ((getline l < f) > 0) { split(l, a, " "); s[a[1]] = a[2]; r[a[1]] = a[3] } }
		{ ts += $2 - ($1 in s ? s[$1] : 0); tr += $3 - ($1 in r ? r[$1] : 0) } END { print ts + 0, tr + 0 }'
}

sh "$CH/cluster.sh" start "$SCRATCH/cluster" >"$SCRATCH/start.log" 2>&1 || { cat "$SCRATCH/start.log"; exit 1; }
. "$SCRATCH/cluster/env"
echo "  two shards on this machine (ClickHouse $(curl -sS "$CH_URL?query=SELECT%20version()")), up in $CH_START_SECONDS s"
t=$(now)
sh "$CH/load.sh" "$SCRATCH/cluster" "$DIR/users.csv" "$DIR/events.csv" shop >"$SCRATCH/load.log"
echo "  load (CSV to TSV, staging, INSERT through the Distributed tables): $(since "$t") s; $(tr '\n' ';' <"$SCRATCH/load.log" | sed 's/;$//; s/;/; /')"
echo "  server RSS after the load: $(rss "$CH_PID_1") and $(rss "$CH_PID_2") MiB"
# open the initiator's connections to shard 2 first, so that the counts below are the run's
curl -sS "$CH_URL" --data-binary "SELECT count() FROM shop.events" >/dev/null
conns >"$SCRATCH/conns"
export CLICKHOUSE_USER="$CH_USER" CLICKHOUSE_PASSWORD="$CH_PASSWORD"
$TIME -f '%e %M' -o "$SCRATCH/time" "$BIN" -v --timings --clickhouse "$CH_URL?database=shop" \
	--steps $STEPS -o "$SCRATCH/out" 2>"$SCRATCH/err" || { cat "$SCRATCH/err"; exit 1; }
set -- $(since_conns "$SCRATCH/conns")
read -r secs kb <"$SCRATCH/time"
echo "  funnel-report --clickhouse, full report: ${secs} s wall, peak RSS $((kb / 1024)) MB (servers after: $(rss "$CH_PID_1") and $(rss "$CH_PID_2") MiB)"
awk -F': ' -f "$HERE/stages.awk" "$SCRATCH/out/data/summary.json" | while read -r name start s rin rows; do
	printf '    %-8s %7.2f s %12s rows\n' "$name" "$s" "$rows"
done
sed -n 's/^funnel-report: clickhouse: /  between funnel-report and the node it asked (libcurl): /p' "$SCRATCH/err"
echo "  between the shards (kernel counters of shard 2's native port): shard 2 sent $1 bytes, received $2"
same=yes
for f in funnel.csv visits.csv cube_funnel.csv cube_visits.csv time_to_convert.csv; do
	cmp -s "$SCRATCH/out/data/$f" "$LOCAL/data/$f" || same="no ($f differs)"
done
echo "  data files and cubes equal to the local run's: $same"
