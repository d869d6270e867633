#!/usr/bin/env bash
# Cluster simulator memory: starts the simulator alone, creates N simulated API servers (with or without Istio's
# CRDs), and prints the heap they hold after a full GC (per server), the process's RSS and its threads.
#   bench/simulator-memory.sh [servers=30] [istioCrds=true] [heap=1g]
# Figures and the machine they came from: docs/benchmarks.md.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
n="${1:-30}"; crds="${2:-true}"; heap="${3:-1g}"; port=18990
[ -f deploy/local/target/classpath.txt ] || ./mvnw -B -q install -DskipTests
cp="deploy/local/target/classes:$(cat deploy/local/target/classpath.txt)"
ASM_SIMULATOR_PORT=$port java -Xmx"$heap" -XX:+UseSerialGC -cp "$cp" io.asm.devkit.sim.SimulatorMain >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
until curl -sf "localhost:$port/health" >/dev/null; do sleep 0.2; done
old_gen() { jcmd "$pid" GC.run >/dev/null; sleep 0.5; jcmd "$pid" GC.heap_info | sed -n 's/.*tenured generation.*used \([0-9]*\)K.*/\1/p'; }
base=$(old_gen)
start=$(date +%s.%N)
for i in $(seq 1 "$n"); do
  code=$(curl -s -o /dev/null -w '%{http_code}' -XPOST "localhost:$port/clusters" -d "{\"name\":\"m$i\",\"istioCrds\":$crds}")
  [ "$code" = 201 ] || { echo "server $i: HTTP $code" >&2; exit 1; }
done
secs=$(echo "$(date +%s.%N) - $start" | bc)
used=$(old_gen)
printf "servers=%d istioCrds=%s created in %.1f s; heap after GC %d KiB -> %d KiB: %d KiB per server (shared CRDs included); RSS %d MiB; threads %d\n" \
  "$n" "$crds" "$secs" "$base" "$used" $(( (used - base) / n )) $(( $(ps -o rss= -p "$pid") / 1024 )) "$(ls /proc/$pid/task | wc -l)"
