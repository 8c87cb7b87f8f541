#!/usr/bin/env bash
# reporting-api benchmark (issue 8): ingest of pre-loaded auth events and usage windows into H2,
# then the latency of the usage and trail reports over them. Starts its own broker and reporting-api,
# each in a JVM of its own. Options via BENCH_OPTS (see ReportingBench), e.g.
#   BENCH_OPTS="-Dbench.events=1000000"
#   BENCH_OPTS="-Dbench.reportingEnv=KEYTRAIL_INGEST_MAX_POLL_RECORDS=10000 -Dbench.reportingJvm='-Xmx1g'"
# Writes docs/bench-results/reporting.json (or -Dbench.out=...) and re-renders docs/benchmarks.md.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
build_module infra/bench
eval "exec java -Xmx2g ${BENCH_OPTS:-} -Dkeytrail.root=\"\$root\" -cp \"\$(bench_cp)\" io.keytrail.bench.reporting.ReportingBench"
