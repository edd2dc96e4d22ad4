# A throw-away PostgreSQL server for the tests, sourced by .ci/run (bash).
#
# start_postgres installs Debian's postgresql package if no server binaries are
# found, creates a cluster in a fresh temporary folder, starts it on 127.0.0.1
# at a free port (its Unix socket inside that folder, so nothing system-wide is
# touched), creates an empty database and exports its URL as
# UKRAINE_BOT_TEST_POSTGRES_URL. PostgreSQL refuses to run as root, so as root
# the server runs as the `postgres` user the package creates. stop_postgres
# stops the server and deletes the folder; .ci/run calls it from an EXIT trap.

_pg_bindir() {
    if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
        # Resolve symlinks: the client tools sit beside the real pg_ctl, not always beside a link to it.
        dirname "$(readlink -f "$(command -v pg_ctl)")"
        return 0
    fi
    # Debian keeps the server binaries out of PATH, one folder per major version.
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

_pg_as_server_user() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

start_postgres() {
    local bindir
    bindir=$(_pg_bindir || true)
    if [ -z "$bindir" ]; then
        if [ "$(id -u)" != 0 ]; then
            echo "postgres: no PostgreSQL server found and not root; install Debian's postgresql package" >&2
            return 1
        fi
        echo "postgres: installing Debian's postgresql package" >&2
        # Only the binaries are wanted: no system-wide cluster left running on port 5432.
        if [ ! -e /etc/postgresql-common/createcluster.conf ]; then
            mkdir -p /etc/postgresql-common
            echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.conf
        fi
        apt-get update -q >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql >/dev/null
        bindir=$(_pg_bindir)
    fi
    if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
        useradd --system --no-create-home --shell /usr/sbin/nologin postgres
    fi

    PG_TEST_DIR=$(mktemp -d /tmp/ukraine-bot-pg.XXXXXX)
    chmod 755 "$PG_TEST_DIR"
    local password port
    password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    printf '%s\n' "$password" > "$PG_TEST_DIR/pwfile"
    if [ "$(id -u)" = 0 ]; then
        chown -R postgres "$PG_TEST_DIR"
    fi
    # Passwords over TCP (the URL the tests get carries one, so its redaction is tested for real);
    # the Unix socket, private to this folder, trusts the server user for the setup below.
    _pg_as_server_user "$bindir/initdb" -D "$PG_TEST_DIR/data" -U ukraine_bot --pwfile="$PG_TEST_DIR/pwfile" \
        -E UTF8 --no-locale --auth-host=scram-sha-256 --auth-local=trust >"$PG_TEST_DIR/initdb.log" 2>&1 \
        || { cat "$PG_TEST_DIR/initdb.log" >&2; return 1; }
    rm -f "$PG_TEST_DIR/pwfile"
    _pg_as_server_user "$bindir/pg_ctl" -D "$PG_TEST_DIR/data" -l "$PG_TEST_DIR/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_TEST_DIR -c fsync=off -c max_connections=200" start >/dev/null \
        || { cat "$PG_TEST_DIR/server.log" >&2; return 1; }
    PG_TEST_BINDIR=$bindir
    _pg_as_server_user "$bindir/createdb" -h "$PG_TEST_DIR" -p "$port" -U ukraine_bot ukraine_bot_test || return 1
    export UKRAINE_BOT_TEST_POSTGRES_URL="postgresql://ukraine_bot:$password@127.0.0.1:$port/ukraine_bot_test"
    echo "postgres: $("$bindir/postgres" --version | sed 's/^postgres (PostgreSQL) //') on 127.0.0.1:$port, data in $PG_TEST_DIR" >&2
}

stop_postgres() {
    if [ -n "${PG_TEST_DIR:-}" ] && [ -d "$PG_TEST_DIR" ]; then
        if [ -n "${PG_TEST_BINDIR:-}" ]; then
            _pg_as_server_user "$PG_TEST_BINDIR/pg_ctl" -D "$PG_TEST_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
        fi
        rm -rf "$PG_TEST_DIR"
    fi
}
