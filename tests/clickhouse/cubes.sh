#!/bin/sh
# cubes.sh: the ClickHouse cube SQL of templates/sql/clickhouse_*.sql against
# a local run, on a throwaway two-shard cluster.
#
#   cubes.sh [BIN]        BIN defaults to build/funnel-report
#
# It starts the cluster (cluster.sh), loads a demo export (CH_DEMO_USERS
# users, default 3000), the hand-made cases (handmade.sh) and a random log
# full of ties and window edges (random.pl, CH_RANDOM_USERS users, default
# 4000, seed CH_RANDOM_SEED) sharded by user (load.sh), and for ordered, windowed and any-order runs compares what the
# cluster returns for each cube, made into our CSV (tsv2csv.pl), byte for byte
# with data/cube_funnel.csv and data/cube_visits.csv of the local run on the
# same files. The dimensions are the ones the local run chose (its cube's
# header). Queries go over HTTP as a readonly = 2 user, as funnel-report will
# send them. It also checks that a shard sends back only its part of the cube
# (system.query_log), and prints what windowFunnel would have said
# (windowfunnel.sh). The cluster and every file go away on success, failure
# and interruption. Every check prints one line.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
BIN=${1:-build/funnel-report}
DEMO_USERS=${CH_DEMO_USERS:-3000}
export LC_ALL=C TZ=UTC
unset SOURCE_DATE_EPOCH

[ -x "$BIN" ] || { echo "cubes.sh: $BIN is not built (make build/funnel-report)" >&2; exit 2; }
for tool in curl perl /usr/sbin/clickhouse-server; do
	command -v "$tool" >/dev/null || {
		echo "cubes.sh: $tool is missing (apt-get install clickhouse-server clickhouse-client curl)" >&2
		exit 2
	}
done

TEMPLATES=$HERE/../../templates/sql
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/fr-ch.XXXXXX") || exit 1
CLUSTER=$SCRATCH/cluster
cleanup() {
	sh "$HERE/cluster.sh" stop "$CLUSTER" >/dev/null 2>&1
	rm -rf "$SCRATCH"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

FAILED=0
pass() { echo "ok   clickhouse: $1"; }
fail() { echo "FAIL clickhouse: $1"; FAILED=$((FAILED + 1)); }
now() { date +%s.%N; }
since() { echo "$(now) $1" | awk '{ printf "%.2f", $1 - $2 }'; }

# sql PORT [FORMAT]: stdin is the query; it runs as the reader, the answer
# goes to stdout, an error to stderr with the HTTP status.
sql() {
	curl -sS -u "$CH_USER:$CH_PASSWORD" -w '%{http_code}' -o "$SCRATCH/answer" \
		"http://127.0.0.1:$1/?default_format=${2:-TabSeparatedWithNames}&log_queries=1" \
		--data-binary @- >"$SCRATCH/status" 2>"$SCRATCH/curl.err"
	status=$(cat "$SCRATCH/status")
	if [ "$status" != 200 ]; then
		echo "HTTP $status: $(head -c 400 "$SCRATCH/answer") $(cat "$SCRATCH/curl.err")" >&2
		return 1
	fi
	cat "$SCRATCH/answer"
}

# ---- the cluster and the data ------------------------------------------------

t=$(now)
sh "$HERE/cluster.sh" start "$CLUSTER" >"$SCRATCH/start.log" 2>&1 ||
	{ fail "cluster start: $(tail -n 5 "$SCRATCH/start.log")"; exit 1; }
. "$CLUSTER/env"
pass "two shards up in $CH_START_SECONDS s (ports $CH_HTTP_PORT_1, $CH_HTTP_PORT_2)"

"$BIN" --export-demo "$SCRATCH/demo" --demo-users "$DEMO_USERS" -q ||
	{ fail "export of the demo data"; exit 1; }
sh "$HERE/handmade.sh" "$SCRATCH/handmade"
perl "$HERE/random.pl" "$SCRATCH/random" "${CH_RANDOM_USERS:-4000}" "${CH_RANDOM_SEED:-1}"
for ds in demo handmade random; do
	t=$(now)
	if out=$(sh "$HERE/load.sh" "$CLUSTER" "$SCRATCH/$ds/users.csv" "$SCRATCH/$ds/events.csv" "$ds" 2>&1); then
		pass "$ds loaded in $(since "$t") s: $(echo "$out" | tr '\n' ';' | sed 's/;$//; s/;/; /')"
	else
		fail "$ds load: $out"
		exit 1
	fi
done

# ---- the cubes -------------------------------------------------------------

# The signup column the local run uses for "events before signup".
signup_of() {
	cols=$(head -n 1 "$1" | tr -d '\r' | tr ',' '\n')
	if echo "$cols" | grep -qx signup_date; then echo signup_date
	elif echo "$cols" | grep -qx date; then echo date
	fi
}

# compare DATASET STEPS NAME [OPTION...]: one local run with the options,
# both cubes from the cluster with the same options, compared; asked of each
# node in $PORTS.
compare() {
	ds=$1 steps=$2 name=$3
	shift 3
	mode="$*"
	out=$SCRATCH/local-$ds-$name
	if ! "$BIN" -q --users-csv "$SCRATCH/$ds/users.csv" --events-csv "$SCRATCH/$ds/events.csv" \
		--steps "$steps" $mode -o "$out" 2>"$SCRATCH/local.err"; then
		fail "$ds $name: the local run failed: $(head -c 300 "$SCRATCH/local.err")"
		return
	fi
	dims=$(head -n 1 "$out/data/cube_funnel.csv" | sed 's/,\{0,1\}level,users$//')
	signup=$(signup_of "$SCRATCH/$ds/users.csv")
	for cube in funnel visits; do
		if ! perl "$HERE/render.pl" "$TEMPLATES/clickhouse_cube_$cube.sql" --database "$ds" \
			--steps "$steps" --dims "$dims" ${signup:+--signup "$signup"} $mode >"$SCRATCH/$cube.sql"; then
			fail "$ds $name: render.pl failed"
			continue
		fi
		for port in $PORTS; do
			via=""
			[ "$port" = "$CH_HTTP_PORT_2" ] && via=", asked shard 2"
			t=$(now)
			if ! sql "$port" <"$SCRATCH/$cube.sql" >"$SCRATCH/got.tsv" 2>"$SCRATCH/sql.err"; then
				fail "$ds $name $cube$via: $(cat "$SCRATCH/sql.err")"
				continue
			fi
			secs=$(since "$t")
			perl "$HERE/tsv2csv.pl" <"$SCRATCH/got.tsv" >"$SCRATCH/got.csv"
			rows=$(($(wc -l <"$SCRATCH/got.csv") - 1))
			if cmp -s "$SCRATCH/got.csv" "$out/data/cube_$cube.csv"; then
				pass "$ds $name: cube_$cube.csv identical ($rows rows, $secs s$via)"
			else
				fail "$ds $name: cube_$cube.csv differs$via: $(diff "$SCRATCH/got.csv" "$out/data/cube_$cube.csv" | head -n 6 | tr '\n' '|')"
			fi
		done
	done
}

S6=home,search,product,cart,payment,confirmation
# Either node may be asked: the answer must not depend on which.
PORTS="$CH_HTTP_PORT_1 $CH_HTTP_PORT_2"
compare demo "$S6" ordered
PORTS=$CH_HTTP_PORT_1
compare demo "$S6" window-7 --window 7
compare demo "$S6" any --order any
# Steps in another order than the data's: far more users out of order.
compare demo cart,search,home ordered-cart-search-home
compare handmade a,b,c,d ordered
compare handmade a,b,c,d window-7 --window 7
compare handmade a,b,c,d window-1 --window 1
compare handmade a,b,c,d any --order any
# Shapes the C side will send too: no attribute dimension (the visits cube
# has none), one step (no chain to follow), steps the other way round.
compare handmade a,b,c,d month-only --dims month
compare handmade a one-step
compare handmade d,c,b,a reversed-window-2 --window 2 --dims group,month

# Ties, repeats, restarts and window edges everywhere (random.pl).
compare random a,b,c,d ordered
compare random a,b,c,d window-1 --window 1
compare random a,b,c,d window-2 --window 2
compare random a,b,c,d any --order any
# By "who", an attribute that is the user_id: the funnel cube is then every
# user's level and entry month, one row each, compared user by user. The
# cube is always by every dimension; --max-combo 0 only spares the local
# run a report with a breakdown per user.
compare random a,b,c,d by-user --dims who,month --max-combo 0
compare random a,b,c,d by-user-window-1 --window 1 --dims who,month --max-combo 0
compare random a,b,c,d by-user-window-2 --window 2 --dims who,month --max-combo 0
compare random a,b,c,d by-user-any --order any --dims who,month --max-combo 0

# ---- data quality and the default dimensions ---------------------------------

# local_counts DIR: "name count" lines from DIR/data/summary.json: the
# data_quality counts, the totals' users and entered, the period.
local_counts() {
	perl -0777 -ne '
		while (/"name": "([a-z_]+)",\s*"count": (\d+)/g) { print "$1 $2\n" }
		/"totals": \{\s*"users": (\d+),\s*"entered": (\d+)/ and print "users $1\nusers_entered $2\n";
		/"first_event": "([^"]+)",\s*"last_event": "([^"]+)"/ and print "first_event $1\nlast_event $2\n";
	' "$1/data/summary.json"
}

# as_counts: a TSVWithNames answer of one row as "name value" lines; UTC
# seconds of first_event and last_event as ISO 8601, as summary.json has them.
as_counts() {
	perl -ne 'chomp; push @r, [split /\t/, $_, -1];
		END { for $i (0 .. $#{$r[0]}) {
			($n, $v) = ($r[0][$i], $r[1][$i]);
			if ($n =~ /^(first|last)_event$/) {
				@t = gmtime($v);
				$v = sprintf("%04d-%02d-%02dT%02d:%02d:%02dZ", $t[5] + 1900, $t[4] + 1, @t[3, 2, 1, 0]);
			}
			print "$n $v\n";
		} }'
}

quality() {
	ds=$1 steps=$2
	out=$SCRATCH/local-$ds-ordered
	signup=$(signup_of "$SCRATCH/$ds/users.csv")
	cols=$(head -n 1 "$SCRATCH/$ds/users.csv" | tr -d '\r' | tr ',' '\n' | grep -vx user_id | paste -sd, -)
	local_counts "$out" >"$SCRATCH/want"
	: >"$SCRATCH/got"
	for q in quality_events quality_users; do
		perl "$HERE/render.pl" "$TEMPLATES/clickhouse_$q.sql" --database "$ds" --steps "$steps" \
			--columns "$cols" ${signup:+--signup "$signup"} | sql "$CH_HTTP_PORT_1" 2>"$SCRATCH/sql.err" |
			as_counts >>"$SCRATCH/got"
		[ -s "$SCRATCH/sql.err" ] && fail "$ds $q: $(cat "$SCRATCH/sql.err")"
	done
	# users_not_entered is what a local run reports; the cluster says who entered
	perl -ne 'print; /^users (\d+)/ and $u = $1; /^users_entered (\d+)/ and $e = $1;
		END { print "users_not_entered ", $u - $e, "\n" }' "$SCRATCH/got" >"$SCRATCH/got2"
	n=0 bad=""
	while read -r name want; do
		got=$(sed -n "s/^$name //p" "$SCRATCH/got2")
		[ -z "$got" ] && continue # not a figure the cluster gives (bad_rows_skipped)
		n=$((n + 1))
		[ "$got" = "$want" ] || bad="$bad $name=$got (local $want)"
	done <"$SCRATCH/want"
	if [ -z "$bad" ] && [ $n -ge 12 ]; then
		pass "$ds data quality: $n figures equal ($(grep -E '^(duplicate_events|unknown_user_events|users_out_of_order) ' "$SCRATCH/got2" | tr '\n' ' ' | sed 's/ $//'))"
	else
		fail "$ds data quality ($n compared):$bad"
	fi
	grep -E '^(conflicting_rows|bad_signups) ' "$SCRATCH/got2" | grep -qv ' 0$' &&
		fail "$ds: the cluster finds conflicting user rows or bad signups: $(grep -E '^(conflicting_rows|bad_signups) ' "$SCRATCH/got2" | tr '\n' ' ')"

	# The default dimensions: attributes with 2 to 50 values, in column
	# order, but not the cube's own column names; then month.
	perl "$HERE/render.pl" "$TEMPLATES/clickhouse_attributes.sql" --database "$ds" --steps "$steps" \
		--columns "$cols" | sql "$CH_HTTP_PORT_1" 2>"$SCRATCH/sql.err" >"$SCRATCH/attrs.tsv"
	echo "$cols" | tr ',' '\n' >"$SCRATCH/cols"
	tail -n 1 "$SCRATCH/attrs.tsv" | cut -f 2- | tr '\t' '\n' >"$SCRATCH/nvalues"
	dims=$(paste "$SCRATCH/cols" "$SCRATCH/nvalues" | awk -F '\t' '
		$2 >= 2 && $2 <= 50 && $1 !~ /^(level|users|step_index|step|visits|visitors|user_id)$/ { printf "%s,", $1 }
		END { print "month" }')
	want=$(head -n 1 "$out/data/cube_funnel.csv" | sed 's/,level,users$//')
	if [ "$dims" = "$want" ]; then
		pass "$ds default dimensions from the cluster: $dims"
	else
		fail "$ds default dimensions from the cluster: $dims, the local run chose $want"
	fi
}

quality demo "$S6"
quality handmade a,b,c,d
quality random a,b,c,d

# ---- what crossed the network --------------------------------------------------

# The last funnel cube query as shard 2 received it: one row per part of the
# cube must come back, never a row per user.
perl "$HERE/render.pl" "$TEMPLATES/clickhouse_cube_funnel.sql" --database demo \
	--steps "$S6" --dims sex,channel,device,month --signup signup_date >"$SCRATCH/f.sql"
QID=fr-cubes-$$
curl -sS -u "$CH_USER:$CH_PASSWORD" "$CH_URL?log_queries=1&query_id=$QID" --data-binary @"$SCRATCH/f.sql" \
	>"$SCRATCH/f.tsv" 2>"$SCRATCH/sql.err"
# Shard 2 logs its part when it is done with it, which can be just after
# the initiator has answered: look again for a few seconds.
got= i=0
while [ -z "$got" ] && [ $i -lt 30 ]; do
	curl -sS "http://127.0.0.1:$CH_HTTP_PORT_2/" --data-binary "SYSTEM FLUSH LOGS" >/dev/null
	got=$(curl -sS "http://127.0.0.1:$CH_HTTP_PORT_2/" --data-binary "
		SELECT result_rows, result_bytes, read_rows, memory_usage, query_duration_ms
		FROM system.query_log
		WHERE type = 2 AND is_initial_query = 0 AND initial_query_id = '$QID' FORMAT TSV")
	[ -n "$got" ] || sleep 0.1
	i=$((i + 1))
done
users2=$(curl -sS "http://127.0.0.1:$CH_HTTP_PORT_2/" --data-binary "SELECT count() FROM demo.users_local")
cube_rows=$(wc -l <"$SCRATCH/f.tsv")
set -- $got
if [ $# -eq 5 ] && [ "$1" -le "$cube_rows" ] && [ "$1" -lt "$users2" ]; then
	pass "shard 2 sent $1 rows ($2 bytes) for its $users2 users, read $3 rows in $5 ms, $(($4 / 1048576)) MiB"
else
	fail "shard 2's part of the cube: '$got' (cube $cube_rows rows, $users2 users)"
fi

# ---- errors, as funnel-report will meet them ---------------------------------

# expect_error NAME HTTP_STATUS TEXT [URL_PARAMS]: stdin's query fails with
# that status and the body holds TEXT.
expect_error() {
	name=$1 want=$2 text=$3
	status=$(curl -sS -u "$CH_USER:$CH_PASSWORD" -o "$SCRATCH/answer" -w '%{http_code}' \
		"http://127.0.0.1:$CH_HTTP_PORT_1/?wait_end_of_query=1${4:+&$4}" --data-binary @- 2>&1)
	body=$(tr '\n' ' ' <"$SCRATCH/answer" | head -c 300)
	if [ "$status" = "$want" ] && tr '\n' ' ' <"$SCRATCH/answer" | grep -q -- "$text"; then
		pass "$name: HTTP $status, $(echo "$body" | sed 's/, e.what() = .*//' | cut -c 1-150)"
	else
		fail "$name: HTTP $status, want $want and '$text': $body"
	fi
}

R() { perl "$HERE/render.pl" "$TEMPLATES/clickhouse_cube_funnel.sql" --database handmade --steps a,b,c,d "$@"; }
R --dims group --users no_such_table | expect_error "a missing table" 404 "Code: 60, .*Table handmade.no_such_table doesn't exist"
R --dims no_such_column | expect_error "a missing column" 404 "Code: 47, .*Unknown identifier: no_such_column"
got=$(perl "$HERE/render.pl" "$TEMPLATES/clickhouse_schema.sql" --database handmade --steps a \
	--users users --events no_such_table | sql "$CH_HTTP_PORT_1" | cut -f 1 | sort -u | tr '\n' ' ')
[ "$got" = "table users " ] && pass "the schema query has no row for a missing table" ||
	fail "the schema query for users and a missing table: $got"

# A shard that is gone fails the query, even for a profile that would skip
# it: the SQL's own SETTINGS say skip_unavailable_shards = 0.
sh "$HERE/cluster.sh" kill-shard "$CLUSTER" 2
R --dims group | expect_error "shard 2 down" 500 "Code: 279, .*Connection refused (127.0.0.1:$CH_TCP_PORT_2)" \
	skip_unavailable_shards=1
sh "$HERE/cluster.sh" start-shard "$CLUSTER" 2 && . "$CLUSTER/env"
R --dims group | sql "$CH_HTTP_PORT_1" >"$SCRATCH/again.tsv" 2>"$SCRATCH/sql.err" &&
	[ "$(wc -l <"$SCRATCH/again.tsv")" -gt 1 ] && pass "shard 2 back: the query answers again" ||
	fail "shard 2 back: $(cat "$SCRATCH/sql.err")"

# ---- windowFunnel, for the record --------------------------------------------

sh "$HERE/windowfunnel.sh" "$CLUSTER" || fail "windowfunnel.sh"

sh "$HERE/cluster.sh" status "$CLUSTER" | sed 's/^/note clickhouse: /'
if [ "$FAILED" -gt 0 ]; then
	echo "FAIL clickhouse: $FAILED check(s) failed"
	exit 1
fi
exit 0
