#!/usr/bin/env bash
# The SSE-scale phase of the opening burst (issue 16): N consumer status streams held open through the gateway, what
# they cost the gateway and experiences-service in resident memory, how many events they are pushed, and how soon
# each is told its GRANTED after the admission. One command: bench/sse-scale.sh [streams]  (SSE_STREAMS, 20000)
#   1. starts Dropline if it is not running (./dropline start; it raises its own file-descriptor limit)
#   2. a queue admitting slowly (SSE_HOLD_RATE per minute, 60: the line moves during the hold, as in a sale), N guest
#      sessions (bench/lua/guests.lua) and their joins (bench/lua/join.lua), both with wrk
#   3. N streams opened through the gateway by Node.js processes (bench/sse/streams.js, built-in http only, no
#      keep-alive agent; one process per gateway instance, more if one process's descriptors would not hold its
#      share): the RSS of the gateways and experiences-services (/proc/<pid>/status VmRSS, summed over instances)
#      before, then sampled every second while all are held for SSE_HOLD_SECONDS (45)
#   4. the admission: the queue's admitRate raised to SSE_ADMIT_RATE (100000 per minute) through the Admin API; the
#      delay of each stream's GRANTED is its arrival minus queue_entries.granted_at (same machine, same clock)
# Prints the figures and writes them to bench/results/sse-scale-<UTC time>.json with the core count and date.
# bench/flash-sale.sh may call it on a running mesh: it never stops a mesh it did not start.
# The streams are spread over every running gateway instance (./dropline start --scale gateway=2), as a load balancer
# would: a process may hold at most `ulimit -Hn` descriptors (20,000 on these machines), and a gateway needs one per
# client stream, so 20,000 streams take two gateways here. The script refuses a share that cannot fit.
set -euo pipefail
cd "$(dirname "$0")/.."

STREAMS=${1:-${SSE_STREAMS:-20000}}
HOLD_SECONDS=${SSE_HOLD_SECONDS:-45}
HOLD_RATE=${SSE_HOLD_RATE:-60}            # per minute while the streams are held
ADMIT_RATE=${SSE_ADMIT_RATE:-100000}      # per minute from the admission on (the API's maximum)
GRANT_WAIT_SECONDS=${SSE_GRANT_WAIT_SECONDS:-90}
THREADS=2
G=${DROPLINE_URL:-http://127.0.0.1:8080}
PSQL="psql -h ${DROPLINE_PG_HOST:-127.0.0.1} -p ${DROPLINE_PG_PORT:-5432} -U ${DROPLINE_PG_USER:-postgres} -tA"
export BENCH_LUA="$PWD/bench/lua"
# DROPLINE_HOME=/other/checkout: the mesh of another checkout (an older build, back to back), as bench/flash-sale.sh.
DROPLINE_HOME=$(cd "${DROPLINE_HOME:-$PWD}" && pwd)
DROPLINE="$DROPLINE_HOME/dropline"
RUN_DIR="$DROPLINE_HOME/.run"
WORK=$(mktemp -d)
generator=
trap '[ -n "$generator" ] && kill $generator 2>/dev/null; rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

# One socket per stream in a generator process (and ./dropline raises its own limit for the JVMs): as root the hard
# limit may be raised too, otherwise the soft limit goes up to the hard one.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
FD_LIMIT=$(ulimit -n)
# What a process needs beside its streams' sockets: a JVM's jars, its pools and listeners; Node's own.
FD_RESERVE=1000
command -v wrk >/dev/null || { echo "Installing wrk"; apt-get install -y wrk >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }; }
command -v node >/dev/null || { echo "Node.js (node) is needed for the stream generator"; exit 1; }
curl -fs http://127.0.0.1:8090/actuator/health/readiness >/dev/null 2>&1 || "$DROPLINE" start

doc=$RUN_DIR/demo-organization.json
field() { sed -n "s/.*\"$1\" *: *\"\\([^\"]*\\)\".*/\\1/p" "$doc" | head -n 1; }
SK=$(field liveSecretKey)
PK=$(field livePublishableKey)
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
# Every running instance of an app (gateway, gateway-2, ...) by pid file; RSS summed over them.
instances_of() { for f in "$RUN_DIR/$1.pid" "$RUN_DIR/$1"-[0-9].pid; do [ -e "$f" ] && basename "$f" .pid; done; return 0; }
rss_mb() {
  local name total=0
  for name in $(instances_of "$1"); do
    total=$((total + $(awk '/^VmRSS/ {print $2}' "/proc/$(cat "$RUN_DIR/$name.pid")/status")))
  done
  awk -v kb="$total" 'BEGIN {printf "%.1f", kb / 1024}'
}
now_ms() { date +%s%3N; }

# The gateways to spread the streams over: SSE_GATEWAYS (comma-separated URLs), else every running instance (the
# first on 8080, instance n on 8080 + 100*(n-1), as ./dropline places them).
if [ -n "${SSE_GATEWAYS:-}" ]; then
  IFS=, read -r -a gateways <<< "$SSE_GATEWAYS"
else
  gateways=()
  for name in $(instances_of gateway); do
    n=${name#gateway}; n=${n#-}; gateways+=("http://127.0.0.1:$((8080 + 100 * (${n:-1} - 1)))")
  done
fi
per_gateway=$(( (STREAMS + ${#gateways[@]} - 1) / ${#gateways[@]} ))
if [ $((per_gateway + FD_RESERVE)) -gt "$FD_LIMIT" ]; then
  echo "$STREAMS streams over ${#gateways[@]} gateway(s) is $per_gateway client sockets in each, past what one process"
  echo "may hold here (ulimit -n $FD_LIMIT, less $FD_RESERVE for the rest): start more gateways, for example"
  echo "  ./dropline stop && ./dropline start --scale gateway=$(( (STREAMS + FD_LIMIT - FD_RESERVE - 1) / (FD_LIMIT - FD_RESERVE) ))"
  exit 1
fi
# One generator per gateway, and more where a share does not fit one generator's descriptors.
per_generator_max=$((FD_LIMIT - FD_RESERVE))
generators_per_gateway=$(( (per_gateway + per_generator_max - 1) / per_generator_max ))
echo "Streams: $STREAMS over ${#gateways[@]} gateway(s) (${gateways[*]}), $generators_per_gateway generator(s) each"

if "$DROPLINE" --help 2>/dev/null | grep -q 'org limits'; then
  "$DROPLINE" org limits demo-shop read=10000000 write=10000000 auth=10000000 queue_entry=10000000 status=10000000 consumer_read=10000000 consumer_ceiling=100000000 >/dev/null
else
  # A build from before the platform operator API: the SQL of its time, then the key cache's TTL (5 s) to pass.
  $PSQL -d dropline_gateway -c "UPDATE organizations SET rate_limits = '{\"read\":10000000,\"write\":10000000,\"auth\":10000000,\"queue_entry\":10000000,\"status\":10000000,\"consumer_read\":10000000,\"consumer_ceiling\":100000000}' WHERE slug = 'demo-shop'" >/dev/null
  sleep 6
fi

queue=$(curl -fs -X POST "$G/api/v1/experiences" -H "Authorization: Bearer $SK" -H 'Content-Type: application/json' \
  -d "{\"name\":\"SSE scale $(date +%s)\",\"sequence\":{\"name\":\"General\",\"queues\":[{\"name\":\"Line\",\"admitRate\":$HOLD_RATE,\"admissionExpirationSeconds\":900}]}}" \
  | json 'd["distributions"][0]["id"]' 2>/dev/null) || true
[ -n "${queue:-}" ] || { echo "Could not create the benchmark queue through the Admin API"; exit 1; }
queue_uuid=$(python3 -c "
import sys
a='0123456789ABCDEFGHJKMNPQRSTVWXYZ'; s=sys.argv[1].split('_',1)[1]; n=0
for c in s: n=n*32+a.index(c)
h='%032x'%n; print(h[:8]+'-'+h[8:12]+'-'+h[12:16]+'-'+h[16:20]+'-'+h[20:])" "$queue")
echo "Queue $queue (admitRate $HOLD_RATE/min while the streams are held)"

# wrk sleeps for its whole -d even when every thread stopped itself; each thread leaves a marker file when done and
# SIGINT then ends wrk at once (as bench/flash-sale.sh).
run_until_done() {
  local marker=$1; shift
  wrk "$@" > "$WORK/wrk.out" &
  local pid=$!
  until [ "$(ls "$WORK"/$marker-* 2>/dev/null | wc -l)" -ge "$THREADS" ] || ! kill -0 $pid 2>/dev/null; do sleep 0.1; done
  kill -INT $pid 2>/dev/null || true
  wait $pid || true
  grep '^{' "$WORK/wrk.out" || true
}
echo "Creating $STREAMS guest sessions..."
echo "  $(run_until_done done -t$THREADS -c16 -d900s -s bench/lua/guests.lua "$G" -- "$STREAMS" "$THREADS" "$WORK" "$PK")"
echo "Joining them..."
echo "  $(run_until_done joined -t$THREADS -c64 -d600s -s bench/lua/join.lua "$G" -- "$WORK" "$THREADS" "$THREADS" "queues/$queue" "$PK" join)"
cat "$WORK"/tokens-*.txt | head -n "$STREAMS" > "$WORK/tokens.txt"

sleep 2
gw_before=$(rss_mb gateway); ex_before=$(rss_mb experiences-service)
echo "RSS before: gateway $gw_before MB, experiences-service $ex_before MB (all instances)"
echo "Opening $STREAMS streams through the gateway..."
# Generator k gets every (generators)th token from the k-th on, and the gateway k mod (gateways); each has its own
# directory for its progress, phase and records.
generator_count=$(( ${#gateways[@]} * generators_per_gateway ))
generator_dirs=(); generator_pids=()
open_started=$(now_ms)
for k in $(seq 0 $((generator_count - 1))); do
  dir="$WORK/generator-$k"; mkdir -p "$dir"
  awk -v k="$k" -v n="$generator_count" '(NR - 1) % n == k' "$WORK/tokens.txt" > "$dir/tokens.txt"
  GRANT_WAIT_SECONDS=$GRANT_WAIT_SECONDS node bench/sse/streams.js "${gateways[$((k % ${#gateways[@]}))]}" "$queue" "$PK" \
    "$dir/tokens.txt" "$(wc -l < "$dir/tokens.txt")" "$dir" &
  generator_pids+=($!); generator_dirs+=("$dir")
done
generator="${generator_pids[*]}"
# The generators' progress summed; progress EXPR prints a Python expression of it (d), progress "" all of it as JSON.
progress() {
  python3 -c "
import json, sys
d = {}
for path in sys.argv[2:]:
    try:
        for k, v in json.load(open(path + '/progress.json')).items(): d[k] = d.get(k, 0) + v
    except (OSError, ValueError):
        pass
for k in ('wanted', 'opened', 'failed', 'granted', 'ended', 'inFlight', 'pending', 'retrying'): d.setdefault(k, 0)
print(eval(sys.argv[1]) if sys.argv[1] else json.dumps(d))" "$1" "${generator_dirs[@]}" 2>/dev/null || echo 0
}
generators_alive() { local p; for p in "${generator_pids[@]}"; do kill -0 "$p" 2>/dev/null && return 0; done; return 1; }
set_phase() { local dir; for dir in "${generator_dirs[@]}"; do echo "$1" > "$dir/phase"; done; }
deadline=$((SECONDS + 300))
until [ "$(progress "d['opened'] + d['failed']")" -ge "$STREAMS" ] || [ $SECONDS -ge $deadline ] || ! generators_alive; do
  sleep 1
done
open_seconds=$(python3 -c "print(round(($(now_ms) - $open_started) / 1000, 1))")
echo "  $(progress "") after $open_seconds s"

set_phase hold
echo "Holding them ${HOLD_SECONDS}s..."
gw_samples=(); ex_samples=()
for _ in $(seq 1 "$HOLD_SECONDS"); do
  gw_samples+=("$(rss_mb gateway)"); ex_samples+=("$(rss_mb experiences-service)")
  if [ -n "${SSE_DIAG_DIR:-}" ] && [ ${#gw_samples[@]} = $((HOLD_SECONDS / 2)) ]; then
    # Where the memory goes, halfway through the hold (SSE_DIAG_DIR=dir): heap and class histogram of both.
    mkdir -p "$SSE_DIAG_DIR"
    for app in gateway experiences-service; do
      jcmd "$(cat "$RUN_DIR/$app.pid")" GC.heap_info > "$SSE_DIAG_DIR/$app-heap.txt" 2>&1 || true
      jcmd "$(cat "$RUN_DIR/$app.pid")" GC.class_histogram > "$SSE_DIAG_DIR/$app-histogram.txt" 2>&1 || true
      jcmd "$(cat "$RUN_DIR/$app.pid")" VM.native_memory summary > "$SSE_DIAG_DIR/$app-nmt.txt" 2>&1 || true
    done
  fi
  sleep 1
done
held=$(progress "d['opened'] - d['ended']")
echo "  RSS while held: gateway ${gw_samples[-1]} MB, experiences-service ${ex_samples[-1]} MB ($held streams open)"

echo "Admission: admitRate $ADMIT_RATE/min"
set_phase admit
admission_at=$(now_ms)
curl -fs -X PUT "$G/api/v1/queues/$queue" -H "Authorization: Bearer $SK" -H 'Content-Type: application/json' \
  -d "{\"admitRate\":$ADMIT_RATE}" >/dev/null || { echo "Could not raise the admit rate"; exit 1; }
wait "${generator_pids[@]}" || true
generator=
echo "  $(progress "")"

$PSQL -d dropline_experiences -F, -c "SELECT consumer_id, (extract(epoch FROM granted_at) * 1000)::bigint FROM queue_entries
  WHERE queue_id = '$queue_uuid' AND granted_at IS NOT NULL" > "$WORK/granted.csv"

mkdir -p bench/results
gateway_instances=$(instances_of gateway | wc -l); experiences_instances=$(instances_of experiences-service | wc -l)
# SSE_SCALE_RESULT: where bench/flash-sale.sh wants the figures (it references the file from its own result).
out=${SSE_SCALE_RESULT:-bench/results/sse-scale-$(date -u +%Y%m%dT%H%M%SZ).json}
python3 - "$out" "$WORK" "${generator_dirs[@]}" <<PY
import json, sys, uuid
out, work, dirs = sys.argv[1], sys.argv[2], sys.argv[3:]
# The generators' records together; the hold and the admission start at the first generator to see them.
runs = [json.load(open(d + "/streams.json")) for d in dirs]
starts = [r["holdStartedAt"] for r in runs if r["holdStartedAt"]]
admissions = [r["admissionAt"] for r in runs if r["admissionAt"]]
run = {"holdStartedAt": min(starts) if starts else None, "admissionAt": min(admissions) if admissions else None}
streams = [s for r in runs for s in r["streams"]]
alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
def uuid_of(prefixed):
    n = 0
    for c in prefixed.split("_", 1)[1]:
        n = n * 32 + alphabet.index(c)
    return str(uuid.UUID(int=n))
granted_at = dict(line.split(",") for line in open(work + "/granted.csv").read().split())
# Each stream's GRANTED against the commit of its grant; a stream whose first status was already GRANTED (admitted
# before it opened) has no delay to measure.
# (stream, its grant's commit) for every stream with a delay to measure.
measured = [(s, int(granted_at[uuid_of(s["consumer"])])) for s in streams
            if s["grantedAt"] and s["firstStatus"] != "GRANTED" and s["consumer"] and uuid_of(s["consumer"]) in granted_at]
delays = sorted(s["grantedAt"] - committed for s, committed in measured)
# The streams told later than 2 s, with when their grant committed and when they heard it (ms after the admission, the
# script's clock): to lay beside the processes' logs (GC pauses, say).
admitted_at = $admission_at
late = sorted(({"grantCommittedAfterAdmissionMs": committed - admitted_at, "heardAfterAdmissionMs": s["grantedAt"] - admitted_at,
                "delayMs": s["grantedAt"] - committed} for s, committed in measured if s["grantedAt"] - committed > 2000),
              key=lambda d: d["heardAfterAdmissionMs"])
pct = lambda p: delays[min(len(delays) - 1, int(round(p / 100 * (len(delays) - 1))))] if delays else None
opened = [s for s in streams if s["openedAt"]]
held = $held
gw = [float(x) for x in "${gw_samples[*]}".split()]
ex = [float(x) for x in "${ex_samples[*]}".split()]
hold_minutes = (run["admissionAt"] - run["holdStartedAt"]) / 60000 if run["holdStartedAt"] and run["admissionAt"] else None
per_thousand = lambda before, during: round((max(during) - before) / (held / 1000), 1) if held else None
failures = {}
for s in streams:
    if s["failed"]:
        failures[s["failed"]] = failures.get(s["failed"], 0) + 1
result = {
    "date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)", "cores": $(nproc), "streamsWanted": $STREAMS,
    "gateways": "${gateways[*]}".split(), "generators": len(dirs), "fdLimitPerProcess": $FD_LIMIT,
    "instances": {"gateway": $gateway_instances, "experiences-service": $experiences_instances},
    "streamsOpened": len(opened), "streamsHeld": held, "openSeconds": $open_seconds, "holdSeconds": $HOLD_SECONDS,
    "holdAdmitRatePerMinute": $HOLD_RATE, "admitRatePerMinute": $ADMIT_RATE,
    "rssMB": {"gateway": {"before": $gw_before, "heldMax": max(gw), "heldLast": gw[-1]},
              "experiences-service": {"before": $ex_before, "heldMax": max(ex), "heldLast": ex[-1]}},
    "mbPer1000Streams": {"gateway": per_thousand($gw_before, gw), "experiences-service": per_thousand($ex_before, ex)},
    "statusEventsPerStreamPerMinuteHeld": round(sum(s["holdEvents"] for s in opened) / len(opened) / hold_minutes, 2) if opened and hold_minutes else None,
    "statusEventsTotal": sum(s["statusEvents"] for s in streams),
    "granted": {"streams": sum(1 for s in streams if s["grantedAt"]), "measured": len(delays),
                "p50ms": pct(50), "p99ms": pct(99), "maxMs": delays[-1] if delays else None,
                "over2s": sum(1 for d in delays if d > 2000), "late": late[:50],
                "admissionAtEpochMs": admitted_at,
                "lastGrantedAfterAdmissionSeconds": round((max(s["grantedAt"] for s in streams if s["grantedAt"]) - run["admissionAt"]) / 1000, 1) if any(s["grantedAt"] for s in streams) else None},
    "streamsFailed": sum(1 for s in streams if s["failed"]), "failures": failures,
    # Answered 503 (with Retry-After) at first and tried again after it, as the SDK does; held if they opened later.
    "streamsRetriedAfter503": sum(1 for s in streams if s.get("retries")),
    "retriesAfter503": sum(s.get("retries", 0) for s in streams),
    "streamsNotGranted": sum(1 for s in opened if not s["grantedAt"]),
    # Ended by the server before their GRANTED (a final state, or an outage's retry: hint) without a socket error.
    "streamsEndedBeforeGranted": sum(1 for s in opened if s["endedAt"] and not s["grantedAt"]),
}
json.dump(result, open(out, "w"), indent=2)
print(json.dumps(result, indent=1))
PY
echo "Figures written to $out"
