#!/usr/bin/env bash
# JMH micro-benchmarks of the per-request work; JMH options may follow, e.g. micro.sh KeyCheck
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
build_bench
mkdir -p docs/bench-results
java -cp "$(bench_cp)" org.openjdk.jmh.Main -rf json -rff docs/bench-results/jmh.json "$@"
java -Dkeytrail.root="$root" -cp "$(bench_cp)" io.keytrail.bench.gateway.BenchReport
