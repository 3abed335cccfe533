#!/bin/sh
# Golden runs: one whole run per input layout on small fixed inputs, and what
# a reader gets from it compared byte for byte with the files kept here:
# report.md, every data file and the visible text of index.html (htmltext).
# Charts, HTML and PDF bytes are checked for determinism by rerunning
# elsewhere (report.sh), not stored here.
#
#   run.sh BIN HTMLTEXT            compare; one line per case
#   run.sh BIN HTMLTEXT --update   rewrite the golden files (review git diff)
#
# A report rendered --from-cube must equal the run that wrote the cubes, so
# that case is compared with the event-log case's files.
set -u
abs() { case $1 in /*) echo "$1" ;; *) echo "$(pwd)/$1" ;; esac; }
BIN=$(abs "$1")
HTMLTEXT=$(abs "$2")
UPDATE=${3:-}
HERE=$(cd "$(dirname "$0")" && pwd)
IN="$HERE/inputs"
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/fr-golden.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT
trap 'exit 1' HUP INT PIPE TERM
export LC_ALL=C TZ=UTC SOURCE_DATE_EPOCH=1767225600
FAILED=0

pass() { echo "ok   golden: $1"; }
fail() { echo "FAIL golden: $1"; FAILED=$((FAILED + 1)); }

STEPS=home,search,product,cart,payment,confirmation

# The inputs, under short relative names, so the report names them the same
# wherever the tests run.
cp "$IN/eventlog/users.csv" "$IN/eventlog/events.csv" "$SCRATCH/"
for t in user_table home_page_table search_page_table payment_page_table payment_confirmation_table; do
	cp "$IN/steptables/$t.csv" "$SCRATCH/$t.csv"
done
if command -v sqlite3 >/dev/null 2>&1; then
	(cd "$SCRATCH" && sqlite3 shop.db "CREATE TABLE users(user_id TEXT, signup_date TEXT, sex TEXT,
		channel TEXT, device TEXT);
		CREATE TABLE events(user_id TEXT, page TEXT, event_time TEXT);" \
		".import --csv --skip 1 users.csv users" ".import --csv --skip 1 events.csv events")
fi

# The cases: a name, then the arguments (word-split; no spaces inside one).
CASES="
demo-300      --demo-users 300 --seed 3
eventlog      --users-csv users.csv --events-csv events.csv --steps $STEPS --max-combo 2 --window 7
oltp-any      --oltp shop.db --steps $STEPS --max-combo 2 --order any
steptables    --user-table user_table.csv --step-table home=home_page_table.csv --step-table search=search_page_table.csv --step-table payment=payment_page_table.csv --step-table confirmation=payment_confirmation_table.csv
fromcube      --from-cube out-eventlog
"

# files OUT: the kept files of a report, relative to OUT.
files() { (cd "$1" && find data -type f | LC_ALL=C sort; echo report.md; echo index.txt); }

check() {
	name=$1
	shift
	out="out-$name"
	want="$HERE/$name"
	[ "$name" = fromcube ] && want="$HERE/eventlog"
	if ! (cd "$SCRATCH" && "$BIN" -q "$@" -o "$out") 2>"$SCRATCH/stderr"; then
		fail "$name: the run failed: $(head -c 300 "$SCRATCH/stderr")"
		return
	fi
	"$HTMLTEXT" "$SCRATCH/$out/index.html" >"$SCRATCH/$out/index.txt" || { fail "$name: htmltext"; return; }
	if [ "$UPDATE" = --update ]; then
		[ "$name" = fromcube ] && { check_same "$name" "$SCRATCH/$out" "$want"; return; }
		rm -rf "$want"
		mkdir -p "$want"
		(cd "$SCRATCH/$out" && files . | while read -r f; do
			mkdir -p "$want/$(dirname "$f")" && cp "$f" "$want/$f"; done)
		pass "$name: updated"
		return
	fi
	check_same "$name" "$SCRATCH/$out" "$want"
}

# check_same NAME GOT WANT: the same list of files, each the same bytes.
check_same() {
	if [ ! -d "$3" ]; then
		fail "$1: no golden files (make golden-update)"
		return
	fi
	(cd "$3" && find . -type f | LC_ALL=C sort) >"$SCRATCH/want.list"
	(cd "$2" && files . | sed 's|^|./|' | LC_ALL=C sort) >"$SCRATCH/got.list"
	if ! cmp -s "$SCRATCH/want.list" "$SCRATCH/got.list"; then
		fail "$1: other files than the golden ones: $(diff "$SCRATCH/want.list" "$SCRATCH/got.list" | grep '^[<>]' | tr '\n' ' ')"
		return
	fi
	bad=""
	while read -r f; do
		cmp -s "$2/$f" "$3/$f" || bad="$bad $f"
	done <"$SCRATCH/want.list"
	if [ -z "$bad" ]; then
		pass "$1 ($(wc -l <"$SCRATCH/want.list") files)"
	else
		fail "$1 differs in$bad (make golden-update if intended):"
		for f in $bad; do diff "$3/$f" "$2/$f" | head -8; break; done
	fi
}

echo "$CASES" | while read -r name args; do
	[ -n "$name" ] || continue
	case $name in oltp-*) command -v sqlite3 >/dev/null 2>&1 || { echo "skip golden: $name (no sqlite3)"; continue; } ;; esac
	# shellcheck disable=SC2086
	check "$name" $args
	echo "$FAILED" >"$SCRATCH/failed"
done
FAILED=$(cat "$SCRATCH/failed" 2>/dev/null || echo 1)
[ "$FAILED" = 0 ] || { echo "$FAILED golden case(s) failed"; exit 1; }
echo "all golden cases passed"
