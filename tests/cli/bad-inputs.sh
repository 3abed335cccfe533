#!/bin/sh
# CLI tests of bad input (docs/BAD_INPUTS.md, by number): a table of inputs that must be
# rejected, and inputs that look odd but must be accepted.
# Usage: bad-inputs.sh BIN [ASAN_BIN]. The whole table runs with each binary;
# every case prints one line.
#
# "Rejected" means: the exit code of the table (1, bad data; 3 for a missing
# file), exactly one line on stderr that matches the table's pattern (file,
# line or table row, and what is wrong), the previous report in OUT_DIR
# byte for byte as it was, nothing left beside OUT_DIR (.NAME.new-*,
# .NAME.old-*, .NAME.lock) and nothing left in TMPDIR (a fresh empty
# directory for every run).
set -u
BIN=$1
ASAN=${2:-}
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/fr-bad.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT
trap 'exit 1' HUP INT PIPE TERM
FAILED=0
N=0
export LC_ALL=C TZ=UTC
unset SOURCE_DATE_EPOCH SQLITE_TMPDIR
# A sanitizer report must not pass for "exit 1, bad data".
export ASAN_OPTIONS="exitcode=86${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="exitcode=87:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
TO=""
command -v timeout >/dev/null 2>&1 && TO="timeout 60"
F="$SCRATCH/fx"

pass() { echo "ok   bad-input: $1"; }
fail() { echo "FAIL bad-input: $1"; FAILED=$((FAILED + 1)); }
skip() { echo "skip bad-input: $1"; }

# The tree's listing with checksums, to tell whether a report changed.
fingerprint() { (cd "$1" && find . -type f | LC_ALL=C sort | xargs sha256sum); }

# Temporary directories, lock files or warehouses beside the directory $1.
litter() {
	ls -A "$(dirname "$1")" | grep -E "^\.$(basename "$1")\.(new|old)-|^\.$(basename "$1")\.lock$|\.tmp-" || true
}

# run OUT ARGS...: runs $B ARGS -o OUT with TMPDIR a fresh empty directory and
# TZ=$RUNTZ; sets RC, and TMPLEFT to what was left in TMPDIR.
RUNTZ=UTC
run() {
	out=$1
	shift
	N=$((N + 1))
	tmp="$SCRATCH/tmp.$N"
	mkdir "$tmp"
	TZ=$RUNTZ TMPDIR=$tmp $TO "$B" "$@" -o "$out" </dev/null >"$SCRATCH/stdout" 2>"$SCRATCH/stderr"
	RC=$?
	TMPLEFT=$(ls -A "$tmp")
	rm -rf "$tmp"
}

stderr_text() { head -c 400 "$SCRATCH/stderr" | tr '\n' '|'; }

# The count of a data-quality item of summary.json.
dq_count() {
	awk -v k="\"name\": \"$1\"" 'index($0, k) { getline; sub(/.*"count": /, ""); sub(/,.*/, ""); print; exit }' "$2"
}

# The file $1/$2 of a case, or the common one.
pick() { if [ -e "$F/$1/$2" ]; then echo "$F/$1/$2"; else echo "$F/common/$2"; fi; }

# ---- fixtures (built once, shared by both binaries) --------------------------
HEAD='user_id,page,event_time\n'
GOOD='u1,home,2025-01-05 10:00:00\n'

# events NAME FORMAT: events.csv of case NAME: the header, a good row (line 2), then FORMAT.
events() { mkdir -p "$F/$1" && printf "$HEAD$GOOD$2" >"$F/$1/events.csv"; }
# file NAME FILE FORMAT: any other file of case NAME.
file() { mkdir -p "$F/$1" && printf "$3" >"$F/$1/$2"; }
# db NAME SQL: the SQLite database shop.db of case NAME.
db() { mkdir -p "$F/$1" && sqlite3 "$F/$1/shop.db" "$2"; }

USERS='user_id,signup_date,sex,channel\nu1,2025-01-01,F,Email\nu2,2025-01-02,M,Social\nu3,2025-01-03,F,Email\nu4,2025-01-04,M,Direct\n'

fixtures() {
	file common users.csv "$USERS"
	file common events.csv "$HEAD$GOOD"'u1,search,2025-01-05 10:01:00\nu1,cart,2025-01-05 10:02\nu2,home,2025-01-06\nu2,search,2025-01-06T11:00:00Z\nu3,home,2025-01-07T08:00:00+01:00\nu4,home,2025-02-01T03:00:00+05:30\nu4,search,2025-02-01T04:00:00+05:30\n'
	file common home.csv 'user_id,event_time\nu1,2025-01-05 10:00:00\nu2,2025-01-06\n'
	file common search.csv 'user_id,event_time\nu1,2025-01-05 10:01:00\n'
	file common cart.csv 'user_id,event_time\nu1,2025-01-05 10:02:00\n'

	# CSV (docs/BAD_INPUTS.md 1-9)
	# 1
	events unterminated-quote 'u2,"home,2025-01-06\n'
	# 2
	events stray-quote-2mb 'u2,"home,2025-01-06\n'
	yes 'u3,home,2025-01-07 10:00:00' | head -n 80000 >>"$F/stray-quote-2mb/events.csv" # 2.2 MB
	# 3
	events field-3mb 'u2,home,'
	head -c 3000000 /dev/zero | tr '\0' a >>"$F/field-3mb/events.csv"
	printf '\nu3,home,2025-01-07\n' >>"$F/field-3mb/events.csv"
	events million-columns 'u2'
	head -c 999999 /dev/zero | tr '\0' , >>"$F/million-columns/events.csv"
	printf '\nu3,home,2025-01-07\n' >>"$F/million-columns/events.csv"
	# 4
	events too-few-fields 'u2,home\n'
	events too-many-fields 'u2,home,2025-01-06,extra\n'
	# 5
	file header-missing-column events.csv 'user_id,page\nu1,home\n'
	file header-misspelled events.csv 'user_id,page,event_tim\nu1,home,2025-01-05\n'
	file header-duplicated events.csv 'user_id,page,event_time,page\nu1,home,2025-01-05,home\n'
	file users-no-user-id users.csv 'id,signup_date,sex\nu1,2025-01-01,F\n'
	# 7
	events nul-byte 'u2,ho\000me,2025-01-06\n'
	events invalid-utf8 'u2,ho\377me,2025-01-06\n'
	# 8
	file empty-events events.csv ''
	# 10, accepted: a signup_date that is not a date is an attribute value
	file signup-not-date users.csv 'user_id,signup_date,sex\nu1,2025-01-01,F\nu2,2025-02-30,M\n'
	events three-bad-rows 'u2,home,03/10/2024\nu3,home\nu4,home,2025-02-29\nu4,search,2025-02-01\n'

	# Time (12)
	events time-us-date 'u2,home,03/10/2024\n'
	events time-english 'u2,home,8 Jul 2016\n'
	events time-epoch 'u2,home,1700000000\n'
	events time-feb-29 'u2,home,2025-02-29\n'
	events time-month-13 'u2,home,2025-13-01\n'
	events time-hour-24 'u2,home,2025-01-01 24:00:00\n'
	events time-offset-19h 'u2,home,2025-01-01T10:00:00+19:00\n'
	# 44: in range only before the offset is applied
	events time-utc-year-10000 'u2,home,9999-12-31T23:59:59-14:00\n'
	events time-utc-year-0 'u2,home,0001-01-01T00:30:00+01:00\n'

	# 40: a value over the cap of every source (1,024 bytes), and one at it
	long=$(head -c 1025 /dev/zero | tr '\0' x)
	file value-1025-bytes users.csv "user_id,signup_date,sex,channel\nu1,2025-01-01,F,Email\nu2,2025-01-02,$long,Social\n"
	events page-1025-bytes "u2,$long,2025-01-06\n"
	file value-1024-bytes users.csv "user_id,signup_date,sex,channel\nu1,2025-01-01,F,Email\nu2,2025-01-02,${long%x},Social\n"

	# 39: breakdowns that would have far too many segments: 1,000 users with
	# 8 attributes of 50 values, and 30 binary attributes of 200 users
	mkdir -p "$F/segments-8x50" "$F/segments-binary-30"
	awk 'BEGIN { printf "user_id"; for (a = 1; a <= 8; a++) printf ",a%d", a; print ""
		for (u = 1; u <= 1000; u++) { printf "u%d", u; for (a = 1; a <= 8; a++) printf ",v%d", (u * (a + 6)) % 50; print "" } }' \
		>"$F/segments-8x50/users.csv"
	awk -v n=1000 'BEGIN { print "user_id,page,event_time"
		for (u = 1; u <= n; u++) { printf "u%d,home,2025-0%d-0%d\n", u, u % 4 + 1, u % 9 + 1
			if (u % 2) printf "u%d,search,2025-0%d-0%d 10:00\n", u, u % 4 + 1, u % 9 + 1 } }' >"$F/segments-8x50/events.csv"
	awk 'BEGIN { printf "user_id"; for (a = 1; a <= 30; a++) printf ",b%d", a; print ""
		for (u = 1; u <= 200; u++) { printf "u%d", u; for (a = 1; a <= 30; a++) printf ",%d", int(u / (a % 7 + 1)) % 2; print "" } }' \
		>"$F/segments-binary-30/users.csv"
	awk -v n=200 'BEGIN { print "user_id,page,event_time"
		for (u = 1; u <= n; u++) printf "u%d,home,2025-0%d-01\n", u, u % 4 + 1 }' >"$F/segments-binary-30/events.csv"

	# 43: dimension names that read like a breakdown or a segment
	file dim-name-plus users.csv 'user_id,signup_date,sex+channel,channel\nu1,2025-01-01,F,Email\nu2,2025-01-02,M,Social\n'
	file dim-name-equals users.csv 'user_id,signup_date,a=b\nu1,2025-01-01,F\nu2,2025-01-02,M\n'

	# 49: more user columns than the warehouse holds
	mkdir -p "$F/too-many-columns"
	awk 'BEGIN { printf "user_id"; for (a = 1; a <= 2500; a++) printf ",a%d", a; print ""
		for (u = 1; u <= 4; u++) { printf "u%d", u; for (a = 1; a <= 2500; a++) printf ",%d", (u + a) % 2; print "" } }' \
		>"$F/too-many-columns/users.csv"

	# 51-53: gzip, told by its bytes (these keep their .csv names)
	awk 'BEGIN { print "user_id,page,event_time"
		for (i = 0; i < 3000; i++) printf "u%d,%s,2025-01-%02d 10:%02d:00\n", i % 4 + 1, (i % 3 ? "home" : "search"), i % 28 + 1, i % 60 }' |
		gzip -9 >"$F/events.gz"
	gzsize=$(wc -c <"$F/events.gz")
	mkdir -p "$F/gz-truncated" "$F/gz-header-only" "$F/gz-bad-crc" "$F/gz-bad-block" "$F/gz-trailing" \
		"$F/gz-field-3mb" "$F/gz-users-truncated" "$F/xz-events" "$F/gz-steps-truncated"
	head -c $((gzsize / 2)) "$F/events.gz" >"$F/gz-truncated/events.csv"
	head -c 10 "$F/events.gz" >"$F/gz-header-only/events.csv"
	cp "$F/events.gz" "$F/gz-bad-crc/events.csv"
	printf '\377' | dd of="$F/gz-bad-crc/events.csv" bs=1 seek=$((gzsize - 8)) conv=notrunc 2>/dev/null
	cp "$F/events.gz" "$F/gz-bad-block/events.csv"
	printf '\377' | dd of="$F/gz-bad-block/events.csv" bs=1 seek=10 conv=notrunc 2>/dev/null
	{ cat "$F/events.gz"; printf 'junk\n'; } >"$F/gz-trailing/events.csv"
	{ printf "$HEAD$GOOD"'u2,home,'; head -c 3000000 /dev/zero | tr '\0' a; printf '\nu3,home,2025-01-07\n'; } |
		gzip >"$F/gz-field-3mb/events.csv"
	awk 'BEGIN { print "user_id,signup_date,sex"; for (i = 1; i <= 3000; i++) printf "u%d,2025-01-%02d,%s\n", i, i % 28 + 1, (i % 2 ? "F" : "M") }' |
		gzip -9 >"$F/users.gz"
	head -c $(($(wc -c <"$F/users.gz") * 2 / 3)) "$F/users.gz" >"$F/gz-users-truncated/users.csv"
	printf '\3757zXZ\000\000\004' >"$F/xz-events/events.csv"
	printf 'user_id,event_time\nu1,2025-01-05 10:01:00\nu2,2025-01-06 10:00:00\n' | gzip | head -c 30 \
		>"$F/gz-steps-truncated/search.csv"
	# 54: a page two steps match (the --steps of a "paths" case are in its steps file)
	file steps-overlap steps 'home=/,search=/search*,product=/product/*|/search/product/*'
	file steps-overlap events.csv "$HEAD"'u1,/,2025-01-05 10:00:00\nu1,/search?q=x,2025-01-05 10:01:00\nu2,/search/product/1,2025-01-06\n'
	file steps-overlap-bare steps 'home,search,any=*'
	file steps-overlap-bare events.csv "$HEAD$GOOD"'u1,search,2025-01-05 10:01:00\n'

	# Step tables (5, 12)
	file steps-bad-time search.csv 'user_id,event_time\nu1,2025-01-05 10:01:00\nu2,8 Jul 2016\n'
	file steps-no-user-id cart.csv 'uid,event_time\nu1,2025-01-05 10:02:00\n'

	# Accepted (6): odd line ends and BOM give the same as the clean file.
	file users-crlf users.csv '\357\273\277user_id,signup_date,sex,channel\r\nu1,2025-01-01,F,Email\r\n\r\nu2,2025-01-02,M,Social\r\nu3,2025-01-03,F,Email\r\n\r\n\r\nu4,2025-01-04,M,Direct'
	file users-cr users.csv 'user_id,signup_date,sex,channel\ru1,2025-01-01,F,Email\r\ru2,2025-01-02,M,Social\ru3,2025-01-03,F,Email\r\r\ru4,2025-01-04,M,Direct'
	file users-mixed users.csv '\357\273\277user_id,signup_date,sex,channel\r\n\nu1,2025-01-01,F,Email\ru2,2025-01-02,M,Social\r\n\r\r\nu3,2025-01-03,F,Email\n\n\ru4,2025-01-04,M,Direct'
	file events-crlf events.csv '\357\273\277user_id,page,event_time\r\nu1,home,2025-01-05 10:00:00\r\nu1,search,2025-01-05 10:01:00\r\nu1,cart,2025-01-05 10:02\r\n\r\nu2,home,2025-01-06\ru2,search,2025-01-06T11:00:00Z\r\nu3,home,2025-01-07T08:00:00+01:00\nu4,home,2025-02-01T03:00:00+05:30\r\nu4,search,2025-02-01T04:00:00+05:30'
	# 8
	file header-only events.csv "$HEAD"
	events two-bad-rows 'u2,home,03/10/2024\nu3,home\nu4,home,2025-02-01\n'
	# 9
	file duplicate-user users.csv 'user_id,signup_date,sex,channel\nu1,2025-01-01,F,Email\nu2,2025-01-02,M,Social\nu1,2025-01-03,M,Direct\n'
	# 11, 13
	file tz events.csv "$HEAD"'u1,home,2025-02-01T03:00:00+05:30\nu1,search,2025-02-01T05:29:59+05:30\nu2,home,2025-03-01T00:00:00+05:30\nu2,search,2025-03-01T06:00:00+05:30\nu2,cart,2025-03-01T06:00:00+05:30\nu3,home,2025-01-31T23:59:00+05:30\n'

	# SQLite (22-25)
	HAVE_SQLITE=1
	if ! command -v sqlite3 >/dev/null 2>&1; then
		if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
			echo "bad-inputs: installing sqlite3 (the SQLite CLI, for the fixtures)"
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sqlite3 >/dev/null 2>&1 ||
				(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sqlite3) >/dev/null 2>&1
		fi
		if ! command -v sqlite3 >/dev/null 2>&1; then
			echo "bad-inputs: no sqlite3 CLI (sudo apt-get install -y sqlite3); the SQLite cases are skipped"
			HAVE_SQLITE=0
			return
		fi
	fi
	SCHEMA="CREATE TABLE users(user_id TEXT, signup_date TEXT, sex TEXT);
		INSERT INTO users VALUES ('u1', '2025-01-01', 'F'), ('u2', '2025-01-02', 'M');"
	# Small pages and a few hundred rows, so that 3000 bytes cut through the data.
	db oltp-good "PRAGMA page_size = 1024; $SCHEMA
		CREATE TABLE events(user_id TEXT, page TEXT, event_time TEXT);
		WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400)
		INSERT INTO events SELECT 'u' || (i % 2 + 1), CASE i % 3 WHEN 0 THEN 'home' WHEN 1 THEN 'search' ELSE 'cart' END,
		  printf('2025-01-%02d %02d:%02d:00', i % 28 + 1, i % 24, i % 60) FROM n;"
	mkdir -p "$F/oltp-truncated" "$F/oltp-garbage" "$F/oltp-schema-tricks"
	head -c 3000 "$F/oltp-good/shop.db" >"$F/oltp-truncated/shop.db"
	head -c 8192 /dev/urandom >"$F/oltp-garbage/shop.db"
	cp "$F/oltp-good/shop.db" "$F/oltp-schema-tricks/shop.db"
	sqlite3 "$F/oltp-schema-tricks/shop.db" "
		CREATE TABLE audit(what TEXT);
		CREATE TRIGGER wipe AFTER INSERT ON events BEGIN DELETE FROM users; INSERT INTO audit VALUES ('x'); END;
		CREATE TRIGGER wipe2 BEFORE DELETE ON users BEGIN INSERT INTO audit VALUES ('y'); END;
		CREATE VIEW recent AS SELECT * FROM events WHERE event_time > '2025-01-15';"
	db oltp-no-events "$SCHEMA"
	db oltp-no-event-time "$SCHEMA CREATE TABLE events(user_id TEXT, page TEXT, ts TEXT);
		INSERT INTO events VALUES ('u2', 'home', '2025-01-05');"
	db oltp-integer-time "$SCHEMA CREATE TABLE events(user_id TEXT, page TEXT, event_time INTEGER);
		INSERT INTO events VALUES ('u2', 'home', 1736071200), ('u2', 'search', 1736071260);"
	db oltp-bad-text-time "$SCHEMA CREATE TABLE events(user_id TEXT, page TEXT, event_time TEXT);
		INSERT INTO events VALUES ('u2', 'home', '2025-01-05 10:00:00'), ('u2', 'search', '2025-02-29 10:00:00');"
	db oltp-signup-not-date "CREATE TABLE users(user_id TEXT, signup_date TEXT, sex TEXT);
		INSERT INTO users VALUES ('u1', '2025-01-01', 'F'), ('u2', '8 Jul 2016', 'M');
		CREATE TABLE events(user_id TEXT, page TEXT, event_time TEXT);"
	db oltp-value-1025-bytes "CREATE TABLE users(user_id TEXT, signup_date TEXT, sex TEXT);
		INSERT INTO users VALUES ('u1', '2025-01-01', 'F'), ('u2', '2025-01-02', printf('%.1025c', 'x'));
		CREATE TABLE events(user_id TEXT, page TEXT, event_time TEXT);"
	db oltp-users-view "CREATE TABLE people(user_id TEXT, signup_date TEXT, sex TEXT);
		CREATE VIEW users AS SELECT * FROM people;
		CREATE TABLE events(user_id TEXT, page TEXT, event_time TEXT);"
}

# ---- the table of rejected inputs ----------------------------------------------
# kind: csv (--users-csv/--events-csv), paths (the same with the case's
# own --steps, from its file steps), steps (--user-table/--step-table),
# oltp (--oltp CASE/shop.db); a case's files override those of common/.
# opts: extra options, comma-separated, or -. pattern: grep -E over stderr.
CASES='
# kind  case                  exit  opts                     stderr must match
csv     unterminated-quote     1    -                        events\.csv:3: .*quote
csv     stray-quote-2mb        1    -                        events\.csv:3: .*field.*(longer than|bytes|MiB|too long)
csv     field-3mb              1    -                        events\.csv:3: .*field.*(longer than|bytes|MiB|too long)
csv     million-columns        1    -                        events\.csv:3: .*fields
csv     too-few-fields         1    -                        events\.csv:3: .*fields
csv     too-many-fields        1    -                        events\.csv:3: .*fields
csv     header-missing-column  1    -                        events\.csv:1: .*event_time
csv     header-misspelled      1    -                        events\.csv:1: .*event_time
csv     header-duplicated      1    -                        events\.csv:1: .*page.*(twice|duplicate)
csv     users-no-user-id       1    -                        users\.csv:1: .*user_id
csv     nul-byte               1    -                        events\.csv:3: .*NUL
csv     invalid-utf8           1    -                        events\.csv:3: .*UTF-8
csv     empty-events           1    -                        events\.csv(:1)?: .*(empty|no header)
csv     value-1025-bytes       1    -                        users\.csv:3: column sex: a value of 1025 bytes \(values are at most 1024
csv     page-1025-bytes        1    -                        events\.csv:3: column page: a value of 1025 bytes
csv     segments-8x50          1    -                        segments \(--max-combo 3 over 9 dimensions\), more than --max-segments 10,000; the most come from a1 \(50 values\)
csv     segments-8x50          1    --max-combo=8            segments \(--max-combo 8 over 9 dimensions\), more than --max-segments 10,000
csv     segments-binary-30     1    -                        segments \(--max-combo 3 over 31 dimensions\), more than --max-segments 10,000
csv     too-many-columns       1    -                        users\.csv:1: 2500 attribute columns.*1,996
csv     dim-name-plus          1    -                        users\.csv:1: column "sex\+channel": .*may not hold
csv     dim-name-equals        1    -                        users\.csv:1: column "a=b": .*may not hold
csv     three-bad-rows         1    -q,--max-bad-rows=2      events\.csv:5: .*event_time
csv     time-us-date           1    -                        events\.csv:3: .*event_time
csv     time-english           1    -                        events\.csv:3: .*event_time
csv     time-epoch             1    -                        events\.csv:3: .*event_time
csv     time-feb-29            1    -                        events\.csv:3: .*event_time
csv     time-month-13          1    -                        events\.csv:3: .*event_time
csv     time-hour-24           1    -                        events\.csv:3: .*event_time
csv     time-offset-19h        1    -                        events\.csv:3: .*event_time
csv     time-utc-year-10000    1    -                        events\.csv:3: .*event_time.*UTC
csv     time-utc-year-0        1    -                        events\.csv:3: .*event_time.*UTC
csv     gz-truncated           1    -                        events\.csv:[1-9][0-9]{2,}: the gzip data ends early \(the file is truncated\)
csv     gz-header-only         1    -                        events\.csv:1: the gzip data ends early
csv     gz-bad-crc             1    -                        events\.csv:3002: corrupt gzip data \(incorrect data check\)
csv     gz-bad-block           1    -                        events\.csv:1: corrupt gzip data \(invalid block type\)
csv     gz-trailing            1    -                        events\.csv:3002: other bytes follow the end of the gzip data
csv     gz-field-3mb           1    -                        events\.csv:3: a field longer than 1048576 bytes
csv     gz-users-truncated     1    -                        users\.csv:[1-9][0-9]{2,}: the gzip data ends early
csv     xz-events              1    -                        events\.csv:1: the file is xz-compressed, but only plain and gzip CSV are read
paths   steps-overlap          1    -                        events\.csv:4: page "/search/product/1" matches two steps, search \(/search\*\) and product \(/product/\*\|/search/product/\*\)
paths   steps-overlap          1    --max-bad-rows=5         events\.csv:4: page "/search/product/1" matches two steps
paths   steps-overlap-bare     1    -                        events\.csv:2: page "home" matches two steps, home and any \(\*\)
steps   gz-steps-truncated     1    -                        search\.csv:[0-9]+: the gzip data ends early
steps   steps-bad-time         1    -                        search\.csv:3: .*event_time
steps   steps-no-user-id       1    -                        cart\.csv:1: .*user_id
oltp    oltp-garbage           1    -                        shop\.db: .*(database|SQLite)
oltp    oltp-truncated         1    -                        shop\.db: .*(database|SQLite|malformed|damaged)
oltp    oltp-no-events         1    -                        shop\.db: .*table events
oltp    oltp-no-event-time     1    -                        shop\.db: .*table events.*event_time
oltp    oltp-integer-time      1    -                        shop\.db: .*table events row 1.*event_time
oltp    oltp-bad-text-time     1    -                        shop\.db: .*table events row 2.*event_time
oltp    oltp-value-1025-bytes  1    -                        shop\.db: table users row 2: column sex: a value of 1025 bytes
oltp    oltp-users-view        1    -                        shop\.db: .*users
oltp    oltp-no-such-file      3    -                        shop\.db: 
'

rejected() {
	B=$1 tag=$2 D=$3
	OUT="$D/out"
	BEFORE=$(fingerprint "$OUT")
	while read -r kind name code opts pattern; do
		case $kind in '' | '#'*) continue ;; esac
		case $kind in
		csv) set -- --users-csv "$(pick "$name" users.csv)" --events-csv "$(pick "$name" events.csv)" \
			--steps home,search,cart ;;
		paths) set -- --users-csv "$(pick "$name" users.csv)" --events-csv "$(pick "$name" events.csv)" \
			--steps "$(cat "$F/$name/steps")" ;;
		steps) set -- --user-table "$(pick "$name" users.csv)" --step-table home="$(pick "$name" home.csv)" \
			--step-table search="$(pick "$name" search.csv)" --step-table cart="$(pick "$name" cart.csv)" ;;
		oltp)
			if [ "$HAVE_SQLITE" = 0 ] && [ "$name" != oltp-no-such-file ]; then
				skip "$tag $name (no sqlite3 CLI for the fixture)"
				continue
			fi
			set -- --oltp "$F/$name/shop.db" --steps home,search,cart ;;
		esac
		# shellcheck disable=SC2046
		[ "$opts" = - ] || set -- $(echo "$opts" | tr , ' ') "$@"
		run "$OUT" "$@"
		why=""
		[ "$RC" = "$code" ] || why="$why; exit $RC, want $code"
		lines=$(wc -l <"$SCRATCH/stderr")
		[ "$lines" -eq 1 ] || why="$why; $lines lines on stderr, want 1"
		grep -Eq -- "$pattern" "$SCRATCH/stderr" || why="$why; stderr does not match /$pattern/"
		[ "$(fingerprint "$OUT")" = "$BEFORE" ] || why="$why; the previous report changed"
		left=$(litter "$OUT")
		[ -z "$left" ] || why="$why; left beside OUT_DIR: $left"
		[ -z "$TMPLEFT" ] || why="$why; left in TMPDIR: $TMPLEFT"
		if [ -z "$why" ]; then pass "$tag $name"; else
			fail "$tag $name${why}; stderr: $(stderr_text)"
		fi
	done <<EOF
$CASES
EOF
}

# ---- accepted inputs -------------------------------------------------------------
# ok0 NAME: the last run exited 0 and left nothing in TMPDIR.
ok0() {
	if [ "$RC" = 0 ] && [ -z "$TMPLEFT" ]; then return 0; fi
	why=""
	[ "$RC" = 0 ] || why="; exit $RC, want 0"
	fail "$1$why${TMPLEFT:+; left in TMPDIR: $TMPLEFT}; stderr: $(stderr_text)"
	return 1
}

# same_data A B NAME: the two reports' data files agree (summary.json names the inputs).
same_data() {
	for f in funnel.csv visits.csv cube_funnel.csv cube_visits.csv; do
		if ! cmp -s "$1/data/$f" "$2/data/$f"; then
			fail "$3: data/$f differs from the clean file's"
			return
		fi
	done
	pass "$3"
}

# evlog OUT CASE [OPTION...]: a run on the event log of CASE.
evlog() {
	evout=$1 evcase=$2
	shift 2
	run "$evout" "$@" --users-csv "$(pick "$evcase" users.csv)" --events-csv "$(pick "$evcase" events.csv)" \
		--steps home,search,cart
}

accepted() {
	B=$1 tag=$2 D=$3
	for c in users-crlf users-cr users-mixed events-crlf; do
		evlog "$D/p-$c" "$c" -q
		ok0 "$tag $c accepted" && same_data "$D/out" "$D/p-$c" "$tag $c gives the clean file's result"
	done

	evlog "$D/p-header-only" header-only -q
	if ok0 "$tag header-only events"; then
		if awk -F, '$1 == "overall" { n++; if ($5 != "0") bad = 1 } END { exit !(n == 3 && !bad) }' \
			"$D/p-header-only/data/funnel.csv"; then
			pass "$tag header-only events: overall row of zeros"
		else
			fail "$tag header-only events: funnel.csv lacks an overall row of zeros: $(head -5 "$D/p-header-only/data/funnel.csv" | tr '\n' '|')"
		fi
	fi

	evlog "$D/p-two-bad" two-bad-rows --max-bad-rows 2
	if ok0 "$tag --max-bad-rows 2, two bad rows"; then
		shown=$(grep -c 'events\.csv:[34]:' "$SCRATCH/stderr")
		got=$(dq_count bad_rows_skipped "$D/p-two-bad/data/summary.json")
		if [ "$shown" = 2 ] && [ "$got" = 2 ]; then pass "$tag --max-bad-rows 2, two bad rows: shown and counted"; else
			fail "$tag --max-bad-rows 2: $shown skipped rows shown (want 2), bad_rows_skipped $got (want 2); stderr: $(stderr_text)"
		fi
	fi

	# 10: a signup_date that is not a date is a value like any other, never
	# a rejected row; the user's visits count, and data quality says it
	evlog "$D/p-signup" signup-not-date -q
	if ok0 "$tag signup_date that is not a date"; then
		got=$(dq_count signup_not_date "$D/p-signup/data/summary.json")
		if [ "$got" = 1 ] && grep -q '^signup_date,signup_date=2025-02-30,1,home,1,' "$D/p-signup/data/funnel.csv"; then
			pass "$tag signup_date that is not a date: a segment, counted as signup_not_date"
		else
			fail "$tag signup_date that is not a date: signup_not_date $got (want 1), or no segment signup_date=2025-02-30"
		fi
	fi

	# 40: a value of exactly 1,024 bytes is data like any other, kept exactly
	evlog "$D/p-1024" value-1024-bytes -q
	if ok0 "$tag a value of 1,024 bytes"; then
		grep -q "^2025-01-02,$(head -c 1024 /dev/zero | tr '\0' x),Social,2025-01,2,1$" "$D/p-1024/data/cube_funnel.csv" &&
			pass "$tag a value of 1,024 bytes: kept exactly" || fail "$tag a value of 1,024 bytes: not in cube_funnel.csv as it was"
	fi

	evlog "$D/p-dup" duplicate-user -q
	if ok0 "$tag duplicate user"; then
		got=$(dq_count duplicate_users "$D/p-dup/data/summary.json")
		[ "$got" = 1 ] && pass "$tag duplicate user: counted once as duplicate_users" ||
			fail "$tag duplicate user: duplicate_users $got, want 1"
	fi

	# +05:30 events: same bytes in any TZ; 03:00+05:30 on Feb 1 is January in UTC.
	if [ -e /usr/share/zoneinfo/Pacific/Chatham ]; then
		evlog "$D/p-tz-utc" tz -q
		if ok0 "$tag +05:30 events under TZ=UTC"; then
			RUNTZ=Pacific/Chatham
			evlog "$D/p-tz-chatham" tz -q
			RUNTZ=UTC
			if ok0 "$tag +05:30 events under TZ=Pacific/Chatham"; then
				diff -r "$D/p-tz-utc/data" "$D/p-tz-chatham/data" >/dev/null &&
					pass "$tag +05:30 events: data/ identical under TZ=UTC and TZ=Pacific/Chatham" ||
					fail "$tag +05:30 events: data/ differs between TZ=UTC and TZ=Pacific/Chatham"
			fi
			grep -q '^month,month=2025-01,1,home,2,' "$D/p-tz-utc/data/funnel.csv" &&
				pass "$tag +05:30 event early on Feb 1 is in January (UTC)" ||
				fail "$tag +05:30 events: funnel.csv lacks month=2025-01 with 2 users at home"
		fi
	else
		skip "$tag TZ=Pacific/Chatham (no tzdata)"
	fi

	if [ "$HAVE_SQLITE" = 1 ]; then
		run "$D/p-oltp-signup" -q --oltp "$F/oltp-signup-not-date/shop.db" --steps home,search,cart
		if ok0 "$tag oltp signup_date that is not a date"; then
			got=$(dq_count signup_not_date "$D/p-oltp-signup/data/summary.json")
			[ "$got" = 1 ] && pass "$tag oltp signup_date that is not a date: accepted and counted" ||
				fail "$tag oltp signup_date that is not a date: signup_not_date $got, want 1"
		fi
		for c in oltp-good oltp-schema-tricks; do
			sum=$(sha256sum <"$F/$c/shop.db")
			run "$D/p-$c" -q --oltp "$F/$c/shop.db" --steps home,search,cart
			ok0 "$tag $c" && { [ "$(sha256sum <"$F/$c/shop.db")" = "$sum" ] &&
				pass "$tag $c: database bytes unchanged" || fail "$tag $c: the database changed"; }
		done
		[ "$(sqlite3 "$F/oltp-schema-tricks/shop.db" 'SELECT count(*) FROM users; SELECT count(*) FROM audit')" = "2
0" ] && pass "$tag oltp-schema-tricks: triggers never ran" || fail "$tag oltp-schema-tricks: triggers ran"
		# 25: a writer holds the database locked; the run waits its
		# 2 s, then one clear line, exit 3, nothing published, the file unchanged.
		cp "$F/oltp-good/shop.db" "$SCRATCH/locked.db"
		sum=$(sha256sum <"$SCRATCH/locked.db")
		{ echo "BEGIN EXCLUSIVE; INSERT INTO users VALUES ('u9', '2025-01-03', 'F');"
		  echo "SELECT 'held';"; sleep 6; echo "ROLLBACK;"; } | sqlite3 "$SCRATCH/locked.db" >"$SCRATCH/held" &
		holder=$!
		i=0; while [ ! -s "$SCRATCH/held" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
		run "$D/p-locked" -q --oltp "$SCRATCH/locked.db" --steps home,search,cart
		wait $holder
		if [ "$RC" = 3 ] && grep -q 'locked.db: the database stayed locked' "$SCRATCH/stderr" &&
			[ "$(wc -l <"$SCRATCH/stderr")" = 1 ] && [ ! -e "$D/p-locked" ] && [ -z "$TMPLEFT" ] &&
			[ "$(sha256sum <"$SCRATCH/locked.db")" = "$sum" ]; then
			pass "$tag locked database: waits, one line, exit 3, nothing published, file unchanged"
		else
			fail "$tag locked database: exit $RC; stderr: $(stderr_text)"
		fi
	else
		skip "$tag SQLite databases unchanged (no sqlite3 CLI)"
	fi
}

# ---- the environment ------------------------------------------------------------
# envcase NAME CODE PATTERN VAR=VALUE...: a good run's options under the
# environment given; it must be refused as a rejected input is (the code,
# one line matching PATTERN, the report and its surroundings untouched).
envcase() {
	name=$1 code=$2 pattern=$3
	shift 3
	BEFORE=$(fingerprint "$OUT")
	N=$((N + 1))
	tmp="$SCRATCH/tmp.$N"
	mkdir "$tmp"
	env TMPDIR="$tmp" "$@" $TO "$B" -q --users-csv "$F/common/users.csv" --events-csv "$F/common/events.csv" \
		--steps home,search,cart -o "$OUT" </dev/null >"$SCRATCH/stdout" 2>"$SCRATCH/stderr"
	RC=$?
	why=""
	[ "$RC" = "$code" ] || why="$why; exit $RC, want $code"
	lines=$(wc -l <"$SCRATCH/stderr")
	[ "$lines" -eq 1 ] || why="$why; $lines lines on stderr, want 1"
	grep -Eq -- "$pattern" "$SCRATCH/stderr" || why="$why; stderr does not match /$pattern/"
	[ "$(fingerprint "$OUT")" = "$BEFORE" ] || why="$why; the previous report changed"
	left=$(litter "$OUT")
	[ -z "$left" ] || why="$why; left beside OUT_DIR: $left"
	[ -z "$(ls -A "$tmp")" ] || why="$why; left in TMPDIR: $(ls -A "$tmp")"
	rm -rf "$tmp"
	if [ -z "$why" ]; then pass "$tag $name"; else fail "$tag $name${why}; stderr: $(stderr_text)"; fi
}

environment() {
	B=$1 tag=$2 D=$3
	OUT="$D/out"
	# 48: no font at all: say so, and which package brings one
	printf '<?xml version="1.0"?>\n<fontconfig></fontconfig>\n' >"$SCRATCH/nofonts.conf"
	envcase "no font installed" 3 'no font.*fonts-dejavu-core' FONTCONFIG_FILE="$SCRATCH/nofonts.conf"
	# 50: the temporary directories, named with their variable
	envcase "TMPDIR missing" 3 'TMPDIR=/nonexistent/x: No such file or directory' TMPDIR=/nonexistent/x
	envcase "TMPDIR a file" 3 "TMPDIR=$F/common/users.csv: Not a directory" TMPDIR="$F/common/users.csv"
	envcase "SQLITE_TMPDIR missing" 3 'SQLITE_TMPDIR=/nonexistent: No such file' SQLITE_TMPDIR=/nonexistent
}

# ---- hostile template SQL -------------------------------------------------------
# 46: a --templates override of a SQL file may use its own database and no
# more: each of these is refused (exit 3) naming the template, and the file
# it would have written does not appear. The summary's SQL runs on --from-cube.
TEMPLATES=$(cd "$(dirname "$0")/../../templates" && pwd)
hostile_sql() {
	B=$1 tag=$2 D=$3
	OUT="$D/out"
	while IFS='|' read -r name tmpl sql pattern; do
		[ -n "$name" ] || continue
		T="$SCRATCH/tmpl-$tag-$name"
		rm -rf "$T" "$SCRATCH/evil.db"
		mkdir -p "$T/sql"
		{ printf '%s\n' "$sql" | sed "s|EVIL|$SCRATCH/evil.db|"; cat "$TEMPLATES/$tmpl"; } >"$T/$tmpl"
		BEFORE=$(fingerprint "$OUT")
		case $tmpl in
		*cubein*) run "$OUT" --templates "$T" --from-cube "$D/out" ;;
		*) run "$OUT" --templates "$T" --users-csv "$F/common/users.csv" --events-csv "$F/common/events.csv" \
			--steps home,search,cart ;;
		esac
		why=""
		[ "$RC" = 3 ] || why="$why; exit $RC, want 3"
		[ "$(wc -l <"$SCRATCH/stderr")" -eq 1 ] || why="$why; not one line on stderr"
		grep -Eq -- "$pattern" "$SCRATCH/stderr" || why="$why; stderr does not match /$pattern/"
		[ ! -e "$SCRATCH/evil.db" ] || why="$why; the template wrote $SCRATCH/evil.db"
		[ "$(fingerprint "$OUT")" = "$BEFORE" ] || why="$why; the previous report changed"
		[ -z "$(litter "$OUT")" ] || why="$why; left beside OUT_DIR: $(litter "$OUT")"
		if [ -z "$why" ]; then pass "$tag template SQL: $name refused"; else
			fail "$tag template SQL: $name${why}; stderr: $(stderr_text)"
		fi
	done <<'EOF'
attach|sql/analyze_steps.sql|ATTACH 'EVIL' AS evil; CREATE TABLE evil.t(x);|sql/analyze_steps.sql: refused ATTACH
vacuum-into|sql/analyze_steps.sql|VACUUM INTO 'EVIL';|sql/analyze_steps.sql: refused ATTACH or DETACH \(also VACUUM INTO\)
attach-in-the-warehouse|sql/extract_schema.sql|ATTACH 'EVIL' AS evil;|sql/extract_schema.sql: refused ATTACH
pragma-write|sql/analyze_steps.sql|PRAGMA journal_mode = DELETE;|refused PRAGMA journal_mode = DELETE
pragma-schema|sql/model_schema.sql|PRAGMA writable_schema = 1;|refused PRAGMA writable_schema
load-extension|sql/analyze_steps.sql|SELECT load_extension('EVIL');|refused load_extension\(\)
fts3-tokenizer|sql/analyze_steps.sql|SELECT fts3_tokenizer('simple');|refused fts3_tokenizer\(\)
virtual-table|sql/analyze_steps.sql|CREATE VIRTUAL TABLE v USING fts5(x);|refused a virtual table
EOF
}

# ---- paths: never lose a user's file ----------------------------------------------
# pathrun NAME CODE PATTERN ARGS...: runs $B -q ARGS (TMPDIR a fresh empty
# directory) and checks the exit code, one line on stderr matching PATTERN
# and nothing left in TMPDIR; the caller checks the files concerned.
pathrun() {
	name=$1 code=$2 pattern=$3
	shift 3
	N=$((N + 1))
	tmp="$SCRATCH/tmp.$N"
	mkdir "$tmp"
	TMPDIR=$tmp $TO "$B" -q "$@" </dev/null >"$SCRATCH/stdout" 2>"$SCRATCH/stderr"
	RC=$?
	why=""
	[ "$RC" = "$code" ] || why="$why; exit $RC, want $code"
	if [ "$code" != 0 ]; then
		grep -Eq -- "$pattern" "$SCRATCH/stderr" || why="$why; stderr does not match /$pattern/"
		[ "$(grep -vc "^Try 'funnel-report --help'" "$SCRATCH/stderr")" = 1 ] || why="$why; not one message"
	fi
	[ -z "$(ls -A "$tmp")" ] || why="$why; left in TMPDIR: $(ls -A "$tmp")"
	rm -rf "$tmp"
	WHY=$why
}
# verdict NAME [EXTRA_WHY]: pass or fail with what pathrun and the caller found.
verdict() {
	if [ -z "$WHY${2:-}" ]; then pass "$tag $1"; else fail "$tag $1$WHY${2:-}; stderr: $(stderr_text)"; fi
}
same() { [ "$(sha256sum <"$1")" = "$2" ] || echo "; $1 changed"; }

paths() {
	B=$1 tag=$2 D=$3
	P="$D/paths"
	rm -rf "$P"
	mkdir -p "$P"
	U="$F/common/users.csv" E="$F/common/events.csv"
	set -- --users-csv "$U" --events-csv "$E" --steps home,search,cart
	"$B" -q "$@" -o "$P/rep" || fail "$tag paths: setup run"
	REP=$(fingerprint "$P/rep")

	# 31: --keep-warehouse never replaces what it did not write, nor an input, nor through a link
	if [ "$HAVE_SQLITE" = 1 ]; then
		cp "$F/oltp-good/shop.db" "$P/shop.db"
		sum=$(sha256sum <"$P/shop.db")
		pathrun x 2 'keep-warehouse .*shop\.db: is this run.s input \(--oltp' --oltp "$P/shop.db" --steps home,search,cart \
			--keep-warehouse "$P/shop.db" -o "$P/o31"
		verdict "--keep-warehouse the --oltp database itself: refused" "$(same "$P/shop.db" "$sum")"
	fi
	cp "$U" "$P/people.csv"
	sum=$(sha256sum <"$P/people.csv")
	pathrun x 2 'keep-warehouse .*people\.csv: exists and is not a warehouse that funnel-report kept' "$@" \
		--keep-warehouse "$P/people.csv" -o "$P/o31"
	verdict "--keep-warehouse over a user's CSV: refused" "$(same "$P/people.csv" "$sum")"
	cp "$U" "$P/in.csv" # a copy: a broken build would overwrite the input
	sum=$(sha256sum <"$P/in.csv")
	pathrun x 2 'is this run.s input \(--users-csv' --users-csv "$P/in.csv" --events-csv "$E" --steps home,search,cart \
		--keep-warehouse "$P/in.csv" -o "$P/o31"
	verdict "--keep-warehouse the --users-csv input: refused" "$(same "$P/in.csv" "$sum")"
	pathrun x 0 '' "$@" --keep-warehouse "$P/wh.db" -o "$P/o31"
	pathrun x 0 '' "$@" --keep-warehouse "$P/wh.db" -o "$P/o31"
	extra=""
	[ "$(od -A n -t x1 -j 68 -N 4 "$P/wh.db" | tr -d ' ')" = 66726570 ] || extra="; no application id in wh.db"
	[ -z "$(ls -A "$P" | grep '\.tmp-')" ] || extra="$extra; left: $(ls -A "$P" | grep '\.tmp-')"
	verdict "--keep-warehouse twice: the earlier warehouse (ours) is replaced" "$extra"
	ln -s wh.db "$P/wh-link.db"
	sum=$(sha256sum <"$P/wh.db")
	pathrun x 2 'keep-warehouse .*wh-link\.db: is a symbolic link' "$@" --keep-warehouse "$P/wh-link.db" -o "$P/o31"
	verdict "--keep-warehouse through a symbolic link: refused" "$(same "$P/wh.db" "$sum")"

	# 32: an input inside OUT_DIR would be deleted with the old report
	cp "$U" "$P/rep/users.csv"
	REP=$(fingerprint "$P/rep")
	pathrun x 2 'users-csv .*rep/users\.csv: lies inside the output directory' --users-csv "$P/rep/users.csv" \
		--events-csv "$E" --steps home,search,cart -o "$P/rep"
	verdict "--users-csv inside OUT_DIR: refused" "$([ "$(fingerprint "$P/rep")" = "$REP" ] || echo '; the report changed')"
	ln -s rep/users.csv "$P/users-link.csv"
	pathrun x 2 'lies inside the output directory' --users-csv "$P/users-link.csv" --events-csv "$E" --steps home,search,cart -o "$P/rep"
	verdict "an input inside OUT_DIR through a symbolic link: refused"
	mkdir -p "$P/sub"
	pathrun x 2 'lies inside the output directory' --users-csv "$P/sub/../rep/users.csv" --events-csv "$E" \
		--steps home,search,cart -o "$P/sub/../rep"
	verdict "an input inside OUT_DIR through ..: refused"
	mkdir -p "$P/rep/tpl"
	REP=$(fingerprint "$P/rep")
	pathrun x 2 'templates .*: lies inside the output directory' "$@" --templates "$P/rep/tpl" -o "$P/rep"
	verdict "--templates inside OUT_DIR: refused" "$([ -d "$P/rep/tpl" ] || echo '; the templates went')"

	# 34: the kept warehouse inside OUT_DIR would vanish with the old tree
	pathrun x 2 'keep-warehouse .*: lies inside the output directory' "$@" --keep-warehouse "$P/rep/wh.db" -o "$P/rep"
	verdict "--keep-warehouse inside OUT_DIR: refused" "$([ "$(fingerprint "$P/rep")" = "$REP" ] || echo '; the report changed')"

	# 33: an entry named .funnel-report is not enough: our marker is a file with our text
	mkdir -p "$P/home/.funnel-report"
	echo "my thesis" >"$P/home/thesis.txt"
	pathrun x 3 'home: exists, is not empty and is not a funnel-report output' "$@" -o "$P/home"
	verdict "a folder named .funnel-report does not make a directory ours" "$([ -s "$P/home/thesis.txt" ] || echo '; thesis.txt went')"
	mkdir -p "$P/home2"
	echo "not ours" >"$P/home2/.funnel-report"
	echo "my thesis" >"$P/home2/thesis.txt"
	pathrun x 3 'is not a funnel-report output' "$@" -o "$P/home2"
	verdict "a .funnel-report file with other text does not either" "$([ -s "$P/home2/thesis.txt" ] || echo '; thesis.txt went')"
	mkdir -p "$P/home3"
	ln -s ../rep/.funnel-report "$P/home3/.funnel-report"
	echo "my thesis" >"$P/home3/thesis.txt"
	pathrun x 3 'is not a funnel-report output' "$@" -o "$P/home3"
	verdict "nor a link to a real marker" "$([ -s "$P/home3/thesis.txt" ] || echo '; thesis.txt went')"

	# 36: only our own stale build folders are swept, and each is named
	rm -f "$P/rep/users.csv"
	rm -rf "$P/rep/tpl"
	"$B" -q "$@" -o "$P/rep" || fail "$tag paths: a run to sweep after"
	mkdir -p "$P/.rep.old-backup" "$P/.rep.new-abc123" "$P/.rep.old-42" "$P/.rep.new-Kill3d"
	echo mine >"$P/.rep.old-backup/notes.txt"
	echo mine >"$P/.rep.new-abc123/notes.txt"
	cp "$P/rep/.funnel-report" "$P/.rep.old-42/"
	cp -r "$P/rep/." "$P/.rep.new-Kill3d/"
	pathrun x 0 '' -v "$@" -o "$P/rep"
	extra=""
	[ -s "$P/.rep.old-backup/notes.txt" ] && [ -s "$P/.rep.new-abc123/notes.txt" ] || extra="; a user's folder was swept"
	[ ! -e "$P/.rep.old-42" ] && [ ! -e "$P/.rep.new-Kill3d" ] || extra="$extra; a stale build folder stayed"
	grep -q 'removed .*\.rep\.new-Kill3d, the build folder of a run that was killed' "$SCRATCH/stderr" &&
		grep -q 'removed .*\.rep\.old-42' "$SCRATCH/stderr" || extra="$extra; the sweep was not named"
	verdict "only our marked build folders are swept, and named" "$extra"
	rm -rf "$P/.rep.old-backup" "$P/.rep.new-abc123"

	# 37: --export-demo never overwrites a file, nor follows a link
	mkdir -p "$P/exp"
	echo mine >"$P/exp/users.csv"
	pathrun x 2 'export-demo .*: users\.csv exists; refusing to overwrite it' --demo-users 50 --export-demo "$P/exp"
	verdict "--export-demo over a users.csv: refused" "$([ "$(cat "$P/exp/users.csv")" = mine ] && [ ! -e "$P/exp/events.csv" ] || echo '; a file changed')"
	mkdir -p "$P/exp2"
	echo mine >"$P/secret"
	ln -s ../secret "$P/exp2/events.csv"
	pathrun x 2 'events\.csv exists \(a symbolic link\)' --demo-users 50 --export-demo "$P/exp2"
	verdict "--export-demo through a link: refused" "$([ "$(cat "$P/secret")" = mine ] && [ ! -e "$P/exp2/users.csv" ] || echo '; a file changed')"
	ln -s exp "$P/exp-link"
	pathrun x 2 'export-demo .*exp-link: is a symbolic link' --demo-users 50 --export-demo "$P/exp-link"
	verdict "--export-demo into a linked directory: refused"
	pathrun x 0 '' --demo-users 50 --export-demo "$P/exp3"
	verdict "--export-demo into a new directory" "$([ -s "$P/exp3/users.csv" ] && [ -s "$P/exp3/events.csv" ] && [ -z "$(ls -A "$P/exp3" | grep tmp)" ] || echo '; files missing or litter')"

	# 38: a read-only OUT_DIR is refused before the heavy work, and nothing stays beside it
	chmod 555 "$P/rep"
	REP=$(fingerprint "$P/rep")
	pathrun x 3 'rep: is read-only \(mode 555\)' "$@" -o "$P/rep"
	verdict "a read-only OUT_DIR: refused" "$([ "$(fingerprint "$P/rep")" = "$REP" ] && [ -z "$(litter "$P/rep")" ] || echo "; changed, or left: $(litter "$P/rep")")"
	chmod 755 "$P/rep"
}

suite() {
	B=$1 tag=$2
	D="$SCRATCH/$tag"
	mkdir -p "$D"
	# A good run: the report every rejected run must leave as it is.
	evlog "$D/out" common -q
	ok0 "$tag clean event log" && pass "$tag clean event log"
	if [ ! -s "$D/out/data/funnel.csv" ]; then
		fail "$tag: no good report to compare with; rejected cases not run"
		return
	fi
	rejected "$B" "$tag" "$D"
	environment "$B" "$tag" "$D"
	hostile_sql "$B" "$tag" "$D"
	paths "$B" "$tag" "$D"
	accepted "$B" "$tag" "$D"
}

fixtures
suite "$BIN" plain
[ -n "$ASAN" ] && suite "$ASAN" asan

if [ $FAILED -gt 0 ]; then echo "$FAILED bad-input test(s) failed"; exit 1; fi
echo "all bad-input tests passed"
