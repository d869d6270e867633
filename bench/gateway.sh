#!/usr/bin/env bash
# Gateway benchmark: starts a suite in its own home and ports, loads it with freshly signed requests, stops it.
#   bench/gateway.sh [concurrency=16] [seconds=20]
# Figures and the machine they came from: docs/benchmarks.md.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
conc="${1:-16}"; secs="${2:-20}"
export ASM_HOME="${ASM_HOME:-/tmp/asm-bench}" ASM_GATEWAY_PORT=18080 ASM_MESH_PORT=18081 ASM_CLUSTER_PORT=18082 \
  ASM_OBSERVABILITY_PORT=18083 ASM_VM_PORT=18084 ASM_SIMULATOR_PORT=18090 ASM_DB_PORT=25432 \
  ASM_BOOTSTRAP_ACCESS_KEY_ID=LTAIbenchmark000000001 ASM_BOOTSTRAP_ACCESS_KEY_SECRET=benchmark-secret-000000000000
./asm up
trap './asm down >/dev/null' EXIT
cp="deploy/local/target/classes:$(cat deploy/local/target/classpath.txt)"
echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
echo "== (a) a trivial signed action through the gateway (DescribeAccounts: signature, nonce insert, one read)"
java -cp "$cp" io.asm.local.bench.SignedLoad http://127.0.0.1:18080 "$ASM_BOOTSTRAP_ACCESS_KEY_ID" \
  "$ASM_BOOTSTRAP_ACCESS_KEY_SECRET" "$conc" "$secs" DescribeAccounts
if [ -n "${BENCH_MESH_ID:-}" ]; then
  echo "== (b) DescribeServiceMeshDetail through the gateway"
  java -cp "$cp" io.asm.local.bench.SignedLoad http://127.0.0.1:18080 "$ASM_BOOTSTRAP_ACCESS_KEY_ID" \
    "$ASM_BOOTSTRAP_ACCESS_KEY_SECRET" "$conc" "$secs" DescribeServiceMeshDetail "ServiceMeshId=$BENCH_MESH_ID"
fi
