#!/bin/sh
# load.sh: lay out an event log on the test cluster, sharded by user, and
# load it.
#
#   load.sh DIR USERS_CSV EVENTS_CSV [DATABASE]
#
# DIR is a cluster.sh directory (its env names the ports). On each shard it
# makes DATABASE (default "shop", dropped first if it exists) with
#   users_local  (user_id String, <every other column of USERS_CSV> String)
#   events_local (user_id String, page String, event_time DateTime)
# as MergeTree tables, and over them the Distributed tables users and events
# of the cluster "fr", both sharded by cityHash64(user_id): one user's row and
# all their events are on the same shard, which is what lets each shard find
# its users' levels alone. event_time is a plain DateTime, so it is kept as
# UTC seconds and shown in the server's own time zone, as in most real
# clusters; the cube SQL must not depend on that zone.
#
# The CSV files have the project's event-log layout (SPEC 3.2, as written
# by funnel-report --export-demo). They go as text into a staging Log table
# on shard 1, then through the Distributed tables to the shards
# (insert_distributed_sync = 1: the INSERT returns when every shard has its
# rows); event_time is parsed there as ISO 8601 with UTC for times without an
# offset. Column names with a tab or a line break are not supported here
# (this is a test fixture, not an importer).
set -u

die() {
	echo "load.sh: $*" >&2
	exit 1
}

[ $# -ge 3 ] || die "usage: load.sh DIR USERS_CSV EVENTS_CSV [DATABASE]"
DIR=$1 USERS=$2 EVENTS=$3 DB=${4:-shop}
HERE=$(cd "$(dirname "$0")" && pwd)
[ -f "$DIR/env" ] || die "$DIR/env is missing: start the cluster with cluster.sh start"
. "$DIR/env"
[ -r "$USERS" ] || die "cannot read $USERS"
[ -r "$EVENTS" ] || die "cannot read $EVENTS"

# q PORT SQL [URL_PARAMS]: runs SQL on one server, prints what it returns.
q() {
	port=$1 sql=$2
	out=$(curl -sS --fail-with-body "http://127.0.0.1:$port/?${3:-}" --data-binary "$sql" 2>&1) ||
		die "shard on port $port: $sql: $out"
	[ -z "$out" ] || printf '%s\n' "$out"
}

urlencode() {
	printf '%s' "$1" | perl -pe 's/([^A-Za-z0-9_.~-])/sprintf("%%%02X", ord($1))/ge'
}

# insert_file PORT TABLE FILE: the file's rows after its header. They go as
# TSV: 18.16's CSV input trims spaces around unquoted fields.
insert_file() {
	out=$(perl "$HERE/csv2tsv.pl" "$3" | curl -sS --fail-with-body \
		"http://127.0.0.1:$1/?query=$(urlencode "INSERT INTO $2 FORMAT TabSeparatedWithNames")" \
		--data-binary @- 2>&1) ||
		die "loading $3: $out"
}

# A backtick-quoted identifier (backslash and backtick escaped).
ident() {
	printf '`%s`' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/`/\\`/g')"
}

# The header's column names, one a line.
header() {
	perl "$HERE/csv2tsv.pl" "$1" | head -n 1 | tr '\t' '\n'
}

DBI=$(ident "$DB")
ucols=$(header "$USERS")
echo "$ucols" | grep -qx user_id || die "$USERS: no column user_id"
ecols=$(header "$EVENTS")
for c in user_id page event_time; do
	echo "$ecols" | grep -qx "$c" || die "$EVENTS: no column $c"
done

# Column lists: "a String, b String" for CREATE, "a, b" for SELECT.
defs() {
	printf '%s\n' "$1" | while IFS= read -r c; do
		printf '%s String, ' "$(ident "$c")"
	done | sed 's/, $//'
}
names() {
	printf '%s\n' "$1" | while IFS= read -r c; do
		printf '%s, ' "$(ident "$c")"
	done | sed 's/, $//'
}
udefs=$(defs "$ucols")
unames=$(names "$ucols")
edefs=$(defs "$ecols")

for port in "$CH_HTTP_PORT_1" "$CH_HTTP_PORT_2"; do
	q "$port" "DROP DATABASE IF EXISTS $DBI"
	q "$port" "CREATE DATABASE $DBI"
	q "$port" "CREATE TABLE $DBI.users_local ($udefs) ENGINE = MergeTree() ORDER BY user_id"
	q "$port" "CREATE TABLE $DBI.events_local (user_id String, page String, event_time DateTime)
	           ENGINE = MergeTree() ORDER BY (user_id, event_time)"
	# The same sharding key on both tables: a user's row and events meet on one shard.
	q "$port" "CREATE TABLE $DBI.users AS $DBI.users_local
	           ENGINE = Distributed($CH_CLUSTER, $DBI, users_local, cityHash64(user_id))"
	q "$port" "CREATE TABLE $DBI.events AS $DBI.events_local
	           ENGINE = Distributed($CH_CLUSTER, $DBI, events_local, cityHash64(user_id))"
done

P=$CH_HTTP_PORT_1
# A SETTINGS clause after INSERT ... SELECT binds to the SELECT alone in
# 18.16, so the INSERT's own setting goes in the URL.
SYNC=insert_distributed_sync=1
q "$P" "CREATE TABLE $DBI.users_csv ($udefs) ENGINE = Log"
q "$P" "CREATE TABLE $DBI.events_csv ($edefs) ENGINE = Log"
insert_file "$P" "$DB.users_csv" "$USERS"
insert_file "$P" "$DB.events_csv" "$EVENTS"
# Our timestamps allow a decimal comma; ClickHouse wants a point.
q "$P" "INSERT INTO $DBI.users ($unames) SELECT $unames FROM $DBI.users_csv" "$SYNC"
q "$P" "INSERT INTO $DBI.events (user_id, page, event_time)
        SELECT user_id, page, parseDateTimeBestEffort(replaceOne(event_time, ',', '.'), 'UTC')
        FROM $DBI.events_csv" "$SYNC"
q "$P" "DROP TABLE $DBI.users_csv"
q "$P" "DROP TABLE $DBI.events_csv"
for n in 1 2; do
	eval port=\$CH_HTTP_PORT_$n
	echo "shard $n: $(q "$port" "SELECT count() FROM $DBI.users_local") users, $(q "$port" "SELECT count() FROM $DBI.events_local") events"
done
