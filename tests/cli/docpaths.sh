#!/bin/sh
# The documents name only what is there: every repository path that the
# README, docs/, the system design templates (templates/docs/) and the man
# page mention (generator/..., include/..., tests/..., templates/...,
# man/..., docs/*.md) exists, a glob such as tests/unit/test_*.c matches a
# file, and nothing points outside the repository (the shared folder, a
# workstation's paths, a named file under /tmp).
#   docpaths.sh          from anywhere; checks the repository it sits in
set -u
cd "$(dirname "$0")/../.." || exit 1
FAILED=0
pass() { echo "ok   docpaths: $1"; }
fail() { echo "FAIL docpaths: $1"; FAILED=$((FAILED + 1)); }

DOCS=$(ls README.md docs/*.md templates/docs/*.md man/*.1 2>/dev/null)

# A path starts a word (not inside out/docs/... or a URL) at one of the
# repository's top folders; trailing punctuation is prose, not path.
paths() {
	grep -noE '(^|[^A-Za-z0-9_./~-])(generator|include|tests|templates|man)/[A-Za-z0-9_.*/+-]*[A-Za-z0-9_*/]|(^|[^A-Za-z0-9_./~-])docs/[A-Za-z0-9_.-]+\.(md|png)' "$1" |
		sed -E 's/^([0-9]+):[^a-z]*/\1 /'
}

# A placeholder in a path (tests/fuzz/regressions/NAME/, .NAME.new-XXXXXX):
# a pattern the text explains, not a file.
placeholder() {
	echo "$1" | grep -qE '(^|[/._-])(NAME|CASE|XXXXXX|DIR|FILE|N|STEP|LAST|DIM|A|B|S4|S5)([/._-]|$)'
}

for doc in $DOCS; do
	n=0 bad=0
	tmp=$(paths "$doc")
	# shellcheck disable=SC2086
	while read -r line p; do
		[ -n "$p" ] || continue
		n=$((n + 1))
		case $p in
		*'*'*)
			# shellcheck disable=SC2086
			set -- $p
			[ -e "$1" ] && continue
			;;
		*) [ -e "$p" ] && continue ;;
		esac
		placeholder "$p" && continue
		fail "$doc:$line: $p does not exist"
		bad=$((bad + 1))
	done <<EOF
$tmp
EOF
	[ $bad -eq 0 ] && pass "$doc: its $n repository paths exist"

	# Nothing outside the repository: the shared folder, a workstation's
	# tree, a named temporary file (a bare /tmp, TMPDIR's default, is fine).
	out=$(grep -nE '\.\./shared|(^|[^A-Za-z0-9_.-])shared/|shared folder|/work/|/home/|/tmp/[A-Za-z0-9]' "$doc")
	if [ -n "$out" ]; then
		fail "$doc names a path outside the repository: $(echo "$out" | head -3 | tr '\n' ' ')"
	else
		pass "$doc: no path outside the repository"
	fi
done
[ "$FAILED" -eq 0 ]
