#!/bin/sh
# A throwaway PostgreSQL cluster for the tests: no TCP port, only a Unix
# socket in its own directory, fsync off, and a server time zone that is not
# UTC (so a reader that trusts the server's zone would be caught).
#
#   cluster.sh start DIR   initdb into DIR/data and start it; the socket is in
#                          DIR, the superuser fr_admin logs in without a
#                          password, every other role with its password
#   cluster.sh stop DIR    stop it (immediately) and remove DIR
#
# initdb and postgres refuse to run as root: as root they run as $PG_OWNER
# (default nobody), and DIR is handed to that user. The Debian package's own
# cluster (main, port 5432) is never used, started or touched.
set -eu
cmd=${1:-} dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: cluster.sh start|stop DIR" >&2; exit 2; }

PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
	echo "cluster.sh: no PostgreSQL server binaries (apt-get install postgresql)" >&2
	exit 3
fi
OWNER=${PG_OWNER:-nobody}

# as_owner CMD...: runs CMD as the cluster's owner (ourselves when not root).
as_owner() {
	if [ "$(id -u)" = 0 ]; then runuser -u "$OWNER" -- "$@"; else "$@"; fi
}

case $cmd in
start)
	mkdir -p "$dir"
	[ "$(id -u)" = 0 ] && chown "$OWNER" "$dir"
	chmod 700 "$dir"
	# the socket path must fit in sun_path (107 bytes)
	if [ ${#dir} -gt 80 ]; then echo "cluster.sh: $dir is too long for a socket path" >&2; exit 3; fi
	as_owner "$PGBIN/initdb" -D "$dir/data" -U fr_admin -A trust -E UTF8 --locale=C --no-sync \
		>"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 3; }
	# local only; the superuser by trust, the test roles by password
	as_owner sh -c "cat >'$dir/data/pg_hba.conf'" <<-EOF
		local all fr_admin trust
		local all all scram-sha-256
	EOF
	as_owner sh -c "cat >>'$dir/data/postgresql.conf'" <<-EOF
		listen_addresses = ''
		unix_socket_directories = '$dir'
		port = 5432
		fsync = off
		synchronous_commit = off
		full_page_writes = off
		max_connections = 20
		shared_buffers = 32MB
		timezone = 'Pacific/Chatham'
		log_timezone = 'UTC'
		password_encryption = 'scram-sha-256'
	EOF
	as_owner "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 start >/dev/null 2>&1 ||
		{ echo "cluster.sh: the server did not start:" >&2; tail -n 20 "$dir/server.log" >&2; exit 3; }
	;;
stop)
	[ -d "$dir" ] || exit 0
	if [ -f "$dir/data/postmaster.pid" ]; then
		as_owner "$PGBIN/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
		# a server pg_ctl could not stop: its pid from its own file, ours alone
		if [ -f "$dir/data/postmaster.pid" ]; then
			pid=$(head -n 1 "$dir/data/postmaster.pid")
			[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
		fi
	fi
	rm -rf "$dir"
	;;
*)
	echo "usage: cluster.sh start|stop DIR" >&2
	exit 2
	;;
esac
