package io.keytrail.bench.outage;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The section "Gateway latency during Kafka outages" of {@code docs/benchmarks.md}, from an
 * {@code outage.json} as {@link OutageBench} writes it.
 */
public final class OutageReport {
    /** The issue's target: p99 with the broker away at most this many times p99 with it up. */
    static final double TARGET_RATIO = 2.0;

    private OutageReport() {
    }

    public static void section(StringBuilder md, JsonNode run) {
        JsonNode machine = run.get("machine");
        JsonNode settings = run.get("settings");
        JsonNode phases = run.get("phases");
        md.append("## Gateway latency during Kafka outages\n\n");
        md.append(String.format(Locale.ROOT, "Run `%s`%s, finished %s, on %d cores (%s), %d GiB, %s; the broker, the gateway, "
                        + "its upstream and the load generator on the same machine, each in a session of its own%s.%n%n",
                run.get("label").asText(), run.has("revision") ? " of `" + run.get("revision").asText() + "`" : "",
                run.get("finishedAt").asText(), machine.get("cores").asInt(), machine.get("cpu").asText(),
                machine.get("memoryGiB").asLong(), machine.get("java").asText(),
                settings.path("generatorInOwnSession").asBoolean(true) ? "" : " (**the generator was not**)"));
        md.append(String.format(Locale.ROOT, "**What is measured.** The stack as `./keytrail up` starts it, audit-streams and "
                        + "reporting-api stopped, so the broker, the gateway and the stack's demo upstream remain. An open-loop "
                        + "load at %s req/s (%d connections, latency from when each request was due) on an API with key-auth "
                        + "and audit events to Kafka runs without a pause through phases of %d s: the broker running (UP) and "
                        + "frozen with SIGSTOP (DOWN: its connections stay open and nothing is acknowledged, as in a network "
                        + "partition), alternating UP DOWN UP … UP (%d DOWN phases) so that drift of the machine falls on "
                        + "both alike%s. The first %d s of each phase are its transition, in a table of their own; after an "
                        + "outage (UP after DOWN, and RESTARTED) the transition lasts until the outage's backlog has been "
                        + "replayed, at least that long, so that recovery does not count as the broker being up. The phase "
                        + "table shows the rest. Each rate starts with a %d s warm-up, not measured. The audit columns are the gateway's "
                        + "`/metrics` (its `keytrail_audit_*` meters) at the phase's boundaries; *drained* is when a scrape "
                        + "(every %d ms, in every phase) first found nothing spooling and nothing pending.%n%n",
                rates(settings), settings.get("connections").asInt(), settings.get("phaseSeconds").asInt(),
                settings.get("cycles").asInt(),
                settings.get("kill").asBoolean() ? "; then the broker killed with SIGKILL (KILLED: connections refused)"
                        + (settings.get("restart").asBoolean()
                        ? " and started again with its command line and environment (RESTARTED, timed from when it was ready)"
                        : "") : "",
                settings.get("settleSeconds").asInt(), settings.get("warmupSeconds").asInt(),
                settings.get("scrapeMillis").asInt()));
        md.append("| # | phase | req/s | p50 ms | p99 ms | p99.9 ms | max ms | non-2xx | errors | events spooled | replayed "
                + "| dropped | outage backlog replayed | spooling at end | drained after | CPU gateway / broker / generator / upstream |\n");
        md.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---:|---|\n");
        for (JsonNode phase : phases) {
            JsonNode steady = phase.get("steady");
            JsonNode audit = phase.get("audit");
            md.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %s | %s | %d | %d | %,d | %,d | %s | %s "
                            + "| %s | %s | %d%% / %d%% / %d%% / %d%% |%n",
                    phase.get("index").asInt(), phase.get("phase").asText(),
                    measured(steady) ? String.format(Locale.ROOT, "%,.0f", steady.get("achievedRate").asDouble()) : "–",
                    msOrDash(steady, "p50Micros"), msOrDash(steady, "p99Micros"), msOrDash(steady, "p999Micros"),
                    msOrDash(steady, "maxMicros"), steady.get("non2xx").asLong(), steady.get("errors").asLong(),
                    audit.get("spooled").asLong(),
                    audit.get("replayed").asLong(), dropped(audit), backlog(phase),
                    audit.get("spoolingAtEnd").asBoolean() ? "yes" : "no",
                    drained(phase), phase.get("cpuPercentGateway").asLong(), phase.get("cpuPercentBroker").asLong(),
                    phase.get("cpuPercentGenerator").asLong(), phase.get("cpuPercentUpstream").asLong()));
        }
        md.append("\n*Outage backlog replayed*: the events the spool held when the broker came back, and when Kafka had "
                + "acknowledged that many replayed events (the spool replays in order). *Drained*: the spool empty and "
                + "events going to Kafka directly again; while traffic goes on, new events keep going through the spool "
                + "behind the replay. CPU is per cent of one core over the whole phase, transition included (200% = both "
                + "cores); the generator's is the benchmark JVM's.\n\n");
        targets(md, run);
        md.append("### Transitions\n\nThe start of each phase, from the signal to the broker on; after an outage, until its "
                + "backlog had been replayed.\n\n");
        md.append("| # | into | from | s | p50 ms | p99 ms | p99.9 ms | max ms | non-2xx | errors |\n");
        md.append("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (JsonNode phase : phases) {
            JsonNode t = phase.get("transition");
            md.append(String.format(Locale.ROOT, "| %d | %s | %s | %.1f | %s | %s | %s | %s | %d | %d |%n",
                    phase.get("index").asInt(), phase.get("phase").asText(), t.get("from").asText(), t.get("seconds").asDouble(),
                    msOrDash(t, "p50Micros"), msOrDash(t, "p99Micros"), msOrDash(t, "p999Micros"), msOrDash(t, "maxMicros"),
                    t.get("non2xx").asLong(), t.get("errors").asLong()));
        }
        JsonNode after = run.get("afterTheLoad");
        JsonNode total = after.get("audit");
        md.append(String.format(Locale.ROOT, "%n**The audit spool over the run** (from the first phase until the spool had "
                        + "drained after the load, or the wait for it gave up): %,d events accepted, %,d published to Kafka, "
                        + "%,d spooled, %,d of them replayed, %s dropped; after the load the spool %s.%n%n",
                total.get("accepted").asLong(), total.get("published").asLong(), total.get("spooled").asLong(),
                total.get("replayed").asLong(), dropped(total),
                !after.get("drained").asBoolean()
                        ? "had not drained (" + total.get("pendingAtEnd").asLong() + " events pending)"
                        : String.format(Locale.ROOT, "had drained %.1f s after the last phase",
                                after.get("drainedAfterSeconds").asDouble())));
        md.append(String.format(Locale.ROOT, "Reproduce with `infra/bench/outage.sh` (options in `BENCH_OPTS`, e.g. "
                        + "`-Dbench.rate=2000,4000 -Dbench.phaseSeconds=30 -Dbench.cycles=3`); it writes "
                        + "`docs/bench-results/%s.json`%s and this page.%n%n", run.get("label").asText(),
                run.hasNonNull("timeline") ? ", every scrape of the audit meters in `docs/bench-results/"
                        + run.get("timeline").asText() + "`," : ""));
    }

    /** Per rate: the median steady p99 of the DOWN phases against that of the UP phases, and KILLED's. */
    private static void targets(StringBuilder md, JsonNode run) {
        md.append("### Against the target\n\n| target | figure | met? |\n|---|---|---|\n");
        JsonNode phases = run.get("phases");
        for (JsonNode rate : run.get("settings").get("rates")) {
            double r = rate.asDouble();
            List<Double> up = p99s(phases, r, "UP");
            for (String away : List.of("DOWN", "KILLED")) {
                List<Double> down = p99s(phases, r, away);
                if (down.isEmpty() || up.isEmpty()) {
                    continue;
                }
                double ratio = median(down) / median(up);
                md.append(String.format(Locale.ROOT, "| at %,.0f req/s, p99 with the broker %s at most %.0fx p99 with it "
                                + "running | %.2f ms (%s) vs %.2f ms (%s): **%.2fx** | %s |%n", r,
                        away.equals("DOWN") ? "frozen" : "killed", TARGET_RATIO, median(down) / 1000, list(away, down),
                        median(up) / 1000, list("UP", up), ratio, ratio <= TARGET_RATIO ? "yes" : "**no**"));
            }
        }
        JsonNode total = run.get("afterTheLoad").get("audit");
        long dropped = total.get("dropped").asLong();
        md.append(String.format(Locale.ROOT, "| no audit event lost | %s dropped | %s |%n", dropped(total),
                dropped == 0 ? "yes" : "**no**"));
        List<String> backlogs = new ArrayList<>();
        boolean allReplayed = true;
        for (JsonNode phase : phases) {
            if (phase.has("backlogReplayed")) {
                backlogs.add("#" + phase.get("index").asInt() + " " + backlog(phase));
                allReplayed &= phase.get("backlogReplayed").asBoolean();
            }
        }
        if (!backlogs.isEmpty()) {
            md.append(String.format(Locale.ROOT, "| each outage's backlog replayed within the phase after it | %s | %s |%n",
                    String.join("; ", backlogs), allReplayed ? "yes" : "**no**"));
        }
        JsonNode lastUp = null;
        for (JsonNode phase : phases) {
            if (phase.get("phase").asText().equals("UP")) {
                lastUp = phase;
            }
        }
        if (lastUp != null) {
            boolean spooling = lastUp.get("audit").get("spoolingAtEnd").asBoolean();
            long pending = lastUp.get("audit").get("pendingAtEnd").asLong();
            md.append(String.format(Locale.ROOT, "| the spool drained (empty, events direct again) by the end of the last UP "
                            + "phase (#%d) | spooling %s, "
                            + "%,d pending | %s |%n", lastUp.get("index").asInt(), spooling ? "yes" : "no", pending,
                    !spooling && pending == 0 ? "yes" : "**no**"));
        }
        md.append("\np99 figures are the median over the phases of each kind (each phase's p99 in parentheses), "
                + "transitions left out, and phases without a steady part (–) too.\n\n");
    }

    /** Each phase's steady p99 (microseconds) of one kind at one rate, in run order. */
    static List<Double> p99s(JsonNode phases, double rate, String kind) {
        List<Double> values = new ArrayList<>();
        for (JsonNode phase : phases) {
            if (phase.get("rate").asDouble() == rate && phase.get("phase").asText().equals(kind) && measured(phase.get("steady"))) {
                values.add(phase.get("steady").get("p99Micros").asDouble());
            }
        }
        return values;
    }

    /** False for a window without requests: a phase whose recovery took all of it has no steady part. */
    private static boolean measured(JsonNode window) {
        return window.get("requests").asLong() > 0;
    }

    private static String msOrDash(JsonNode window, String field) {
        return measured(window) ? String.format(Locale.ROOT, "%.2f", ms(window, field)) : "–";
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int n = sorted.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String list(String kind, List<Double> p99s) {
        List<String> each = new ArrayList<>();
        for (double p99 : p99s) {
            each.add(String.format(Locale.ROOT, "%.2f", p99 / 1000));
        }
        return kind + ": " + String.join(", ", each);
    }

    private static String dropped(JsonNode audit) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%,d", audit.get("dropped").asLong()));
        List<String> reasons = new ArrayList<>();
        audit.get("droppedByReason").fields().forEachRemaining(e -> {
            if (e.getValue().asLong() != 0) {
                reasons.add(e.getKey() + " " + e.getValue().asLong());
            }
        });
        if (!reasons.isEmpty()) {
            text.append(" (").append(String.join(", ", reasons)).append(')');
        }
        return text.toString();
    }

    private static String backlog(JsonNode phase) {
        if (!phase.has("backlogReplayed")) {
            return "";
        }
        long events = phase.get("backlogAtStart").asLong();
        return phase.get("backlogReplayed").asBoolean()
                ? String.format(Locale.ROOT, "%,d events in %.1f s", events, phase.get("backlogReplayedAfterSeconds").asDouble())
                : String.format(Locale.ROOT, "%,d events: not in the phase", events);
    }

    private static String drained(JsonNode phase) {
        if (!phase.has("drained")) {
            return "";
        }
        return phase.get("drained").asBoolean()
                ? String.format(Locale.ROOT, "%.1f s", phase.get("drainedAfterSeconds").asDouble()) : "not in the phase";
    }

    private static String rates(JsonNode settings) {
        List<String> rates = new ArrayList<>();
        settings.get("rates").forEach(r -> rates.add(String.format(Locale.ROOT, "%,.0f", r.asDouble())));
        return String.join(" and ", rates);
    }

    private static double ms(JsonNode window, String field) {
        return window.get(field).asDouble() / 1000;
    }
}
