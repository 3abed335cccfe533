#!/bin/sh
# Checks the house's one rule: a file includes only headers of its own folder
# or of a folder below it (docs/DESIGN.md). Prints each include that runs up
# and exits 1 if there is one.
#   layers.sh            from the top of the repository
set -u
ORDER="base core source warehouse analysis render top"
rank() {
	i=0
	for l in $ORDER; do
		[ "$l" = "$1" ] && { echo $i; return; }
		i=$((i + 1))
	done
	echo 99
}
layer() { # the folder of a file: generator/X/..., include/X/..., or top
	case $1 in
	generator/*/*.c | include/*/*.h) d=${1#*/}; echo "${d%%/*}" ;;
	*) echo top ;;
	esac
}
bad=0 n=0
for f in $(find generator include -name '*.[ch]' ! -path 'generator/tools/*' | LC_ALL=C sort); do
	fl=$(layer "$f")
	fr=$(rank "$fl")
	for h in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f"); do
		n=$((n + 1))
		case $h in */*) hl=${h%%/*} ;; *) hl=top ;; esac
		hr=$(rank "$hl")
		if [ "$hr" -gt "$fr" ]; then
			echo "up: $f ($fl) includes $h ($hl)"
			bad=$((bad + 1))
		fi
	done
done
if [ $bad -gt 0 ]; then
	echo "FAIL layers: $bad of $n includes run up"
	exit 1
fi
echo "ok   layers: all $n includes run down or across"
