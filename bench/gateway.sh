#!/usr/bin/env bash
# Gateway benchmark: starts a suite in its own home and ports, loads it with freshly signed requests, stops it.
#   bench/gateway.sh [concurrency=16] [seconds=20]
# (a) a trivial signed action, (b) DescribeServiceMeshDetail through the gateway, (c) the same call straight to
# mesh-service. Figures and the machine they came from: docs/benchmarks.md.
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
gw=http://127.0.0.1:18080; id="$ASM_BOOTSTRAP_ACCESS_KEY_ID"; secret="$ASM_BOOTSTRAP_ACCESS_KEY_SECRET"
load() { java -cp "$cp" io.asm.local.bench.SignedLoad "$@"; }

mesh=$(load --once "$gw" "$id" "$secret" CreateServiceMesh RegionId=cn-hangzhou VpcId=vpc-bench 'VSwitches=["vsw-1"]' \
  | sed -n 's/.*"ServiceMeshId":"\([^"]*\)".*/\1/p')
account=$(load --once "$gw" "$id" "$secret" DescribeAccounts | sed -n 's/.*"AccountId":"\([0-9]*\)".*/\1/p')
token=$(sed -n 's/^internalToken=//p' "$ASM_HOME/secrets.properties")
sleep 3

echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
echo "== (a) a trivial signed action through the gateway (DescribeAccounts: signature, nonce insert, one read)"
load "$gw" "$id" "$secret" "$conc" "$secs" DescribeAccounts
echo "== (b) DescribeServiceMeshDetail through the gateway"
load "$gw" "$id" "$secret" "$conc" "$secs" DescribeServiceMeshDetail "ServiceMeshId=$mesh"
echo "== (c) the same call straight to mesh-service (no signature, no nonce)"
load --unsigned http://127.0.0.1:18081 - - "$conc" "$secs" "/meshes/$mesh" "X-Asm-Internal-Token:$token" \
  "X-Asm-Account-Id:$account" "X-Asm-Region-Id:cn-hangzhou"
