#!/usr/bin/env bash
# Scale benchmark: starts a suite in its own home and ports with M simulated data-plane clusters, then
#   1. N CreateServiceMesh at once on the fresh suite (cold JVMs, as a user's first burst meets them) and the M
#      clusters added to the first M meshes: time until all running/joined;
#   2. reads on the database without seeded rows (N + 11 meshes): p50/p99 of DescribeServiceMeshes (first and last
#      page), DescribeServiceMeshDetail, DescribeClustersInServiceMesh and GetVmAppMeshInfo for one mesh;
#   3. seeds S meshes and V VM applications into the same account (straight into the database: their API servers
#      need not exist), then the same reads again; removes them and reads again; three rounds; the ratio of p99s;
#   4. RSS of every process.
#   bench/scale.sh [meshes=200] [clusters=20] [seed_meshes=10000] [seed_vm_apps=100000]
# Figures and the machine they came from: docs/benchmarks.md.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
meshes="${1:-200}"; clusters="${2:-20}"; seed_meshes="${3:-10000}"; seed_apps="${4:-100000}"
. bench/suite-env.sh scale 19080 26432
export ASM_SIMULATED_CLUSTERS="$((clusters + 1))" ASM_QUOTA_MESHES_PER_ACCOUNT=100000 \
  ASM_QUOTA_CLUSTERS_PER_ACCOUNT=1000 ASM_QUOTA_VM_APPS_PER_ACCOUNT=1000000
psql_bin="$(command -v psql || ls /usr/lib/postgresql/*/bin/psql 2>/dev/null | sort -V | tail -1)"
[ -x "$psql_bin" ] || { echo "bench/scale.sh needs psql (Debian: postgresql-client)" >&2; exit 1; }
./asm reset >/dev/null 2>&1 || true
./asm up | grep -E "ready|ASM is up"
trap './asm down >/dev/null' EXIT
sql() { "$psql_bin" -h 127.0.0.1 -p "$ASM_DB_PORT" -U postgres -d asm -qAt -v ON_ERROR_STOP=1 "$@"; }
echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"

echo "== $meshes CreateServiceMesh at once on the fresh suite, $clusters data-plane clusters added"
# A burst that does not finish in time is a result, not the end of the run: the reads still follow.
bench ScaleRun "$gw" "$id" "$secret" "$meshes" "$clusters" 300 || echo "== the burst did not finish (above)"

# The mesh that is read: one cluster (the last simulated one) and one VM application.
# The suite puts local-dp-N in vpc-local-a for odd N, vpc-local-b for even N.
probe_vpc=$([ $(( (clusters + 1) % 2 )) = 1 ] && echo vpc-local-a || echo vpc-local-b)
mesh=$(load --once "$gw" "$id" "$secret" CreateServiceMesh RegionId=cn-hangzhou Name=probe VpcId="$probe_vpc" \
  'VSwitches=["vsw-1"]' | sed -n 's/.*"ServiceMeshId":"\([^"]*\)".*/\1/p')
until load --once "$gw" "$id" "$secret" DescribeServiceMeshDetail "ServiceMeshId=$mesh" | grep -q '"State":"running"'; do sleep 0.5; done
load --once "$gw" "$id" "$secret" AddClusterIntoServiceMesh "ServiceMeshId=$mesh" "ClusterId=local-dp-$((clusters + 1))" >/dev/null
until load --once "$gw" "$id" "$secret" DescribeClustersInServiceMesh "ServiceMeshId=$mesh" | grep -q '"State":"running"'; do sleep 0.5; done
load --once "$gw" "$id" "$secret" AddVmAppToMesh "ServiceMeshId=$mesh" Namespace=default ServiceName=probe-app \
  Ips=10.0.0.1 Ports=http:8080 Labels=app=probe >/dev/null

# Ten more meshes, so that the unseeded database's last page (of 10), like the seeded one, holds one mesh (N + 11 in
# all, with N a multiple of 10): the reads compare the same work at both sizes.
for i in $(seq 0 9); do
  load --once "$gw" "$id" "$secret" CreateServiceMesh RegionId=cn-hangzhou Name="base-$i" VpcId=vpc-base \
    'VSwitches=["vsw-1"]' >/dev/null
done
until [ "$(sql -c "SELECT count(*) FROM mesh.mesh WHERE state = 'initial'")" = 0 ]; do sleep 0.5; done

reads() {
  local pages=$(( ($(sql -c "SELECT count(*) FROM mesh.mesh") + 9) / 10 ))
  for call in "DescribeServiceMeshes PageNumber=1 PageSize=10" "DescribeServiceMeshes PageNumber=$pages PageSize=10" \
      "DescribeServiceMeshDetail ServiceMeshId=$mesh" "DescribeClustersInServiceMesh ServiceMeshId=$mesh" \
      "GetVmAppMeshInfo ServiceMeshId=$mesh"; do
    local label="${call#* }"
    # shellcheck disable=SC2086
    load "$gw" "$id" "$secret" 4 10 $call RegionId=cn-hangzhou | sed "s/^/  [$1] /; s/ c=4 10s:/ ${label// /,}:/"
  done
}
echo "== warm-up (discarded)"; reads warm-up >/dev/null
echo "== reads, first time, without seeded rows ($(sql -c "SELECT count(*) FROM mesh.mesh") meshes), c=4"; reads first | tee /tmp/scale-first.txt

# The seeded database against the same suite without the seeded rows (211 meshes stay: 2 % of the seeded count),
# on JVMs equally warm, three times in turn: on two shared cores one 10 s run's p99 moves by a third from run to run,
# so each figure is the median of three.
seed() {
  sql <<SQL
INSERT INTO mesh.mesh (id, account_id, region_id, name, state, version, vpc_id, vswitches, features, created_at, updated_at)
  SELECT 'c' || substr(md5('seed' || i), 1, 32), m.account_id, m.region_id, 'seed-' || i, 'running', m.version,
         m.vpc_id, m.vswitches, m.features, now() - interval '1 day' + i * interval '1 ms', now()
  FROM mesh.mesh m, generate_series(1, $seed_meshes) i WHERE m.id = '$mesh';
INSERT INTO vm.vm_app (id, account_id, mesh_id, namespace, service_name, spec, state, created_at, updated_at)
  SELECT md5('app' || i), a.account_id, 'c' || substr(md5('seed' || (i % $seed_meshes + 1)), 1, 32), 'default',
         'app-' || i, a.spec, a.state, now(), now()
  FROM vm.vm_app a, generate_series(1, $seed_apps) i WHERE a.mesh_id = '$mesh';
VACUUM ANALYZE mesh.mesh; VACUUM ANALYZE vm.vm_app; -- what autovacuum does after a bulk load
SQL
}
unseed() {
  sql <<SQL
DELETE FROM vm.vm_app WHERE service_name LIKE 'app-%';
DELETE FROM mesh.mesh WHERE name LIKE 'seed-%';
VACUUM ANALYZE mesh.mesh; VACUUM ANALYZE vm.vm_app;
SQL
}
echo "== warm-up (discarded)"; reads warm-up >/dev/null
: >/tmp/scale-seeded.txt; : >/tmp/scale-warm.txt
for round in 1 2 3; do
  t0=$(date +%s.%N); seed
  echo "== round $round: seeded in $(echo "$(date +%s.%N) - $t0" | bc | cut -c1-5) s: $(sql -c "SELECT count(*) FROM mesh.mesh") meshes, $(sql -c "SELECT count(*) FROM vm.vm_app") VM applications, c=4"
  reads seeded | tee -a /tmp/scale-seeded.txt
  unseed
  echo "== round $round: seeded rows removed ($(sql -c "SELECT count(*) FROM mesh.mesh") meshes), c=4"
  reads warm | tee -a /tmp/scale-warm.txt
done
echo "== p99: first reads; median of 3 without seeded rows on warm JVMs -> median of 3 seeded; seeded / warm (like for like), seeded / first"
median3() { sed -n 's/.*p99 \([0-9.]*\) ms.*/\1/p' "$1" | awk '{v[NR % 5, int((NR - 1) / 5)] = $1}
  END {for (i = 1; i <= 5; i++) {a = v[i % 5, 0]; b = v[i % 5, 1]; c = v[i % 5, 2]
    print (a <= b ? (b <= c ? b : (a <= c ? c : a)) : (a <= c ? a : (b <= c ? c : b)))}}'; }
paste <(sed -n 's/.*\] \([A-Za-z]*\) \([^:]*\):.*p99 \([0-9.]*\) ms.*/\1 \2 \3/p' /tmp/scale-first.txt) \
      <(median3 /tmp/scale-warm.txt) <(median3 /tmp/scale-seeded.txt) \
  | awk '{printf "  %-30s %-26s %6.2f, %6.2f ms -> %6.2f ms  x%.2f  x%.2f\n", $1, $2, $3, $4, $5, $5 / $4, $5 / $3}'
echo "== RSS (MiB)"
for n in $(names); do printf "  %-22s %6.0f\n" "$n" "$(awk '/VmRSS/ {print $2 / 1024}' "/proc/$(pid "$n")/status")"; done
