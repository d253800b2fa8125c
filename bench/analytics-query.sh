#!/usr/bin/env bash
# Analytics benchmark through the real gateway (issue 13). One command: bench/analytics-query.sh
#   1. starts Dropline if it is not running (./dropline start) and raises the demo organization's limits (./dropline org limits)
#   2. seeds analytics-service's store with EVENTS events (default 10 000 000) over the last 90 days for the demo
#      organization (bench/analytics-seed.sql: the rollups as the store keeps them, and RAW=1 the raw rows too),
#      unless this organization was seeded before
#   3. POST /analytics/query, 10 measures over 90 days at a 1-day interval (wrk, closed loop, CONNECTIONS queries in
#      flight, default 4: about 35 times one organization's limit of 100 queries/min; CONNECTIONS=16 measures
#      the saturated machine instead), interleaved three times with the trivial gateway request of
#      bench/flash-sale.sh (the grants' JWKS) as the ceiling: p50/p99
#   4. ingestion: INGEST events (default 50 000) XADDed to the event stream at once; events/s from the first XADD
#      until the store holds them all (each one stored once, rolled up, and its webhook deliveries scheduled)
# Figures are printed and written to bench/results/analytics-query-<time>.json with the machine's core count.
set -euo pipefail
cd "$(dirname "$0")/.."

EVENTS=${EVENTS:-10000000}
RAW=${RAW:-1}
INGEST=${INGEST:-50000}
THREADS=$(( ${CONNECTIONS:-4} < 2 ? 1 : 2 ))
CONNECTIONS=${CONNECTIONS:-4}
RUN_SECONDS=${RUN_SECONDS:-30}
WARMUP_SECONDS=${WARMUP_SECONDS:-20}
G=http://127.0.0.1:8080
PSQL="psql -h ${DROPLINE_PG_HOST:-127.0.0.1} -p ${DROPLINE_PG_PORT:-5432} -U ${DROPLINE_PG_USER:-postgres} -tA"
REDIS="redis-cli -h ${DROPLINE_REDIS_HOST:-127.0.0.1} -p ${DROPLINE_REDIS_PORT:-6379}"
export BENCH_LUA="$PWD/bench/lua"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

command -v wrk >/dev/null || { echo "Installing wrk"; apt-get install -y wrk >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }; }
curl -fs http://127.0.0.1:8090/actuator/health/readiness >/dev/null 2>&1 || ./dropline start
doc=.run/demo-organization.json
field() { sed -n "s/.*\"$1\" *: *\"\\([^\"]*\\)\".*/\\1/p" "$doc" | head -n 1; }
SK=$(field liveSecretKey)
PK=$(field livePublishableKey)
ORG=$($PSQL -d dropline_gateway -c "SELECT id FROM organizations WHERE slug = 'demo-shop'")
[ -n "$ORG" ] || { echo "No demo organization"; exit 1; }

# The demo organization's limits are raised through the platform operator API (./dropline org limits); defaults
# stay as they are. The change is announced to every gateway replica, so it applies at once (the key cache TTL,
# 5 s, only bounds a lost announcement).
./dropline org limits demo-shop read=10000000 write=10000000 analytics=10000000 \
  consumer_read=10000000 consumer_ceiling=100000000 >/dev/null

if [ "$($PSQL -d dropline_analytics -c "SELECT count(*) FROM event_rollups WHERE organization_id = '$ORG' AND dimension_value LIKE 'exp_bench%' LIMIT 1")" = "0" ]; then
  echo "Seeding $EVENTS events over 90 days (raw rows: $RAW)..."
  seed_started=$(date +%s)
  $PSQL -d dropline_analytics -v org="$ORG" -v events="$EVENTS" -v raw="$RAW" -f bench/analytics-seed.sql
  echo "  seeded in $(( $(date +%s) - seed_started )) s"
else
  echo "The demo organization's store was seeded before; not seeding again"
fi
# A store that has run for months has been vacuumed by autovacuum, so its index-only scans skip the heap; a bulk seed
# has not been yet (every row would be a heap fetch), so vacuum it as autovacuum would.
$PSQL -d dropline_analytics -c "VACUUM (ANALYZE) event_rollups" >/dev/null
rollup_rows=$($PSQL -d dropline_analytics -c "SELECT count(*) FROM event_rollups WHERE organization_id = '$ORG'")
events_kept=$($PSQL -d dropline_analytics -c "SELECT COALESCE(sum(n), 0) FROM event_rollups WHERE organization_id = '$ORG' AND environment = 'live' AND field = '' AND dimension = '' AND grain = 'h'")
echo "  $events_kept events in $rollup_rows rollup rows"

echo "Warm-up ${WARMUP_SECONDS}s..."
BENCH_PHASE=warmup wrk -t$THREADS -c$CONNECTIONS -d${WARMUP_SECONDS}s -s bench/lua/analytics.lua $G -- "$SK" >/dev/null
wrk -t$THREADS -c$CONNECTIONS -d10s -s bench/lua/read.lua $G -- warmup "$PK" "" >/dev/null

queries=(); ceilings=()
for round in 1 2 3; do
  queries+=("$(BENCH_PHASE=query wrk -t$THREADS -c$CONNECTIONS -d${RUN_SECONDS}s --latency -s bench/lua/analytics.lua $G -- "$SK" | grep '^{')")
  echo "  query   ${queries[-1]}"
  ceilings+=("$(BENCH_PHASE=ceiling wrk -t$THREADS -c$CONNECTIONS -d${RUN_SECONDS}s --latency -s bench/lua/read.lua $G -- ceiling "$PK" "" | grep '^{')")
  echo "  ceiling ${ceilings[-1]}"
done

echo "Ingestion: $INGEST events XADDed to the stream..."
stored() { $PSQL -d dropline_analytics -c "SELECT count(*) FROM stored_events WHERE organization_id = '$ORG' AND aggregate_type = 'bench-ingest'"; }
before=$(stored)
python3 - "$ORG" "$INGEST" "${DROPLINE_REDIS_NAMESPACE:-dl}" > "$WORK/xadd.resp" <<'PY'
import json, sys, uuid, datetime
org, count, ns = sys.argv[1], int(sys.argv[2]), sys.argv[3]
A = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
def public(prefix, u):
    n = u.int; s = ""
    for _ in range(26):
        s = A[n % 32] + s; n //= 32
    return prefix + "_" + s
org_id = public("org", uuid.UUID(org))
now = datetime.datetime.now(datetime.timezone.utc)
out = sys.stdout
for i in range(count):
    event = {"id": public("evt", uuid.uuid4()), "type": "queue.consumer.entered", "organizationId": org_id,
             "environment": "live", "aggregateType": "bench-ingest", "aggregateId": "queue_bench%d" % (i % 20),
             "occurredAt": now.isoformat().replace("+00:00", "Z"), "requestId": None, "actor": "bench",
             "data": {"queueId": "queue_bench%d" % (i % 20), "experienceId": "exp_bench%d" % (i % 20), "position": i}}
    args = ["XADD", ns + ":events", "*", "type", event["type"], "event", json.dumps(event)]
    out.write("*%d\r\n" % len(args))
    for a in args:
        b = a.encode()
        out.write("$%d\r\n" % len(b)); out.write(a + "\r\n")
PY
ingest_t0=$(date +%s%3N)
$REDIS --pipe < "$WORK/xadd.resp" >/dev/null
until [ $(( $(stored) - before )) -ge "$INGEST" ]; do
  sleep 0.5
  [ $(( $(date +%s%3N) - ingest_t0 )) -lt 1800000 ] || { echo "Ingestion did not finish within 30 min"; break; }
done
ingest_ms=$(( $(date +%s%3N) - ingest_t0 ))
ingested=$(( $(stored) - before ))
echo "  $ingested events stored in $ingest_ms ms"

mkdir -p bench/results
out=bench/results/analytics-query-$(date -u +%Y%m%dT%H%M%SZ).json
python3 - "$out" <<PY
import json, statistics, sys
queries = [json.loads(s) for s in '''$(printf '%s\n' "${queries[@]}")'''.splitlines()]
ceilings = [json.loads(s) for s in '''$(printf '%s\n' "${ceilings[@]}")'''.splitlines()]
med = lambda runs, key: statistics.median(r[key] for r in runs)
result = {
  "date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)", "cores": $(nproc), "eventsStored": $events_kept, "rollupRows": $rollup_rows,
  "connections": $CONNECTIONS, "runSeconds": $RUN_SECONDS,
  "query": {"measures": 10, "timeRange": "90d", "interval": "1d", "runs": queries, "medianRps": med(queries, "rps"),
            "medianP50ms": med(queries, "p50ms"), "medianP99ms": med(queries, "p99ms"), "non2xx": sum(r["non2xx"] for r in queries)},
  "ceiling": {"runs": ceilings, "medianRps": med(ceilings, "rps"), "medianP99ms": med(ceilings, "p99ms")},
  "ingestion": {"events": $ingested, "ms": $ingest_ms, "eventsPerSecond": round($ingested * 1000 / max($ingest_ms, 1), 1)},
}
json.dump(result, open(sys.argv[1], "w"), indent=2)
print(json.dumps({k: result[k] for k in ("eventsStored", "ingestion")}, indent=1))
print("query median p99", result["query"]["medianP99ms"], "ms, rps", result["query"]["medianRps"],
      "; ceiling median p99", result["ceiling"]["medianP99ms"], "ms, rps", result["ceiling"]["medianRps"])
PY
echo "Figures written to $out"
