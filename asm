#!/usr/bin/env bash
# The local suite: ./asm up | down | status | logs <service> | reset   (see README.md)
set -euo pipefail
repo="$(cd "$(dirname "$0")" && pwd)"
cd "$repo"

if ! command -v java >/dev/null; then
  echo "asm: Java 17 or newer is needed (no 'java' on PATH)." >&2; exit 1
fi
major=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
if [ "${major%%.*}" -lt 17 ] 2>/dev/null; then
  echo "asm: Java 17 or newer is needed; this java is $major." >&2; exit 1
fi

launcher_cp="deploy/local/target/classpath.txt"
stamp="deploy/local/target/asm-built"
needs_build=0
[ -f "$launcher_cp" ] && [ -d deploy/local/target/classes ] && [ -f "$stamp" ] || needs_build=1
for svc in gateway mesh-service cluster-service observability-service vm-service; do
  [ -f "$svc/target/quarkus-app/quarkus-run.jar" ] || needs_build=1
done
# Sources or poms changed since the last build (a pull, an edit): build again rather than run stale services.
if [ $needs_build = 0 ] && [ -n "$(find . -path ./.git -prune -o \( -path '*/src/*' -o -name pom.xml \) -newer "$stamp" -print -quit)" ]; then
  needs_build=1
fi
if [ "${1:-}" = "up" ] && [ $needs_build = 1 ]; then
  echo "Building the suite (./mvnw install -DskipTests) ..."
  ./mvnw -q -B install -DskipTests -Dspotless.check.skip=true
  touch "$stamp"
fi
if [ ! -f "$launcher_cp" ]; then
  echo "asm: not built yet; run ./asm up (it builds) or ./mvnw install -DskipTests" >&2; exit 1
fi
exec java -cp "deploy/local/target/classes:$(cat "$launcher_cp")" io.asm.local.AsmCli "$@"
