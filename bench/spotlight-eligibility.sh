#!/usr/bin/env bash
# Spotlight SDK eligibility benchmark through the real gateway (issue 4). One command: bench/spotlight-eligibility.sh
#   1. starts Dropline if it is not running (./dropline start) and raises the demo organization's limits (./dropline org limits)
#   2. trusts a fresh admin key pair, creates and publishes ITEMS tours and ITEMS content items with URL patterns,
#      audience rules, partial rollouts and a default theme (bench/spotlight_setup.py; not measured)
#   3. after a warm-up, interleaves three runs each of POST /v1/sdk/eligible (random user of USERS with traits, on a
#      random page) and the trivial request through the gateway (the grants' JWKS with a publishable key)
#   4. counts PostgreSQL transactions in experiences-service's database during the eligibility runs, next to an idle
#      window of the same length (timers such as the outbox relay's polls): the hot path itself must add none
# Figures are printed and written to bench/results/spotlight-eligibility-<time>.json with the machine's core count.
set -euo pipefail
cd "$(dirname "$0")/.."

ITEMS=${ITEMS:-20}
USERS=${USERS:-10000}
THREADS=2
CONNECTIONS=${CONNECTIONS:-64}
RUN_SECONDS=${RUN_SECONDS:-30}
WARMUP_SECONDS=${WARMUP_SECONDS:-30}
G=http://127.0.0.1:8080
PSQL="psql -h ${DROPLINE_PG_HOST:-127.0.0.1} -p ${DROPLINE_PG_PORT:-5432} -U ${DROPLINE_PG_USER:-postgres} -tA"
export BENCH_LUA="$PWD/bench/lua"

command -v wrk >/dev/null || { echo "Installing wrk"; apt-get install -y wrk >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }; }
curl -fs http://127.0.0.1:8090/actuator/health/readiness >/dev/null 2>&1 || ./dropline start
doc=.run/demo-organization.json
field() { sed -n "s/.*\"$1\" *: *\"\\([^\"]*\\)\".*/\\1/p" "$doc" | head -n 1; }
SK=$(field liveSecretKey)
PK=$(field livePublishableKey)

# The demo organization's limits are raised through the platform operator API (./dropline org limits); defaults
# stay as they are. The change is announced to every gateway replica, so it applies at once (the key cache TTL,
# 5 s, only bounds a lost announcement).
./dropline org limits demo-shop read=10000000 write=10000000 sdk=100000000 sdk_ceiling=100000000 consumer_read=10000000 consumer_ceiling=100000000 >/dev/null

echo "Creating and publishing $ITEMS tours and $ITEMS content items..."
python3 bench/spotlight_setup.py "$G" "$SK" "$PK" "$ITEMS"

xacts() { $PSQL -d postgres -c "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = 'dropline_experiences'"; }
run() { BENCH_PHASE=$1 wrk -t$THREADS -c$CONNECTIONS -d${RUN_SECONDS}s --latency -s bench/lua/eligible.lua $G -- "$1" "$PK" "$USERS" | grep '^{'; }

echo "Warm-up ${WARMUP_SECONDS}s..."
wrk -t$THREADS -c$CONNECTIONS -d${WARMUP_SECONDS}s -s bench/lua/eligible.lua $G -- eligible "$PK" "$USERS" >/dev/null
wrk -t$THREADS -c$CONNECTIONS -d10s -s bench/lua/eligible.lua $G -- ceiling "$PK" >/dev/null

echo "Idle baseline: experiences-service's PostgreSQL transactions over $((3 * RUN_SECONDS))s without load..."
x0=$(xacts); sleep $((3 * RUN_SECONDS)); x1=$(xacts); xact_idle=$(( x1 - x0 ))

eligibles=(); ceilings=(); xact_total=0
for round in 1 2 3; do
  x0=$(xacts)
  eligibles+=("$(run eligible)")
  x1=$(xacts); xact_total=$(( xact_total + x1 - x0 ))
  echo "  eligible ${eligibles[-1]}"
  ceilings+=("$(run ceiling)")
  echo "  ceiling  ${ceilings[-1]}"
done

mkdir -p bench/results
out=bench/results/spotlight-eligibility-$(date -u +%Y%m%dT%H%M%SZ).json
python3 - "$out" <<PY
import json, statistics, sys
eligibles = [json.loads(s) for s in '''$(printf '%s\n' "${eligibles[@]}")'''.splitlines()]
ceilings = [json.loads(s) for s in '''$(printf '%s\n' "${ceilings[@]}")'''.splitlines()]
med = lambda runs, key: statistics.median(r[key] for r in runs)
result = {
  "date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)", "cores": $(nproc), "items": {"tours": $ITEMS, "content": $ITEMS},
  "users": $USERS, "connections": $CONNECTIONS, "runSeconds": $RUN_SECONDS, "warmupSeconds": $WARMUP_SECONDS,
  "eligible": {"runs": eligibles, "medianRps": med(eligibles, "rps"), "medianP50ms": med(eligibles, "p50ms"),
               "medianP99ms": med(eligibles, "p99ms"), "medianP999ms": med(eligibles, "p999ms")},
  "ceiling": {"runs": ceilings, "medianRps": med(ceilings, "rps"), "medianP50ms": med(ceilings, "p50ms"),
              "medianP99ms": med(ceilings, "p99ms")},
  "eligibleToCeiling": round(med(eligibles, "rps") / med(ceilings, "rps"), 3),
  "experiencesPostgresTransactions": {"duringEligibleRuns": $xact_total, "idleSameDuration": $xact_idle,
                                      "attributableToEligible": $xact_total - $xact_idle},
}
json.dump(result, open(sys.argv[1], "w"), indent=2)
print(json.dumps({k: result[k] for k in ("eligibleToCeiling", "experiencesPostgresTransactions")}))
print("eligible median rps", result["eligible"]["medianRps"], "p99", result["eligible"]["medianP99ms"],
      "ms; ceiling median rps", result["ceiling"]["medianRps"], "p99", result["ceiling"]["medianP99ms"], "ms")
PY
echo "Figures written to $out"
