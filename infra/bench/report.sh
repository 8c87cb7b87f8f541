#!/usr/bin/env bash
# Renders docs/benchmarks.md from docs/bench-results/.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
[ -f infra/bench/target/runtime-classpath.txt ] || build_bench
exec java -Dkeytrail.root="$root" -cp "$(bench_cp)" io.keytrail.bench.gateway.BenchReport
