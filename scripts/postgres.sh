# Sourced by scripts/test: makes sure a PostgreSQL server answers for the
# tests that need one (internal/pgtest). It uses the server at
# $BIOGATE_TEST_POSTGRES, else at 127.0.0.1:5432, when one answers;
# otherwise it starts a throwaway one from the Debian package postgresql
# (initdb into a mktemp folder, a free port, trust authentication on the
# loopback only), stopped and removed when the script exits. It exports
# BIOGATE_TEST_POSTGRES, and BIOGATE_REQUIRE_SERVICES=1 so that a test
# needing the server fails rather than skips if it is gone.
# initdb and postgres refuse to run as root: as root (CI), they run as the
# package's postgres user.

pg_default="postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

# pg_as runs a PostgreSQL program as the postgres user when we are root.
pg_as() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

# pg_answers reports whether the server at the connection string $1
# answers and lets us in (pg_isready would not tell a server that refuses
# our authentication, such as a packaged cluster asking for a password).
pg_answers() {
	PGCONNECT_TIMEOUT=3 psql -X -q -At -d "$1" -c 'SELECT 1' >/dev/null 2>&1
}

# pg_free_port prints a loopback TCP port nothing listens on.
pg_free_port() {
	local p
	for p in $(seq 55432 55532); do
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return 0
		fi
	done
	echo "postgres.sh: no free port in 55432-55532" >&2
	return 1
}

pg_stop() {
	[ -n "${pg_dir:-}" ] || return 0
	pg_as "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null 2>&1 || true
	rm -rf "$pg_dir"
}

pg_start() {
	local url="${BIOGATE_TEST_POSTGRES:-$pg_default}"
	if pg_answers "$url"; then
		echo "postgres: using the server at ${url%%\?*}"
		export BIOGATE_TEST_POSTGRES="$url"
		return 0
	fi
	pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
	if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
		echo "postgres.sh: no server answers at ${url%%\?*} and the Debian package postgresql is not installed" >&2
		return 1
	fi
	local port
	port=$(pg_free_port)
	pg_dir=$(mktemp -d /tmp/biogate-pg.XXXXXX)
	[ "$(id -u)" = 0 ] && chown postgres: "$pg_dir"
	pg_as "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust -E UTF8 --no-locale >"$pg_dir/initdb.log" 2>&1 ||
		{ cat "$pg_dir/initdb.log" >&2; return 1; }
	# The api suite on PostgreSQL opens a pool per test: room for them.
	pg_as "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
		-o "-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null ||
		{ cat "$pg_dir/server.log" >&2; return 1; }
	export BIOGATE_TEST_POSTGRES="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
	echo "postgres: started a throwaway server ($("$pg_bin/postgres" --version)) at 127.0.0.1:$port in $pg_dir"
}
