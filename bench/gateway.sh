#!/usr/bin/env bash
# Gateway benchmark: starts a suite in its own home and ports, loads it with freshly signed requests, stops it.
#   bench/gateway.sh [concurrency=16] [seconds=20]
# (a) a trivial signed action (RPC v1), (b) DescribeServiceMeshDetail through the gateway (half the clients RPC v1
# GET, half ACS3 POST), (c) the same call straight to
# mesh-service. Figures and the machine they came from: docs/benchmarks.md.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
conc="${1:-16}"; secs="${2:-20}"
. bench/suite-env.sh bench 18080 25432
./asm reset >/dev/null 2>&1 || true  # a fresh home: runs must not inherit the previous run's meshes
./asm up
trap './asm down >/dev/null' EXIT

mesh=$(load --once "$gw" "$id" "$secret" CreateServiceMesh RegionId=cn-hangzhou VpcId=vpc-bench 'VSwitches=["vsw-1"]' \
  | sed -n 's/.*"ServiceMeshId":"\([^"]*\)".*/\1/p')
account=$(load --once "$gw" "$id" "$secret" DescribeAccounts | sed -n 's/.*"AccountId":"\([0-9]*\)".*/\1/p')
token=$(sed -n 's/^internalToken=//p' "$ASM_HOME/secrets.properties")
sleep 3

direct=(--unsigned http://127.0.0.1:18081 - -)
headers=("X-Asm-Internal-Token:$token" "X-Asm-Account-Id:$account" "X-Asm-Region-Id:cn-hangzhou")
a() { load "$gw" "$id" "$secret" "$1" "$2" DescribeAccounts; }
b() { load --mixed "$gw" "$id" "$secret" "$1" "$2" DescribeServiceMeshDetail "ServiceMeshId=$mesh"; }
c() { load "${direct[@]}" "$1" "$2" "/meshes/$mesh" "${headers[@]}"; }

echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
# Fresh JVMs on two cores run at a third of their speed until the JIT has compiled the hot paths.
echo "== warm-up (discarded): 20 s of each call"
for call in a b c; do $call 16 20 >/dev/null; done
echo "== throughput, concurrency $conc"
echo -n "(a) a trivial signed action (DescribeAccounts: signature, nonce, one read): "; measured a "$conc" "$secs"
echo -n "(b) DescribeServiceMeshDetail through the gateway:                        "; measured b "$conc" "$secs"
echo -n "(c) the same straight to mesh-service (no signature, no nonce):           "; measured c "$conc" "$secs"
echo "== latency the gateway adds (b - c at p50) below saturation"
for n in 1 4; do
  echo -n "(b) c=$n: "; b "$n" 10
  echo -n "(c) c=$n: "; c "$n" 10
done
