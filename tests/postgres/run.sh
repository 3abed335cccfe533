#!/bin/sh
# PostgreSQL as the OLTP source, against a real throwaway server (cluster.sh):
# the demo export and hand-made cases, loaded with COPY ... FROM STDIN, give
# the report the SQLite OLTP reader gives on the same CSV files, byte for byte
# (only the source's name differs); a read-only role, the password three
# ways, one snapshot, pacing, and every error provoked, each checked for its
# exit code, one line on stderr, the previous report untouched and nothing
# left behind; the password never printed nor written.
# Usage: run.sh BIN [ASAN_BIN]. Every case prints one line.
set -u
BIN=$1
ASAN=${2:-}
# absolute: the SQLite runs are made from another directory
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
case $ASAN in /* | '') ;; *) ASAN=$(pwd)/$ASAN ;; esac
HERE=$(cd "$(dirname "$0")" && pwd)
export LC_ALL=C TZ=UTC SOURCE_DATE_EPOCH=1767225600
# KEEP=1 keeps the scratch directory for a look. The environment must not
# point libpq anywhere.
unset PGHOST PGHOSTADDR PGPORT PGUSER PGDATABASE PGPASSWORD PGPASSFILE PGSERVICE PGSERVICEFILE \
	PGOPTIONS PGTZ PGAPPNAME PGCONNECT_TIMEOUT PGSSLMODE SQLITE_TMPDIR
# a sanitizer report must not pass for an expected exit code
export ASAN_OPTIONS="exitcode=86${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="exitcode=87:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
FAILED=0
N=0

pass() { echo "ok   postgres: $1"; }
fail() { echo "FAIL postgres: $1"; FAILED=$((FAILED + 1)); }

PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ] || ! command -v sqlite3 >/dev/null 2>&1; then
	echo "skip postgres: no PostgreSQL server or sqlite3 CLI (make test installs postgresql and sqlite3)"
	exit 0
fi
export PGBIN

SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/fr-pgt.XXXXXX")
PGDIR=$(mktemp -d /tmp/fr-pg.XXXXXX) # short: a socket's path has 107 bytes
cleanup() {
	sh "$HERE/cluster.sh" stop "$PGDIR"
	if [ -n "${KEEP:-}" ]; then echo "kept $SCRATCH"; else rm -rf "$SCRATCH"; fi
}
trap cleanup EXIT
trap 'exit 1' HUP INT PIPE TERM
mkdir -p "$SCRATCH/logs" "$SCRATCH/secret" "$SCRATCH/csv" "$SCRATCH/db"

T0=$(date +%s)
if ! sh "$HERE/cluster.sh" start "$PGDIR"; then
	fail "the throwaway cluster did not start"
	exit 1
fi
pass "throwaway cluster in $PGDIR (socket only, server TimeZone Pacific/Chatham)"

# SQL DB ARGS...: psql as the superuser. Loads run in UTC, so a CSV time
# without an offset means UTC, as it does to the CSV and SQLite readers.
SQL() {
	db=$1
	shift
	PGTZ=UTC "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PGDIR" -U fr_admin -d "$db" "$@"
}

# The password has characters a URI must escape, and a .pgpass line too.
PW='Zq7-s3cr3t@pw:/x'
PW_URI='Zq7-s3cr3t%40pw%3A%2Fx'
MARK='s3cr3t' # in every form of both passwords used here
SOCK_URI=$(echo "$PGDIR" | sed 's|/|%2F|g')
URI="postgresql://reader:$PW_URI@$SOCK_URI/shop"
KW="host=$PGDIR dbname=shop user=reader"
printf '*:*:*:reader:%s\n' "$(echo "$PW" | sed 's/[\\:]/\\&/g')" >"$SCRATCH/secret/pgpass"
chmod 600 "$SCRATCH/secret/pgpass"
# ON SCHEMA: the URI, reading the tables of SCHEMA
ON() { echo "$URI?options=-csearch_path%3D$1"; }
STEPS6=home,search,product,cart,payment,confirmation

# ---- the data ---------------------------------------------------------------------
C="$SCRATCH/csv"
"$BIN" --export-demo "$C/demo" >/dev/null || fail "export of the demo"
"$BIN" --demo-users 2000 --seed 2 --export-demo "$C/small" >/dev/null || fail "export of the small demo"

# Hand-made: offsets, a repeated user, an exact repeat, unknown users and
# pages, a visit before signup, out of order, and values with every character
# COPY's text format escapes (tab, newline, CR, backslash, a literal \N).
mkdir -p "$C/hand" "$C/ints"
CR=$(printf '\r')
printf '%s\n' 'user_id,signup_date,sex,channel' 'u1,2025-01-01,F,Email' 'u2,2025-01-02,M,Social' \
	'u3,2025-01-03,F,Email' 'u4,2025-01-04,M,Direct' 'u1,2025-01-05,M,Direct' \
	'u5,2025-03-01,"F, or ""other""","Paid	search"' 'u6,2025-01-06,back\slash \N,"two' 'lines"' \
	'u7,2025-01-07,Zürich ✓,<script>x</script>' 'u8,2025-01-08,,Email' "u9,2025-01-09,\"cr${CR}lf\",Email" \
	>"$C/hand/users.csv"
printf '%s\n' 'user_id,page,event_time' 'u1,home,2025-01-05 10:00:00' 'u1,search,2025-01-05 10:01:00' \
	'u1,cart,2025-01-05 10:02' 'u2,home,2025-01-06' 'u2,search,2025-01-06T11:00:00Z' \
	'u3,home,2025-01-07T08:00:00+01:00' 'u4,home,2025-02-01T03:00:00+05:30' \
	'u4,search,2025-02-01T04:00:00+05:30' 'u5,home,2025-03-01T00:00:00+05:30' \
	'u5,home,2025-03-01T06:00:00+05:30' 'u5,search,2025-03-01T06:00:00+05:30' \
	'u5,cart,2025-03-01T06:00:00-08:00' 'u6,home,2025-01-31T23:59:00+05:30' \
	'u6,home,2025-01-31T23:59:00+05:30' 'u7,help,2025-01-08 10:00' 'u7,home,2025-01-08 09:00:00.250' \
	'u8,search,2025-01-09' 'u8,home,2025-01-10' 'nobody,home,2025-01-10' \
	'u2,cart,2025-01-02 23:59:59-12:00' 'u9,home,2025-01-09T12:00:00-03:30' >"$C/hand/events.csv"
printf '%s\n' 'position,page' '3,cart' '1,home' '2,search' >"$C/hand/steps.csv"
# integer ids, an extra column and one bad time (tests/unit/test_inputs.c's fixture)
printf 'user_id,signup_date,segment,note\n1,2025-01-01,"Retail, EU","says ""hi"""\n2,2025-01-31,"Retail, EU","two\r\nlines"\n3,2025-02-01,Wholesale,\n4,2025-02-01,Wholesale,x\n' \
	>"$C/ints/users.csv"
printf 'event_id,user_id,page,event_time\n1,1,home,2025-01-01 10:00\n2,1,cart,2025-01-01T10:05:00Z\n3,2,home,2025-02-01T03:00:00+05:30\n4,2,cart,2025-02-01 10:00:00-08:00\n5,3,home,2025-02-02\n6,3,help,2025-02-02 00:00:01\n7,99,home,2025-02-02\n8,4,home,2025-01-15\n9,2,search,2025-02-29 10:00\n' \
	>"$C/ints/events.csv"

# sqlite_db NAME DIR: the SQLite OLTP database of DIR's CSV files, every value
# as the CSV holds it (TEXT; INTEGER ids for ints).
sqlite_db() {
	name=$1 dir=$2
	id=TEXT
	[ "$name" = ints ] && id=INTEGER
	ucols=$(head -n 1 "$dir/users.csv" | sed "s/,/ TEXT, /g; s/\$/ TEXT/; s/user_id TEXT/user_id $id/")
	ecols=$(head -n 1 "$dir/events.csv" | sed "s/,/ TEXT, /g; s/\$/ TEXT/; s/user_id TEXT/user_id $id/")
	set -- "CREATE TABLE users ($ucols); CREATE TABLE events ($ecols);" \
		".import --csv --skip 1 $dir/users.csv users" ".import --csv --skip 1 $dir/events.csv events"
	[ -f "$dir/steps.csv" ] && set -- "$@" "CREATE TABLE steps (position INTEGER, page TEXT);" \
		".import --csv --skip 1 $dir/steps.csv steps"
	sqlite3 "$SCRATCH/db/$name" "$@" || fail "SQLite fixture $name"
}
for d in demo small hand ints; do sqlite_db $d "$C/$d"; done

# load TABLE CSV: COPY ... FROM STDIN
load() { SQL shop -c "COPY $1 FROM STDIN (FORMAT csv, HEADER)" <"$2" || fail "COPY into $1"; }

SQL postgres -c "CREATE DATABASE shop" || fail "CREATE DATABASE"
SQL shop <<SQLEND || fail "the schemas"
CREATE ROLE reader LOGIN PASSWORD '$PW';
CREATE ROLE noperm LOGIN PASSWORD '$PW';
-- the demo, with the types a shop would use (events of deleted accounts have
-- ids such as deleted-1: text there, matched with the users' bigint as text)
CREATE TABLE public.users (user_id bigint PRIMARY KEY, signup_date date, sex text, channel text, device text);
CREATE TABLE public.events (user_id text, page text, event_time timestamptz);
-- the small demo two more ways: users a view over text columns, events varchar,
-- a domain and timestamp; and events in a partitioned table
CREATE SCHEMA mixed;
CREATE TABLE mixed.people (user_id text, signup_date text, sex text, channel text, device text);
CREATE VIEW mixed.users AS SELECT * FROM mixed.people;
CREATE DOMAIN mixed.page_name AS varchar(40);
CREATE TABLE mixed.events (user_id varchar(16), page mixed.page_name, event_time timestamp);
CREATE SCHEMA parted;
CREATE TABLE parted.users (user_id bigint, signup_date date, sex text, channel text, device text);
CREATE TABLE parted.events (user_id text, page text, event_time timestamptz) PARTITION BY RANGE (event_time);
CREATE TABLE parted.events_1 PARTITION OF parted.events FOR VALUES FROM (MINVALUE) TO ('2025-03-01 00:00:00+00');
CREATE TABLE parted.events_2 PARTITION OF parted.events FOR VALUES FROM ('2025-03-01 00:00:00+00') TO (MAXVALUE);
CREATE SCHEMA hand;
CREATE TABLE hand.users (user_id text, signup_date date, sex text, channel varchar(40));
CREATE TABLE hand.events (user_id text, page text, event_time timestamptz);
CREATE TABLE hand.steps (position integer, page text);
CREATE SCHEMA ints;
CREATE TABLE ints.users (user_id integer, signup_date text, segment text, note text);
CREATE TABLE ints.events (event_id integer, user_id integer, page text, event_time text);
-- broken ones
CREATE SCHEMA noevents;
CREATE TABLE noevents.users (user_id text, sex text);
CREATE SCHEMA nocolumn;
CREATE TABLE nocolumn.users (user_id text, sex text);
CREATE TABLE nocolumn.events (user_id text, page text, ts timestamptz);
CREATE SCHEMA inttime;
CREATE TABLE inttime.users (user_id text, sex text);
CREATE TABLE inttime.events (user_id text, page text, event_time integer);
INSERT INTO inttime.events VALUES ('a', 'home', 1736071200);
CREATE SCHEMA floatid;
CREATE TABLE floatid.users (user_id numeric, sex text);
CREATE TABLE floatid.events (user_id text, page text, event_time text);
CREATE SCHEMA blob;
CREATE TABLE blob.users (user_id text, photo bytea);
CREATE TABLE blob.events (user_id text, page text, event_time text);
CREATE SCHEMA badtime;
CREATE TABLE badtime.users (user_id text, sex text);
INSERT INTO badtime.users VALUES ('u1', 'F'), ('u2', 'M');
CREATE TABLE badtime.events (user_id text, page text, event_time text);
INSERT INTO badtime.events VALUES ('u1', 'home', '2025-01-05 10:00:00'), ('u2', 'home', '2025-02-29 10:00:00');
CREATE SCHEMA infinite;
CREATE TABLE infinite.users (user_id text, sex text);
CREATE TABLE infinite.events (user_id text, page text, event_time timestamptz);
INSERT INTO infinite.events VALUES ('u1', 'home', '2025-01-05 10:00:00+00'), ('u1', 'home', 'infinity');
CREATE SCHEMA nullid;
CREATE TABLE nullid.users (user_id text, sex text);
CREATE TABLE nullid.events (user_id text, page text, event_time text);
INSERT INTO nullid.events VALUES (NULL, 'home', '2025-01-05');
CREATE SCHEMA badsignup;
CREATE TABLE badsignup.users (user_id text, signup_date text, sex text);
INSERT INTO badsignup.users VALUES ('u1', '2025-01-01', 'F'), ('u2', '8 Jul 2016', 'M');
CREATE TABLE badsignup.events (user_id text, page text, event_time text);
-- the read-only role may only read; noperm may look at the catalog, read
-- users, and not read events
GRANT USAGE ON SCHEMA mixed, parted, hand, ints, noevents, nocolumn, inttime, floatid, blob, badtime,
  infinite, nullid, badsignup TO reader, noperm;
GRANT SELECT ON ALL TABLES IN SCHEMA public, mixed, parted, hand, ints, noevents, nocolumn, inttime, floatid,
  blob, badtime, infinite, nullid, badsignup TO reader;
GRANT SELECT ON public.users TO noperm;
SQLEND
load public.users "$C/demo/users.csv"
load public.events "$C/demo/events.csv"
load mixed.people "$C/small/users.csv"
load mixed.events "$C/small/events.csv"
load parted.users "$C/small/users.csv"
load parted.events "$C/small/events.csv"
for t in users events steps; do load hand.$t "$C/hand/$t.csv"; done
for t in users events; do load ints.$t "$C/ints/$t.csv"; done
SQL shop -c "ANALYZE" || fail "ANALYZE"

# ---- helpers ------------------------------------------------------------------------
# The tree's listing with checksums, to tell whether a report changed.
fingerprint() { (cd "$1" && find . -type f | LC_ALL=C sort | xargs sha256sum); }
litter() {
	ls -A "$(dirname "$1")" | grep -E "^\.$(basename "$1")\.(new|old)-|^\.$(basename "$1")\.lock$|\.tmp-" || true
}

# run BIN OUT ARGS...: a run into OUT with a fresh TMPDIR; sets RC, ERR (its
# stderr, kept for the password check) and TMPLEFT.
run() {
	b=$1 out=$2
	shift 2
	N=$((N + 1))
	ERR="$SCRATCH/logs/$N.err"
	tmp="$SCRATCH/tmp.$N"
	mkdir "$tmp"
	TMPDIR=$tmp timeout 120 "$b" "$@" -o "$out" </dev/null >"$SCRATCH/logs/$N.out" 2>"$ERR"
	RC=$?
	TMPLEFT=$(ls -A "$tmp")
	rm -rf "$tmp"
}
# start_bg BIN OUT ARGS...: the same in the background; PID is the binary's.
# finish_bg: waits for it, sets RC and TMPLEFT.
start_bg() {
	b=$1 out=$2
	shift 2
	N=$((N + 1))
	ERR="$SCRATCH/logs/$N.err"
	BGTMP="$SCRATCH/tmp.$N"
	mkdir "$BGTMP"
	TMPDIR=$BGTMP "$b" "$@" -o "$out" </dev/null >"$SCRATCH/logs/$N.out" 2>"$ERR" &
	PID=$!
}
finish_bg() {
	wait $PID
	RC=$?
	TMPLEFT=$(ls -A "$BGTMP")
	rm -rf "$BGTMP"
}
stderr_text() { head -c 400 "$ERR" | tr '\n' '|'; }
# count NAME DIR: a data-quality count of DIR's summary.json
count() {
	grep -A1 "\"name\": \"$1\"" "$2/data/summary.json" 2>/dev/null | sed -n 's/.*"count": \([0-9]*\).*/\1/p'
}

# The names of the two sources, as the reports show them, become SRC.
norm() { sed -E 's/(postgresql:|postgresql\\:|sqlitedb)[^[:space:]"<|;]*/SRC/g'; }

# same_report A B NAME: every file of the two reports is identical, except
# where the source is named: those files are compared with the name
# normalised (the PDF by its text and pages), and the pipeline chart, which draws the
# name, is left out.
same_report() {
	a=$1 b=$2 name=$3 why=""
	la=$(cd "$a" && find . -type f | LC_ALL=C sort)
	lb=$(cd "$b" && find . -type f | LC_ALL=C sort)
	[ "$la" = "$lb" ] || why="; the file lists differ: $(echo "$la" "$lb" | tr ' ' '\n' | sort | uniq -u | head -3 | tr '\n' ' ')"
	n=0
	for f in $la; do
		case $f in
		./charts/pipeline.png | ./charts/pipeline.svg) continue ;;
		./report.pdf)
			# its words and pages: where the longer name wraps, pdftotext's
			# reading order of the table cells below it changes
			{ pdfinfo "$a/$f" | grep '^Pages:'; pdftotext "$a/$f" - | norm | tr -s '[:space:]' '\n' | LC_ALL=C sort; } >"$SCRATCH/na"
			{ pdfinfo "$b/$f" | grep '^Pages:'; pdftotext "$b/$f" - | norm | tr -s '[:space:]' '\n' | LC_ALL=C sort; } >"$SCRATCH/nb" ;;
		./data/summary.json | ./report.md | ./index.html | ./docs/index.html)
			norm <"$a/$f" >"$SCRATCH/na"
			norm <"$b/$f" >"$SCRATCH/nb" ;;
		*)
			n=$((n + 1))
			cmp -s "$a/$f" "$b/$f" || why="$why; $f differs"
			continue ;;
		esac
		cmp -s "$SCRATCH/na" "$SCRATCH/nb" || why="$why; $f differs beyond the source's name"
	done
	if [ -z "$why" ]; then pass "$name: the SQLite run's report ($n files byte for byte, 5 but for the source's name)"; else
		fail "$name$why"
	fi
}

# reference NAME DB [OPTION...]: the SQLite OLTP run on DB that the PostgreSQL
# runs must equal (run from DB's directory under a plain relative name, so
# the Markdown escaper leaves the name as it is)
reference() {
	name=$1 db=$2
	shift 2
	(cd "$SCRATCH/db" && cp "$db" sqlitedb && "$BIN" -q --oltp sqlitedb "$@" -o "$SCRATCH/sq-$name") \
		2>"$SCRATCH/logs/sq-$name.err" || fail "$name: the SQLite run failed: $(head -c 300 "$SCRATCH/logs/sq-$name.err")"
	rm -f "$SCRATCH/db/sqlitedb"
}

# compare NAME REF CONNINFO BIN [OPTION...]: the PostgreSQL run gives REF's report.
compare() {
	name=$1 ref=$2 conn=$3 b=$4
	shift 4
	run "$b" "$SCRATCH/pg-$name" -q --oltp "$conn" "$@"
	if [ "$RC" != 0 ] || [ -n "$TMPLEFT" ]; then
		fail "$name: the PostgreSQL run: exit $RC${TMPLEFT:+, left in TMPDIR: $TMPLEFT}; stderr: $(stderr_text)"
		return
	fi
	same_report "$SCRATCH/sq-$ref" "$SCRATCH/pg-$name" "$name"
}

# ---- the same report as SQLite --------------------------------------------------------
# all as the read-only role; the password in the URI, in PGPASSFILE, in PGPASSWORD
reference demo "$SCRATCH/db/demo" --steps $STEPS6
compare demo demo "$URI" "$BIN" --steps $STEPS6
reference small "$SCRATCH/db/small" --steps $STEPS6
compare mixed small "postgres://reader:$PW_URI@$SOCK_URI/shop?options=-csearch_path%3Dmixed" "$BIN" --steps $STEPS6
PGPASSFILE="$SCRATCH/secret/pgpass"
export PGPASSFILE
compare parted small "$KW options=-csearch_path=parted" "$BIN" --steps $STEPS6
unset PGPASSFILE
PGPASSWORD=$PW
export PGPASSWORD
reference hand "$SCRATCH/db/hand"
compare hand hand "$KW options=-csearch_path=hand" "${ASAN:-$BIN}"
reference ints "$SCRATCH/db/ints" --steps home,cart --max-bad-rows 1
compare ints ints "$KW options=-csearch_path=ints" "$BIN" --steps home,cart --max-bad-rows 1
unset PGPASSWORD
# a signup_date that is not a date is an attribute value, never a rejected row
run "$BIN" "$SCRATCH/pg-badsignup" -q --oltp "$(ON badsignup)" --steps home
[ "$RC" = 0 ] && [ "$(count signup_not_date "$SCRATCH/pg-badsignup")" = 1 ] &&
	pass "a signup_date that is not a date: accepted, counted as signup_not_date" ||
	fail "a signup_date that is not a date: exit $RC; stderr: $(stderr_text)"
[ "$(count bad_rows_skipped "$SCRATCH/pg-ints")" = 1 ] &&
	pass "ints: --max-bad-rows 1 skips the bad time, as the SQLite reader does" ||
	fail "ints: bad_rows_skipped is $(count bad_rows_skipped "$SCRATCH/pg-ints"), want 1"

# The hand-made case's numbers, worked out by hand. Steps from table steps
# (home, search, cart). Home: u1 to u9 (u5's first visit, 18:30 UTC the day
# before signup, counts like any other). Search after home: u1, u2,
# u4 and u5 (in the same second as home), not u8 (before home). Cart after
# search: u1, and u5 (06:00-08:00 is 14:00 UTC); u2's cart (-12:00) is days
# before its home.
F="$SCRATCH/pg-hand/data/funnel.csv"
if grep -q '^overall,all,1,home,9,' "$F" && grep -q '^overall,all,2,search,4,' "$F" &&
	grep -q '^overall,all,3,cart,2,' "$F"; then pass "hand: 9 / 4 / 2 users, as worked out by hand"; else
	fail "hand: funnel $(grep '^overall' "$F" | tr '\n' '|')"
fi

# ---- one snapshot, pacing ---------------------------------------------------------------
# A paced run reads users for about two seconds; meanwhile another session adds
# a user, events for it and for others. Only a run that reads events in the
# snapshot it read users in still counts 2,000 users and 400 events.
SQL shop <<'SQLEND' || fail "snapshot fixture"
CREATE SCHEMA snap;
CREATE TABLE snap.users AS TABLE mixed.people;
CREATE TABLE snap.events AS SELECT * FROM mixed.events LIMIT 400;
GRANT USAGE ON SCHEMA snap TO reader;
GRANT SELECT ON ALL TABLES IN SCHEMA snap TO reader;
SQLEND
start_bg "$BIN" "$SCRATCH/snap" --oltp "$(ON snap)" --steps $STEPS6 --oltp-max-rate 1000 -v
sleep 0.8
SQL shop -c "INSERT INTO snap.users VALUES ('late', '2025-01-01', 'Female', 'Email', 'Mobile');
  INSERT INTO snap.events SELECT 'late', 'home', '2025-01-02' FROM generate_series(1, 50);
  INSERT INTO snap.events SELECT user_id, 'confirmation', event_time + interval '1 hour' FROM snap.events LIMIT 100" ||
	fail "snapshot: the concurrent writes"
finish_bg
if [ "$RC" = 0 ] && [ "$(count users_read "$SCRATCH/snap")" = 2000 ] && [ "$(count events_read "$SCRATCH/snap")" = 400 ]; then
	pass "one snapshot: users and events written during a paced read do not show"
else
	fail "one snapshot: exit $RC, users_read $(count users_read "$SCRATCH/snap") (want 2000), events_read $(count events_read "$SCRATCH/snap") (want 400); stderr: $(stderr_text)"
fi
# the extract stage's seconds, from -v's progress line
secs=$(sed -n 's/^funnel-report: extract *\([0-9.]*\) s.*/\1/p' "$ERR")
if [ -n "$secs" ] && awk -v s="$secs" 'BEGIN { exit !(s >= 2.3 && s < 4) }'; then
	pass "--oltp-max-rate 1000: extracting 2,400 rows took $secs s"
else
	fail "--oltp-max-rate 1000: extracting 2,400 rows took ${secs:-?} s, want about 2.4"
fi

# ---- errors ---------------------------------------------------------------------------
OUT="$SCRATCH/pg-ints" # a good report, which every failing run must leave as it was
BEFORE=$(fingerprint "$OUT")
# rejected NAME CODE PATTERN BIN ARGS...: exit CODE, one line matching PATTERN
# (usage errors add "Try --help"), the previous report as it was, nothing left
rejected() {
	name=$1 code=$2 pattern=$3 b=$4
	shift 4
	run "$b" "$OUT" "$@"
	why=""
	[ "$RC" = "$code" ] || why="$why; exit $RC, want $code"
	want=1
	[ "$code" = 2 ] && want=2
	lines=$(wc -l <"$ERR")
	[ "$lines" -eq "$want" ] || why="$why; $lines lines on stderr, want $want"
	head -n 1 "$ERR" | grep -Eq -- "$pattern" || why="$why; stderr does not match /$pattern/"
	[ "$(fingerprint "$OUT")" = "$BEFORE" ] || why="$why; the previous report changed"
	left=$(litter "$OUT")
	[ -z "$left" ] || why="$why; left beside OUT_DIR: $left"
	[ -z "$TMPLEFT" ] || why="$why; left in TMPDIR: $TMPLEFT"
	if [ -z "$why" ]; then pass "$name: exit $code, one line"; else fail "$name${why}; stderr: $(stderr_text)"; fi
}

for b in "$BIN" $ASAN; do
	tag=plain
	[ "$b" = "$BIN" ] || tag=asan
	rejected "$tag server down" 3 "^funnel-report: postgresql://reader@.*nosock.*: cannot connect: .*(No such file|Is the server running)" \
		"$b" --oltp "postgresql://reader:$PW_URI@$(echo "$SCRATCH/nosock" | sed 's|/|%2F|g')/shop"
	rejected "$tag bad password" 3 'cannot connect: .*password authentication failed for user "reader"' \
		"$b" --oltp "postgresql://reader:Wr0ng-s3cr3t@$SOCK_URI/shop"
	rejected "$tag missing table" 1 ': no table events$' "$b" --oltp "$(ON noevents)" --steps home
	rejected "$tag missing column" 1 ': table events has no column event_time$' "$b" --oltp "$(ON nocolumn)" --steps home
	rejected "$tag wrong type" 1 ': table events: column event_time is integer; it must be timestamp, timestamptz, date or ISO 8601 text$' \
		"$b" --oltp "$(ON inttime)" --steps home
	rejected "$tag bad time" 1 ': table events row 2: column event_time: "2025-02-29 10:00:00"' "$b" --oltp "$(ON badtime)" --steps home
	rejected "$tag malformed URI" 2 '^funnel-report: --oltp: not a valid PostgreSQL connection string: ' \
		"$b" --oltp "postgresql://reader:$PW_URI@[::1/shop"
	rejected "$tag permission denied" 3 ': reading table events: permission denied for table events$' \
		"$b" --oltp "postgresql://noperm:$PW_URI@$SOCK_URI/shop" --steps home
done
rejected "server refuses TCP" 3 ': cannot connect: .*(refused|Is the server running)' \
	"$BIN" --oltp "host=127.0.0.1 port=1 dbname=shop user=reader password='$PW'"
rejected "no such database" 3 'cannot connect: .*database "nosuch" does not exist' \
	"$BIN" --oltp "postgresql://reader:$PW_URI@$SOCK_URI/nosuch"
rejected "id of the wrong type" 1 ': table users: column user_id is numeric; it must be text, varchar' "$BIN" --oltp "$(ON floatid)" --steps home
rejected "a bytea attribute" 1 ': table users: column photo is bytea; it must be any type but bytea$' "$BIN" --oltp "$(ON blob)" --steps home
rejected "an infinite time" 1 ': table events row 2: column event_time: "infinity"' "$BIN" --oltp "$(ON infinite)" --steps home
rejected "NULL user_id" 1 ': table events row 1: column user_id: NULL is not allowed here$' "$BIN" --oltp "$(ON nullid)" --steps home
rejected "keyword string without =" 2 'not a valid PostgreSQL connection string: missing "=" after "port"' \
	"$BIN" --oltp "host=$PGDIR password=$PW port"
rejected "unknown keyword" 2 'not a valid PostgreSQL connection string: invalid connection option "bogus"' \
	"$BIN" --oltp "host=$PGDIR bogus=1"
rejected "--oltp-max-rate with SQLite" 2 '--oltp-max-rate and --oltp-timeout are for a PostgreSQL --oltp only' \
	"$BIN" --oltp "$SCRATCH/db/hand" --oltp-max-rate 10
rejected "--oltp-max-rate 0" 2 '--oltp-max-rate 0: expected a whole number' "$BIN" --oltp "$URI" --oltp-max-rate 0

# The server gone mid-COPY: pg_terminate_backend from another session while a
# paced run reads, the session found by its application_name.
for b in "$BIN" $ASAN; do
	tag=plain
	[ "$b" = "$BIN" ] || tag=asan
	start_bg "$b" "$OUT" -q --oltp "$(ON mixed)" --steps $STEPS6 --oltp-max-rate 2000
	sleep 1.5
	got=$(SQL shop -At -c "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'funnel-report'")
	finish_bg
	why=""
	[ "$RC" = 3 ] || why="$why; exit $RC, want 3"
	[ "$got" = 1 ] || why="$why; $got sessions named funnel-report, want 1"
	[ "$(wc -l <"$ERR")" -eq 1 ] || why="$why; $(wc -l <"$ERR") lines on stderr"
	# the server's reason when it could send it; blocked writing to us (the
	# pacing sleeps) it cannot, and the socket just closes
	grep -Eq ': reading table (users|events): (terminating connection due to administrator command|server closed the connection unexpectedly)' "$ERR" ||
		why="$why; stderr does not name the lost connection"
	[ "$(fingerprint "$OUT")" = "$BEFORE" ] || why="$why; the previous report changed"
	[ -z "$(litter "$OUT")" ] || why="$why; left beside OUT_DIR: $(litter "$OUT")"
	[ -z "$TMPLEFT" ] || why="$why; left in TMPDIR: $TMPLEFT"
	[ -z "$why" ] && pass "$tag server gone mid-COPY (pg_terminate_backend): exit 3, one line, nothing published" ||
		fail "$tag server gone mid-COPY$why; stderr: $(stderr_text)"
done
# a statement timeout that cuts a paced read; SIGTERM during one
rejected "statement timeout" 3 ': reading table (users|events): canceling statement due to statement timeout \(the statement timeout is 1 s; see --oltp-timeout\)$' \
	"$BIN" --oltp "$(ON mixed)" --steps $STEPS6 --oltp-max-rate 1000 --oltp-timeout 1
start_bg "$BIN" "$OUT" -q --oltp "$(ON mixed)" --steps $STEPS6 --oltp-max-rate 1000
sleep 1
kill -TERM $PID
finish_bg
if [ "$RC" = 143 ] && [ "$(fingerprint "$OUT")" = "$BEFORE" ] && [ -z "$(litter "$OUT")" ] && [ -z "$TMPLEFT" ] &&
	[ "$(wc -l <"$ERR")" -eq 1 ]; then
	pass "SIGTERM during a paced read: exit 143, nothing published"
else
	fail "SIGTERM during a paced read: exit $RC; stderr: $(stderr_text)"
fi
left=$(SQL shop -At -c "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'funnel-report'")
[ "$left" = 0 ] && pass "no session of ours is left on the server" || fail "$left sessions of ours are left on the server"

# ---- the password --------------------------------------------------------------------
# in no stderr of any run and no file of any report
found=$(grep -rl -- "$MARK" "$SCRATCH/logs" "$SCRATCH"/pg-* "$SCRATCH/snap" 2>/dev/null | head -n 3)
[ -z "$found" ] && pass "the password is in no stderr and no output file ($N runs)" ||
	fail "the password was printed or written: $found"
# and scrubbed where libpq's own message echoes the connection string
grep -q 'postgresql://reader:\*\*\*@\[::1/shop' "$SCRATCH"/logs/*.err &&
	pass "libpq's echo of a malformed URI shows *** for the password" ||
	fail "no scrubbed echo of the malformed URI"

if [ $FAILED -gt 0 ]; then echo "$FAILED PostgreSQL test(s) failed"; exit 1; fi
echo "all PostgreSQL tests passed ($(($(date +%s) - T0)) s)"
