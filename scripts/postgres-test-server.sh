#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests: on 127.0.0.1 only, on a free port, in a temporary folder.
# Source this file, then:
#   postgres_test_server_start   installs Debian's PostgreSQL if initdb is missing, starts a cluster and exports
#                                CONVEYOR_TEST_POSTGRES (a connection string) and CONVEYOR_TEST_PG_BIN (its bin folder)
#   postgres_test_server_stop    stops that cluster by its PID and removes its folder
# As root, the server runs as the "postgres" user the Debian package creates (PostgreSQL refuses to run as root).

pg_test_dir=""
pg_test_pid=""

postgres_test_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

postgres_test_install() {
  [ -n "$(postgres_test_bin)" ] && return 0
  echo "PostgreSQL not found: installing Debian's postgresql" >&2
  # Install only: no cluster of Debian's own, no service started.
  mkdir -p /etc/postgresql-common
  echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.conf
  local policy_added=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && policy_added=1
  fi
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) >&2
  local rc=$?
  [ -z "$policy_added" ] || rm -f /usr/sbin/policy-rc.d
  return $rc
}

# Runs a PostgreSQL program as the user that owns the cluster.
postgres_test_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"
  else
    "$@"
  fi
}

postgres_test_free_port() {
  local port
  for port in $(seq 55432 55532); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

postgres_test_server_start() {
  postgres_test_install || { echo "could not install PostgreSQL" >&2; return 1; }
  local bin port
  bin=$(postgres_test_bin)
  port=$(postgres_test_free_port) || { echo "no free port for PostgreSQL" >&2; return 1; }
  pg_test_dir=$(mktemp -d /tmp/conveyor-pg.XXXXXX)
  chmod 755 "$pg_test_dir"
  [ "$(id -u)" -ne 0 ] || chown postgres:postgres "$pg_test_dir"
  postgres_test_as_owner "$bin/initdb" -D "$pg_test_dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
    --no-sync > "$pg_test_dir/initdb.log" 2>&1 || { cat "$pg_test_dir/initdb.log" >&2; return 1; }
  postgres_test_as_owner "$bin/pg_ctl" -D "$pg_test_dir/data" -l "$pg_test_dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='$pg_test_dir' -c max_connections=400" \
    start > /dev/null || { cat "$pg_test_dir/server.log" >&2; return 1; }
  pg_test_pid=$(head -n 1 "$pg_test_dir/data/postmaster.pid")
  export CONVEYOR_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
  export CONVEYOR_TEST_PG_BIN="$bin"
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (pid $pg_test_pid)"
}

postgres_test_server_stop() {
  [ -n "$pg_test_pid" ] || return 0
  kill -INT "$pg_test_pid" 2>/dev/null
  local i
  for i in $(seq 1 100); do
    kill -0 "$pg_test_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pg_test_pid" 2>/dev/null
  rm -rf "$pg_test_dir"
  pg_test_pid=""
}
