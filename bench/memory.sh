#!/usr/bin/env bash
# Memory benchmark: starts a suite in its own home and ports, prints every process's RSS after start, puts every
# service under load (signed reads through the gateway, then N CreateServiceMesh at once with clusters added), and
# prints the load's req/s and CPU per request, then RSS after the load and the peak (VmHWM) of the whole run.
#   bench/memory.sh [seconds=10] [concurrency=8] [meshes=200] [clusters=10]
# The JVM options under test come from ASM_JAVA_OPTS (the suite's default when unset); with
# -XX:NativeMemoryTracking=summary in them the script also prints each service's NMT summary (investigation only:
# NMT costs memory itself). Figures and the machine they came from: docs/benchmarks.md.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
secs="${1:-10}"; conc="${2:-8}"; meshes="${3:-200}"; clusters="${4:-10}"
. bench/suite-env.sh mem 17080 24432
export ASM_SIMULATED_CLUSTERS="$((clusters + 1))" ASM_QUOTA_MESHES_PER_ACCOUNT=100000
# On a machine busy with other work the services' first database connection can take longer than Agroal's 5 s.
export QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT="${QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT:-60S}"
./asm reset >/dev/null 2>&1 || true # a fresh home: runs must not inherit the previous run's meshes
trap './asm down >/dev/null' EXIT
if ! ./asm up | grep -E "ready|ASM is up"; then
  # ./asm up gives a service 120 s; with the cores taken by other work the five may need longer. They are still
  # starting: wait for them, and run without the simulated clusters (./asm up registers those once all are ready).
  echo "== ./asm up gave up waiting (a busy machine): waiting longer, and no data-plane clusters this run"
  for port in 17081 17082 17083 17084 17080; do
    for _ in $(seq 300); do curl -sf "127.0.0.1:$port/q/health/ready" >/dev/null 2>&1 && break; sleep 1; done
  done
  clusters=0
fi
echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
echo "== JVM options: ${ASM_JAVA_OPTS:-(the suite default)}"

status() { awk -v k="$2:" '$1 == k {printf "%.0f", $2 / 1024}' "/proc/$(pid "$1")/status"; }
threads() { awk '$1 == "Threads:" {print $2}' "/proc/$(pid "$1")/status"; }
# One line per process: its RSS now, its threads.
rss() {
  for n in $(names); do printf "  %-22s %4s MiB  %3s threads\n" "$n" "$(status "$n" VmRSS)" "$(threads "$n")"; done
}
nmt() {
  case "${ASM_JAVA_OPTS:-}" in *NativeMemoryTracking*) ;; *) return 0 ;; esac
  for n in $(names); do
    [ "$n" = cluster-simulator ] && continue
    echo "  -- $n (NMT committed KiB)"
    jcmd "$(pid "$n")" VM.native_memory summary | sed -n 's/^-  *\([A-Za-z ]*\) (reserved=[0-9]*KB, committed=\([0-9]*\)KB).*/\1 \2/p' \
      | awk '$NF >= 1024 {printf "     %-22s %7d\n", substr($0, 1, length($0) - length($NF) - 1), $NF}'
  done
}
sleep 5 # the services' start-up work (migrations, first reconciles) settles
echo "== RSS after start"; rss; nmt

# What is read: a running mesh with one cluster (the last simulated one) and one VM application.
probe_vpc=$([ $(((clusters + 1) % 2)) = 1 ] && echo vpc-local-a || echo vpc-local-b)
mesh=$(load --once "$gw" "$id" "$secret" CreateServiceMesh RegionId=cn-hangzhou Name=probe VpcId="$probe_vpc" \
  'VSwitches=["vsw-1"]' | sed -n 's/.*"ServiceMeshId":"\([^"]*\)".*/\1/p')
until load --once "$gw" "$id" "$secret" DescribeServiceMeshDetail "ServiceMeshId=$mesh" | grep -q '"State":"running"'; do sleep 0.5; done
if [ "$clusters" != 0 ]; then
  load --once "$gw" "$id" "$secret" AddClusterIntoServiceMesh "ServiceMeshId=$mesh" "ClusterId=local-dp-$((clusters + 1))" >/dev/null
  until load --once "$gw" "$id" "$secret" DescribeClustersInServiceMesh "ServiceMeshId=$mesh" | grep -q '"State":"running"'; do sleep 0.5; done
fi
load --once "$gw" "$id" "$secret" AddVmAppToMesh "ServiceMeshId=$mesh" Namespace=default ServiceName=probe-app \
  Ips=10.0.0.1 Ports=http:8080 Labels=app=probe >/dev/null

calls=("DescribeServiceMeshDetail ServiceMeshId=$mesh" "DescribeServiceMeshes PageNumber=1 PageSize=10"
  "DescribeClustersInServiceMesh ServiceMeshId=$mesh" "DescribeServiceMeshClusters"
  "GetVmAppMeshInfo ServiceMeshId=$mesh")
# observability-service answers for a cluster of the mesh (DescribeClusterPrometheus would need Istio's Prometheus
# addon in the simulated cluster: without it every call is Prometheus.NotFound).
[ "$clusters" = 0 ] || calls+=("DescribeClusterGrafana ServiceMeshId=$mesh K8sClusterId=local-dp-$((clusters + 1))")
# Fresh JVMs on two cores run at a third of their speed until the JIT has compiled the hot paths.
echo "== warm-up (discarded): 5 s of each read"
for call in "${calls[@]}"; do
  # shellcheck disable=SC2086
  load "$gw" "$id" "$secret" "$conc" 5 $call RegionId=cn-hangzhou >/dev/null
done
echo "== reads through the gateway, c=$conc, ${secs} s each"
for call in "${calls[@]}"; do
  # shellcheck disable=SC2086
  measured load "$gw" "$id" "$secret" "$conc" "$secs" $call RegionId=cn-hangzhou | sed 's/^/  /'
done
echo "== RSS after the reads"; rss

echo "== $meshes CreateServiceMesh at once, $clusters clusters added (mesh-service's reconciler, fabric8 clients)"
before=$(cpu)
bench ScaleRun "$gw" "$id" "$secret" "$meshes" "$clusters" 300 2>&1 | grep -E "accepted|all|RESULT|Exception in" || true
after=$(cpu)
join <(echo "$before" | sort) <(echo "$after" | sort) \
  | awk -v hz="$(getconf CLK_TCK)" '{printf " %s %.1f", $1, ($3 - $2) / hz} END {print "  CPU s"}'
echo "== RSS after the load"; rss; nmt
echo "== peak RSS of the whole run (VmHWM), MiB"
for n in $(names); do printf "  %-22s %4s\n" "$n" "$(status "$n" VmHWM)"; done
