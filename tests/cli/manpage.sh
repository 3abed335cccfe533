#!/bin/sh
# The man page against the program: every option --help lists is an item of
# OPTIONS in man/funnel-report.1 and every item there is an option --help
# lists (an option added without its page, or a page item left after its
# option went, fails here); every exit status of --help and every variable
# the code reads with getenv is in the page; and groff renders it without a
# warning, as man(1) does.
# Usage: manpage.sh BIN        from the top of the repository
set -u
BIN=$1
MAN=${MAN_PAGE:-man/funnel-report.1}
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/fr-manpage.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT
FAILED=0
pass() { echo "ok   manpage: $1"; }
fail() { echo "FAIL manpage: $1"; FAILED=$((FAILED + 1)); }

[ -f "$MAN" ] || { echo "FAIL manpage: $MAN is missing"; exit 1; }
for tool in groff man; do
	command -v $tool >/dev/null || { echo "FAIL manpage: $tool is not installed (make deps-test)"; exit 1; }
done
"$BIN" --help >"$SCRATCH/help" || { echo "FAIL manpage: $BIN --help"; exit 1; }

# The options of --help: the lines that start with an option, indented, as
# "  -o, --output DIR" or "      --steps a,b,c".
sed -n 's/^  *\(-[A-Za-z], \)\{0,1\}\(--[a-z][a-z0-9-]*\).*/\1\2/p' "$SCRATCH/help" |
	tr ',' '\n' | tr -d ' ' | sed '/^$/d' | LC_ALL=C sort -u >"$SCRATCH/help-opts"

# The options of the page: the tag line after each .TP of section OPTIONS.
awk '/^\.SH /{ in_opts = ($0 ~ /^\.SH OPTIONS/) } in_opts && tag { print; tag = 0 } in_opts && /^\.TP/ { tag = 1 }' "$MAN" |
	sed 's/\\-/-/g' | grep -oE '(^|[ "])--?[A-Za-z][a-z0-9-]*' | tr -d ' "' | LC_ALL=C sort -u >"$SCRATCH/man-opts"

n=$(wc -l <"$SCRATCH/help-opts")
[ "$n" -ge 20 ] || fail "found only $n options in --help; has its layout changed?"
missing=$(LC_ALL=C comm -23 "$SCRATCH/help-opts" "$SCRATCH/man-opts" | tr '\n' ' ')
extra=$(LC_ALL=C comm -13 "$SCRATCH/help-opts" "$SCRATCH/man-opts" | tr '\n' ' ')
if [ -n "$missing" ]; then fail "options in --help but not in $MAN: $missing"; else pass "all $n options of --help are in $MAN"; fi
if [ -n "$extra" ]; then fail "options in $MAN but not in --help: $extra"; else pass "$MAN has no option that --help lacks"; fi

# Every option of --help is also named in the synopsis or the options (the
# check above), and the sections a man page has are there.
for s in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" ENVIRONMENT FILES EXAMPLES "SEE ALSO"; do
	grep -q "^\.SH $s\$" "$MAN" || fail "no section $s"
done
pass "the sections NAME to SEE ALSO are there"

# The exit status numbers of --help (its last paragraph) are items of EXIT STATUS.
codes=$(sed -n '/^Exit status/,$p' "$SCRATCH/help" | grep -oE '\b[0-9]{1,3}\b' | LC_ALL=C sort -u)
awk '/^\.SH /{ on = ($0 ~ /^\.SH EXIT STATUS/) } on' "$MAN" >"$SCRATCH/exit"
bad=""
for c in $codes; do grep -qE "^\.B[R]? .*\b$c\b" "$SCRATCH/exit" || bad="$bad $c"; done
if [ -n "$bad" ]; then fail "exit status in --help but not in EXIT STATUS:$bad"; else pass "every exit status of --help is in EXIT STATUS ($(echo $codes | tr '\n' ' '))"; fi

# Every variable the program reads is in ENVIRONMENT.
awk '/^\.SH /{ on = ($0 ~ /^\.SH ENVIRONMENT/) } on' "$MAN" | sed 's/\\-/-/g' >"$SCRATCH/env"
vars=$(grep -rhoE 'getenv\("[A-Z_]+"\)|"(SQLITE_)?TMPDIR"' generator | grep -oE '[A-Z_]{2,}' | LC_ALL=C sort -u)
bad=""
for v in $vars; do grep -q "$v" "$SCRATCH/env" || bad="$bad $v"; done
if [ -n "$bad" ]; then fail "variables the code reads but ENVIRONMENT lacks:$bad"; else pass "every variable the code reads is in ENVIRONMENT ($(echo $vars | tr '\n' ' '))"; fi

# It renders, without a warning, with groff's man macros and through man(1).
if groff -man -Tutf8 -ww -z "$MAN" 2>"$SCRATCH/groff.err" && [ ! -s "$SCRATCH/groff.err" ]; then
	pass "groff -man -Tutf8 -ww renders it without a warning"
else
	fail "groff warns: $(head -3 "$SCRATCH/groff.err" | tr '\n' ' ')"
fi
if LC_ALL=C MANWIDTH=80 man --warnings=all -l "$MAN" >"$SCRATCH/man.txt" 2>"$SCRATCH/man.err" &&
	[ ! -s "$SCRATCH/man.err" ] && grep -q '^NAME' "$SCRATCH/man.txt" &&
	grep -q 'funnel-report - build' "$SCRATCH/man.txt"; then
	pass "man -l renders it ($(wc -l <"$SCRATCH/man.txt") lines; groff above judges the warnings)"
else
	fail "man -l: $(head -3 "$SCRATCH/man.err" | tr '\n' ' ')"
fi
[ "$FAILED" -eq 0 ]
