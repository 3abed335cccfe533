#!/bin/sh
# CLI tests of whole runs: exit codes, determinism, atomic publish, signals,
# the lock. Usage: run-all.sh BIN [ASAN_BIN]. Every case prints one line.
set -u
BIN=$1
ASAN=${2:-}
HERE=$(cd "$(dirname "$0")" && pwd)
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/fr-cli.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT
FAILED=0
export LC_ALL=C TZ=UTC
unset SOURCE_DATE_EPOCH

pass() { echo "ok   cli: $1"; }
fail() { echo "FAIL cli: $1"; FAILED=$((FAILED + 1)); }

# expect CODE NAME -- command...: runs it, checks the exit code.
expect() {
	want=$1 name=$2
	shift 3
	"$@" >"$SCRATCH/stdout" 2>"$SCRATCH/stderr"
	got=$?
	if [ "$got" = "$want" ]; then pass "$name"; else
		fail "$name: exit $got, want $want; stderr: $(head -c 300 "$SCRATCH/stderr")"
	fi
}

stderr_has() {
	if grep -q -- "$2" "$SCRATCH/stderr"; then pass "$1"; else
		fail "$1: stderr lacks '$2': $(head -c 300 "$SCRATCH/stderr")"
	fi
}

# The tree's listing with checksums, to tell whether a report changed.
fingerprint() { (cd "$1" && find . -type f | LC_ALL=C sort | xargs sha256sum); }

# No temporary directories, lock files or warehouses left beside $1.
no_litter() {
	parent=$(dirname "$1") base=$(basename "$1")
	left=$(ls -A "$parent" | grep -E "^\.$base\.(new|old)-|^\.$base\.lock$|\.tmp-" || true)
	if [ -z "$left" ]; then pass "$2: no temp files left"; else fail "$2: left behind: $left"; fi
}

suite() {
	B=$1 tag=$2 users=$3
	D="$SCRATCH/$tag"
	mkdir -p "$D"

	expect 0 "$tag --help" -- "$B" --help
	grep -q '^Usage: funnel-report' "$SCRATCH/stdout" && pass "$tag --help text" || fail "$tag --help text"
	expect 0 "$tag --version" -- "$B" --version
	grep -q '^funnel-report [0-9]' "$SCRATCH/stdout" && pass "$tag --version text" || fail "$tag --version text"
	expect 2 "$tag unknown option" -- "$B" --bogus
	expect 2 "$tag bad number" -- "$B" --max-combo x -o "$D/x"
	expect 2 "$tag bad order" -- "$B" --order sideways -o "$D/x"
	expect 3 "$tag missing input file" -- "$B" --users-csv "$D/nosuch.csv" --events-csv "$D/nosuch2.csv" --steps a -o "$D/x"
	stderr_has "$tag missing input file is named" 'nosuch.csv'
	expect 2 "$tag --from-cube with --steps" -- "$B" --from-cube "$D" --steps a,b -o "$D/x"
	expect 3 "$tag --from-cube of a directory without cubes" -- "$B" -q --from-cube "$D" -o "$D/x"
	stderr_has "$tag the missing cube is named" 'cube_funnel.csv'
	expect 2 "$tag bad SOURCE_DATE_EPOCH" -- env SOURCE_DATE_EPOCH=yesterday "$B" -q -o "$D/x"
	[ ! -e "$D/x" ] && pass "$tag usage errors publish nothing" || fail "$tag usage errors published $D/x"

	# docs/BAD_INPUTS.md 13, 30: a good run, and the same again: identical bytes, also in another time zone.
	expect 0 "$tag demo run" -- "$B" -q --demo-users "$users" --seed 4 -o "$D/a"
	for f in index.html data/funnel.csv data/visits.csv data/cube_funnel.csv data/cube_visits.csv data/summary.json; do
		[ -s "$D/a/$f" ] || fail "$tag demo run: $f missing"
	done
	expect 0 "$tag second run" -- env TZ=Pacific/Chatham "$B" -q --demo-users "$users" --seed 4 -o "$D/b"
	if diff -r "$D/a" "$D/b" >/dev/null; then pass "$tag two runs are byte-identical"; else fail "$tag two runs differ"; fi
	expect 0 "$tag SOURCE_DATE_EPOCH run" -- env SOURCE_DATE_EPOCH=1767225600 "$B" -q --demo-users "$users" --seed 4 -o "$D/c"
	grep -q '"generated_at": "2026-01-01T00:00:00Z"' "$D/c/data/summary.json" \
		&& pass "$tag SOURCE_DATE_EPOCH is the generated time" || fail "$tag SOURCE_DATE_EPOCH not used"
	grep -q '"generated_at": null' "$D/a/data/summary.json" \
		&& pass "$tag no clock time without SOURCE_DATE_EPOCH" || fail "$tag a clock time leaked"

	# A failing run leaves the previous report as it was, and nothing beside it.
	before=$(fingerprint "$D/a")
	expect 2 "$tag failing run (unknown dimension)" -- "$B" -q --demo-users "$users" --dims nosuch -o "$D/a"
	stderr_has "$tag unknown dimension is named" 'nosuch'
	[ "$(fingerprint "$D/a")" = "$before" ] && pass "$tag previous report intact" || fail "$tag previous report changed"
	no_litter "$D/a" "$tag failing run"

	# docs/BAD_INPUTS.md 26: output paths that cannot be published.
	echo "not a directory" >"$D/file"
	expect 3 "$tag -o is a file" -- "$B" -q --demo-users 50 -o "$D/file"
	[ "$(cat "$D/file")" = "not a directory" ] && pass "$tag file untouched" || fail "$tag file changed"
	expect 3 "$tag missing parent" -- "$B" -q --demo-users 50 -o "$D/no/such/dir"
	mkdir -p "$D/mine" && echo keep >"$D/mine/notes.txt"
	expect 3 "$tag refuses a foreign directory" -- "$B" -q --demo-users 50 -o "$D/mine"
	[ "$(cat "$D/mine/notes.txt")" = keep ] && pass "$tag foreign directory untouched" || fail "$tag foreign directory changed"
	mkdir -p "$D/empty"
	expect 0 "$tag publishes into an empty directory" -- "$B" -q --demo-users 50 -o "$D/empty"

	# Escaping: a hostile title never becomes markup.
	expect 0 "$tag hostile title" -- "$B" -q --demo-users 50 --title '<script>alert(1)</script>"><img src=x onerror=alert(1)>' -o "$D/t"
	if grep -q '<script\|<img src=x' "$D/t/index.html"; then fail "$tag title not escaped"; else pass "$tag title escaped"; fi
	grep -q 'https\?://' "$D/t/index.html" && fail "$tag index.html references the network" || pass "$tag index.html is self-contained"

	# The demo exported as an event log gives the same numbers as the demo itself.
	expect 0 "$tag --export-demo" -- "$B" --demo-users 400 --seed 2 --export-demo "$D/exp"
	expect 0 "$tag run from the exported CSV" -- "$B" -q --users-csv "$D/exp/users.csv" --events-csv "$D/exp/events.csv" \
		--steps home,search,product,cart,payment,confirmation -o "$D/fromcsv"
	expect 0 "$tag run from the demo" -- "$B" -q --demo-users 400 --seed 2 -o "$D/fromdemo"
	for f in funnel.csv visits.csv cube_funnel.csv cube_visits.csv; do
		cmp -s "$D/fromcsv/data/$f" "$D/fromdemo/data/$f" && pass "$tag exported CSV gives the demo's $f" \
			|| fail "$tag exported CSV differs from the demo in $f"
	done

	# The nightly comparison and its gate: compare with OUT_DIR itself, and
	# with a run of a shorter window whose conversion fell.
	expect 0 "$tag nightly run" -- "$B" -q --demo-users 20000 -o "$D/n"
	expect 0 "$tag --compare its own OUT_DIR" -- "$B" -q --demo-users 20000 -o "$D/n" --compare "$D/n" --fail-on 'significant_drops>0'
	grep -q '"significant_drops": 0' "$D/n/data/summary.json" && [ -s "$D/n/data/compare.csv" ] \
		&& pass "$tag same data: no drop, compare.csv written" || fail "$tag --compare itself: no compare.csv or drops"
	m1=$(awk -F, '$1 == "month" && $3 == 1 { print $2 }' "$D/n/data/funnel.csv" | sort | head -n 1)
	m2=$(awk -F, '$1 == "month" && $3 == 1 { print $2 }' "$D/n/data/funnel.csv" | sort | tail -n 1)
	[ -n "$m1" ] && grep -q "Against the report in n (users who entered from $m1 to $m2)" "$D/n/report.md" \
		&& pass "$tag the comparison names the previous report's months ($m1 to $m2), not its path" \
		|| fail "$tag the comparison does not name the previous report's months ($m1 to $m2)"
	expect 4 "$tag --fail-on holds: exit 4" -- "$B" -q --demo-users 20000 --window 1 -o "$D/g" --compare "$D/n" \
		--fail-on 'significant_drops>0' --fail-on 'overall_conversion<0.5'
	stderr_has "$tag the check that held is named" 'fail-on significant_drops>0 held (significant_drops is [1-9]'
	grep -q '"held": false' "$D/g/data/summary.json" && grep -q 'Compared with the previous run' "$D/g/index.html" \
		&& [ -s "$D/g/report.pdf" ] && pass "$tag exit 4 still publishes the whole report" || fail "$tag exit 4: report incomplete"
	before=$(fingerprint "$D/g")
	expect 1 "$tag --compare another funnel" -- "$B" -q --demo-users 300 --steps home,search,cart -o "$D/g" --compare "$D/n"
	stderr_has "$tag the step lists are named" 'steps (home,search,product,cart,payment,confirmation) differ'
	[ "$(fingerprint "$D/g")" = "$before" ] && pass "$tag mismatched compare publishes nothing" || fail "$tag mismatched compare changed the report"
	# issue 15: no previous run is the first night, not an error
	expect 0 "$tag --fail-on of the comparison without --compare" -- "$B" --demo-users 50 --fail-on 'significant_drops>0' -o "$D/x"
	stderr_has "$tag ... does not hold, and says why" 'fail-on significant_drops>0 does not hold (no previous run)'
	expect 0 "$tag --compare a missing report: the first night" -- "$B" --demo-users 50 --compare "$D/nosuch" -o "$D/x"
	stderr_has "$tag the first night is said" 'compare .*nosuch: no report there yet, so this is the first night'
	mkdir -p "$D/empty-prev"
	expect 0 "$tag --compare an empty directory: the first night" -- "$B" -q --demo-users 50 --compare "$D/empty-prev" -o "$D/x"
	mkdir -p "$D/other" && echo x >"$D/other/notes.txt"
	expect 3 "$tag --compare a directory that holds no report" -- "$B" -q --demo-users 50 --compare "$D/other" -o "$D/x"
	stderr_has "$tag the missing file is named" 'other/data/funnel.csv'

	# The cube as the scale-out contract: a run from the cube its own run
	# wrote gives the same report, byte for byte (the system design documents
	# aside: they describe the warehouse, and a cube run builds none).
	for opts in "--demo-users $users --seed 4" "--demo-users $users --window 3 --max-combo 2" "--demo-users $users --order any"; do
		rm -rf "$D/cube1" "$D/cube2"
		# shellcheck disable=SC2086
		"$B" -q $opts -o "$D/cube1" && "$B" -q --from-cube "$D/cube1" -o "$D/cube2"
		if [ -d "$D/cube2" ] && diff -r -x docs "$D/cube1" "$D/cube2" >/dev/null; then
			pass "$tag --from-cube gives the same report ($opts)"
		else
			fail "$tag --from-cube differs ($opts): $(diff -rq -x docs "$D/cube1" "$D/cube2" 2>&1 | head -3)"
		fi
	done
	# the cubes alone (a cluster's export): the same numbers, and the report says what it lacks
	mkdir -p "$D/bare" && cp "$D/cube1/data/cube_funnel.csv" "$D/cube1/data/cube_visits.csv" "$D/bare/"
	expect 0 "$tag --from-cube of bare cube files" -- "$B" -q --from-cube "$D/bare" -o "$D/cube3"
	cmp -s "$D/cube1/data/funnel.csv" "$D/cube3/data/funnel.csv" && cmp -s "$D/cube1/data/visits.csv" "$D/cube3/data/visits.csv" \
		&& grep -q 'without the summary.json' "$D/cube3/index.html" \
		&& pass "$tag bare cubes: same funnel and visits, data quality marked unknown" || fail "$tag bare cubes differ"
	printf 'sex,level,users\nF,1,x\n' >"$D/bare/cube_funnel.csv"
	expect 1 "$tag --from-cube of a broken cube" -- "$B" -q --from-cube "$D/bare" -o "$D/cube4"
	stderr_has "$tag the broken cell is named" 'cube_funnel.csv:2: column users: "x" is not a count'
	[ ! -e "$D/cube4" ] && pass "$tag a broken cube publishes nothing" || fail "$tag a broken cube published"

	# docs/BAD_INPUTS.md 39: the demo's 282 segments pass a limit of 282, not 281
	expect 0 "$tag --max-segments at the demo's estimate" -- "$B" -q --demo-users "$users" --seed 4 --max-segments 282 -o "$D/seg"
	expect 1 "$tag --max-segments under the demo's estimate" -- "$B" -q --demo-users "$users" --seed 4 --max-segments 281 -o "$D/seg2"
	stderr_has "$tag the limit and the dimensions are named" 'more than --max-segments 281; the most come from channel (6 values)'
	[ ! -e "$D/seg2" ] && pass "$tag too many segments: nothing published" || fail "$tag too many segments published"

	# --keep-warehouse writes a SQLite file with the star schema.
	expect 0 "$tag --keep-warehouse" -- "$B" -q --demo-users 50 --keep-warehouse "$D/wh.db" -o "$D/w"
	head -c 15 "$D/wh.db" | grep -q 'SQLite format 3' && pass "$tag warehouse kept" || fail "$tag no warehouse"
	grep -q 'fact_page_visit' "$D/wh.db" && pass "$tag warehouse has the fact table" || fail "$tag warehouse lacks fact_page_visit"
	no_litter "$D/w" "$tag keep-warehouse"
}

# docs/BAD_INPUTS.md 28, 29: signals and the lock need a run long enough to catch; the plain binary only.
signals() {
	B=$1
	D="$SCRATCH/sig"
	mkdir -p "$D"
	"$B" -q --demo-users 200 -o "$D/out" || fail "signals: setup run"
	before=$(fingerprint "$D/out")
	for sig in TERM INT; do
		"$B" -q --demo-users 3000000 -o "$D/out" 2>"$SCRATCH/stderr" &
		pid=$!
		sleep 1
		kill -$sig $pid
		wait $pid
		code=$?
		want=143; [ $sig = INT ] && want=130
		[ $code = $want ] && pass "SIG$sig: exit $want" || fail "SIG$sig: exit $code, want $want"
		[ "$(fingerprint "$D/out")" = "$before" ] && pass "SIG$sig: previous report intact" || fail "SIG$sig: report changed"
		no_litter "$D/out" "SIG$sig"
	done
	# 29: two runs into one directory at once: the second refuses.
	"$B" -q --demo-users 3000000 -o "$D/out" 2>/dev/null &
	pid=$!
	sleep 0.5
	expect 3 "concurrent run refused" -- "$B" -q --demo-users 50 -o "$D/out"
	stderr_has "concurrent run message" 'another funnel-report run'
	kill -TERM $pid
	wait $pid
	[ "$(fingerprint "$D/out")" = "$before" ] && pass "lock: previous report intact" || fail "lock: report changed"
	no_litter "$D/out" "lock"
}

# docs/BAD_INPUTS.md 41 (issue 12.11): without --steps, the pages are
# listed most visited first; 300,000 distinct pages took minutes when they
# were sorted by insertion, and must now come at once.
pages() {
	B=$1
	D="$SCRATCH/pages"
	mkdir -p "$D"
	printf 'user_id,sex\nu1,F\nu2,M\n' >"$D/users.csv"
	awk 'BEGIN { print "user_id,page,event_time"
		for (i = 0; i < 5; i++) print "u1,home,2025-01-01"
		for (i = 0; i < 3; i++) print "u2,cart,2025-01-02"
		for (i = 300000; i > 0; i--) printf "u1,p%06d,2025-01-03\n", i }' >"$D/events.csv"
	t0=$(date +%s)
	expect 2 "300,000 pages without --steps: usage error" -- timeout 60 "$B" -q --users-csv "$D/users.csv" \
		--events-csv "$D/events.csv" -o "$D/out"
	t1=$(date +%s)
	[ $((t1 - t0)) -le 10 ] && pass "300,000 pages listed in $((t1 - t0)) s (at most 10)" ||
		fail "300,000 pages took $((t1 - t0)) s to list"
	stderr_has "the most visited pages first" 'pages (events): "home" (5), "cart" (3), "p000001" (1), "p000002" (1),'
	stderr_has "only the thirty most visited" '"p000028" (1), and 299,972 more$'
}

# docs/BAD_INPUTS.md 45 (issue 12.15): values that a spreadsheet would run
# as formulas are data, kept exactly; --csv-safe prefixes them with ' for
# spreadsheet users, and --from-cube and --compare read such files back.
csvsafe() {
	B=$1
	D="$SCRATCH/csvsafe"
	mkdir -p "$D"
	awk 'BEGIN { print "user_id,channel,sex"; split("=HYPERLINK(1) +cmd -2+3 @SUM(A1) \047quoted Email", ch, " ")
		for (u = 1; u <= 600; u++) printf "u%d,%s,%s\n", u, ch[u % 6 + 1], u % 2 ? "F" : "M" }' >"$D/users.csv"
	awk 'BEGIN { print "user_id,page,event_time"
		for (u = 1; u <= 600; u++) { printf "u%d,home,2025-01-%02d\n", u, u % 28 + 1
			if (u % 3) printf "u%d,@cart,2025-01-%02d 10:00\n", u, u % 28 + 1 } }' >"$D/events.csv"
	set -- -q --users-csv "$D/users.csv" --events-csv "$D/events.csv" --steps home,@cart
	expect 0 "formula-like values: a run" -- "$B" "$@" -o "$D/exact"
	grep -q '^=HYPERLINK(1),M,2025-01,' "$D/exact/data/cube_funnel.csv" && grep -q '^@SUM(A1),' "$D/exact/data/cube_funnel.csv" \
		&& pass "by default the data files keep formula-like values exactly" || fail "the data files changed a value"
	expect 0 "--csv-safe run" -- "$B" "$@" --csv-safe -o "$D/safe"
	if grep -q "^'=HYPERLINK(1),M,2025-01," "$D/safe/data/cube_funnel.csv" && grep -q "^'@SUM(A1)," "$D/safe/data/cube_funnel.csv" &&
		grep -q "^'+cmd," "$D/safe/data/cube_visits.csv" && grep -q "^''quoted," "$D/safe/data/cube_funnel.csv" &&
		! grep -q '^[=+@-]' "$D/safe/data/cube_funnel.csv" "$D/safe/data/cube_visits.csv" &&
		grep -q '"csv_safe": true' "$D/safe/data/summary.json"; then
		pass "--csv-safe: formula-like cells start with ', and summary.json says so"
	else
		fail "--csv-safe: cells not prefixed: $(head -3 "$D/safe/data/cube_funnel.csv" | tr '\n' '|')"
	fi
	grep -q '^overall,all,2,@cart,' "$D/exact/data/funnel.csv" && grep -q "^overall,all,2,'@cart," "$D/safe/data/funnel.csv" &&
		pass "--csv-safe: a step named @cart is '@cart in funnel.csv" || fail "--csv-safe: funnel.csv's step cells"
	expect 0 "--from-cube of a --csv-safe report" -- "$B" -q --from-cube "$D/safe" --csv-safe -o "$D/safe2"
	diff -r -x docs "$D/safe" "$D/safe2" >/dev/null && pass "--from-cube of a --csv-safe report gives the same report" ||
		fail "--from-cube of a --csv-safe report differs: $(diff -rq -x docs "$D/safe" "$D/safe2" | head -3)"
	expect 0 "--compare with a --csv-safe report" -- "$B" "$@" --compare "$D/safe" -o "$D/cmp"
	[ "$(grep -c ',new,' "$D/cmp/data/compare.csv")" = 0 ] && grep -q '^channel,channel=+cmd,2,@cart,' "$D/cmp/data/compare.csv" &&
		pass "--compare reads a --csv-safe funnel.csv as it was" || fail "--compare with a --csv-safe report: segments seen as new"
}

# docs/BAD_INPUTS.md 35 (issue 12.5): a file saved into an empty OUT_DIR
# while the run works stays, and the swap does not happen; a replaced
# directory keeps its mode and owner.
swap() {
	B=$1
	D="$SCRATCH/swap"
	mkdir -p "$D/empty"
	FR_TRACE=1 "$B" -q --demo-users 200000 -o "$D/empty" 2>"$SCRATCH/stderr" &
	pid=$!
	i=0
	while ! grep -q 'trace: plot$' "$SCRATCH/stderr" && [ $i -lt 600 ]; do sleep 0.05; i=$((i + 1)); done
	echo "saved while the run worked" >"$D/empty/thesis.txt"
	wait $pid
	code=$?
	if [ $code = 3 ] && [ "$(ls -A "$D/empty")" = thesis.txt ] && grep -q 'a file was saved there while the run worked' "$SCRATCH/stderr"; then
		pass "a file saved into OUT_DIR during the run: exit 3, the file stays, nothing swapped"
	else
		fail "a file saved into OUT_DIR during the run: exit $code, OUT_DIR holds $(ls -A "$D/empty" | tr '\n' ' '); $(grep -v trace "$SCRATCH/stderr" | head -c 200)"
	fi
	no_litter "$D/empty" "file saved during the run"
	if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
		mkdir -p "$D/shared"
		chown nobody "$D/shared"
		chmod 2770 "$D/shared"
		keep="2770 $(stat -c "%U %G" "$D/shared")"
		expect 0 "into a shared 2770 directory of another owner" -- "$B" -q --demo-users 300 -o "$D/shared"
		expect 0 "and again, over the report" -- "$B" -q --demo-users 300 -o "$D/shared"
		got=$(stat -c '%a %U %G' "$D/shared")
		[ "$got" = "$keep" ] && pass "the replaced directory keeps its mode and owner ($got)" ||
			fail "the replaced directory became $got, was $keep"
	else
		echo "skip cli: mode and owner of a replaced directory (needs root and a nobody user)"
	fi
}

suite "$BIN" plain 2000
swap "$BIN"
csvsafe "$BIN"
pages "$BIN"
signals "$BIN"
[ -n "$ASAN" ] && suite "$ASAN" asan 300

if [ $FAILED -gt 0 ]; then echo "$FAILED CLI test(s) failed"; exit 1; fi
echo "all CLI tests passed"
