#!/usr/bin/env bash
# Auction benchmark through the real gateway (issue 11). One command: bench/auction.sh [consumers]
#   1. starts Dropline if it is not running (./dropline start) and raises the demo organization's limits (./dropline org limits)
#   2. creates an experience and one English auction (guests allowed, increment 1.00), then N guest sessions
#   3. a warm-up (bids on a lot of its own, then the ceiling request), then the hot auction: 64 connections bid on that one auction for RUN_SECONDS (wrk, closed loop, a random consumer per
#      request, each thread bidding the minimum next bid it last saw): accepted bids/s, rejections (400: outbid by a
#      racing bid), p50/p99 of every bid answer; then, in the same run, the trivial ceiling request (the grants' JWKS)
#   4. checks the invariant on what was committed: accepted bids strictly increasing by at least the increment
# Figures are printed and written to bench/results/auction-<time>.json with the machine's core count and date.
set -euo pipefail
cd "$(dirname "$0")/.."

CONSUMERS=${1:-2000}
THREADS=2
CONNECTIONS=${CONNECTIONS:-64}
RUN_SECONDS=${RUN_SECONDS:-30}
WARMUP_SECONDS=${WARMUP_SECONDS:-20}
INCREMENT=1.00
G=http://127.0.0.1:8080
PSQL="psql -h ${DROPLINE_PG_HOST:-127.0.0.1} -p ${DROPLINE_PG_PORT:-5432} -U ${DROPLINE_PG_USER:-postgres} -tA"
export BENCH_LUA="$PWD/bench/lua"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

command -v wrk >/dev/null || { echo "Installing wrk"; apt-get install -y wrk >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }; }
curl -fs http://127.0.0.1:8090/actuator/health/readiness >/dev/null 2>&1 || ./dropline start
doc=.run/demo-organization.json
field() { sed -n "s/.*\"$1\" *: *\"\\([^\"]*\\)\".*/\\1/p" "$doc" | head -n 1; }
SK=$(field liveSecretKey)
PK=$(field livePublishableKey)
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
uuid_of() { python3 -c "
import sys
a='0123456789ABCDEFGHJKMNPQRSTVWXYZ'; s=sys.argv[1].split('_',1)[1]; n=0
for c in s: n=n*32+a.index(c)
h='%032x'%n; print(h[:8]+'-'+h[8:12]+'-'+h[12:16]+'-'+h[16:20]+'-'+h[20:])" "$1"; }

# The demo organization's limits are raised through the platform operator API (./dropline org limits); defaults
# stay as they are. The change is announced to every gateway replica, so it applies at once (the key cache TTL,
# 5 s, only bounds a lost announcement).
./dropline org limits demo-shop read=10000000 write=10000000 auth=10000000 queue_entry=10000000 draw_entry=10000000 bids=10000000 status=10000000 consumer_read=10000000 consumer_ceiling=100000000 >/dev/null

settle_at=$(date -u -d '+2 hours' +%Y-%m-%dT%H:%M:%SZ)
sequence=$(curl -fs -X POST $G/api/v1/experiences -H "Authorization: Bearer $SK" -H 'Content-Type: application/json' \
  -d "{\"name\":\"Bench auction $(date +%s)\",\"sequence\":{\"name\":\"General\"}}" | json 'd["sequences"][0]["id"]')
auction=$(curl -fs -X POST $G/api/v1/auctions -H "Authorization: Bearer $SK" -H 'Content-Type: application/json' \
  -d "{\"sequenceId\":\"$sequence\",\"name\":\"Hot lot\",\"settleAt\":\"$settle_at\",\"supportsGuest\":true,\"startPrice\":\"1.00\",\"minBidIncrement\":\"$INCREMENT\"}" \
  | json 'd["id"]')
echo "Auction $auction"

run_until_done() {
  local marker=$1; shift
  local started; started=$(date +%s%3N)
  wrk "$@" > "$WORK/wrk.out" &
  local pid=$!
  until [ "$(ls "$WORK"/$marker-* 2>/dev/null | wc -l)" -ge "$THREADS" ] || ! kill -0 $pid 2>/dev/null; do sleep 0.05; done
  local elapsed=$(( $(date +%s%3N) - started ))
  kill -INT $pid 2>/dev/null || true
  wait $pid || true
  echo "$elapsed" > "$WORK/$marker.elapsed"
  grep '^{' "$WORK/wrk.out"
}
echo "Creating $CONSUMERS guest sessions..."
sessions=$(run_until_done done -t$THREADS -c16 -d900s -s bench/lua/guests.lua $G -- "$CONSUMERS" "$THREADS" "$WORK" "$PK")
echo "  $sessions in $(cat "$WORK/done.elapsed") ms"

# A freshly started JVM serves a fraction of its warmed rate: warm the bid path on a lot of its own, and the ceiling.
warmup=$(curl -fs -X POST $G/api/v1/auctions -H "Authorization: Bearer $SK" -H 'Content-Type: application/json' \
  -d "{\"sequenceId\":\"$sequence\",\"name\":\"Warm-up lot\",\"settleAt\":\"$settle_at\",\"supportsGuest\":true,\"startPrice\":\"1.00\",\"minBidIncrement\":\"$INCREMENT\"}" \
  | json 'd["id"]')
echo "Warm-up ${WARMUP_SECONDS}s..."
wrk -t$THREADS -c$CONNECTIONS -d${WARMUP_SECONDS}s -s bench/lua/auction-bid.lua $G -- "$WORK" "$THREADS" "$warmup" "$PK" "$INCREMENT" 1.00 >/dev/null
BENCH_PHASE=warmup wrk -t$THREADS -c$CONNECTIONS -d10s -s bench/lua/read.lua $G -- warmup "$PK" "" >/dev/null

echo "Hot auction: $CONNECTIONS connections bid for ${RUN_SECONDS}s..."
wrk -t$THREADS -c$CONNECTIONS -d${RUN_SECONDS}s --latency -s bench/lua/auction-bid.lua $G -- "$WORK" "$THREADS" "$auction" "$PK" \
  "$INCREMENT" 1.00 > "$WORK/bid.out"
counts=$(grep '^{"accepted"' "$WORK/bid.out")
bids=$(grep '^{"name"' "$WORK/bid.out")
echo "  $counts"
echo "  $bids"

echo "Ceiling: the trivial gateway request, ${RUN_SECONDS}s..."
ceiling=$(BENCH_PHASE=ceiling wrk -t$THREADS -c$CONNECTIONS -d${RUN_SECONDS}s --latency -s bench/lua/read.lua $G -- ceiling "$PK" "" | grep '^{')
echo "  $ceiling"

auction_uuid=$(uuid_of "$auction")
committed=$($PSQL -d dropline_experiences -c "SELECT count(*) FROM auction_bids WHERE auction_id = '$auction_uuid'")
violations=$($PSQL -d dropline_experiences -c "SELECT count(*) FROM (SELECT amount - lag(amount) OVER (ORDER BY seq) AS step FROM auction_bids WHERE auction_id = '$auction_uuid') s WHERE step < $INCREMENT")
echo "  $committed bids committed; $violations steps below the increment (must be 0)"

mkdir -p bench/results
out=bench/results/auction-$(date -u +%Y%m%dT%H%M%SZ).json
python3 - "$out" <<PY
import json, sys
counts = json.loads('''$counts''')
bids = json.loads('''$bids''')
ceiling = json.loads('''$ceiling''')
result = {
  "date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)", "cores": $(nproc), "consumers": $CONSUMERS, "connections": $CONNECTIONS,
  "seconds": $RUN_SECONDS, "sessions": json.loads('''$sessions'''),
  "bids": bids, "accepted": counts["accepted"], "rejected": counts["rejected"],
  "acceptedPerSecond": counts["acceptedPerSecond"], "bidsCommitted": $committed, "incrementViolations": $violations,
  "ceiling": ceiling,
  "ratios": {"bidsToCeiling": round(bids["rps"] / ceiling["rps"], 3)},
}
json.dump(result, open(sys.argv[1], "w"), indent=2)
print(json.dumps(result, indent=1))
PY
echo "Figures written to $out"
