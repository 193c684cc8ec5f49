#!/usr/bin/env bash
# Runs every test of Conveyor and ends with one line: "N passed, N failed".
# Builds the solution once, installs the browser tests' npm package (tests/dashboard-e2e, when its lock changed),
# starts a throw-away PostgreSQL and throw-away Redis servers (one standalone, a cluster of three) on 127.0.0.1
# (installing Debian's packages when missing), then runs the test projects — two lanes side by side, then the fault
# suite alone (its figures want the cores to themselves) — and stops every server by its PID.
set -uo pipefail
cd "$(dirname "$0")"
source scripts/postgres-test-server.sh
source scripts/redis-test-server.sh
source scripts/test-packages.sh

log_dir=$(mktemp -d)
trap 'postgres_test_server_stop; redis_test_servers_stop; rm -rf "$log_dir"' EXIT

# Debian's packages download and unpack while the solution builds.
test_packages_install > "$log_dir/packages.log" 2>&1 &
packages_pid=$!

if ! dotnet build Conveyor.slnx -c Debug -nologo -v q 2>&1 | tee "$log_dir/build.log" | grep -E "error|Build succeeded" ; then
  :
fi
if ! grep -q "Build succeeded" "$log_dir/build.log" || grep -qE " error [A-Z]+[0-9]+" "$log_dir/build.log"; then
  echo "build failed" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

if ! wait "$packages_pid"; then
  echo "installing the test packages failed; each server installs its own" >&2
  tail -5 "$log_dir/packages.log" >&2
fi
# The dashboard's browser tests drive Debian's Chromium through playwright-core: installed here once per lock file.
e2e=tests/dashboard-e2e
if ! cmp -s "$e2e/package-lock.json" "$e2e/node_modules/.installed-lock.json"; then
  if npm ci --prefix "$e2e" --no-audit --no-fund --loglevel=error > "$log_dir/npm.log" 2>&1; then
    cp "$e2e/package-lock.json" "$e2e/node_modules/.installed-lock.json"
  else
    echo "npm ci in $e2e failed, so the dashboard's browser tests will fail:" >&2
    tail -5 "$log_dir/npm.log" >&2
  fi
fi

if ! postgres_test_server_start; then
  echo "could not start PostgreSQL for the tests" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
if ! redis_test_servers_start; then
  echo "could not start Redis for the tests" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

# Runs one test project, or the part of it a filter picks, into the log folder under a name (the project's own by
# default): its console log ($name.log), its results ($name.trx), its exit code ($name.rc).
run_project() {
  local project=$1 name=${2:-$(basename "$1" .csproj)} filter=${3:-}
  dotnet test "$project" --no-build -c Debug -nologo --blame-hang-timeout 5m --results-directory "$log_dir" \
    ${filter:+--filter "$filter"} --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
    > "$log_dir/$name.log" 2>&1
  echo $? > "$log_dir/$name.rc"
}

run_lane() {
  local project
  for project in "$@"; do run_project "$project"; done
}

# The fault suite's namespaces whose tests check outcomes only (nothing lost, run once, in order, never two at once,
# the right error), never a latency, a burst or a rate: they run in the lanes, one half in each, so the part that runs
# alone is shorter.
outcomes_one=(Decoding Fuzzing UnknownKind Faults Batches Concurrency)
outcomes_two=(DiskFull SqliteProcesses Ordering)
# An xunit filter over fault-suite namespaces: chaos_filter '~' '|' NS… for any of them, chaos_filter '!~' '&' NS… for none.
chaos_filter() {
  local op=$1 join=$2 namespace filter=""
  shift 2
  for namespace in "$@"; do filter+="${filter:+$join}FullyQualifiedName${op}Conveyor.Chaos.Tests.$namespace."; done
  echo "$filter"
}

# The fault suite's figures (latencies, bursts, throughput) want the cores to themselves: that part runs alone, last.
# The other projects run in two lanes side by side, the PostgreSQL store's tests (the longest) and the SQLite and core
# ones in one, the rest in the other, each lane ending with half of the fault suite's outcome-only classes.
projects=$(find tests -name '*.Tests.csproj' | sort)
chaos=$(grep -E '/Conveyor\.Chaos\.Tests\.csproj$' <<<"$projects")
lane_one=$(grep -E '/Conveyor\.(Postgres|Sqlite|Testing)\.Tests\.csproj$|/Conveyor\.Tests\.csproj$' <<<"$projects")
lane_two=$(grep -v -x -F -e "$chaos" $(sed 's/^/-e /' <<<"$lane_one") <<<"$projects")
# shellcheck disable=SC2086 # one word per project path
(run_lane $lane_one; run_project "$chaos" Conveyor.Chaos.Tests.Outcomes1 "$(chaos_filter '~' '|' "${outcomes_one[@]}")") &
lane_one_pid=$!
# shellcheck disable=SC2086
run_lane $lane_two
run_project "$chaos" Conveyor.Chaos.Tests.Outcomes2 "$(chaos_filter '~' '|' "${outcomes_two[@]}")"
wait "$lane_one_pid"
run_project "$chaos" Conveyor.Chaos.Tests "$(chaos_filter '!~' '&' "${outcomes_one[@]}" "${outcomes_two[@]}")"

passed=0
failed=0
status=0
for name in $(for project in $projects; do basename "$project" .csproj; done) Conveyor.Chaos.Tests.Outcomes1 Conveyor.Chaos.Tests.Outcomes2; do
  echo "== $name"
  out="$log_dir/$name.log"
  rc=$(cat "$log_dir/$name.rc" 2>/dev/null || echo 1)
  grep -E -A3 "^\s+Failed |Error Message|Assert\.|^(Passed|Failed)!" "$out" | grep -v "^--$" | head -200
  counters=$(grep -o '<Counters [^>]*>' "$log_dir/$name.trx" 2>/dev/null)
  if [ -z "$counters" ]; then
    echo "no test results from $name (exit $rc)" >&2
    tail -30 "$out" >&2
    failed=$((failed + 1))
    status=1
    continue
  fi
  p=$(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")
  f=$(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")
  passed=$((passed + p))
  failed=$((failed + f))
  [ "$rc" -eq 0 ] || status=1
done

echo "$passed passed, $failed failed"
exit $status
