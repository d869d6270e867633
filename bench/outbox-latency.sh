#!/usr/bin/env bash
# Event delivery latency, commit to the subscriber's handler (docs/benchmarks.md): runs OutboxLatencyBench, in which
# the common test application subscribes to its own events through the real dispatcher, HTTP and inbox.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -o verify -pl common -am -Dsurefire.failIfNoSpecifiedTests=false -Dtest=OutboxLatencyBench \
    -Dasm.bench=true 2>&1 | grep '^BENCH'
