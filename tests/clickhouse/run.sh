#!/bin/sh
# run.sh: funnel-report --clickhouse against a local run, on a throwaway
# two-shard ClickHouse cluster (a suite of tests/run.sh).
#
#   run.sh BIN [ASAN_BIN]
#
# Starts two clickhouse-server processes on free loopback ports in a temp
# dir (cluster.sh: shards in two time zones that are not UTC, a readonly = 2
# reporting user), loads a demo export, the hand-made cases (handmade.sh)
# and a random log full of ties and window edges (random.pl), each sharded
# by user (load.sh), and checks that funnel-report --clickhouse gives the
# data files (funnel.csv, visits.csv, both cubes, time_to_convert.csv) byte
# for byte and report.md as the local run on the same files, in ordered,
# windowed and any-order runs. report.md may differ in four places only, all
# saying where the data came from: the source line, the names of the inputs,
# the sentence that says the data quality was counted on the cluster, and
# the run's stages (the cluster's extract and model, no warehouse load).
# Then the failures: a wrong password, a server that is not there, missing
# tables and columns, tables not sharded alike, a shard stopped mid-run, a
# frozen shard and the query deadline, a signal mid-query: the right exit
# status, one line on stderr, the previous report untouched, nothing left
# behind, and never the password or the user name anywhere. The cluster and
# every file go away on success, failure and interruption.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
BIN=${1:?usage: run.sh BIN [ASAN_BIN]}
ASAN=${2:-$BIN}
export LC_ALL=C TZ=UTC SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1767225600}
unset CLICKHOUSE_USER CLICKHOUSE_PASSWORD FR_TRACE

FAILED=0
pass() { echo "ok   clickhouse: $1"; }
fail() { echo "FAIL clickhouse: $1"; FAILED=$((FAILED + 1)); }

for tool in curl perl /usr/sbin/clickhouse-server; do
	command -v "$tool" >/dev/null 2>&1 || {
		fail "$tool is missing (make deps-test installs clickhouse-server, clickhouse-client and curl)"
		exit 1
	}
done
[ -x "$BIN" ] && [ -x "$ASAN" ] || { fail "$BIN or $ASAN is not built"; exit 1; }

SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/fr-chtest.XXXXXX") || exit 1
CLUSTER=$SCRATCH/cluster
cleanup() {
	[ -f "$CLUSTER/env" ] && . "$CLUSTER/env" && kill -CONT "$CH_PID_1" "$CH_PID_2" 2>/dev/null
	sh "$HERE/cluster.sh" stop "$CLUSTER" >/dev/null 2>&1
	rm -rf "$SCRATCH"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
T0=$(date +%s)

# ---- the cluster and the data -----------------------------------------------

sh "$HERE/cluster.sh" start "$CLUSTER" >"$SCRATCH/start.log" 2>&1 ||
	{ fail "cluster start: $(tail -n 5 "$SCRATCH/start.log")"; exit 1; }
. "$CLUSTER/env"
pass "two shards up in $CH_START_SECONDS s"
SECRET=$CH_PASSWORD
READER=$CH_USER
# the reporting account, as a nightly job would give it
export CLICKHOUSE_USER="$CH_USER" CLICKHOUSE_PASSWORD="$CH_PASSWORD"

"$BIN" --export-demo "$SCRATCH/demo" --demo-users "${CH_DEMO_USERS:-2000}" -q ||
	{ fail "export of the demo data"; exit 1; }
sh "$HERE/handmade.sh" "$SCRATCH/handmade"
perl "$HERE/random.pl" "$SCRATCH/random" "${CH_RANDOM_USERS:-2000}" "${CH_RANDOM_SEED:-1}"
for ds in demo handmade random; do
	out=$(sh "$HERE/load.sh" "$CLUSTER" "$SCRATCH/$ds/users.csv" "$SCRATCH/$ds/events.csv" "$ds" 2>&1) ||
		{ fail "$ds load: $out"; exit 1; }
done
pass "demo, handmade and random loaded, sharded by user"

URL="http://127.0.0.1:$CH_HTTP_PORT_1/"
URL2="http://127.0.0.1:$CH_HTTP_PORT_2/"
S6=home,search,product,cart,payment,confirmation

# report.md with the four places that name the source made alike: the
# source line, the inputs' names, the sentence on where data quality was
# counted, and the run's stages (a section of their own).
norm() {
	awk 'NR == 3 { print "SOURCE"; next }
		/^##+ / { run = ($0 ~ /^##+ The run$/) }
		run { next }
		/^> Counted on the ClickHouse cluster/ { skip = 1; next }
		skip && /^$/ { skip = 0; next }
		{ skip = 0 }
		/^\*Rows read per input\*/ { inputs = 1 }
		inputs && /^\| / && !/^\| (Input|---)/ { sub(/^\| [^|]*\|/, "| INPUT |") }
		/^##+ / { inputs = 0 }
		{ print }' "$1"
}

# secrets DIR FILE...: neither the password nor the user name in any file.
secrets() {
	where=$(grep -rlF -e "$SECRET" -e "$READER" "$@" 2>/dev/null | head -n 3 | tr '\n' ' ')
	[ -z "$where" ] || fail "the password or the user name is written in: $where"
}

# compare DATASET STEPS NAME [OPTION...]: a local run and a cluster run with
# the options; $VIA is the node asked (default shard 1), $CHBIN the binary.
compare() {
	ds=$1 steps=$2 name=$3
	shift 3
	l=$SCRATCH/local-$ds-$name c=$SCRATCH/ch-$ds-$name
	if ! "$BIN" -q --users-csv "$SCRATCH/$ds/users.csv" --events-csv "$SCRATCH/$ds/events.csv" \
		--steps "$steps" "$@" -o "$l" 2>"$SCRATCH/err"; then
		fail "$ds $name: the local run failed: $(head -c 300 "$SCRATCH/err")"
		return
	fi
	t=$(date +%s.%N)
	if ! "${CHBIN:-$BIN}" -q --clickhouse "${VIA:-$URL}?database=$ds${PARAMS:-}" --steps "$steps" "$@" -o "$c" \
		2>"$SCRATCH/err-$ds-$name"; then
		fail "$ds $name: the cluster run failed: $(head -c 300 "$SCRATCH/err-$ds-$name")"
		return
	fi
	secs=$(echo "$(date +%s.%N) $t" | awk '{ printf "%.1f", $1 - $2 }')
	bad=""
	for f in funnel.csv visits.csv cube_funnel.csv cube_visits.csv time_to_convert.csv; do
		if [ -f "$l/data/$f" ] || [ -f "$c/data/$f" ]; then
			cmp -s "$l/data/$f" "$c/data/$f" || bad="$bad $f"
		fi
	done
	norm "$l/report.md" >"$SCRATCH/l.md"
	norm "$c/report.md" >"$SCRATCH/c.md"
	cmp -s "$SCRATCH/l.md" "$SCRATCH/c.md" || bad="$bad report.md($(diff "$SCRATCH/l.md" "$SCRATCH/c.md" | grep '^[<>]' | head -n 2 | tr '\n' ' ' | cut -c 1-200))"
	grep -q '^> Counted on the ClickHouse cluster' "$c/report.md" || bad="$bad (no word that data quality came from the cluster)"
	rows=$(($(wc -l <"$c/data/cube_funnel.csv") - 1))
	if [ -z "$bad" ]; then
		pass "$ds $name: data files, cubes, times to convert and report.md as the local run's ($rows cube rows, ${secs} s${VIA:+, asked shard 2}${CHBIN:+, ASan})"
	else
		fail "$ds $name: differs from the local run:$bad"
	fi
	secrets "$c" "$SCRATCH/err-$ds-$name"
}

# ---- the same report --------------------------------------------------------

# Each comparison renders two whole reports, so the list is short: every
# mode on the demo, the hand-made rules in every mode, the random log user
# by user (--max-combo 0 spares the local run a breakdown per user), either
# node asked, one run under ASan. log_queries=1 is a setting the URL passes
# on: what shard 2 sent back is checked below.
PARAMS="&log_queries=1" compare demo "$S6" ordered
compare demo "$S6" window-7 --window 7
compare demo "$S6" any --order any
compare handmade a,b,c,d ordered
compare handmade a,b,c,d window-1 --window 1
CHBIN=$ASAN compare handmade a,b,c,d any --order any --max-combo 1
compare handmade d,c,b,a reversed-window-2 --window 2 --dims group,month
compare handmade a one-step --dims channel,month
compare handmade a,b,c,d month-only --dims month
compare random a,b,c,d by-user --dims who,month --max-combo 0
VIA=$URL2 compare random a,b,c,d by-user-window-1 --window 1 --dims who,month --max-combo 0
compare random a,b,c,d by-user-any --order any --dims who,month --max-combo 0

# the run's stages say where they ran
c=$SCRATCH/ch-demo-ordered
if grep -q '^| extract | - | .* | visits at a step by a known user, counted on the cluster |' "$c/report.md" &&
	grep -q '^| model | extract | .* | cube rows from the cluster |' "$c/report.md" &&
	! grep -q '^| load ' "$c/report.md"; then
	pass "the report's stages: extract and model on the cluster, no warehouse load"
else
	fail "the report's stages: $(grep -E '^\| (extract|model|load) ' "$c/report.md" | tr '\n' ' ')"
fi
grep -q 'ANY INNER JOIN' "$c/docs/scaling.html" && grep -q 'exactly as they ran' "$c/docs/scaling.html" &&
	pass "the scaling page shows the cube SQL as it ran" || fail "the scaling page lacks the cube SQL as it ran"

# Only the parts of the cubes leave a shard: what shard 2 sent back for the
# funnel cube of the demo's ordered run, from its query_log.
got="" i=0
while [ -z "$got" ] && [ $i -lt 50 ]; do
	curl -sS "${URL2}" --data-binary "SYSTEM FLUSH LOGS" >/dev/null 2>&1
	got=$(curl -sS "$URL2" --data-binary "SELECT max(result_rows), count() FROM system.query_log
		WHERE type = 2 AND is_initial_query = 0 AND query LIKE '%_fr_entered%' AND query LIKE '%demo.users_local%'
		HAVING count() > 0 FORMAT TSV" 2>/dev/null)
	[ -n "$got" ] || sleep 0.1
	i=$((i + 1))
done
users2=$(curl -sS "$URL2" --data-binary "SELECT count() FROM demo.users_local")
cube=$(($(wc -l <"$SCRATCH/ch-demo-ordered/data/cube_funnel.csv") - 1))
set -- $got
if [ $# -eq 2 ] && [ "$1" -le "$cube" ] && [ "$1" -lt "$users2" ]; then
	pass "shard 2 sent $1 rows of the funnel cube for its $users2 users (the cube has $cube)"
else
	fail "shard 2's part of the funnel cube: '$got' (cube $cube rows, $users2 users)"
fi

# ---- failures ------------------------------------------------------------------

OUT=$SCRATCH/out
cp -R "$SCRATCH/ch-handmade-ordered" "$OUT" # a report to leave untouched
fingerprint() { (cd "$1" && find . -type f | LC_ALL=C sort | xargs sha256sum); }
BEFORE=$(fingerprint "$OUT")

# rejected NAME STATUS PATTERN COMMAND...: the command exits STATUS with one
# line on stderr matching PATTERN, the previous report as it was, nothing
# left beside it, no secret anywhere.
rejected() {
	name=$1 want=$2 pattern=$3
	shift 3
	t=$(date +%s.%N)
	"$@" -o "$OUT" 2>"$SCRATCH/err"
	code=$?
	secs=$(echo "$(date +%s.%N) $t" | awk '{ printf "%.1f", $1 - $2 }')
	msg=$(grep -v '^funnel-report: trace:' "$SCRATCH/err")
	lines=$(printf '%s\n' "$msg" | grep -c .)
	left=$(ls -A "$SCRATCH" | grep -E '^\.out\.' || true)
	if [ "$code" != "$want" ]; then
		fail "$name: exit $code, want $want: $(printf '%s' "$msg" | head -c 300)"
	elif [ "$lines" != 1 ] || ! printf '%s\n' "$msg" | grep -Eq "$pattern"; then
		fail "$name: want one line matching '$pattern', got $lines: $(printf '%s' "$msg" | head -c 300)"
	elif [ "$(fingerprint "$OUT")" != "$BEFORE" ]; then
		fail "$name: the previous report changed"
	elif [ -n "$left" ]; then
		fail "$name: left beside the report: $left"
	else
		pass "$name: exit $code in $secs s, $(printf '%s' "$msg" | sed 's/^funnel-report: //' | cut -c 1-160)"
	fi
	secrets "$OUT" "$SCRATCH/err"
}

H="$URL?database=handmade"
S="--steps a,b,c,d"
# shellcheck disable=SC2086
rejected "a wrong password" 3 'refused the login \(HTTP 401' \
	env CLICKHOUSE_PASSWORD=not-the-password "$BIN" -q --clickhouse "$H" $S
# shellcheck disable=SC2086
rejected "a wrong password in the URL" 3 'refused the login' \
	"$BIN" -q --clickhouse "http://$READER:wrong%2Fpw@127.0.0.1:$CH_HTTP_PORT_1/?database=handmade" $S
port=$(perl -MIO::Socket::INET -e 'print IO::Socket::INET->new(LocalAddr => "127.0.0.1", LocalPort => 0, Listen => 1)->sockport')
# shellcheck disable=SC2086
rejected "no server there" 3 'cannot connect' "$BIN" -q --clickhouse "http://127.0.0.1:$port/" $S
# shellcheck disable=SC2086
rejected "a missing users table" 1 'table handmade\.nosuch does not exist \(--clickhouse-users\)' \
	"$BIN" -q --clickhouse "$H" --clickhouse-users nosuch $S
# shellcheck disable=SC2086
rejected "a missing database" 1 'Database nodb doesn.t exist' "$BIN" -q --clickhouse "$URL?database=nodb" $S

q() { curl -sS --fail-with-body "$URL" --data-binary "$1" >/dev/null 2>&1 || fail "setup: $1"; }
q "CREATE DATABASE broken"
q "CREATE TABLE broken.no_page (user_id String, pg String, event_time DateTime) ENGINE = Memory"
q "CREATE TABLE broken.null_page (user_id String, page Nullable(String), event_time DateTime) ENGINE = Memory"
q "CREATE TABLE broken.month (user_id String, month String) ENGINE = Memory"
q "CREATE TABLE broken.twice (user_id String, sex String) ENGINE = Memory"
q "INSERT INTO broken.twice VALUES ('u1', 'F'), ('u1', 'M'), ('u2', 'F')"
q "CREATE TABLE broken.ev (user_id String, page String, event_time DateTime) ENGINE = Memory"
q "INSERT INTO broken.ev VALUES ('u1', 'a', 1736899200)"
# shellcheck disable=SC2086
rejected "a missing column" 1 'table broken\.no_page has no column page' \
	"$BIN" -q --clickhouse "$H" --clickhouse-events broken.no_page $S
# shellcheck disable=SC2086
rejected "a column of another type" 1 'column page of broken\.null_page is Nullable\(String\)' \
	"$BIN" -q --clickhouse "$H" --clickhouse-events broken.null_page $S
# shellcheck disable=SC2086
rejected "an attribute named month" 1 'column "month" clashes' \
	"$BIN" -q --clickhouse "$H" --clickhouse-users broken.month --clickhouse-events broken.ev $S
# shellcheck disable=SC2086
rejected "user rows that differ" 1 'repeat a user_id with other attribute values' \
	"$BIN" -q --clickhouse "$H" --clickhouse-users broken.twice --clickhouse-events broken.ev $S
# shellcheck disable=SC2086
rejected "tables not sharded alike" 1 'handmade\.users is Distributed but handmade\.events_local is MergeTree' \
	"$BIN" -q --clickhouse "$H" --clickhouse-events events_local $S

# A shard stopped mid-run: the run is held (SIGSTOP) as it sends its first
# cube query, shard 2 is stopped, the run goes on and meets it gone.
midrun() {
	name=$1 how=$2
	FR_TRACE=1 "$BIN" -q --clickhouse "$H" $S -o "$OUT" 2>"$SCRATCH/err" &
	pid=$!
	i=0
	while ! grep -q 'trace: clickhouse sql/clickhouse_cube_funnel.sql' "$SCRATCH/err" 2>/dev/null &&
		kill -0 $pid 2>/dev/null && [ $i -lt 600 ]; do
		sleep 0.02
		i=$((i + 1))
	done
	kill -STOP $pid 2>/dev/null
	sh "$HERE/cluster.sh" "$how" "$CLUSTER" 2
	kill -CONT $pid 2>/dev/null
	wait $pid
	code=$?
	msg=$(grep -v '^funnel-report: trace:' "$SCRATCH/err")
	if [ "$code" = 3 ] && [ "$(printf '%s\n' "$msg" | grep -c .)" = 1 ] &&
		printf '%s' "$msg" | grep -q 'a server of the cluster is down or went away' &&
		[ "$(fingerprint "$OUT")" = "$BEFORE" ] && [ -z "$(ls -A "$SCRATCH" | grep -E '^\.out\.')" ]; then
		pass "$name: exit 3, the previous report untouched: $(printf '%s' "$msg" | sed 's/^funnel-report: //' | cut -c 1-170)"
	else
		fail "$name: exit $code: $(printf '%s' "$msg" | head -c 300)"
	fi
	secrets "$OUT" "$SCRATCH/err"
	sh "$HERE/cluster.sh" start-shard "$CLUSTER" 2 || fail "shard 2 would not start again"
	. "$CLUSTER/env"
}
midrun "shard 2 stopped mid-run" stop-shard
midrun "shard 2 killed mid-run" kill-shard

# A frozen shard: the initiator would wait 300 s for it; the run's own
# deadline gives up, and the query is killed on the cluster.
kill -STOP "$CH_PID_2"
# shellcheck disable=SC2086
rejected "a frozen shard and --clickhouse-timeout 2" 3 'no whole answer within 2 s \(--clickhouse-timeout\); the query was killed' \
	"$BIN" -q --clickhouse "$H" --clickhouse-timeout 2 $S
kill -CONT "$CH_PID_2"
i=0 left=1
while [ $i -lt 50 ] && [ "$left" != 0 ]; do
	left=$(curl -sS "$URL" --data-binary "SELECT count() FROM system.processes WHERE query_id LIKE 'funnel-report-%'")
	[ "$left" = 0 ] || sleep 0.1
	i=$((i + 1))
done
[ "$left" = 0 ] && pass "the given-up query is gone from the cluster" || fail "queries of funnel-report still running: $left"

# A signal mid-query: a frozen shard holds the query, SIGTERM ends the run
# within a second, nothing published.
kill -STOP "$CH_PID_2"
FR_TRACE=1 "$BIN" -q --clickhouse "$H" $S -o "$OUT" 2>"$SCRATCH/err" &
pid=$!
i=0
while ! grep -q 'trace: clickhouse sql/clickhouse_attributes.sql' "$SCRATCH/err" 2>/dev/null && [ $i -lt 600 ]; do
	sleep 0.02
	i=$((i + 1))
done
sleep 0.3
t=$(date +%s%N)
kill -TERM $pid
wait $pid
code=$?
ms=$((($(date +%s%N) - t) / 1000000))
kill -CONT "$CH_PID_2"
if [ "$code" = 143 ] && [ $ms -le 1500 ] && [ "$(fingerprint "$OUT")" = "$BEFORE" ]; then
	pass "SIGTERM mid-query: exit 143 ${ms} ms after the signal, nothing published"
else
	fail "SIGTERM mid-query: exit $code after $ms ms: $(grep -v trace "$SCRATCH/err" | head -c 200)"
fi

# A shard gone mid-query: shard 2 frozen while it holds a query, then
# killed; the initiator's connection to it breaks under the query.
kill -STOP "$CH_PID_2"
FR_TRACE=1 "$BIN" -q --clickhouse "$H" $S -o "$OUT" 2>"$SCRATCH/err" &
pid=$!
i=0
while ! grep -q 'trace: clickhouse sql/clickhouse_attributes.sql' "$SCRATCH/err" 2>/dev/null && [ $i -lt 600 ]; do
	sleep 0.02
	i=$((i + 1))
done
sleep 0.3
sh "$HERE/cluster.sh" kill-shard "$CLUSTER" 2
wait $pid
code=$?
msg=$(grep -v '^funnel-report: trace:' "$SCRATCH/err")
if [ "$code" = 3 ] && [ "$(printf '%s\n' "$msg" | grep -c .)" = 1 ] &&
	printf '%s' "$msg" | grep -q 'a server of the cluster is down or went away' &&
	[ "$(fingerprint "$OUT")" = "$BEFORE" ]; then
	pass "shard 2 killed under a query: exit 3, the previous report untouched: $(printf '%s' "$msg" | sed 's/^funnel-report: //' | cut -c 1-170)"
else
	fail "shard 2 killed under a query: exit $code: $(printf '%s' "$msg" | head -c 300)"
fi
secrets "$OUT" "$SCRATCH/err"
sh "$HERE/cluster.sh" start-shard "$CLUSTER" 2 || fail "shard 2 would not start again"
. "$CLUSTER/env"

# ---- windowFunnel, for the record ----------------------------------------------

sh "$HERE/windowfunnel.sh" "$CLUSTER" || fail "windowfunnel.sh"

# the servers' CPU (they are not our children, so time(1) misses them)
ticks=$(cat "/proc/$CH_PID_1/stat" "/proc/$CH_PID_2/stat" 2>/dev/null | awk '{ t += $14 + $15 } END { print t + 0 }')
echo "note clickhouse: the suite took $(($(date +%s) - T0)) s; the two servers used $((ticks / $(getconf CLK_TCK))) s of CPU"
[ "$FAILED" -eq 0 ]
