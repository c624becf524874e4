#!/usr/bin/env bash
# Reruns the whole measurement: 3 interleaved rounds of every variant x payload x concurrency, then the wire check.
# Usage: [WIRE_ONLY=1] ./run.sh [ROUNDS] [WARMUP_S] [MEASURE_S]   (defaults 3 10 15); results go to results/<time>.txt
set -euo pipefail
cd "$(dirname "$0")"
ROUNDS=${1:-3}; WARMUP=${2:-10}; MEASURE=${3:-15}
mvn -B -q package -DskipTests
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
CP=target/classes:$(cat target/classpath.txt)
JAVA=(java -Xms512m -Xmx512m -XX:+UseG1GC -cp "$CP" busbench.Main)
mkdir -p results
OUT=results/$(date -u +%Y%m%dT%H%M%SZ).txt
ORDERS=(ABC BCA CAB)
for round in $(seq 1 "$ROUNDS"); do
  [ -n "${WIRE_ONLY:-}" ] && break
  order=${ORDERS[$(( (round - 1) % 3 ))]}
  for payload in plain attach; do
    for conc in 1 64; do
      for variant in $(echo "$order" | grep -o .); do
        line=$("${JAVA[@]}" run "$variant" "$payload" "$conc" "$WARMUP" "$MEASURE" | grep '^RESULT')
        echo "$line round=$round load1=$(cut -d' ' -f1 /proc/loadavg) at=$(date -u +%H:%M:%S)" | tee -a "$OUT"
      done
    done
  done
done
for round in $(seq 1 "$ROUNDS"); do
  order=${ORDERS[$(( (round - 1) % 3 ))]}
  for payload in plain attach; do
    "${JAVA[@]}" wire "$payload" 3 5 "$order" | sed "s/\$/ round=$round/" | tee -a "$OUT"
  done
done
echo "results in $OUT"
