#!/usr/bin/env bash
# Draw benchmark through the real gateway (issue 10). One command: bench/draw.sh [consumers] [drawEntries]
#   1. starts Dropline if it is not running (./dropline start) and raises the demo organization's limits (./dropline org limits)
#   2. creates an experience with a queue, a draw, then 2N guest sessions (distinct consumers)
#   3. the bursts (wrk, closed loop, 64 connections): N consumers enter the draw, and N others join a queue of the same
#      experience (as bench/flash-sale.sh's burst), interleaved; entries/s and joins/s with latency, and in the same
#      run the trivial ceiling request (the grants' JWKS), for comparison
#   4. the draw time: a second draw gets M entries (default 1,000,000) inserted directly with SQL
#      (bench/draw-entries.sql: keys computed in PostgreSQL as the service computes them), then its draw timer is made
#      due; the figure is the service's own "Drew …: … in N ms" (the draw transaction, before its commit), plus the
#      wall time from "due" until drawnAt is visible (includes the timer poll, 500 ms by default)
# Figures are printed and written to bench/results/draw-<time>.json with the machine's core count and date.
set -euo pipefail
cd "$(dirname "$0")/.."

CONSUMERS=${1:-20000}
DRAW_ENTRIES=${2:-1000000}
WINNERS=${WINNERS:-1000}
ADMIT_RATE=${ADMIT_RATE:-3000}          # per minute, the queue's, as bench/flash-sale.sh
THREADS=2
CONNECTIONS=${CONNECTIONS:-64}
RUN_SECONDS=${RUN_SECONDS:-30}
G=http://127.0.0.1:8080
PSQL="psql -h ${DROPLINE_PG_HOST:-127.0.0.1} -p ${DROPLINE_PG_PORT:-5432} -U ${DROPLINE_PG_USER:-postgres} -tA"
EXPERIENCES_LOG=${EXPERIENCES_LOG:-.run/logs/experiences-service.log}
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
./dropline org limits demo-shop read=10000000 write=10000000 auth=10000000 queue_entry=10000000 draw_entry=10000000 status=10000000 consumer_read=10000000 consumer_ceiling=100000000 >/dev/null

draw_at=$(date -u -d '+2 hours' +%Y-%m-%dT%H:%M:%SZ)
# The experience also has a queue, admitting at the flash-sale benchmark's rate, so that entries/s and queue joins/s
# come from one run on one machine state.
experience=$(curl -fs -X POST $G/api/v1/experiences -H "Authorization: Bearer $SK" -H 'Content-Type: application/json' \
  -d "{\"name\":\"Bench raffle $(date +%s)\",\"sequence\":{\"name\":\"General\",\"queues\":[{\"name\":\"Line\",\"admitRate\":$ADMIT_RATE}]}}")
sequence=$(echo "$experience" | json 'd["sequences"][0]["id"]')
queue=$(echo "$experience" | json 'd["distributions"][0]["id"]')
new_draw() {
  curl -fs -X POST $G/api/v1/draws -H "Authorization: Bearer $SK" -H 'Content-Type: application/json' \
    -d "{\"sequenceId\":\"$sequence\",\"name\":\"$1\",\"drawAt\":\"$draw_at\",\"winnerCount\":$WINNERS,\"admissionExpirationSeconds\":900}" \
    | json 'd["id"]'
}
draw=$(new_draw "Burst")
echo "Draw $draw"

# Runs wrk until every thread has left its marker file ($1-<thread>) in directory $2; prints the JSON summary.
run_until_done() {
  local marker=$1 dir=$2; shift 2
  local started; started=$(date +%s%3N)
  wrk "$@" > "$WORK/wrk.out" &
  local pid=$!
  until [ "$(ls "$dir"/$marker-* 2>/dev/null | wc -l)" -ge "$THREADS" ] || ! kill -0 $pid 2>/dev/null; do sleep 0.05; done
  local elapsed=$(( $(date +%s%3N) - started ))
  kill -INT $pid 2>/dev/null || true
  wait $pid || true
  echo "$elapsed" > "$dir/$marker.elapsed"
  grep '^{' "$WORK/wrk.out"
}
# Every burst uses consumers whose tokens the gateway has never seen: a token's first use costs an ES256 verification
# (most of the gateway's work in a burst), so a burst of reused tokens would not be comparable. 2N sessions are made
# and dealt into four sets of N/2, and the bursts run draw, queue, queue, draw (ABBA), so a drift in the machine's
# load during the run weighs on both alike.
echo "Creating $((2 * CONSUMERS)) guest sessions..."
sessions=$(run_until_done done "$WORK" -t$THREADS -c16 -d1800s -s bench/lua/guests.lua $G -- "$((2 * CONSUMERS))" "$THREADS" "$WORK" "$PK")
echo "  $sessions in $(cat "$WORK/done.elapsed") ms"
for set in draw1 queue1 queue2 draw2; do mkdir -p "$WORK/$set"; done
for t in $(seq 1 $THREADS); do
  awk -v w="$WORK" -v t="$t" '{ split("draw1 queue1 queue2 draw2", s, " "); print > (w "/" s[(NR - 1) % 4 + 1] "/tokens-" t ".txt") }' "$WORK/tokens-$t.txt"
done

burst() {  # burst <token set> <distribution path> <summary name>
  local out ms
  out=$(run_until_done joined "$WORK/$1" -t$THREADS -c$CONNECTIONS -d600s --latency -s bench/lua/join.lua $G -- "$WORK/$1" "$THREADS" "$THREADS" "$2" "$PK" "$3")
  ms=$(cat "$WORK/$1/joined.elapsed")
  python3 -c "import json,sys; d=json.loads(sys.argv[1]); d['seconds']=round($ms/1000,2); d['rps']=round(d['requests']*1000/$ms,1); print(json.dumps(d))" "$out"
}
# Two bursts of one kind as one figure: requests over the summed time; the worse of the two percentiles.
combine() {
  python3 -c "
import json, sys
a, b = json.loads(sys.argv[1]), json.loads(sys.argv[2])
d = {'name': a['name'], 'requests': a['requests'] + b['requests'], 'seconds': round(a['seconds'] + b['seconds'], 2)}
d['rps'] = round(d['requests'] / d['seconds'], 1)
for k in ('non2xx', 'socketErrors'): d[k] = a[k] + b[k]
for k in ('p50ms', 'p90ms', 'p99ms', 'p999ms', 'maxms'): d[k] = max(a[k], b[k])
d['rounds'] = [a['rps'], b['rps']]
print(json.dumps(d))" "$1" "$2"
}
echo "Bursts: $CONSUMERS consumers enter the draw and $CONSUMERS others join a queue, in four rounds (ABBA)..."
enter1=$(burst draw1 "draws/$draw" enter);    echo "  draw  $enter1"
join1=$(burst queue1 "queues/$queue" join);   echo "  queue $join1"
join2=$(burst queue2 "queues/$queue" join);   echo "  queue $join2"
enter2=$(burst draw2 "draws/$draw" enter);    echo "  draw  $enter2"
enter=$(combine "$enter1" "$enter2")
join=$(combine "$join1" "$join2")
echo "  entries: $enter"
echo "  joins:   $join"
entered=$($PSQL -d dropline_experiences -c "SELECT count(*) FROM draw_entries WHERE draw_id = '$(uuid_of "$draw")'")
echo "  $entered entries committed"

echo "Ceiling: the trivial gateway request, ${RUN_SECONDS}s..."
ceiling=$(BENCH_PHASE=ceiling wrk -t$THREADS -c$CONNECTIONS -d${RUN_SECONDS}s --latency -s bench/lua/read.lua $G -- ceiling "$PK" "" | grep '^{')
echo "  $ceiling"

echo "Draw time: $DRAW_ENTRIES entries inserted with SQL..."
big=$(new_draw "Million")
big_uuid=$(uuid_of "$big")
insert_started=$(date +%s%3N)
sed "s/{{DRAW_ID}}/$big_uuid/g; s/{{COUNT}}/$DRAW_ENTRIES/g" bench/draw-entries.sql | $PSQL -d dropline_experiences >/dev/null
$PSQL -d dropline_experiences -c "VACUUM ANALYZE draw_entries" >/dev/null
insert_ms=$(( $(date +%s%3N) - insert_started ))
echo "  inserted in $insert_ms ms; drawing..."
due_ms=$(date +%s%3N)
$PSQL -d dropline_experiences -c "UPDATE draws SET draw_at = now() WHERE id = '$big_uuid'; UPDATE distribution_timers SET due_at = now() WHERE distribution_id = '$big_uuid' AND kind = 'draw'" >/dev/null
until [ "$($PSQL -d dropline_experiences -c "SELECT drawn_at IS NOT NULL FROM draws WHERE id = '$big_uuid'")" = "t" ]; do
  sleep 0.02
  [ $(( $(date +%s%3N) - due_ms )) -lt 120000 ] || { echo "The draw did not run within 120 s"; exit 1; }
done
visible_ms=$(( $(date +%s%3N) - due_ms ))
draw_ms=$(grep -o "Drew $big: [0-9]* winners of [0-9]* entries in [0-9]* ms" "$EXPERIENCES_LOG" 2>/dev/null | tail -n 1 | sed 's/.* in \([0-9]*\) ms/\1/' || true)
winners=$($PSQL -d dropline_experiences -c "SELECT count(*) FROM draw_entries WHERE draw_id = '$big_uuid' AND status = 'WON'")
echo "  drawn: $winners winners; draw transaction ${draw_ms:-?} ms; visible $visible_ms ms after due"

mkdir -p bench/results
out=bench/results/draw-$(date -u +%Y%m%dT%H%M%SZ).json
python3 - "$out" <<PY
import json, sys
enter = json.loads('''$enter''')
join = json.loads('''$join''')
ceiling = json.loads('''$ceiling''')
result = {
  "date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)", "cores": $(nproc), "consumers": $CONSUMERS, "connections": $CONNECTIONS,
  "sessions": json.loads('''$sessions'''),
  "enter": enter, "entriesCommitted": $entered,
  "queueJoin": join, "ceiling": ceiling,
  "ratios": {"enterToCeiling": round(enter["rps"] / ceiling["rps"], 3), "enterToQueueJoin": round(enter["rps"] / join["rps"], 3)},
  "drawTime": {"entries": $DRAW_ENTRIES, "winners": $winners, "insertMillis": $insert_ms,
               "drawTransactionMillis": ${draw_ms:-None}, "visibleAfterDueMillis": $visible_ms},
}
json.dump(result, open(sys.argv[1], "w"), indent=2)
print(json.dumps(result, indent=1))
PY
echo "Figures written to $out"
