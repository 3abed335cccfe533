#!/bin/sh
# threads.sh CMD...: which thread of a run is its critical path. Runs CMD and
# reads each of its threads' /proc schedstat (nanoseconds on a CPU, waiting
# for a CPU) every 0.2 s, then prints per thread: its name, seconds on a CPU,
# seconds waiting for one, seconds asleep (the rest of its life: waiting for
# work, a lock or I/O) and when it lived, from CMD's start. A thread that is
# never asleep is the one the others wait for. Figures, not a test; the last
# 0.2 s of a thread's life may be missed.
#
#   sh tests/bench/threads.sh build/funnel-report --users-csv U --events-csv E --steps ... -q -o OUT
set -eu
[ $# -gt 0 ] || { echo "usage: threads.sh CMD [ARG...]" >&2; exit 2; }
samples=$(mktemp)
trap 'rm -f "$samples"' EXIT
"$@" &
pid=$!
t0=$(date +%s.%N)
while kill -0 $pid 2>/dev/null; do
	now=$(date +%s.%N)
	for t in /proc/$pid/task/*; do
		# a thread may end between the glob and the read
		stat=$(cat "$t/schedstat" 2>/dev/null) || continue
		comm=$(tr ' ' _ <"$t/comm" 2>/dev/null) || continue
		echo "${t##*/} $comm $stat $now"
	done >>"$samples"
	sleep 0.2
done
rc=0
wait $pid || rc=$?
printf '%-8s %-16s %9s %13s %8s %s\n' tid thread "on CPU s" "wait CPU s" "asleep s" "alive (s from start)"
awk -v t0="$t0" 'NF == 6 {
		tid = $1; name[tid] = $2; run[tid] = $3; wq[tid] = $4
		if (!(tid in first)) first[tid] = $6
		last[tid] = $6
	}
	END {
		for (k in name) {
			alive = last[k] - first[k]
			asleep = alive - run[k] / 1e9 - wq[k] / 1e9
			printf "%-8s %-16s %9.2f %13.2f %8.2f %.2f-%.2f\n", k, name[k], run[k] / 1e9, wq[k] / 1e9,
				asleep < 0 ? 0 : asleep, first[k] - t0, last[k] - t0
		}
	}' "$samples" | sort -n
exit $rc
