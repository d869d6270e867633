# Sourced by the benchmark scripts: a suite of the benchmark's own, so that it never meets ./asm's or another
# benchmark's — its home (/tmp/asm-<name>), ports (<base> the gateway, +1..+4 the services, +10 the simulator),
# PostgreSQL port and bootstrap AccessKey — and the bench tools: `bench Class args` runs one of
# io.asm.local.bench (after ./asm up, which builds them), `load` the signed load generator, `measured` a load with
# the CPU each process spent on it.
#   . bench/suite-env.sh <name> <port base> <postgres port>
key_id="LTAI${1}bench"; while [ ${#key_id} -lt 22 ]; do key_id+=0; done
key_secret="${1}-secret-"; while [ ${#key_secret} -lt 30 ]; do key_secret+=0; done
export ASM_HOME="${ASM_HOME:-/tmp/asm-$1}" ASM_GATEWAY_PORT="$2" ASM_MESH_PORT=$(($2 + 1)) ASM_CLUSTER_PORT=$(($2 + 2)) \
  ASM_OBSERVABILITY_PORT=$(($2 + 3)) ASM_VM_PORT=$(($2 + 4)) ASM_SIMULATOR_PORT=$(($2 + 10)) ASM_DB_PORT="$3" \
  ASM_BOOTSTRAP_ACCESS_KEY_ID="$key_id" ASM_BOOTSTRAP_ACCESS_KEY_SECRET="$key_secret"
gw="http://127.0.0.1:$2"; id="$key_id"; secret="$key_secret"
bench() {
  local tool="$1"; shift
  java -cp "deploy/local/target/classes:$(cat deploy/local/target/classpath.txt)" "io.asm.local.bench.$tool" "$@"
}
load() { bench SignedLoad "$@"; }
pid() { cat "$ASM_HOME/pids/$1.pid"; }
names() { for f in "$ASM_HOME"/pids/*.pid; do basename "$f" .pid; done; }
# CPU time (clock ticks) used so far by each process of the suite; PostgreSQL counts with its backends.
cpu() {
  for n in $(names); do echo "$n $(awk '{print $14 + $15}' "/proc/$(pid "$n")/stat")"; done
  local pg; pg=$(head -1 "$ASM_HOME/postgres/postmaster.pid")
  echo "postgres $(for p in $pg $(pgrep -P "$pg"); do awk '{print $14 + $15}' "/proc/$p/stat"; done | awk '{s += $1} END {print s}')"
}
# Runs a load of $secs seconds and prints its line, then the CPU each process spent per request, in ms (SignedLoad's
# 3 s warm-up counts on both sides and is taken out).
measured() {
  local before after line
  before=$(cpu); line=$("$@"); after=$(cpu)
  join <(echo "$before" | sort) <(echo "$after" | sort) | awk -v line="$line" -v hz="$(getconf CLK_TCK)" -v secs="$secs" '
    BEGIN { split(line, w, " "); for (i in w) if (w[i] == "requests,") n = w[i - 1]; print line }
    { ms = ($3 - $2) * 1000 / hz / (1 + 3 / secs); total += ms; if (ms / n >= 0.005) cpu = cpu sprintf(" %s %.3f", $1, ms / n) }
    END { printf "    CPU ms per request: total %.3f =%s\n", total / n, cpu }'
}
