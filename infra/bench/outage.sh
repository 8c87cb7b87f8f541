#!/usr/bin/env bash
# Gateway latency during Kafka outages: an open-loop load on a keyed, audited API of the real stack
# while its broker runs (UP) and is frozen with SIGSTOP (DOWN), alternating, then killed (KILLED) and
# started again (RESTARTED); per-phase latency, CPU and the gateway's audit spool counters.
# Options as system properties via BENCH_OPTS, e.g. BENCH_OPTS="-Dbench.rate=2000,4000 -Dbench.phaseSeconds=30".
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
build_bench
revision="$(git rev-parse --short HEAD)"
if [ -n "$(git status --porcelain --untracked-files=no -- . ':!docs/bench-results' ':!docs/benchmarks.md')" ]; then
  revision="$revision+uncommitted"
fi
# The benchmark's JVM (the load generator) in a session of its own, as the stack starts each of its
# services: with the kernel's autogroup scheduling a session is a CPU share of its own, so the
# generator competes with the broker, the gateway and the upstream on equal terms, whatever
# session this script runs in. A script's background job leads no process group, so setsid execs
# instead of forking and $! is the JVM itself. Out of this terminal's process group it sees no
# Ctrl-C: the trap passes INT, TERM and HUP on as SIGTERM, and the JVM's shutdown hook thaws the
# broker and stops the stack.
setsid java -Xmx1g ${BENCH_OPTS:-} -Dbench.revision="$revision" -Dkeytrail.root="$root" -cp "$(bench_cp)" \
  io.keytrail.bench.outage.OutageBench &
pid=$!
trap 'kill -TERM "$pid" 2>/dev/null || true' INT TERM HUP
status=0
while :; do
  wait "$pid" && status=0 || status=$?
  # A trapped signal ends wait early; the JVM is then still shutting down.
  kill -0 "$pid" 2>/dev/null || break
done
exit "$status"
