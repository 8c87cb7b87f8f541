#!/usr/bin/env bash
# Audit pipeline benchmark: audit-streams throughput against the real broker, and freshness from a
# gateway response to the developer's usage report at a fixed request rate.
# Options via BENCH_OPTS, e.g. BENCH_OPTS="-Dbench.events=500000 -Dbench.rate=2000 -Dbench.seconds=30".
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
build_bench
exec java -Xmx2g ${BENCH_OPTS:-} -Dkeytrail.root="$root" -cp "$(bench_cp)" io.keytrail.bench.pipeline.PipelineBench
