#!/bin/sh
# CLI tests of issue 17's sources: gzipped CSV inputs give the plain run's
# report, a gzip bomb is stopped by the caps in bounded memory, and steps
# defined by page patterns count what a hand computation counts.
# (Truncated and corrupt gzip files and overlapping steps are in
# bad-inputs.sh's table.) Usage: sources.sh BIN [ASAN_BIN]
set -u
# absolute: some runs start in the folder of their inputs
abs() { case $1 in /* | '') echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
BIN=$(abs "$1")
ASAN=$(abs "${2:-}")
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/fr-sources.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT
trap 'exit 1' HUP INT PIPE TERM
FAILED=0
export LC_ALL=C TZ=UTC SOURCE_DATE_EPOCH=1767225600
export ASAN_OPTIONS="exitcode=86${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="exitcode=87:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
STEPS=home,search,product,cart,payment,confirmation

pass() { echo "ok   sources: $1"; }
fail() { echo "FAIL sources: $1"; FAILED=$((FAILED + 1)); }
err_text() { head -c 300 "$SCRATCH/stderr" | tr '\n' '|'; }

# ---- gzip (docs/BAD_INPUTS.md 51) ---------------------------------------------
gzipped() {
	B=$1 tag=$2 users=$3
	D="$SCRATCH/gz-$tag"
	mkdir -p "$D/plain" "$D/gz" "$D/gzname"
	"$B" --demo-users "$users" --seed 3 --export-demo "$D/exp" || { fail "$tag export"; return; }
	cp "$D/exp/users.csv" "$D/exp/events.csv" "$D/plain/"
	# gzip told by its bytes: the same names, gzip inside
	gzip -9 -c "$D/exp/users.csv" >"$D/gz/users.csv"
	gzip -1 -c "$D/exp/events.csv" >"$D/gz/events.csv"
	gzip -c "$D/exp/users.csv" >"$D/gzname/users.csv.gz"
	gzip -c "$D/exp/events.csv" >"$D/gzname/events.csv.gz"
	# the runs name their inputs in the report: run each from its folder
	(cd "$D/plain" && "$B" -q --users-csv users.csv --events-csv events.csv --steps $STEPS -o ../out-plain) &&
		(cd "$D/gz" && "$B" -q --users-csv users.csv --events-csv events.csv --steps $STEPS -o ../out-gz) \
			2>"$SCRATCH/stderr"
	if [ $? != 0 ]; then
		fail "$tag gzipped demo: the run failed: $(err_text)"
	elif diff -r "$D/out-plain" "$D/out-gz" >/dev/null; then
		pass "$tag the demo gzipped gives the plain run's report, byte for byte"
	else
		fail "$tag the demo gzipped differs: $(diff -rq "$D/out-plain" "$D/out-gz" | head -3 | tr '\n' '|')"
	fi
	(cd "$D/gzname" && "$B" -q --users-csv users.csv.gz --events-csv events.csv.gz --steps $STEPS -o ../out-gzname) \
		2>"$SCRATCH/stderr" || fail "$tag .csv.gz names: the run failed: $(err_text)"
	same=1
	for f in funnel.csv visits.csv cube_funnel.csv cube_visits.csv time_to_convert.csv; do
		cmp -s "$D/out-plain/data/$f" "$D/out-gzname/data/$f" || same=0
	done
	sed 's/\.csv\.gz/.csv/g' "$D/out-gzname/data/summary.json" | cmp -s - "$D/out-plain/data/summary.json" || same=0
	[ $same = 1 ] && pass "$tag .csv.gz names: the same data files, summary.json but for the names" ||
		fail "$tag .csv.gz names: the data files differ from the plain run's"

	# the cubes gzipped (gzip(1) names them .csv.gz): --from-cube reads them
	mkdir -p "$D/cube/data"
	cp "$D/out-plain/data/summary.json" "$D/cube/data/"
	for f in cube_funnel cube_visits time_to_convert; do
		gzip -c "$D/out-plain/data/$f.csv" >"$D/cube/data/$f.csv.gz"
	done
	"$B" -q --from-cube "$D/out-plain" -o "$D/fc-plain" && "$B" -q --from-cube "$D/cube" -o "$D/fc-gz" 2>"$SCRATCH/stderr"
	if [ $? = 0 ] && diff -r "$D/fc-plain" "$D/fc-gz" >/dev/null; then
		pass "$tag --from-cube of gzipped cube files: the same report"
	else
		fail "$tag --from-cube of gzipped cube files: $(err_text)$(diff -rq "$D/fc-plain" "$D/fc-gz" 2>&1 | head -2)"
	fi
	# a step table gzipped
	printf 'user_id,event_time\nu1,2025-01-05\nu2,2025-01-06\n' | gzip >"$D/home.csv.gz"
	printf 'user_id,event_time\nu1,2025-01-06\n' | gzip >"$D/cart.csv.gz"
	printf 'user_id,sex\nu1,F\nu2,M\n' | gzip >"$D/user_table.csv.gz"
	"$B" -q --user-table "$D/user_table.csv.gz" --step-table home="$D/home.csv.gz" --step-table cart="$D/cart.csv.gz" \
		-o "$D/st" 2>"$SCRATCH/stderr" && grep -q '^overall,all,2,cart,1,50.00,' "$D/st/data/funnel.csv" &&
		pass "$tag gzipped step tables" || fail "$tag gzipped step tables: $(err_text)"
}

# docs/BAD_INPUTS.md 53. A bomb: 200 MB of one field in about 200 KB of gzip. The field cap stops
# it at its first megabyte; memory stays that of a small run.
bomb() {
	B=$1
	D="$SCRATCH/bomb"
	mkdir -p "$D"
	printf 'user_id,sex\nu1,F\nu2,M\n' >"$D/users.csv"
	{ printf 'user_id,page,event_time\nu1,home,2025-01-01\nu2,home,'; head -c 200000000 /dev/zero | tr '\0' a; } |
		gzip -9 >"$D/events.csv"
	{ printf 'user_id,page,event_time\nu1,home,2025-01-01\n'; head -c 100000000 /dev/zero | tr '\0' '\n'; } |
		gzip -9 >"$D/blank.csv"
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f '%M' -o "$D/rss" "$B" -q --users-csv "$D/users.csv" --events-csv "$D/events.csv" \
			--steps home -o "$D/out" 2>"$SCRATCH/stderr"
		code=$?
		kb=$(tail -1 "$D/rss")
	else
		(ulimit -v 1000000; "$B" -q --users-csv "$D/users.csv" --events-csv "$D/events.csv" --steps home \
			-o "$D/out" 2>"$SCRATCH/stderr")
		code=$? kb=0
	fi
	if [ $code = 1 ] && grep -q '^funnel-report: .*events\.csv:3: a field longer than 1048576 bytes' "$SCRATCH/stderr" &&
		[ "$kb" -lt 150000 ] && [ ! -e "$D/out" ]; then
		pass "gzip bomb (200 MB in $(($(wc -c <"$D/events.csv") / 1000)) KB): rejected at the field cap, peak RSS $((kb / 1024)) MB"
	else
		fail "gzip bomb: exit $code, peak RSS $kb KB; stderr: $(err_text)"
	fi
	# 100 MB of blank lines: nothing to cap, so it streams through
	/usr/bin/time -f '%M' -o "$D/rss" "$B" -q --users-csv "$D/users.csv" --events-csv "$D/blank.csv" \
		--steps home -o "$D/out2" 2>"$SCRATCH/stderr"
	code=$?
	kb=$(tail -1 "$D/rss")
	[ $code = 0 ] && [ "$kb" -lt 150000 ] && grep -q '^overall,all,1,home,1,' "$D/out2/data/funnel.csv" &&
		pass "gzip of 100 MB of blank lines: read through in bounded memory (peak RSS $((kb / 1024)) MB)" ||
		fail "gzip of blank lines: exit $code, peak RSS $kb KB; $(err_text)"
}

# ---- steps from page paths ---------------------------------------------------
# A hand-made log of real-looking paths and a hand computation of its funnel.
#   u1 F: /, /search?q=shoes, /product/123, /basket        -> cart (4)
#   u2 M: /, /about, /search, /product/7                   -> product (3)
#   u3 F: /?utm_source=mail (no step: "/" is the page "/"), /, /about -> home (1)
#   u4 M: /search?q=hat, /cart (never at home)             -> not entered
#   u5 F: /, /product/9, /search, /cart (product before search) -> search (2)
#   u6 M: /cart, /, /search?q=, /product/5, /cart          -> cart (4)
# users(k): home 5, search 4 (u1 u2 u5 u6), product 3 (u1 u2 u6), cart 2 (u1 u6);
# F: 3 2 1 1; M: 2 2 2 1. Pages at no step: /about (2 events), /?utm_source=mail (1).
paths() {
	B=$1 tag=$2
	D="$SCRATCH/paths-$tag"
	mkdir -p "$D"
	printf 'user_id,sex\nu1,F\nu2,M\nu3,F\nu4,M\nu5,F\nu6,M\n' >"$D/users.csv"
	cat >"$D/events.csv" <<'EOF'
user_id,page,event_time
u1,/,2025-01-05 10:00:00
u1,/search?q=shoes,2025-01-05 10:01:00
u1,/product/123,2025-01-05 10:02:00
u1,/basket,2025-01-05 10:03:00
u2,/,2025-01-06 09:00:00
u2,/about,2025-01-06 09:01:00
u2,/search,2025-01-06 09:02:00
u2,/product/7,2025-01-06 09:03:00
u3,/?utm_source=mail,2025-01-07 12:00:00
u3,/,2025-01-07 12:05:00
u3,/about,2025-01-07 12:06:00
u4,/search?q=hat,2025-01-08 08:00:00
u4,/cart,2025-01-08 08:05:00
u5,/,2025-01-09 07:00:00
u5,/product/9,2025-01-09 07:01:00
u5,/search,2025-01-09 07:02:00
u5,/cart,2025-01-09 07:03:00
u6,/cart,2025-01-10 06:00:00
u6,/,2025-01-10 06:10:00
u6,"/search?q=",2025-01-10 06:11:00
u6,/product/5,2025-01-10 06:12:00
u6,/cart,2025-01-10 06:13:00
EOF
	cat >"$D/want.csv" <<'EOF'
breakdown,segment,step_index,step,users,conversion_from_start_pct,conversion_from_prev_pct,dropoff_from_prev_pct
overall,all,1,home,5,100.00,,
overall,all,2,search,4,80.00,80.00,20.00
overall,all,3,product,3,60.00,75.00,25.00
overall,all,4,cart,2,40.00,66.67,33.33
sex,sex=F,1,home,3,100.00,,
sex,sex=F,2,search,2,66.67,66.67,33.33
sex,sex=F,3,product,1,33.33,50.00,50.00
sex,sex=F,4,cart,1,33.33,100.00,0.00
sex,sex=M,1,home,2,100.00,,
sex,sex=M,2,search,2,100.00,100.00,0.00
sex,sex=M,3,product,2,100.00,100.00,0.00
sex,sex=M,4,cart,1,50.00,50.00,50.00
EOF
	PAT='home=/,search=/search*,product=/product/*,cart=/cart|/basket'
	"$B" -q --users-csv "$D/users.csv" --events-csv "$D/events.csv" --steps "$PAT" --dims sex -o "$D/out" \
		2>"$SCRATCH/stderr" || { fail "$tag page patterns: the run failed: $(err_text)"; return; }
	if cut -d, -f1-8 "$D/out/data/funnel.csv" | cmp -s - "$D/want.csv"; then
		pass "$tag page patterns: funnel.csv is the hand computation's"
	else
		fail "$tag page patterns: funnel.csv differs: $(cut -d, -f1-8 "$D/out/data/funnel.csv" | diff "$D/want.csv" - | head -5 | tr '\n' '|')"
	fi
	# cart visits: u1's /basket, u4's, u5's and u6's two /cart: 5 visits by 4 users
	grep -q '^overall,all,4,cart,2025-01,5,4' "$D/out/data/visits.csv" &&
		pass "$tag page patterns: visits of /cart and /basket count at cart" ||
		fail "$tag page patterns: visits.csv lacks overall,all,4,cart,2025-01,5,4"
	S="$D/out/data/summary.json"
	if grep -q '"unknown_page_events"' "$S" && awk '/"unknown_page_events"/ { getline; if ($0 ~ /"count": 3,/) ok = 1 } END { exit !ok }' "$S" &&
		tr -d ' \n' <"$S" | grep -q '"unknown_pages":\[{"page":"/about","events":2},{"page":"/?utm_source=mail","events":1}\]'; then
		pass "$tag page patterns: data quality counts and lists the pages at no step"
	else
		fail "$tag page patterns: unknown pages not counted or listed in summary.json"
	fi
	tr -d ' \n' <"$S" | grep -q '"name":"cart","pages":"/cart|/basket"' &&
		grep -qF 'Steps**: 1. home (pages /), 2. search (pages /search\*)' "$D/out/report.md" &&
		grep -q 'cart (pages /cart or /basket)' "$D/out/index.html" &&
		pass "$tag page patterns: the definitions show each step's patterns" ||
		fail "$tag page patterns: the definitions lack the patterns"
	# the same report from its own cubes, patterns and page list included
	"$B" -q --from-cube "$D/out" -o "$D/fc" 2>"$SCRATCH/stderr"
	if [ $? = 0 ] && diff -r -x docs "$D/out" "$D/fc" >/dev/null; then
		pass "$tag page patterns: --from-cube gives the same report"
	else
		fail "$tag page patterns: --from-cube differs: $(err_text)$(diff -rq -x docs "$D/out" "$D/fc" | head -2)"
	fi
	# a bare name still matches exactly: the same funnel with literal pages
	sed 's#,/search[^,]*,#,search,#; s#,"/search[^,]*",#,search,#; s#,/product/[0-9]*,#,product,#; s#,/basket,#,cart,#; s#,/cart,#,cart,#; s#,/,#,home,#' \
		"$D/events.csv" >"$D/named.csv"
	"$B" -q --users-csv "$D/users.csv" --events-csv "$D/named.csv" --steps home,search,product,cart --dims sex \
		-o "$D/named" 2>"$SCRATCH/stderr" && cut -d, -f1-8 "$D/named/data/funnel.csv" | cmp -s - "$D/want.csv" &&
		pass "$tag bare step names match as before" || fail "$tag bare step names: $(err_text)"

	# docs/BAD_INPUTS.md 55: usage errors, exit 2, the step named
	for bad in 'home=,cart=/cart' 'home=/,=/x' 'home=/,cart=/cart||/basket' 'home=/,home=/index'; do
		"$B" -q --users-csv "$D/users.csv" --events-csv "$D/events.csv" --steps "$bad" -o "$D/bad" 2>"$SCRATCH/stderr"
		code=$?
		[ $code = 2 ] && grep -q -- '--steps' "$SCRATCH/stderr" && [ ! -e "$D/bad" ] &&
			pass "$tag --steps '$bad': usage error" || fail "$tag --steps '$bad': exit $code; $(err_text)"
	done
}

gzipped "$BIN" plain 3000
bomb "$BIN"
paths "$BIN" plain
if [ -n "$ASAN" ]; then
	gzipped "$ASAN" asan 300
	paths "$ASAN" asan
fi

if [ $FAILED -gt 0 ]; then echo "$FAILED source test(s) failed"; exit 1; fi
echo "all source tests passed"
