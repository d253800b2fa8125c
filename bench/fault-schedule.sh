#!/usr/bin/env bash
# Fault-schedule suite, full form (issue: fault schedules). One command: bench/fault-schedule.sh [schedules] [--seed N]
#   1. builds the gateway, consumer-service and experiences-service jars if they are missing or older than the sources
#   2. runs the fault suite (module fault-suite, FaultScheduleIT) with [schedules] randomized schedules (default 20):
#      its own Redis and PostgreSQL on free ports (never the shared ones), the real mesh from the jars, a workload of
#      guest sessions, joins, status reads, logouts and admin writes, and 2-4 faults per schedule (kill -9 + restart,
#      Redis loss, Redis/PostgreSQL hangs, latency, drops and cuts through TCP proxies, PostgreSQL restarts)
#   3. prints a summary table (schedules, operations, faults, verdict per invariant) and writes
#      bench/results/faults-<UTC time>.json (date, core count, seeds, per-schedule faults, recovery times, verdicts).
# --seed N replays one schedule (the seeds are printed, and failing ones are in the verdicts). The exit status is
# non-zero when an invariant failed. Knobs: RECOVERY_BOUND_SECONDS (30), BASE_SEED (random), OFFLINE=1 (mvnw -o).
set -euo pipefail
cd "$(dirname "$0")/.."

SCHEDULES=20
SEED=""
while [ $# -gt 0 ]; do
  case "$1" in
    --seed) SEED=$2; shift 2 ;;
    --seed=*) SEED=${1#--seed=}; shift ;;
    [0-9]*) SCHEDULES=$1; shift ;;
    *) echo "usage: bench/fault-schedule.sh [schedules] [--seed N]"; exit 2 ;;
  esac
done

missing=0
command -v redis-server >/dev/null || { echo "redis-server is missing (apt-get install redis-server): the suite starts its own Redis"; missing=1; }
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { echo "PostgreSQL server binaries are missing under /usr/lib/postgresql/*/bin (apt-get install postgresql): the suite starts its own cluster"; missing=1; }
[ $missing = 0 ] || exit 1

MVN=(./mvnw -B); [ "${OFFLINE:-0}" = 1 ] && MVN+=(-o)

jar_of() { ls "$1"/target/"$1"-*.jar 2>/dev/null | grep -v -- '-tests.jar' | head -n 1 || true; }
stale=0
for module in gateway consumer-service experiences-service; do
  jar=$(jar_of "$module")
  if [ -z "$jar" ] || [ -n "$(find "$module/src" shared-contracts/src pom.xml "$module/pom.xml" -newer "$jar" -type f 2>/dev/null | head -n 1)" ]; then
    stale=1
  fi
done
if [ $stale = 1 ]; then
  echo "Building the gateway and the services (tests are run by ./mvnw -B verify, not here)..."
  "${MVN[@]}" -q -DskipTests package -pl gateway,consumer-service,experiences-service -am
fi

mkdir -p bench/results
RESULTS="$PWD/bench/results/faults-$(date -u +%Y%m%dT%H%M%SZ).json"
args=(-Dfaults.schedules="$SCHEDULES" -Dfaults.results="$RESULTS")
[ -n "$SEED" ] && args+=(-Dfaults.seed="$SEED")
[ -n "${BASE_SEED:-}" ] && args+=(-Dfaults.baseSeed="$BASE_SEED")
[ -n "${RECOVERY_BOUND_SECONDS:-}" ] && args+=(-Dfaults.recoveryBoundSeconds="$RECOVERY_BOUND_SECONDS")

# Only the fault suite's integration test runs (shared-contracts is built from source for its test support).
# pipefail: the status is the build's (non-zero when an invariant failed), not the filter's.
status=0
"${MVN[@]}" verify -pl shared-contracts,fault-suite -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=FaultScheduleIT -Dfailsafe.failIfNoSpecifiedTests=false "${args[@]}" \
  | grep -v -E '^\[(INFO|WARNING)\]|^OpenJDK 64-Bit Server VM warning' || status=$?
if [ -f "$RESULTS" ]; then
  echo "Results: $RESULTS"
else
  echo "No results were written (the suite did not finish); see fault-suite/target/failsafe-reports and fault-suite/target/faults/logs"
fi
exit $status
