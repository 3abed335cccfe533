#!/bin/sh
# make install and make uninstall into a scratch DESTDIR: the binary and the
# man page land under PREFIX (default /usr/local) with their modes, nothing
# else is installed, the installed binary works on its own from another
# directory (its templates are compiled in), man reads the installed page,
# and uninstall takes both away again.
# Usage: install.sh B          from the top of the repository (B: build dir)
set -u
B=${1:-build}
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/fr-install.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT
FAILED=0
pass() { echo "ok   install: $1"; }
fail() { echo "FAIL install: $1"; FAILED=$((FAILED + 1)); }
TOP=$(pwd)

# mode PATH: its permission bits, as 755
mode() { stat -c %a "$1"; }

D="$SCRATCH/dest"
if make --no-print-directory -s B="$B" install DESTDIR="$D" >"$SCRATCH/make.log" 2>&1; then
	pass "make install DESTDIR=... succeeds"
else
	echo "FAIL install: make install: $(tail -3 "$SCRATCH/make.log")"
	exit 1
fi
bin="$D/usr/local/bin/funnel-report"
page="$D/usr/local/share/man/man1/funnel-report.1"
[ -f "$bin" ] && [ "$(mode "$bin")" = 755 ] && pass "the binary is in PREFIX/bin, mode 755" || fail "no $bin of mode 755"
[ -f "$page" ] && [ "$(mode "$page")" = 644 ] && pass "the man page is in PREFIX/share/man/man1, mode 644" || fail "no $page of mode 644"
cmp -s "$page" man/funnel-report.1 && pass "the installed page is man/funnel-report.1" || fail "the installed page differs"
n=$(find "$D" -type f | wc -l)
[ "$n" = 2 ] && pass "nothing else is installed" || fail "$n files installed: $(find "$D" -type f | tr '\n' ' ')"

# The installed binary on its own, away from the source tree.
mkdir "$SCRATCH/elsewhere"
cd "$SCRATCH/elsewhere" || exit 1
v=$("$bin" --version 2>&1)
case $v in "funnel-report "[0-9]*) pass "the installed binary runs: $v" ;; *) fail "--version said: $v" ;; esac
"$bin" --help | grep -q -- '--output DIR' && pass "the installed binary prints its --help" || fail "--help"
if "$bin" -q --demo-users 200 -o out 2>"$SCRATCH/run.err" && [ -s out/index.html ] && [ -s out/docs/index.html ] &&
	[ -s out/data/funnel.csv ]; then
	pass "the installed binary makes a report outside the source tree"
else
	fail "a run of the installed binary: $(head -c 300 "$SCRATCH/run.err")"
fi
LC_ALL=C MANWIDTH=80 man -l "$page" 2>/dev/null | grep -q 'funnel-report - build' &&
	pass "man reads the installed page" || fail "man -l $page"
cd "$TOP" || exit 1

# PREFIX moves both; uninstall removes exactly what install put there.
P="$SCRATCH/prefix"
make --no-print-directory -s B="$B" install DESTDIR="$P" PREFIX=/opt/fr >"$SCRATCH/make.log" 2>&1 &&
	[ -x "$P/opt/fr/bin/funnel-report" ] && [ -f "$P/opt/fr/share/man/man1/funnel-report.1" ] &&
	pass "PREFIX=/opt/fr installs under /opt/fr" || fail "PREFIX=/opt/fr: $(tail -3 "$SCRATCH/make.log")"
touch "$D/usr/local/bin/someone-elses"
if make --no-print-directory -s B="$B" uninstall DESTDIR="$D" >"$SCRATCH/make.log" 2>&1 &&
	[ ! -e "$bin" ] && [ ! -e "$page" ] && [ -e "$D/usr/local/bin/someone-elses" ]; then
	pass "make uninstall removes the two files and nothing else"
else
	fail "make uninstall: $(tail -3 "$SCRATCH/make.log")"
fi
[ "$FAILED" -eq 0 ]
