package io.keytrail.bench.reporting;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** The reporting benchmark's section of {@code docs/benchmarks.md}, from one result file. */
public final class ReportingSection {
    private static final long INGEST_TARGET = 20_000;
    private static final double P99_TARGET_MS = 50;

    private ReportingSection() {
    }

    public static void render(StringBuilder md, JsonNode run) {
        JsonNode machine = run.path("machine");
        JsonNode input = run.path("input");
        JsonNode ingest = run.path("ingest");
        md.append("## reporting-api: ingest and reports (`").append(run.path("label").asText()).append("`)\n\n");
        md.append(String.format(Locale.ROOT, "Finished %s, on %d cores (%s); a real broker and reporting-api "
                        + "(`ReportingMain`, `%s`, H2 file database) each in a JVM of its own on the same, shared machine. "
                        + "reporting-api environment beyond the benchmark's: `%s`.%n%n",
                run.path("finishedAt").asText(), machine.path("cores").asInt(), machine.path("cpu").asText(),
                run.path("reportingJvm").asText(), run.path("reportingEnv")));
        md.append(String.format(Locale.ROOT, "Input: %,d auth events (%,d failures) over %d days, %,d of them developer "
                        + "`dev-bench`'s and the rest %d noise developers', produced with the gateway's producer settings; "
                        + "and `dev-bench`'s %,d minute, hour and day usage windows (computed by %s).%n%n",
                input.path("events").asLong(), input.path("failureEvents").asLong(), input.path("days").asInt(),
                input.path("benchDeveloperEvents").asLong(), input.path("noiseDevelopers").asInt(),
                input.path("usageWindows").asLong(), input.path("windowsComputedBy").asText()));
        long rate = ingest.path("eventsPerSecond").asLong();
        md.append(String.format(Locale.ROOT, "**Ingest: %,d events/s** (target: at least %,d into H2: %s). From "
                        + "reporting-api's launch until its consumer group had committed all %,d records (committed only "
                        + "after their database transaction): %.1f s; first commit after %.1f s, %,d events/s from then. "
                        + "Checked afterwards: the database holds %,d audit events and %,d windows of `dev-bench` (%,d MiB). "
                        + "reporting-api used %.1f CPU-seconds. Load average %.2f before, %.2f after; the machine's cores were "
                        + "%.0f%% busy meanwhile.%n%n",
                rate, INGEST_TARGET, rate >= INGEST_TARGET ? "met" : "**not met**", ingest.path("records").asLong(),
                ingest.path("secondsUntilAllStored").asDouble(), ingest.path("secondsUntilFirstCommit").asDouble(),
                ingest.path("eventsPerSecondAfterFirstCommit").asLong(), ingest.path("auditEventsStored").asLong(),
                ingest.path("usageWindowsStored").asLong(), ingest.path("databaseMiB").asLong(),
                ingest.path("reportingCpuSeconds").asDouble(), ingest.path("loadAverageBefore").asDouble(),
                ingest.path("loadAverageAfter").asDouble(), ingest.path("machineBusyShare").asDouble() * 100));
        md.append("| report | requests (after warm-up) | statuses | body bytes | p50 ms | p95 ms | p99 ms | max ms |\n");
        md.append("|---|---:|---|---:|---:|---:|---:|---:|\n");
        run.path("reports").fields().forEachRemaining(e -> {
            JsonNode r = e.getValue();
            md.append(String.format(Locale.ROOT, "| `%s` | %d (%d) | %s | %,d | %.2f | %.2f | %.2f | %.2f |%n",
                    r.path("path").asText(), r.path("requests").asInt(), r.path("warmup").asInt(), r.path("statuses"),
                    r.path("responseBytes").asLong(), r.path("p50Ms").asDouble(), r.path("p95Ms").asDouble(),
                    r.path("p99Ms").asDouble(), r.path("maxMs").asDouble()));
        });
        JsonNode usage = run.path("reports").path("usageHourly30Days");
        md.append(String.format(Locale.ROOT, "%nTarget: the hourly usage report of one developer over 30 days with "
                        + "10 million audit events ingested, p99 under %.0f ms: %s.%n%n", P99_TARGET_MS,
                input.path("events").asLong() < 10_000_000 ? "not measured by this run (fewer than 10 million events)"
                        : !usage.path("statuses").has("200") || usage.path("statuses").size() != 1 ? "**not met** (errors)"
                        : usage.path("p99Ms").asDouble() < P99_TARGET_MS ? "met" : "**not met**"));
    }
}
