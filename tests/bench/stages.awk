# The stages of a run from its data/summary.json (written with --timings),
# one line each: name start_seconds seconds rows_in rows_out. Read by
# bench.sh and bench-peers.sh; summary.json puts one key on a line.
/"name": "(extract|model|analyze|plot|publish|load)"/ { gsub(/[",]/, "", $2); name = $2 }
/"rows_in":/ { gsub(/,/, "", $2); rin = $2 }
/"rows_out":/ { gsub(/,/, "", $2); rout = $2 }
/"start_seconds":/ { gsub(/,/, "", $2); start = $2 }
/"seconds":/ {
	gsub(/,/, "", $2)
	if (name != "") printf "%s %s %s %s %s\n", name, start, $2, rin, rout
	name = ""
}
