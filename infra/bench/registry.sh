#!/usr/bin/env bash
# Key registry benchmark: a real broker, 1,000,000 realistic keys on the keys topic, then fresh
# gateway registries (each in its own JVM with the gateway's heap) read it from the start: time
# until caught up and heap bytes per key, p50 of the runs. Builds only what it needs.
# BASELINE_REV=<git revision> also builds that revision's edge-gateway and interleaves its runs
# with these (before/after on the same machine state).
# Options via BENCH_OPTS, e.g. BENCH_OPTS="-Dbench.runs=5 -Dbench.keys=1000000 -Dbench.profile=true".
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
build_module infra/bench
opts="${BENCH_OPTS:-}"
if [ -n "${BASELINE_REV:-}" ]; then
  baseline="$(mktemp -d)"
  trap 'rm -rf "$baseline"' EXIT
  echo "building edge-gateway at $BASELINE_REV as the baseline ..."
  git archive "$BASELINE_REV" | tar -x -C "$baseline"
  (cd "$baseline" && mvn -B -q ${MVN_FLAGS:-} -DskipTests package -pl edge-gateway -am)
  jars=("$baseline"/edge-gateway/target/edge-gateway-*.jar)
  opts="$opts -Dbench.baselineGatewayJar=${jars[0]} -Dbench.baselineLabel=$(git rev-parse --short "$BASELINE_REV")"
fi
java -Xmx512m $opts -Dkeytrail.root="$root" -cp "$(bench_cp)" io.keytrail.bench.registry.RegistryBench
