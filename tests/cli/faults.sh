#!/bin/sh
# Faults and signals, as SQLite tests itself: allocation failures swept over
# every point of a small run (ours, SQLite's, libcsv's), writes failing like
# a full disk (output, warehouse, partitions), SIGINT/SIGTERM at a sweep of
# moments. Each must end cleanly: the expected exit code, one message, the
# previous report intact, nothing left beside it or in TMPDIR, no sanitizer
# report. Usage: faults.sh BIN FAULT_BIN FAILWRITE_SO
set -u
BIN=$1
FAULT=$2
SHIM=$3
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/fr-faults.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT
FAILED=0
export LC_ALL=C TZ=UTC
unset SOURCE_DATE_EPOCH
export ASAN_OPTIONS=exitcode=86:detect_leaks=1
export UBSAN_OPTIONS=exitcode=87:halt_on_error=1

pass() { echo "ok   faults: $1"; }
fail() { echo "FAIL faults: $1"; FAILED=$((FAILED + 1)); }
fingerprint() { (cd "$1" && find . -type f | LC_ALL=C sort | xargs sha256sum); }

# a small event log, with the reader's every path
IN="$SCRATCH/in"
mkdir -p "$IN"
"$BIN" --demo-users 300 --seed 5 --export-demo "$IN"
STEPS=home,search,product,cart,payment,confirmation
OUT="$SCRATCH/out"
"$BIN" -q --users-csv "$IN/users.csv" --events-csv "$IN/events.csv" --steps $STEPS -o "$OUT" \
	|| { echo "FAIL faults: setup run"; exit 1; }
BEFORE=$(fingerprint "$OUT")

# clean CASE CODE...: after a run that ended with one of CODE, the report is
# as before (or, after a success, complete) and nothing is left behind
clean() {
	name=$1 code=$2
	shift 2
	ok=0
	for want in "$@"; do [ "$code" = "$want" ] && ok=1; done
	[ $ok = 1 ] || { fail "$name: exit $code (want $*): $(head -c 300 "$SCRATCH/err")"; return 1; }
	if [ "$code" != 0 ]; then
		[ "$(fingerprint "$OUT")" = "$BEFORE" ] || { fail "$name: the previous report changed"; return 1; }
		[ "$(wc -l <"$SCRATCH/err")" -ge 1 ] || { fail "$name: no message"; return 1; }
	else
		[ -s "$OUT/report.pdf" ] && [ -s "$OUT/index.html" ] || { fail "$name: incomplete report"; return 1; }
		BEFORE=$(fingerprint "$OUT")
	fi
	left=$(ls -A "$SCRATCH" | grep -E '^\.out\.' || true)
	[ -z "$left" ] || { fail "$name: left beside the report: $left"; return 1; }
	[ -z "$(ls -A "$SCRATCH/tmp")" ] || { fail "$name: left in TMPDIR: $(ls -A "$SCRATCH/tmp")"; return 1; }
	return 0
}

mkdir -p "$SCRATCH/tmp"
export TMPDIR="$SCRATCH/tmp"

# ---- allocation failures ---------------------------------------------------
# zlib's state and window: the same log gzipped (docs/BAD_INPUTS.md 51)
gzip -c "$IN/users.csv" >"$IN/users.csv.gz"
gzip -c "$IN/events.csv" >"$IN/events.csv.gz"
for kind in malloc sqlite csv zlib; do
	gz=""
	[ $kind = zlib ] && gz=.gz
	n=1 runs=0 bad=0
	while :; do
		FR_FAULT_ALLOC=$kind:$n "$FAULT" -q --users-csv "$IN/users.csv$gz" --events-csv "$IN/events.csv$gz" \
			--steps $STEPS -o "$OUT" 2>"$SCRATCH/err"
		code=$?
		runs=$((runs + 1))
		if ! clean "$kind allocation $n fails" $code 0 3; then bad=1; break; fi
		if [ $code = 3 ] && ! grep -q 'out of memory' "$SCRATCH/err"; then
			fail "$kind allocation $n: the message does not say out of memory: $(head -c 200 "$SCRATCH/err")"
			bad=1
			break
		fi
		[ $code = 0 ] && break
		# every point up to 40, then ever wider steps
		if [ $n -lt 40 ]; then n=$((n + 1)); else n=$((n + n / 3)); fi
		[ $runs -gt 400 ] && { fail "$kind: still failing after $runs runs"; bad=1; break; }
	done
	[ $bad = 0 ] && pass "$kind allocation failures: $runs points swept, each a clean exit (3, or 0 once past the last)"
done

# ---- writes failing like a full disk (docs/BAD_INPUTS.md 27) -------------
# The warehouse only writes its file once its 16 MiB page cache spills: a
# demo of 200,000 users does; the small log is enough for the rest.
for where in ".out.new-" "etilqs" "funnel-report-visits"; do
	for after in 0 4096 200000; do
		if [ "$where" = etilqs ]; then
			set -- --demo-users 200000
		else
			set -- --users-csv "$IN/users.csv" --events-csv "$IN/events.csv" --steps $STEPS
		fi
		LD_PRELOAD="$SHIM" FAILWRITE_MATCH="$where" FAILWRITE_AFTER=$after "$BIN" -q "$@" -o "$OUT" \
			2>"$SCRATCH/err"
		code=$?
		if [ "$where" = etilqs ] && [ $code = 0 ]; then
			fail "disk full in the warehouse after $after bytes: the run did not notice"
			continue
		fi
		# a budget larger than what the run writes there succeeds
		if clean "disk full at $where after $after bytes" $code 3 0; then
			pass "disk full at $where after $after bytes: exit $code, previous report intact"
		fi
	done
done

# ---- signals at a sweep of moments (docs/BAD_INPUTS.md 28) ----------------
# ten moments spread over the run's own length, publish included
t0=$(date +%s%N)
"$BIN" -q --demo-users 200000 -o "$OUT" 2>/dev/null
t1=$(date +%s%N)
BEFORE=$(fingerprint "$OUT")
for sig in TERM INT; do
	for tenth in 0 1 2 3 4 5 6 7 8 9; do
		delay=$(awk -v a="$t0" -v b="$t1" -v k="$tenth" 'BEGIN { printf "%.3f", (b - a) / 1e9 * (k + 0.5) / 10 }')
		"$BIN" -q --demo-users 200000 -o "$OUT" 2>"$SCRATCH/err" &
		pid=$!
		sleep $delay
		kill -$sig $pid 2>/dev/null
		wait $pid
		code=$?
		want=143; [ $sig = INT ] && want=130
		clean "SIG$sig after $delay s" $code $want 0 && pass "SIG$sig after $delay s: exit $code, clean"
	done
done

# ---- a signal in every stage stops the run within a second -----------------
# docs/BAD_INPUTS.md 42 (issue 12.12): FR_TRACE=1 names each stage (and each
# step of publish) on stderr as it starts; the signal goes in 0.1 s after
# that, and the run must be gone within a second, with the status of its
# signal (SIGHUP as SIGTERM: 128 + 1), the previous report intact and
# nothing left. SIGTERM once took 95 to 465 s in plot, the PDF and the page
# listing; SIGHUP was not handled at all.
BIG="$SCRATCH/big"
mkdir -p "$BIG"
# 1,000 users with 8 attributes of 50 values, by two: about 58,000 segments,
# so plot, HTML and PDF take seconds (a --max-segments a user may choose)
awk 'BEGIN { printf "user_id"; for (a = 1; a <= 8; a++) printf ",a%d", a; print ""
	for (u = 1; u <= 1000; u++) { printf "u%d", u; for (a = 1; a <= 8; a++) printf ",v%d", (u * 7 + a * 13 + int(u / (a + 1))) % 50; print "" } }' >"$BIG/users.csv"
awk 'BEGIN { print "user_id,page,event_time"; split("home search product cart payment confirmation", S, " ")
	for (u = 1; u <= 1000; u++) { n = 1 + u % 6; for (k = 1; k <= n; k++) printf "u%d,%s,2025-0%d-1%d 10:0%d:00\n", u, S[k], 1 + u % 4, u % 9, k } }' >"$BIG/events.csv"
# 300,000 distinct pages and no --steps: the page listing
awk 'BEGIN { print "user_id,page,event_time"; for (i = 300000; i > 0; i--) printf "u1,p%06d,2025-01-03\n", i }' >"$BIG/pages.csv"
printf 'user_id,sex\nu1,F\nu2,M\n' >"$BIG/users2.csv"
"$BIN" -q --demo-users 200 -o "$OUT" || fail "stage signals: setup run"
BEFORE=$(fingerprint "$OUT")
stage_signal() {
	sig=$1 stage=$2
	shift 2
	FR_TRACE=1 "$BIN" -q "$@" -o "$OUT" 2>"$SCRATCH/err" &
	pid=$!
	i=0
	while ! grep -q "trace: $stage\$" "$SCRATCH/err" 2>/dev/null && kill -0 $pid 2>/dev/null && [ $i -lt 1200 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	if ! kill -0 $pid 2>/dev/null; then
		wait $pid
		code=$?
		# the last steps of publish take milliseconds: the run may be done
		case $stage in docs | charts | swap)
			[ $code = 0 ] && clean "SIG$sig in $stage" 0 0 && pass "SIG$sig in $stage: published before the signal" && return ;;
		esac
		fail "SIG$sig in $stage: the run ended (exit $code) before the stage: $(grep -v trace "$SCRATCH/err" | head -c 200)"
		return
	fi
	case $stage in docs | charts | swap) ;; *) sleep 0.1 ;; esac
	t0=$(date +%s%N)
	kill -$sig $pid 2>/dev/null
	wait $pid
	code=$?
	t1=$(date +%s%N)
	ms=$(((t1 - t0) / 1000000))
	case $sig in HUP) want=129 ;; INT) want=130 ;; *) want=143 ;; esac
	# a listing that is done already exits with its usage error; the last
	# steps of publish take milliseconds, and the run may have published
	[ "$stage" = model ] && [ "$code" = 2 ] && want=2
	case $stage in docs | charts | swap) [ "$code" = 0 ] && want=0 ;; esac
	if [ "$code" = "$want" ] && [ $ms -le 1000 ] && clean "SIG$sig in $stage" "$code" "$want"; then
		pass "SIG$sig in $stage: exit $code, $ms ms after the signal, clean"
	elif [ $ms -gt 1000 ]; then
		fail "SIG$sig in $stage: $ms ms from the signal to the exit (at most 1,000)"
		# a run that published anyway is the report the next case must keep
		[ "$code" = 0 ] && BEFORE=$(fingerprint "$OUT")
	elif [ "$code" != "$want" ]; then
		fail "SIG$sig in $stage: exit $code, want $want"
	fi
}
DEMO="--demo-users 1000000"
SEGS="--users-csv $BIG/users.csv --events-csv $BIG/events.csv --steps home,search,product,cart,payment,confirmation --max-combo 2 --max-segments 100000"
for stage in extract model analyze load "data files" docs charts swap; do
	# shellcheck disable=SC2086
	stage_signal TERM "$stage" $DEMO
done
for stage in plot report html markdown pdf; do
	# shellcheck disable=SC2086
	stage_signal TERM "$stage" $SEGS
done
stage_signal TERM model --users-csv "$BIG/users2.csv" --events-csv "$BIG/pages.csv"
# shellcheck disable=SC2086
stage_signal HUP plot $SEGS
# shellcheck disable=SC2086
stage_signal HUP pdf $SEGS
# shellcheck disable=SC2086
stage_signal INT html $SEGS
# shellcheck disable=SC2086
stage_signal HUP extract $DEMO

if [ $FAILED -gt 0 ]; then echo "$FAILED fault test(s) failed"; exit 1; fi
echo "all fault tests passed"
