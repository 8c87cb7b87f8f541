#!/usr/bin/env bash
# audit-streams benchmark (issue 7): sustained events/s against a real broker, and event-to-output
# latency at a fixed rate. Starts its own broker and audit-streams, each in a JVM of its own.
# Options via BENCH_OPTS (see PipelineBench), e.g.
#   BENCH_OPTS="-Dbench.events=1000000 -Dbench.rate=2000 -Dbench.seconds=60 -Dbench.commitMs=100"
#   BENCH_OPTS="-Dbench.only=throughput -Dbench.streamsJvm='-Xmx512m -XX:+UseSerialGC -XX:StartFlightRecording=filename=/tmp/s.jfr'"
# Writes docs/bench-results/pipeline.json (or -Dbench.out=...) and re-renders docs/benchmarks.md.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
build_module infra/bench
eval "exec java -Xmx2g ${BENCH_OPTS:-} -Dkeytrail.root=\"\$root\" -cp \"\$(bench_cp)\" io.keytrail.bench.pipeline.PipelineBench"
