#!/usr/bin/env bash
# Profiles the gateway with JFR while wrk saturates the key-auth + audit route; writes
# docs/bench-results/profile.txt and re-renders docs/benchmarks.md.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
install_tools
build_bench
java -Xmx1g ${BENCH_OPTS:-} -Dkeytrail.root="$root" -cp "$(bench_cp)" io.keytrail.bench.gateway.GatewayProfile
java -Dkeytrail.root="$root" -cp "$(bench_cp)" io.keytrail.bench.gateway.BenchReport
