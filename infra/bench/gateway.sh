#!/usr/bin/env bash
# Gateway load benchmark: nginx (a), nginx key-checking proxy (b), keytrail without policies (c),
# keytrail with key-auth + audit to Kafka (d); wrk at saturation, open loop at half of (d).
# Options as system properties via BENCH_OPTS, e.g. BENCH_OPTS="-Dbench.rounds=5 -Dbench.seconds=20".
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
install_tools
build_bench
exec java -Xmx1g ${BENCH_OPTS:-} -Dkeytrail.root="$root" -cp "$(bench_cp)" io.keytrail.bench.gateway.GatewayBench
