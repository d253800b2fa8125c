#!/usr/bin/env bash
# Start-up benchmark (issue 16): how long `./dropline start` takes from built jars, with the databases already there,
# until all six processes are ready, and each process's resident memory right after. One command:
#   bench/startup.sh            ROUNDS starts (default 3), each followed by ./dropline stop; medians
# It refuses to run while a mesh is up (it must start one itself). DROPLINE_HOME=/other/checkout measures another
# checkout's ./dropline and jars (an older build, back to back). The jars must be built and the databases exist
# (run ./dropline start once before); a start that builds is not a start-up figure. The first round after a jar
# changed also includes what ./dropline makes once per jar (its class data sharing archives: see "prepared" below).
# Figures are printed and written to bench/results/startup-<UTC time>.json with the machine's core count.
set -euo pipefail
cd "$(dirname "$0")/.."
DROPLINE_HOME=$(cd "${DROPLINE_HOME:-$PWD}" && pwd)
DROPLINE=${DROPLINE:-$DROPLINE_HOME/dropline}   # the script that starts it (another version of ./dropline, for A/B)
ROUNDS=${ROUNDS:-3}
SETTLE_SECONDS=${SETTLE_SECONDS:-0}   # wait after ready before reading the memory (0: at once, as ./dropline status would)
NAMES="gateway experiences-service audience-service consumer-service commerce-service analytics-service"

for port in 8080 8081 8082 8083 8084 8085 8090; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "Something listens on port $port: stop the running mesh first (./dropline stop)"; exit 1
  fi
done
for name in $NAMES; do
  ls "$DROPLINE_HOME/$name"/target/"$name"-*.jar >/dev/null 2>&1 || { echo "No jar for $name in $DROPLINE_HOME: build first"; exit 1; }
done

rounds=()
for round in $(seq 1 "$ROUNDS"); do
  started=$(date +%s%3N)
  "$DROPLINE" start > /tmp/startup-$$.log 2>&1 || { echo "./dropline start failed:"; tail -n 30 /tmp/startup-$$.log; "$DROPLINE" stop >/dev/null; exit 1; }
  ms=$(( $(date +%s%3N) - started ))
  sleep "$SETTLE_SECONDS"
  rss=""
  for name in $NAMES; do
    pid=$(cat "$DROPLINE_HOME/.run/$name.pid")
    rss="$rss\"$name\": $(( $(ps -o rss= -p "$pid") / 1024 )), "
  done
  # ./dropline start says when it first had to prepare something once per jar (e.g. a class data sharing archive).
  prepared=$(grep -c '^Prepared\|^Preparing' /tmp/startup-$$.log || true)
  rounds+=("{\"seconds\": $(python3 -c "print(round($ms/1000, 1))"), \"rssMB\": {${rss%, }}, \"preparedOnce\": $prepared}")
  echo "round $round: ready in $(python3 -c "print(round($ms/1000, 1))") s; RSS MB: ${rss%, }"
  "$DROPLINE" stop >/dev/null
  rm -f /tmp/startup-$$.log
done

mkdir -p bench/results
out=bench/results/startup-$(date -u +%Y%m%dT%H%M%SZ).json
python3 - "$out" <<PY
import json, statistics, sys
rounds = [json.loads(r) for r in '''$(printf '%s\n' "${rounds[@]}")'''.splitlines()]
names = "$NAMES".split()
rss = {n: statistics.median(r["rssMB"][n] for r in rounds) for n in names}
result = {
  "date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)", "cores": $(nproc),
  "build": {"droplineHome": "$DROPLINE_HOME", "commit": "$(git -C "$DROPLINE_HOME" rev-parse --short HEAD 2>/dev/null || echo unknown)"},
  "settleSeconds": $SETTLE_SECONDS, "rounds": rounds,
  "medianSeconds": statistics.median(r["seconds"] for r in rounds),
  "medianRssMB": rss, "medianRssTotalMB": statistics.median(sum(r["rssMB"].values()) for r in rounds),
}
json.dump(result, open(sys.argv[1], "w"), indent=2)
print("start to ready: median %.1f s over %d rounds (%s)" % (result["medianSeconds"], len(rounds),
      ", ".join("%.1f" % r["seconds"] for r in rounds)))
for n in names:
    print("  %-20s %5d MB" % (n, rss[n]))
print("  %-20s %5d MB" % ("total", result["medianRssTotalMB"]))
PY
echo "Figures written to $out"
