#!/usr/bin/env bash
# Flash-sale benchmark through the real gateway (issue 3). One command: bench/flash-sale.sh [consumers]
#   1. starts Dropline if it is not running (./dropline start) and raises the demo organization's limits (./dropline org limits)
#   2. creates an experience with one queue, then N guest sessions (distinct consumers)
#   3. the burst: all N join the queue (wrk, closed loop, 64 connections) - joins/s and latency; before it, unmeasured,
#      all N join warm-up queues of their own until the JIT has settled (WARMUP_JOINS=0: cold)
#   4. while admission runs: status reads (wrk), SSE streams held open, and the trivial ceiling request,
#      interleaved three times each after a warm-up; admissions per minute against the configured rate;
#      how often a consumer lookup had to ask PostgreSQL (dropline_line_index_misses_total)
#   5. guest sessions measured at the run's connections (sessions/s, p99, non-2xx and 503 answers), interleaved three
#      times with the new visitor's whole journey (a session, then joining a second queue with it: visitors/s, p99)
#   6. SSE_SCALE=N: bench/sse-scale.sh N (thousands of status streams through the gateway), its result referenced
# Figures are printed and written to bench/results/flash-sale-<time>.json with the machine's core count, with the CPU
# time each process (gateway, experiences-service, consumer-service, Redis, PostgreSQL, the machine) spent per request
# in each measured phase.
# SCALE=2 bench/flash-sale.sh [consumers]: the same run with two instances of experiences-service and of
# consumer-service behind the gateway (./dropline start --scale experiences-service=2 --scale consumer-service=2);
# the figures say how many instances ran ("instances"). A mesh already running with another scale is refused.
# DROPLINE_HOME=/other/checkout bench/flash-sale.sh: measures the mesh of another checkout (an older build, for back to
# back comparisons): its ./dropline starts it when none runs, its .run holds the demo keys; the figures still go to
# this checkout's bench/results/ and name that checkout's commit. A build without the platform operator API
# (./dropline org limits) gets the demo organization's limits raised with SQL, as the scripts of its time did.
set -euo pipefail
cd "$(dirname "$0")/.."
DROPLINE_HOME=$(cd "${DROPLINE_HOME:-$PWD}" && pwd)
DROPLINE="$DROPLINE_HOME/dropline"
[ -x "$DROPLINE" ] || { echo "No dropline script in DROPLINE_HOME=$DROPLINE_HOME"; exit 2; }

CONSUMERS=${1:-20000}
SCALE=${SCALE:-1}
[[ "$SCALE" =~ ^[1-9]$ ]] || { echo "SCALE must be 1 to 9"; exit 2; }
ADMIT_RATE=${ADMIT_RATE:-3000}          # per minute: the line must not run dry before the measurement ends
THREADS=2
CONNECTIONS=${CONNECTIONS:-64}
RUN_SECONDS=${RUN_SECONDS:-30}
WARMUP_SECONDS=${WARMUP_SECONDS:-60}
WARMUP_JOINS=${WARMUP_JOINS:-1}         # 1: the join path is warmed on a queue of its own before the measured burst
SSE_STREAMS=${SSE_STREAMS:-100}
SSE_SCALE=${SSE_SCALE:-}                # streams for bench/sse-scale.sh after the other phases; empty: not run
PROFILE_DIR=${PROFILE_DIR:-}            # a folder: Flight Recorder profiles of the burst and of each phase's first round
[ -z "$SSE_SCALE" ] || [[ "$SSE_SCALE" =~ ^[1-9][0-9]*$ ]] || { echo "SSE_SCALE must be a number of streams"; exit 2; }
G=http://127.0.0.1:8080
PSQL="psql -h ${DROPLINE_PG_HOST:-127.0.0.1} -p ${DROPLINE_PG_PORT:-5432} -U ${DROPLINE_PG_USER:-postgres} -tA"
export BENCH_LUA="$PWD/bench/lua"
WORK=$(mktemp -d)
trap 'pkill -P $$ curl 2>/dev/null || true; rm -rf "$WORK"' EXIT

command -v wrk >/dev/null || { echo "Installing wrk"; apt-get install -y wrk >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }; }
# The extra instances of a scaled service listen on its port + 100*(n-1) (./dropline).
instance_ports() { local n; for n in $(seq 1 "$SCALE"); do echo $(( $1 + 100 * (n - 1) )); done; }
scale_args=()
[ "$SCALE" -gt 1 ] && scale_args=(--scale "experiences-service=$SCALE" --scale "consumer-service=$SCALE")
curl -fs http://127.0.0.1:8090/actuator/health/readiness >/dev/null 2>&1 || "$DROPLINE" start "${scale_args[@]}"
# The run must measure the scale it names: every instance ready, and no instance beyond it.
for port in $(instance_ports 8081) $(instance_ports 8083); do
  curl -fs "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null 2>&1 \
    || { echo "No ready instance on port $port: stop Dropline (./dropline stop) and run again to start it with SCALE=$SCALE"; exit 1; }
done
for port in $(( 8081 + 100 * SCALE )) $(( 8083 + 100 * SCALE )); do
  if curl -fs "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null 2>&1; then
    echo "An instance beyond SCALE=$SCALE answers on port $port: stop Dropline (./dropline stop) and run again"; exit 1
  fi
done
doc=$DROPLINE_HOME/.run/demo-organization.json
[ -s "$doc" ] || { echo "No demo organization keys in $doc (./dropline start in $DROPLINE_HOME makes them)"; exit 1; }
field() { sed -n "s/.*\"$1\" *: *\"\\([^\"]*\\)\".*/\\1/p" "$doc" | head -n 1; }
SK=$(field liveSecretKey)
PK=$(field livePublishableKey)
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
json_field() { python3 -c "import json,sys; print(json.loads(sys.argv[1])['$2'])" "$1"; }
# CPU time so far (clock ticks, user + system) of the processes a request crosses, and of the whole machine: taken
# around each measured run, it gives the CPU each process spent per request (issue 16: where the time goes, per
# process, without a profiler; steadier than the rate when the machine's speed drifts). One line "name=ticks ...".
ticks_of() { local p; for p in "$@"; do awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null; done | awk '{s += $1} END {print s + 0}'; }
# The pids of a service's instances (its pid files); the whole machine's ticks, every core.
pids_of() { cat "$DROPLINE_HOME/.run/$1.pid" "$DROPLINE_HOME/.run/$1"-[0-9]*.pid 2>/dev/null || true; }
machine_ticks() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8}' /proc/stat; }
cpu_ticks() {
  local app
  for app in gateway experiences-service consumer-service; do
    # shellcheck disable=SC2046
    printf '%s=%s ' "$app" "$(ticks_of $(pids_of "$app"))"
  done
  printf 'redis=%s postgres=%s ' "$(ticks_of $(pgrep -x redis-server))" "$(ticks_of $(pgrep -x postgres))"
  printf 'machine=%s\n' "$(machine_ticks)"
}
cpu=()   # "phase|before|after|requests" per measured run

# Warm-ups last until the JIT has settled (issue 16: a JVM serves a fraction of its warmed rate while it compiles; on
# a slow 2-core machine the gateway still spent 37 % of its CPU in its compiler threads minutes after a start, and
# the same build's joins went from 540/s to 1,150/s as it settled). A warm-up step is repeated until, during the
# step, the compiler threads (C1 and C2) of all the mesh's Java processes together took under JIT_SETTLED_PERCENT of
# the machine's CPU time, at most WARMUP_MAX_STEPS times; each step prints each process's share of the machine.
JIT_SETTLED_PERCENT=${JIT_SETTLED_PERCENT:-3}
WARMUP_MAX_STEPS=${WARMUP_MAX_STEPS:-8}
# The CPU ticks of one JVM's compiler threads. Their name has a space ("C2 CompilerThre"), so the fields of their
# stat line are counted from after the name's closing parenthesis: utime and stime are then the 12th and 13th.
jit_ticks_of() {
  local task
  for task in /proc/"$1"/task/*; do
    case "$(cat "$task/comm" 2>/dev/null)" in C1\ CompilerThre*|C2\ CompilerThre*) cat "$task/stat" 2>/dev/null ;; esac
  done | awk '{ sub(/.*\) /, ""); s += $12 + $13 } END { print s + 0 }'
}
# Runs the command given (one warm-up step) until the JIT has settled.
warm_until_settled() {
  local step app pid machine0 spent total shares compile
  for step in $(seq 1 "$WARMUP_MAX_STEPS"); do
    local -A before=() name=()
    for app in gateway experiences-service consumer-service; do
      for pid in $(pids_of "$app"); do before[$pid]=$(jit_ticks_of "$pid"); name[$pid]=$app; done
    done
    machine0=$(machine_ticks)
    "$@"
    spent=$(( $(machine_ticks) - machine0 )); [ "$spent" -gt 0 ] || spent=1
    total=0; shares=""
    for pid in "${!before[@]}"; do
      compile=$(( $(jit_ticks_of "$pid") - ${before[$pid]} )); total=$(( total + compile ))
      shares+=" ${name[$pid]}=$(( 1000 * compile / spent ))‰"
    done
    echo "    warm-up step $step, the machine's CPU in JIT compiler threads: $(( 1000 * total / spent ))‰ (${shares# })"
    [ $(( 100 * total )) -lt $(( JIT_SETTLED_PERCENT * spent )) ] && return 0
  done
  echo "    (the JIT had not settled after $WARMUP_MAX_STEPS steps; measuring anyway)"
}

# The demo organization's limits are raised through the platform operator API (./dropline org limits); defaults
# stay as they are. The change is announced to every gateway replica, so it applies at once (the key cache TTL,
# 5 s, only bounds a lost announcement).
if "$DROPLINE" --help 2>/dev/null | grep -q 'org limits'; then
  "$DROPLINE" org limits demo-shop read=10000000 write=10000000 auth=10000000 queue_entry=10000000 status=10000000 consumer_read=10000000 consumer_ceiling=100000000 >/dev/null
else
  # A build from before the platform operator API: the SQL its own script used, then the gateway's organization
  # cache (5 s) must expire.
  echo "$DROPLINE has no 'org limits' (an older build): raising the demo organization's limits with SQL"
  $PSQL -d dropline_gateway -c "UPDATE organizations SET rate_limits = '{\"read\":10000000,\"write\":10000000,\"auth\":10000000,\"queue_entry\":10000000,\"status\":10000000,\"consumer_read\":10000000,\"consumer_ceiling\":100000000}' WHERE slug = 'demo-shop'" >/dev/null
  sleep 6
fi

# An experience with one queue through the Admin API (admitting $2 per minute, default ADMIT_RATE); prints its id.
create_queue() {
  local id
  id=$(curl -fs -X POST $G/api/v1/experiences -H "Authorization: Bearer $SK" -H 'Content-Type: application/json' \
    -d "{\"name\":\"$1 $(date +%s)\",\"sequence\":{\"name\":\"General\",\"queues\":[{\"name\":\"Line\",\"admitRate\":${2:-$ADMIT_RATE},\"admissionExpirationSeconds\":900}]}}" \
    | json 'd["distributions"][0]["id"]' 2>/dev/null) || true
  [ -n "${id:-}" ] || { echo "Could not create the benchmark queue through the Admin API" >&2; return 1; }
  echo "$id"
}
queue=$(create_queue "Bench drop") || exit 1
queue_uuid=$(python3 -c "
import sys
a='0123456789ABCDEFGHJKMNPQRSTVWXYZ'; s=sys.argv[1].split('_',1)[1]; n=0
for c in s: n=n*32+a.index(c)
h='%032x'%n; print(h[:8]+'-'+h[8:12]+'-'+h[12:16]+'-'+h[16:20]+'-'+h[20:])" "$queue")
echo "Queue $queue (admitRate $ADMIT_RATE/min)"

if [ "$SCALE" -gt 1 ]; then
  # consumer-service makes its signing key on first use; on a fresh database two instances doing that at the same
  # moment would each make one (docs/adr/0021). One session first: the other instances then find its key.
  curl -fs -X POST "$G/api/v1/auth/guest" -H "X-Publishable-Key: $PK" >/dev/null || true
fi
echo "Creating $CONSUMERS guest sessions..."
# Setup, not measured: session creation (several inserts and a signature each) with fewer connections, so that
# consumer-service's pool of 16 is not starved and the gateway's breaker stays closed.
# wrk sleeps for its whole -d even when every thread stopped itself; each thread leaves a marker file when done
# and SIGINT then ends wrk at once, with its summary. Prints the elapsed milliseconds on stderr.
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
sessions=$(run_until_done done -t$THREADS -c16 -d900s -s bench/lua/guests.lua $G -- "$CONSUMERS" "$THREADS" "$WORK" "$PK")
echo "  $sessions in $(cat "$WORK/done.elapsed") ms"

# PROFILE_DIR: a Java Flight Recorder profile (settings=profile: a stack sample every 10-20 ms) of the named processes
# over the join burst and over the first round of each measured phase, to <phase>-<process>.jfr; the jcmd of each
# process's own JVM (an older build may run on another Java). The first rounds then carry the recorder's small cost;
# the figures are medians of three.
jfr() {
  [ -n "$PROFILE_DIR" ] || return 0
  local action=$1 phase=$2 app pid; shift 2
  mkdir -p "$PROFILE_DIR"
  for app in "$@"; do
    pid=$(cat "$DROPLINE_HOME/.run/$app.pid")
    if [ "$action" = start ]; then
      "$(dirname "$(readlink -f "/proc/$pid/exe")")/jcmd" "$pid" JFR.start name="$phase" settings=profile >/dev/null 2>&1 || true
    else
      "$(dirname "$(readlink -f "/proc/$pid/exe")")/jcmd" "$pid" JFR.stop name="$phase" filename="$(cd "$PROFILE_DIR" && pwd)/$phase-$app.jfr" >/dev/null 2>&1 || true
    fi
  done
}

# The join path warmed before the burst (WARMUP_JOINS=0 skips it): every consumer first joins a queue of its own that
# admits one a minute, unmeasured, so that the burst meets compiled code as on a platform that has been running. A
# freshly started JVM serves a fraction of its warmed rate for its first tens of seconds (issue 16): unwarmed, the
# measured burst was a measure of the JIT (this machine: 267 joins/s cold, 875/s warm, same build, same burst).
# Each step joins every consumer to a new warm-up queue, until the JIT has settled.
warm_join_step() {
  local warm_queue
  warm_queue=$(create_queue "Bench warm-up" 1) || exit 1
  run_until_done joined -t$THREADS -c$CONNECTIONS -d600s -s bench/lua/join.lua $G -- "$WORK" "$THREADS" "$THREADS" "queues/$warm_queue" "$PK" warmup >/dev/null
  rm -f "$WORK"/joined-* "$WORK/joined.elapsed"
}
if [ "$WARMUP_JOINS" = 1 ]; then
  echo "Warming the join path: $CONSUMERS joins to a warm-up queue per step (not measured)..."
  warm_until_settled warm_join_step
fi
echo "Burst: $CONSUMERS consumers join..."
jfr start join gateway experiences-service
before=$(cpu_ticks)
join=$(run_until_done joined -t$THREADS -c$CONNECTIONS -d600s --latency -s bench/lua/join.lua $G -- "$WORK" "$THREADS" "$THREADS" "queues/$queue" "$PK" join)
join_ms=$(cat "$WORK/joined.elapsed")
cpu+=("join|$before|$(cpu_ticks)|$(json_field "$join" requests)")
jfr stop join gateway experiences-service
# wrk's own rate divides by its whole run; the burst's rate is the joins over the time until the last answer.
join=$(python3 -c "import json,sys; d=json.loads(sys.argv[1]); d['seconds']=round($join_ms/1000,2); d['rps']=round(d['requests']*1000/$join_ms,1); print(json.dumps(d))" "$join")
echo "  $join"

granted() { $PSQL -d dropline_experiences -c "SELECT count(*) FROM queue_entries WHERE queue_id = '$queue_uuid' AND status IN ('GRANTED','COMPLETED')"; }
# Summed over experiences-service's instances: each counts its own look-ups.
misses() {
  local port total=0 value
  for port in $(instance_ports 8081); do
    value=$(curl -fs "http://127.0.0.1:$port/actuator/prometheus" | sed -n 's/^dropline_line_index_misses_total{[^}]*} //p; s/^dropline_line_index_misses_total //p' | head -n 1)
    total=$(python3 -c "print(float('$total') + float('${value:-0}'))")
  done
  echo "$total"
}
xacts() { $PSQL -d postgres -c "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = 'dropline_experiences'"; }
now_ms() { date +%s%3N; }

admit_t0=$(now_ms); admit_c0=$(granted)

echo "Warm-up ${WARMUP_SECONDS}s, then 20 s steps of status reads and trivial requests until the JIT has settled..."
wrk -t$THREADS -c$CONNECTIONS -d${WARMUP_SECONDS}s -s bench/lua/read.lua $G -- warmup "$PK" "$queue" "$WORK" "$THREADS" >/dev/null
warm_read_step() {
  wrk -t$THREADS -c$CONNECTIONS -d10s -s bench/lua/read.lua $G -- warmup "$PK" "$queue" "$WORK" "$THREADS" >/dev/null
  wrk -t$THREADS -c$CONNECTIONS -d10s -s bench/lua/read.lua $G -- warmup "$PK" "" >/dev/null
}
warm_until_settled warm_read_step

echo "Opening $SSE_STREAMS Server-Sent Events streams..."
mapfile -t tokens < <(cat "$WORK"/tokens-*.txt | head -n "$SSE_STREAMS")
for i in "${!tokens[@]}"; do
  curl -sN "$G/api/v1/queues/$queue/status" -H "X-Publishable-Key: $PK" -H "Authorization: Bearer ${tokens[$i]}" \
    -H 'Accept: text/event-stream' > "$WORK/sse-$i.txt" 2>/dev/null &
done

misses0=$(misses); xacts0=$(xacts); granted_phase0=$(granted)
statuses=(); ceilings=()
for round in 1 2 3; do
  [ "$round" = 1 ] && jfr start status gateway experiences-service
  before=$(cpu_ticks)
  statuses+=("$(BENCH_PHASE=status wrk -t$THREADS -c$CONNECTIONS -d${RUN_SECONDS}s --latency -s bench/lua/read.lua $G -- status "$PK" "$queue" "$WORK" "$THREADS" | grep '^{')")
  cpu+=("status|$before|$(cpu_ticks)|$(json_field "${statuses[-1]}" requests)")
  echo "  status  ${statuses[-1]}"
  [ "$round" = 1 ] && jfr stop status gateway experiences-service && jfr start ceiling gateway experiences-service
  before=$(cpu_ticks)
  ceilings+=("$(BENCH_PHASE=ceiling wrk -t$THREADS -c$CONNECTIONS -d${RUN_SECONDS}s --latency -s bench/lua/read.lua $G -- ceiling "$PK" "" | grep '^{')")
  cpu+=("ceiling|$before|$(cpu_ticks)|$(json_field "${ceilings[-1]}" requests)")
  echo "  ceiling ${ceilings[-1]}"
  [ "$round" = 1 ] && jfr stop ceiling gateway experiences-service
done
misses1=$(misses); xacts1=$(xacts); granted_phase1=$(granted)
admit_t1=$(now_ms); admit_c1=$(granted)

pkill -P $$ curl 2>/dev/null || true
sse_events=$(cat "$WORK"/sse-*.txt 2>/dev/null | grep -c '^event:status' || true)
sse_granted=$(grep -l '"GRANTED"' "$WORK"/sse-*.txt 2>/dev/null | wc -l)

# After the figures above, so that they stay comparable with earlier runs: guest sessions measured at the run's
# connections (the setup above made its sessions with 16, which older builds needed), interleaved with the new
# visitor's whole journey on a second queue (the first one's line and admission stay as measured).
journey_queue=$(create_queue "Bench journeys") || exit 1
echo "Sessions at $CONNECTIONS connections, and journeys (session, then join) on queue $journey_queue..."
journey_warm_queue=$(create_queue "Bench journey warm-up") || exit 1
warm_visitor_step() {
  wrk -t$THREADS -c$CONNECTIONS -d10s -s bench/lua/sessions.lua $G -- "$PK" >/dev/null
  wrk -t$THREADS -c$CONNECTIONS -d10s -s bench/lua/journey.lua $G -- "$PK" "$journey_warm_queue" >/dev/null
}
warm_until_settled warm_visitor_step
session_runs=(); journeys=()
for round in 1 2 3; do
  [ "$round" = 1 ] && jfr start sessions gateway consumer-service
  before=$(cpu_ticks)
  session_runs+=("$(wrk -t$THREADS -c$CONNECTIONS -d${RUN_SECONDS}s --latency -s bench/lua/sessions.lua $G -- "$PK" | grep '^{')")
  cpu+=("sessions|$before|$(cpu_ticks)|$(json_field "${session_runs[-1]}" requests)")
  echo "  sessions ${session_runs[-1]}"
  [ "$round" = 1 ] && jfr stop sessions gateway consumer-service && jfr start journey gateway consumer-service experiences-service
  before=$(cpu_ticks)
  journeys+=("$(wrk -t$THREADS -c$CONNECTIONS -d${RUN_SECONDS}s -s bench/lua/journey.lua $G -- "$PK" "$journey_queue" | grep '^{')")
  cpu+=("journey|$before|$(cpu_ticks)|$(json_field "${journeys[-1]}" visitors)")
  echo "  journey  ${journeys[-1]}"
  [ "$round" = 1 ] && jfr stop journey gateway consumer-service experiences-service
done

# SSE_SCALE=N: thousands of status streams through the gateway (bench/sse-scale.sh, with its own load generator in
# bench/sse/), after everything else since it holds the mesh's memory and file descriptors. It is given the path of its
# JSON result (SSE_SCALE_RESULT) and the checkout whose mesh runs (DROPLINE_HOME); this result references that file.
sse_scale_result=""; sse_scale_note="not run (SSE_SCALE unset)"
if [ -n "$SSE_SCALE" ]; then
  if [ -x bench/sse-scale.sh ]; then
    sse_scale_result=bench/results/sse-scale-$(date -u +%Y%m%dT%H%M%SZ).json
    mkdir -p bench/results
    echo "SSE scale: bench/sse-scale.sh $SSE_SCALE..."
    if SSE_SCALE_RESULT="$PWD/$sse_scale_result" DROPLINE_HOME="$DROPLINE_HOME" bench/sse-scale.sh "$SSE_SCALE"; then
      sse_scale_note="ran"
    else
      sse_scale_note="bench/sse-scale.sh failed (status $?)"
    fi
    [ -s "$sse_scale_result" ] || { sse_scale_note="$sse_scale_note; it wrote no $sse_scale_result"; sse_scale_result=""; }
  else
    sse_scale_note="bench/sse-scale.sh is absent in this checkout: the SSE scale phase was not run"
  fi
  echo "  SSE scale: $sse_scale_note${sse_scale_result:+, figures in $sse_scale_result}"
fi

mkdir -p bench/results
out=bench/results/flash-sale-$([ "$SCALE" -gt 1 ] && echo "scale$SCALE-")$(date -u +%Y%m%dT%H%M%SZ).json
python3 - "$out" <<PY
import json, statistics, sys
join = json.loads('''$join''')
statuses = [json.loads(s) for s in '''$(printf '%s\n' "${statuses[@]}")'''.splitlines()]
ceilings = [json.loads(s) for s in '''$(printf '%s\n' "${ceilings[@]}")'''.splitlines()]
session_runs = [json.loads(s) for s in '''$(printf '%s\n' "${session_runs[@]}")'''.splitlines()]
journeys = [json.loads(s) for s in '''$(printf '%s\n' "${journeys[@]}")'''.splitlines()]
sse_scale_result = "$sse_scale_result"
ticks_per_second = $(getconf CLK_TCK)
def cpu_per_request(lines):
    """Median CPU microseconds per request (per visitor for the journey) of each process, by phase."""
    by_phase = {}
    for line in lines:
        phase, before, after, requests = line.split("|")
        b = dict(kv.split("=") for kv in before.split())
        a = dict(kv.split("=") for kv in after.split())
        by_phase.setdefault(phase, []).append({k: (int(a[k]) - int(b[k])) * 1e6 / ticks_per_second / max(1, int(requests)) for k in a})
    return {phase: {k: round(statistics.median(r[k] for r in runs)) for k in runs[0]} for phase, runs in by_phase.items()}
cpu = cpu_per_request('''$(printf '%s\n' "${cpu[@]}")'''.splitlines())
med = lambda runs, key: statistics.median(r[key] for r in runs)
ceiling_rps = med(ceilings, "rps")
minutes = ($admit_t1 - $admit_t0) / 60000
admitted_per_minute = ($admit_c1 - $admit_c0) / minutes
result = {
  "date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)", "cores": $(nproc), "consumers": $CONSUMERS,
  "build": {"droplineHome": "$DROPLINE_HOME", "commit": "$(git -C "$DROPLINE_HOME" rev-parse --short HEAD 2>/dev/null || echo unknown)"},
  "instances": {"experiences-service": $SCALE, "consumer-service": $SCALE},
  "connections": $CONNECTIONS, "runSeconds": $RUN_SECONDS, "warmupSeconds": $WARMUP_SECONDS, "warmupJoins": $WARMUP_JOINS,
  "sessions": json.loads('''$sessions'''),
  "join": join,
  "status": {"runs": statuses, "medianRps": med(statuses, "rps"), "medianP99ms": med(statuses, "p99ms"),
             "medianP999ms": med(statuses, "p999ms")},
  "ceiling": {"runs": ceilings, "medianRps": ceiling_rps, "medianP99ms": med(ceilings, "p99ms")},
  "sessionsBurst": {"connections": $CONNECTIONS, "runs": session_runs, "medianRps": med(session_runs, "rps"),
                    "medianP99ms": med(session_runs, "p99ms"), "non2xx": sum(r["non2xx"] for r in session_runs),
                    "status503": sum(r["status503"] for r in session_runs),
                    "socketErrors": sum(r["socketErrors"] for r in session_runs)},
  "journey": {"queue": "$journey_queue", "connections": $CONNECTIONS, "runs": journeys,
              "medianVisitorsPerSecond": med(journeys, "visitorsPerSecond"), "medianP99ms": med(journeys, "p99ms"),
              "failedSessions": sum(r["failedSessions"] for r in journeys), "failedJoins": sum(r["failedJoins"] for r in journeys),
              "status503": sum(r["status503"] for r in journeys)},
  "ratios": {"statusToCeiling": round(med(statuses, "rps") / ceiling_rps, 3), "joinToCeiling": round(join["rps"] / ceiling_rps, 3),
             "sessionsToCeiling": round(med(session_runs, "rps") / ceiling_rps, 3),
             "journeyToCeiling": round(med(journeys, "visitorsPerSecond") / ceiling_rps, 3)},
  "admission": {"configuredPerMinute": $ADMIT_RATE, "measuredPerMinute": round(admitted_per_minute, 1),
                "deviationPercent": round((admitted_per_minute - $ADMIT_RATE) / $ADMIT_RATE * 100, 2),
                "windowSeconds": round(minutes * 60, 1), "admitted": $admit_c1 - $admit_c0},
  "postgres": {"indexMissesDuringStatusPhase": float("${misses1:-0}") - float("${misses0:-0}"),
               "transactionsDuringStatusPhase": $xacts1 - $xacts0,
               "grantsCommittedDuringStatusPhase": $granted_phase1 - $granted_phase0},
  "sse": {"streams": $SSE_STREAMS, "statusEvents": $sse_events, "streamsThatSawGrant": $sse_granted},
  "sseScale": {"streams": int("${SSE_SCALE:-0}"), "result": sse_scale_result or None, "note": "$sse_scale_note"},
  "cpuMicrosPerRequest": cpu,
}
json.dump(result, open(sys.argv[1], "w"), indent=2)
print(json.dumps({k: result[k] for k in ("join", "ratios", "admission", "postgres", "sse", "sseScale")}, indent=1))
print("CPU microseconds per request (median of the phase's runs; machine: every core, the load generator included):")
for phase, processes in cpu.items():
    print("  %-9s %s" % (phase, "  ".join("%s %d" % (k, v) for k, v in processes.items())))
print("status median rps", result["status"]["medianRps"], "p99", result["status"]["medianP99ms"], "ms; ceiling median rps", ceiling_rps)
s, j = result["sessionsBurst"], result["journey"]
print("sessions at %d connections: median %s/s, p99 %s ms, %d non-2xx (%d of them 503)"
      % (s["connections"], s["medianRps"], s["medianP99ms"], s["non2xx"], s["status503"]))
print("journey (session then join): median %s visitors/s, p99 %s ms, %d failed sessions, %d failed joins"
      % (j["medianVisitorsPerSecond"], j["medianP99ms"], j["failedSessions"], j["failedJoins"]))
PY
echo "Figures written to $out"
