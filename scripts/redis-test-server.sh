#!/usr/bin/env bash
# Throw-away Redis servers for the tests: on 127.0.0.1 only, on free ports, in a temporary folder.
# Source this file, then:
#   redis_test_servers_start   installs Debian's redis-server if it is missing, starts one standalone server (AOF on,
#                              fsync every second, maxmemory-policy noeviction) and a cluster of 3 primaries, and
#                              exports CONVEYOR_TEST_REDIS ("127.0.0.1:PORT") and CONVEYOR_TEST_REDIS_CLUSTER
#                              ("127.0.0.1:P1,127.0.0.1:P2,127.0.0.1:P3")
#   redis_test_servers_stop    stops every server it started by its PID and removes the folder
# A cluster node also listens on its port + 10000 (the cluster bus), so ports are taken in 26379-26479.

redis_test_dir=""
redis_test_pids=()

redis_test_install() {
  command -v redis-server > /dev/null && command -v redis-cli > /dev/null && return 0
  echo "Redis not found: installing Debian's redis-server" >&2
  # Install only: no service of Debian's own started.
  local policy_added=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && policy_added=1
  fi
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server > /dev/null) >&2
  local rc=$?
  [ -z "$policy_added" ] || rm -f /usr/sbin/policy-rc.d
  return $rc
}

redis_test_port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# A free port whose cluster bus port (+10000) is free too, and not already handed out ($@).
redis_test_free_port() {
  local port taken
  for port in $(seq 26379 26479); do
    for taken in "$@"; do [ "$port" = "$taken" ] && continue 2; done
    if redis_test_port_free "$port" && redis_test_port_free $((port + 10000)); then
      echo "$port"
      return 0
    fi
  done
  return 1
}

# Starts one server on $1 with the extra arguments that follow; waits until it answers PING.
redis_test_launch() {
  local port=$1
  shift
  mkdir -p "$redis_test_dir/$port"
  redis-server --port "$port" --bind 127.0.0.1 --protected-mode yes --dir "$redis_test_dir/$port" \
    --save "" --appendonly yes --appendfsync everysec --maxmemory-policy noeviction \
    --logfile "$redis_test_dir/$port/server.log" "$@" &
  redis_test_pids+=($!)
  local i
  for i in $(seq 1 100); do
    [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = "PONG" ] && return 0
    sleep 0.1
  done
  echo "Redis on 127.0.0.1:$port did not start:" >&2
  cat "$redis_test_dir/$port/server.log" >&2
  return 1
}

# Starts them all; a start that fails part-way stops what it had started, so no server outlives it.
redis_test_servers_start() {
  redis_test_servers_start_all || { redis_test_servers_stop; return 1; }
}

redis_test_servers_start_all() {
  redis_test_install || { echo "could not install Redis" >&2; return 1; }
  redis_test_dir=$(mktemp -d /tmp/conveyor-redis.XXXXXX)
  local standalone p1 p2 p3 port i
  standalone=$(redis_test_free_port) || { echo "no free port for Redis" >&2; return 1; }
  p1=$(redis_test_free_port "$standalone") && p2=$(redis_test_free_port "$standalone" "$p1") \
    && p3=$(redis_test_free_port "$standalone" "$p1" "$p2") || { echo "no free ports for the Redis cluster" >&2; return 1; }

  redis_test_launch "$standalone" || return 1
  for port in "$p1" "$p2" "$p3"; do
    redis_test_launch "$port" --cluster-enabled yes --cluster-config-file "$redis_test_dir/$port/nodes.conf" \
      --cluster-node-timeout 5000 || return 1
  done
  redis-cli --cluster create "127.0.0.1:$p1" "127.0.0.1:$p2" "127.0.0.1:$p3" --cluster-replicas 0 --cluster-yes \
    > "$redis_test_dir/cluster-create.log" 2>&1 || { cat "$redis_test_dir/cluster-create.log" >&2; return 1; }
  for port in "$p1" "$p2" "$p3"; do
    for i in $(seq 1 100); do
      redis-cli -h 127.0.0.1 -p "$port" cluster info 2>/dev/null | grep -q "cluster_state:ok" && break
      sleep 0.1
    done
    redis-cli -h 127.0.0.1 -p "$port" cluster info 2>/dev/null | grep -q "cluster_state:ok" \
      || { echo "the Redis cluster node on 127.0.0.1:$port is not ready" >&2; return 1; }
  done

  export CONVEYOR_TEST_REDIS="127.0.0.1:$standalone"
  export CONVEYOR_TEST_REDIS_CLUSTER="127.0.0.1:$p1,127.0.0.1:$p2,127.0.0.1:$p3"
  echo "Redis $(redis-server --version | sed -E 's/.* v=([^ ]+).*/\1/') on $CONVEYOR_TEST_REDIS and a cluster on $CONVEYOR_TEST_REDIS_CLUSTER (pids ${redis_test_pids[*]})"
}

redis_test_servers_stop() {
  local pid i
  for pid in "${redis_test_pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null
  done
  for pid in "${redis_test_pids[@]}"; do
    for i in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null
  done
  redis_test_pids=()
  [ -z "$redis_test_dir" ] || rm -rf "$redis_test_dir"
  redis_test_dir=""
}
