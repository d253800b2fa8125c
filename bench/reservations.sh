#!/usr/bin/env bash
# Reservations of one hot variant through the real gateway (issue 12), next to the trivial gateway request in the same
# run. One command: bench/reservations.sh
#   1. starts Dropline if it is not running (./dropline start) and raises the demo organization's limits (./dropline org limits)
#   2. creates a product with one variant holding STOCK units (enough that nothing sells out during the run)
#   3. interleaves, three times each after a warm-up: reservations of that one variant (wrk, closed loop), and the
#      trivial ceiling request (the grants' JWKS, as bench/flash-sale.sh measures it)
#   4. checks the invariant afterwards in PostgreSQL: committed + reserved never above the stock, and the variant's
#      reserved units equal its HELD reservations
# Figures are printed and written to bench/results/reservations-<time>.json with the machine's core count.
set -euo pipefail
cd "$(dirname "$0")/.."

THREADS=2
CONNECTIONS=${CONNECTIONS:-64}
RUN_SECONDS=${RUN_SECONDS:-20}
WARMUP_SECONDS=${WARMUP_SECONDS:-20}
STOCK=${STOCK:-100000000}
HOLD_SECONDS=${HOLD_SECONDS:-3600}    # reservations outlive the run, so expiry does not blur the figure
G=http://127.0.0.1:8080
PSQL="psql -h ${DROPLINE_PG_HOST:-127.0.0.1} -p ${DROPLINE_PG_PORT:-5432} -U ${DROPLINE_PG_USER:-postgres} -tA"
export BENCH_LUA="$PWD/bench/lua"

command -v wrk >/dev/null || { echo "Installing wrk"; apt-get install -y wrk >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }; }
curl -fs http://127.0.0.1:8090/actuator/health/readiness >/dev/null 2>&1 || ./dropline start
doc=.run/demo-organization.json
field() { sed -n "s/.*\"$1\" *: *\"\\([^\"]*\\)\".*/\\1/p" "$doc" | head -n 1; }
SK=$(field liveSecretKey)
PK=$(field livePublishableKey)
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

# The demo organization's limits are raised through the platform operator API (./dropline org limits); defaults
# stay as they are. The change is announced to every gateway replica, so it applies at once (the key cache TTL,
# 5 s, only bounds a lost announcement).
./dropline org limits demo-shop read=10000000 write=10000000 auth=10000000 queue_entry=10000000 status=10000000 consumer_read=10000000 consumer_ceiling=100000000 >/dev/null

product=$(curl -fs -X POST $G/api/v1/products -H "Authorization: Bearer $SK" -H 'Content-Type: application/json' \
  -d "{\"name\":\"Bench hot product $(date +%s)\",\"price\":\"10.00\",\"currencyCode\":\"USD\"}" | json 'd["id"]')
variant=$(curl -fs -X POST "$G/api/v1/products/$product/variants" -H "Authorization: Bearer $SK" -H 'Content-Type: application/json' \
  -d "{\"name\":\"Hot\",\"inventoryQuantity\":$STOCK}" | json 'd["id"]')
variant_uuid=$(python3 -c "
import sys
a='0123456789ABCDEFGHJKMNPQRSTVWXYZ'; s=sys.argv[1].split('_',1)[1]; n=0
for c in s: n=n*32+a.index(c)
h='%032x'%n; print(h[:8]+'-'+h[8:12]+'-'+h[12:16]+'-'+h[16:20]+'-'+h[20:])" "$variant")
echo "Product $product, variant $variant with $STOCK units"

echo "Warm-up ${WARMUP_SECONDS}s..."
wrk -t$THREADS -c$CONNECTIONS -d${WARMUP_SECONDS}s -s bench/lua/reserve.lua $G -- "$SK" "$product" "$variant" "$HOLD_SECONDS" >/dev/null
wrk -t$THREADS -c$CONNECTIONS -d${WARMUP_SECONDS}s -s bench/lua/read.lua $G -- warmup "$PK" "" >/dev/null

reservations=(); ceilings=()
for round in 1 2 3; do
  reservations+=("$(wrk -t$THREADS -c$CONNECTIONS -d${RUN_SECONDS}s --latency -s bench/lua/reserve.lua $G -- "$SK" "$product" "$variant" "$HOLD_SECONDS" | grep '^{')")
  echo "  reservations ${reservations[-1]}"
  ceilings+=("$(BENCH_PHASE=ceiling wrk -t$THREADS -c$CONNECTIONS -d${RUN_SECONDS}s --latency -s bench/lua/read.lua $G -- ceiling "$PK" "" | grep '^{')")
  echo "  ceiling      ${ceilings[-1]}"
done

counters=$($PSQL -d dropline_commerce -c "SELECT inventory_quantity, inventory_committed, inventory_reserved FROM variants WHERE id = '$variant_uuid'")
held=$($PSQL -d dropline_commerce -c "SELECT coalesce(sum(quantity), 0) FROM reservations WHERE variant_id = '$variant_uuid' AND status = 'HELD'")
IFS='|' read -r stock committed reserved <<< "$counters"

mkdir -p bench/results
out=bench/results/reservations-$(date -u +%Y%m%dT%H%M%SZ).json
python3 - "$out" <<PY
import json, statistics, sys
reservations = [json.loads(s) for s in '''$(printf '%s\n' "${reservations[@]}")'''.splitlines()]
ceilings = [json.loads(s) for s in '''$(printf '%s\n' "${ceilings[@]}")'''.splitlines()]
med = lambda runs, key: statistics.median(r[key] for r in runs)
result = {
  "date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)", "cores": $(nproc), "connections": $CONNECTIONS, "runSeconds": $RUN_SECONDS,
  "warmupSeconds": $WARMUP_SECONDS,
  "reservations": {"runs": reservations, "medianRps": med(reservations, "rps"), "medianP99ms": med(reservations, "p99ms")},
  "ceiling": {"runs": ceilings, "medianRps": med(ceilings, "rps"), "medianP99ms": med(ceilings, "p99ms")},
  "ratios": {"reservationsToCeiling": round(med(reservations, "rps") / med(ceilings, "rps"), 3)},
  "invariant": {"stock": $stock, "committed": $committed, "reserved": $reserved, "heldReservations": $held,
                "neverOversold": $committed + $reserved <= $stock, "reservedMatchesHeld": $reserved == $held},
}
json.dump(result, open(sys.argv[1], "w"), indent=2)
print("reservations/s (one hot variant), median of 3:", result["reservations"]["medianRps"], "p99", result["reservations"]["medianP99ms"], "ms")
print("trivial gateway request/s, median of 3:      ", result["ceiling"]["medianRps"], "p99", result["ceiling"]["medianP99ms"], "ms")
print(json.dumps({k: result[k] for k in ("ratios", "invariant")}, indent=1))
PY
echo "Figures written to $out"
