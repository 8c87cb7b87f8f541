#!/usr/bin/env bash
# Gateway load benchmark: nginx (a), nginx key-checking proxy (b), keytrail without policies (c),
# keytrail with key-auth + audit to Kafka (d); wrk at saturation, open loop at fractions of (d).
# BASELINE_REV=<git revision> also builds that revision's edge-gateway and runs it as a second
# gateway beside the stack's (same config, JVM options and broker): its /open and /keyed are (c0)
# and (d0), each run beside (c) and (d) in every round (before/after on the same machine state).
# BASELINE_JAVA_OPTS="..." go after the baseline's copy of the stack gateway's JVM options (a later
# flag wins), so BASELINE_REV=HEAD compares JVM options on one build; BASELINE_LABEL names it.
# Options as system properties via BENCH_OPTS, e.g. BENCH_OPTS="-Dbench.rounds=5 -Dbench.seconds=20".
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
opts="${BENCH_OPTS:-}"
if [ -n "${BASELINE_REV:-}" ]; then
  # Checked before the long build, so that a mistyped revision fails at once.
  baseline_commit="$(git rev-parse --verify --quiet "$BASELINE_REV^{commit}")" \
    || { echo "BASELINE_REV=$BASELINE_REV is not a commit of this repository" >&2; exit 2; }
fi
install_tools
build_bench
if [ -n "${BASELINE_REV:-}" ]; then
  baseline="$(mktemp -d)"
  trap 'rm -rf "$baseline"' EXIT
  echo "building edge-gateway at $BASELINE_REV as the baseline ..."
  git archive "$baseline_commit" | tar -x -C "$baseline"
  (cd "$baseline" && mvn -B -q ${MVN_FLAGS:-} -DskipTests package -pl edge-gateway -am)
  opts="$opts -Dbench.baselineGateway=$baseline/edge-gateway -Dbench.baselineLabel=${BASELINE_LABEL:-$(git rev-parse --short "$baseline_commit")}"
  opts="$opts -Dbench.baselineRevision=$baseline_commit"
fi
# The tree measured as "this tree": its commit, marked when the working tree differs from it.
revision="$(git rev-parse --short HEAD)"
if [ -n "$(git status --porcelain --untracked-files=no -- . ':!docs/bench-results' ':!docs/benchmarks.md')" ]; then
  revision="$revision+uncommitted"
fi
# Not exec: the EXIT trap removes the baseline tree once the benchmark has stopped.
java -Xmx1g $opts -Dbench.baselineJavaOpts="${BASELINE_JAVA_OPTS:-}" -Dbench.revision="$revision" -Dkeytrail.root="$root" -cp "$(bench_cp)" io.keytrail.bench.gateway.GatewayBench
