#!/usr/bin/env bash
# Runs Conveyor's fault suite (tests/Conveyor.Chaos.Tests) and gathers its figures.
#   ./chaos.sh                 the CI tier (what ./test.sh runs too)
#   ./chaos.sh --tier full     the full sizes (50,000-job kill storms, 10,000-job retry storm, ...)
#   ./chaos.sh --filter Sigkill  only the tests whose name contains the text
#   ./chaos.sh --skip Soak       all but the tests whose name contains the text
# Starts a throw-away PostgreSQL and Redis on 127.0.0.1 (as test.sh does), stops them by PID at the end, and writes
# each run's JSON and a markdown table of all of them to chaos-results/ (summary.md).
set -uo pipefail
cd "$(dirname "$0")"
tier=ci
filter=""
skip=""
while [ $# -gt 0 ]; do
  case "$1" in
    --tier) tier="$2"; shift 2 ;;
    --filter) filter="$2"; shift 2 ;;
    --skip) skip="$2"; shift 2 ;;
    *) echo "usage: ./chaos.sh [--tier ci|full] [--filter TEXT] [--skip TEXT]" >&2; exit 2 ;;
  esac
done
case "$tier" in ci|full) ;; *) echo "--tier is ci or full" >&2; exit 2 ;; esac

source scripts/postgres-test-server.sh
source scripts/redis-test-server.sh
trap 'postgres_test_server_stop; redis_test_servers_stop' EXIT

results="$PWD/chaos-results"
rm -rf "$results" && mkdir -p "$results"
dotnet build tests/Conveyor.Chaos.Tests -c Debug -nologo -v q || exit 1
postgres_test_server_start || { echo "could not start PostgreSQL" >&2; exit 1; }
redis_test_servers_start || { echo "could not start Redis" >&2; exit 1; }

args=(test tests/Conveyor.Chaos.Tests --no-build -c Debug -nologo --logger "console;verbosity=normal")
conditions=()
[ -n "$filter" ] && conditions+=("FullyQualifiedName~$filter")
[ -n "$skip" ] && conditions+=("FullyQualifiedName!~$skip")
if [ ${#conditions[@]} -gt 0 ]; then
  args+=(--filter "$(IFS='&'; echo "${conditions[*]}")")
fi
CONVEYOR_CHAOS_TIER="$tier" CONVEYOR_CHAOS_RESULTS="$results" dotnet "${args[@]}"
status=$?

if compgen -G "$results/*-*.md" >/dev/null || compgen -G "$results/*.line" >/dev/null; then
  { echo "Fault suite, tier $tier, $(date -u +%Y-%m-%d), $(nproc) cores"; echo
    if compgen -G "$results/*-*.md" >/dev/null; then cat "$results/_header.md"; sort "$results"/*-*.md; echo; fi
    if compgen -G "$results/*.line" >/dev/null; then sort "$results"/*.line; fi; } > "$results/summary.md"
  cat "$results/summary.md"
fi
exit $status
