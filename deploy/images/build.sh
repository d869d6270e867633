#!/usr/bin/env bash
# Builds the five JVM images as OCI archives without a container engine (no Docker, no registry): a base made of a
# jlink'd JDK 17 runtime plus the few shared libraries it links (taken from this Debian machine, with their
# copyright files), then per service a layer of third-party jars and a layer of our own code, assembled with umoci
# and written with skopeo. Same contract as src/main/docker/Dockerfile.jvm (see docs/images.md).
#
#   deploy/images/build.sh            build deploy/images/target/<service>.oci.tar (needs `./mvnw -B package` first)
#   deploy/images/build.sh --smoke    ... then run each image's entrypoint from its unpacked rootfs (chroot, uid
#                                     10001) against a throwaway PostgreSQL and check /q/health/ready is UP
#   deploy/images/build.sh --smoke-only   the smoke test of archives built earlier
#
# Environment: ASM_IMAGE_VERSION (default: the project version), ASM_IMAGE_JDK (default: Debian's JDK 17),
# ASM_IMAGE_SERVICES (default: all five).
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$(pwd)
OUT=$REPO/deploy/images/target
BUILD=true SMOKE=false
case ${1:-} in
  --smoke) SMOKE=true ;;
  --smoke-only) BUILD=false SMOKE=true ;;
  "") ;;
  *) echo "usage: $0 [--smoke | --smoke-only]" >&2; exit 2 ;;
esac
read -r -a SERVICES <<<"${ASM_IMAGE_SERVICES:-gateway mesh-service cluster-service observability-service vm-service}"
VERSION=${ASM_IMAGE_VERSION:-$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -1)}
JDK=${ASM_IMAGE_JDK:-/usr/lib/jvm/java-17-openjdk-amd64}
REVISION=$(git rev-parse HEAD 2>/dev/null || echo unknown)
# Fixed file times make the layers depend on their content only: an unchanged base or jar set keeps its digest
# across builds and commits. The image's creation time is the commit's.
EPOCH=${SOURCE_DATE_EPOCH:-0}
CREATED=$(date -u -d "@$(git log -1 --format=%ct 2>/dev/null || echo 0)" +%Y-%m-%dT%H:%M:%SZ)
# What the services use, found with `jdeps --print-module-deps` over the five apps' jars (jdk.compiler, referenced
# only by build-time code, left out), plus what is reached reflectively or by provider lookup: TLS with EC keys
# (jdk.crypto.ec), zip file systems, extra charsets.
MODULES=java.base,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,java.rmi,\
java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,jdk.charsets,jdk.crypto.ec,\
jdk.management,jdk.unsupported,jdk.zipfs
# The JVM reads JAVA_TOOL_OPTIONS itself (no shell in the image to expand a JAVA_OPTS); a deployment that sets the
# variable replaces these defaults (deploy/kubernetes's jvm overlay does). The native-memory options are ./asm's
# (Suite.SERVICE_JAVA_OPTS, see docs/benchmarks.md "Memory: RSS per service"); MALLOC_ARENA_MAX is set beside them.
JAVA_OPTIONS="-XX:MaxRAMPercentage=75 -XX:ReservedCodeCacheSize=64m -XX:TrimNativeHeapInterval=5000 \
-XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp"

log() { printf '==> %s\n' "$*"; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }

require_tools() {
  local missing=()
  for t in umoci skopeo; do command -v "$t" >/dev/null || missing+=("$t"); done
  if ((${#missing[@]})); then
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
      log "installing ${missing[*]} (Debian packages)"
      DEBIAN_FRONTEND=noninteractive apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
      die "missing ${missing[*]}: install them (Debian: apt-get install -y umoci skopeo)"
    fi
  fi
  [[ -x $JDK/bin/jlink && -d $JDK/jmods ]] || die "no JDK with jlink and jmods at $JDK (Debian: openjdk-17-jdk-headless)"
  command -v dpkg >/dev/null || die "dpkg is needed to find the shared libraries' copyright files"
  for s in "${SERVICES[@]}"; do
    [[ -f $s/target/quarkus-app/quarkus-run.jar ]] || die "$s is not packaged: run ./mvnw -B package -DskipTests first"
  done
}

# The runtime's root filesystem: /opt/java, its shared libraries, a passwd entry for uid 10001, a sticky /tmp.
base_rootfs() {
  local root=$1
  "$JDK/bin/jlink" --module-path "$JDK/jmods" --add-modules "$MODULES" --strip-debug --no-header-files \
    --no-man-pages --compress=2 --output "$root/opt/java"
  # Debian's JDK keeps its security configuration as symlinks into /etc: the image gets the files themselves.
  for f in "$root"/opt/java/lib/security/* "$root"/opt/java/conf/security/*; do
    if [[ -L $f ]]; then
      local target
      target=$(readlink -f "$f")
      rm "$f"
      [[ -e $target ]] && cp "$target" "$f"
    fi
  done
  cp "$(readlink -f "$JDK/lib/security/cacerts")" "$root/opt/java/lib/security/cacerts"
  # Shared libraries the runtime links, where the loader looks for them (merged /usr, like Debian).
  mkdir -p "$root/usr/lib/x86_64-linux-gnu" "$root/usr/lib64" "$root/usr/share/doc"
  ln -s usr/lib "$root/lib"
  ln -s usr/lib64 "$root/lib64"
  local libs
  libs=$(find "$root/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) -exec ldd {} + 2>/dev/null \
    | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\/lib64\// {print $1}' | sort -u)
  for lib in $libs; do
    case $lib in "$root"/*) continue ;; esac
    local real
    real=$(readlink -f "$lib")
    if [[ $lib == /lib64/* ]]; then
      cp "$real" "$root/usr/lib64/$(basename "$lib")"
    else
      cp "$real" "$root/usr/lib/x86_64-linux-gnu/$(basename "$lib")"
    fi
    local pkg
    pkg=$(dpkg -S "$real" 2>/dev/null | head -1 | cut -d: -f1) || true
    [[ -z $pkg ]] && pkg=$(dpkg -S "${real#/usr}" 2>/dev/null | head -1 | cut -d: -f1) || true
    [[ -n $pkg ]] || die "no Debian package owns $real: cannot ship its licence"
    mkdir -p "$root/usr/share/doc/$pkg"
    cp "/usr/share/doc/$pkg/copyright" "$root/usr/share/doc/$pkg/copyright"
  done
  local jre_pkg
  jre_pkg=$(dpkg -S "$JDK/lib/server/libjvm.so" | cut -d: -f1)
  mkdir -p "$root/usr/share/doc/$jre_pkg"
  cp "/usr/share/doc/$jre_pkg/copyright" "$root/usr/share/doc/$jre_pkg/copyright"
  # Mount points a runtime fills (/proc is also where the loader finds $ORIGIN, i.e. java's libjli.so).
  mkdir -p "$root/etc" "$root/app" "$root/tmp" "$root/proc" "$root/dev" "$root/sys"
  chmod 1777 "$root/tmp"
  printf 'root:x:0:0:root:/root:/sbin/nologin\nasm:x:10001:0:asm:/app:/sbin/nologin\n' >"$root/etc/passwd"
  printf 'root:x:0:\n' >"$root/etc/group"
  # Placeholders a runtime bind-mounts over (Kubernetes writes the pod's own name into /etc/hosts).
  printf '127.0.0.1 localhost\n::1 localhost\n' >"$root/etc/hosts"
  : >"$root/etc/resolv.conf"
  # Without this file glibc asks DNS before /etc/hosts.
  printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$root/etc/nsswitch.conf"
}

# A directory tree with fixed times and plain modes, so its layer depends on content only.
normalise() {
  chmod -R u+rwX,go+rX,go-w "$1"
  [[ -d $1/tmp ]] && chmod 1777 "$1/tmp"
  find "$1" -exec touch -h -d "@$EPOCH" {} +
}

image_config() {
  local svc=$1 image=$2
  local port_env=(--config.env QUARKUS_HTTP_PORT=8080 --config.env QUARKUS_HTTP_HOST=0.0.0.0)
  # The gateway's public listener is its own (EdgeListener, ASM_GATEWAY_PORT, on QUARKUS_HTTP_HOST or 0.0.0.0);
  # Quarkus's listener behind it stays on loopback at a free port. QUARKUS_HTTP_PORT=8080 would collide with it.
  [[ $svc == gateway ]] && port_env=(--config.env ASM_GATEWAY_PORT=8080)
  umoci config --image "$image" \
    --author "ASM control plane" --architecture amd64 --os linux \
    --created "$CREATED" \
    --config.user 10001:0 --config.workingdir /app \
    --config.entrypoint /opt/java/bin/java --config.entrypoint -jar --config.entrypoint /app/quarkus-run.jar \
    --config.exposedports 8080/tcp \
    --config.env PATH=/opt/java/bin:/usr/bin:/bin --config.env JAVA_HOME=/opt/java \
    --config.env "JAVA_TOOL_OPTIONS=$JAVA_OPTIONS" --config.env MALLOC_ARENA_MAX=2 --config.env LANG=C.UTF-8 "${port_env[@]}" \
    --config.label "org.opencontainers.image.title=asm/$svc" \
    --config.label "org.opencontainers.image.description=ASM control plane: $svc (Quarkus, JVM)" \
    --config.label "org.opencontainers.image.version=$VERSION" \
    --config.label "org.opencontainers.image.revision=$REVISION" \
    --config.label "org.opencontainers.image.created=$CREATED" \
    --config.label "org.opencontainers.image.base.name=jlink:$("$JDK/bin/java" -version 2>&1 | head -1 | cut -d'"' -f2)" \
    --history.created_by "deploy/images/build.sh $svc"
}

build() {
  require_tools
  local work=$OUT/work layout=$OUT/work/layout
  rm -rf "$work" && mkdir -p "$work"
  log "base: jlink runtime ($MODULES)"
  base_rootfs "$work/base"
  normalise "$work/base"
  umoci init --layout "$layout"
  umoci new --image "$layout:base"
  umoci insert --image "$layout:base" "$work/base" /
  for svc in "${SERVICES[@]}"; do
    log "$svc"
    local app=$svc/target/quarkus-app lib=$work/$svc-lib own=$work/$svc-app
    # Third-party jars change rarely: one layer. Our own modules' jars (io.asm.*) and the app go in the last one.
    mkdir -p "$lib" "$own/lib/main"
    cp -r "$app/lib" "$lib/"
    mv "$lib"/lib/main/io.asm.* "$own/lib/main/"
    cp -r "$app/app" "$app/quarkus" "$app/quarkus-run.jar" "$own/"
    normalise "$lib"
    normalise "$own"
    umoci tag --image "$layout:base" "$svc"
    umoci insert --image "$layout:$svc" "$lib/lib" /app/lib
    umoci insert --image "$layout:$svc" "$own" /app
    image_config "$svc" "$layout:$svc"
    rm -f "$OUT/$svc.oci.tar"
    skopeo copy -q "oci:$layout:$svc" "oci-archive:$OUT/$svc.oci.tar:asm/$svc:$VERSION"
    rm -rf "$lib" "$own"
  done
  summary
}

summary() {
  log "images (compressed size of all layers; the base layer is shared)"
  for svc in "${SERVICES[@]}"; do
    local sizes
    sizes=$(skopeo inspect --raw "oci-archive:$OUT/$svc.oci.tar" \
      | python3 -c 'import json,sys; l=[x["size"] for x in json.load(sys.stdin)["layers"]]; print(sum(l), " ".join(map(str,l)))')
    printf '  asm/%s:%s  %6.1f MB  layers (bytes): %s\n' "$svc" "$VERSION" \
      "$(echo "${sizes%% *}" | awk '{print $1/1e6}')" "${sizes#* }"
  done
}

# Runs each image's entrypoint from its unpacked rootfs as uid 10001, like a container with the image's config.
smoke() {
  command -v curl >/dev/null && command -v psql >/dev/null || die "--smoke needs curl and psql"
  local pgbin
  pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [[ -n $pgbin && $(id -u) == 0 ]] || die "--smoke needs root (chroot) and PostgreSQL server binaries (postgresql-15)"
  local dir=$OUT/smoke pgport
  rm -rf "$dir" && mkdir -p "$dir"
  pgport=$(free_port)
  log "smoke: PostgreSQL on 127.0.0.1:$pgport"
  mkdir -p "$dir/pg" && chown postgres "$dir/pg"
  runuser -u postgres -- "$pgbin/initdb" -D "$dir/pg/data" -U postgres --auth=trust -E UTF8 --locale=C --no-sync >/dev/null
  runuser -u postgres -- "$pgbin/pg_ctl" -D "$dir/pg/data" -o "-p $pgport -k /tmp -c listen_addresses=127.0.0.1" \
    -l "$dir/pg/log" -w start >/dev/null
  trap "runuser -u postgres -- '$pgbin/pg_ctl' -D '$dir/pg/data' -m fast -w stop >/dev/null" EXIT
  psql -h 127.0.0.1 -p "$pgport" -U postgres -qc 'CREATE DATABASE asm'
  local failed=0
  for svc in "${SERVICES[@]}"; do
    smoke_one "$svc" "$dir" "$pgport" || failed=1
  done
  ((failed == 0)) || die "smoke test failed (logs in $dir)"
}

smoke_one() {
  local svc=$1 dir=$2 pgport=$3 port bundle=$2/$1
  port=$(free_port)
  skopeo copy -q "oci-archive:$OUT/$svc.oci.tar" "oci:$dir/layout:$svc"
  umoci unpack --image "$dir/layout:$svc" "$bundle" >/dev/null
  # The image's config, as a container runtime would apply it: user, working directory, env, entrypoint.
  skopeo inspect --config "oci-archive:$OUT/$svc.oci.tar" >"$dir/$svc.config.json"
  # What a deployment supplies; the port is moved off 8080 so that the smoke test does not need it free.
  local port_var=QUARKUS_HTTP_PORT
  [[ $svc == gateway ]] && port_var=ASM_GATEWAY_PORT
  local -a envs=("$port_var=$port" "ASM_DB_URL=jdbc:postgresql://127.0.0.1:$pgport/asm" "ASM_DB_USER=postgres"
    "ASM_INTERNAL_TOKEN=smoke-internal-token-0123456789" "ASM_CRYPTO_KEY=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="
    "ASM_LOG_JSON=false")
  [[ $svc == gateway ]] && envs+=(ASM_BOOTSTRAP_ACCESS_KEY_ID=smoke-admin ASM_BOOTSTRAP_ACCESS_KEY_SECRET=smoke-secret-0123456789)
  local writable
  writable=$(find "$bundle/rootfs" -xdev -perm -o+w ! -type l | sed "s:^$bundle/rootfs::" | tr '\n' ' ')
  [[ $writable == "/tmp " ]] || { echo "  $svc: writable by others besides /tmp: $writable"; return 1; }
  # Like a container: own mount namespace, /proc and /dev mounted, the root read-only, a fresh /tmp (the emptyDir).
  unshare --mount --fork --kill-child=SIGTERM -- sh -c 'r=$1; shift
    mount --bind "$r" "$r" && mount -t proc proc "$r/proc" && mount --rbind /dev "$r/dev" &&
      mount --bind /etc/hosts "$r/etc/hosts" && mount --bind /etc/resolv.conf "$r/etc/resolv.conf" &&
      mount -t tmpfs -o mode=1777 tmpfs "$r/tmp" && mount -o remount,bind,ro "$r" && exec python3 "$@"' \
    sh "$bundle/rootfs" "$REPO/deploy/images/launch.py" "$dir/$svc.config.json" "$bundle/rootfs" "${envs[@]}" \
    >"$dir/$svc.log" 2>&1 &
  local pid=$! start=$SECONDS body=""
  while ((SECONDS - start < 120)) && kill -0 "$pid" 2>/dev/null; do
    body=$(curl -fsS "http://127.0.0.1:$port/q/health/ready" 2>/dev/null) && break
    sleep 1
  done
  local took=$((SECONDS - start))
  # unshare ignores SIGTERM while it waits: stop its child, the JVM.
  kill $(pgrep -P "$pid") 2>/dev/null; wait "$pid" 2>/dev/null || true
  if [[ $body == *'"status": "UP"'* || $body == *'"status":"UP"'* ]]; then
    printf '  %-22s UP in %3ds as uid 10001 (%s)\n' "$svc" "$took" "$(grep -o 'started in [0-9.]*s' "$dir/$svc.log" | head -1)"
  else
    echo "  $svc: not ready (log $dir/$svc.log):"; tail -20 "$dir/$svc.log"; return 1
  fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

if $BUILD; then build; fi
if $SMOKE; then smoke; fi
