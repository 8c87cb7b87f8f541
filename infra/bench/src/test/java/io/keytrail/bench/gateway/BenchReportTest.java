package io.keytrail.bench.gateway;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keytrail.events.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportTest {

    @Test
    void aRunWithoutABaselineRendersAsBefore() {
        StringBuilder md = new StringBuilder();
        BenchReport.gatewaySection(md, run(false), "Gateway load: latest run");
        String text = md.toString();
        assertTrue(text.contains("Run `gateway`, finished"), text);
        assertTrue(text.contains("2 rounds interleaved a b c d;"), text);
        assertTrue(text.contains("| (d) at least 0.9x (c): key-auth + audit cost under 10% | 0.80x | **no** |"), text);
        assertFalse(text.contains("c0"), text);
        assertFalse(text.contains("Before and after"), text);
    }

    @Test
    void thePipelineSectionGivesBothFiguresWithTheirTargetsAndTheLoad() {
        ObjectNode run = Json.mapper().createObjectNode();
        run.put("label", "pipeline").put("finishedAt", "2026-11-23T17:00:00Z").put("streamsJvm", "-Xmx512m");
        run.putObject("machine").put("cores", 2).put("cpu", "Xeon");
        run.putObject("streamsEnv");
        run.putObject("throughput").put("events", 1_000_000).put("failureEvents", 100_000).put("developers", 200)
                .put("eventTimeSpanMinutes", 10).put("minuteWindows", 2_000).put("commitIntervalMs", 100).put("secondsUntilAllCounted", 40.0)
                .put("secondsUntilFirstOutput", 3.0).put("eventsPerSecond", 25_000).put("eventsPerSecondAfterFirstOutput", 27_000)
                .put("eventsPerSecondSecondHalf", 31_000)
                .put("streamsCpuSeconds", 60.0).put("loadAverageBefore", 1.5).put("loadAverageAfter", 2.5)
                .put("machineBusyShare", 0.9);
        run.putObject("latency").put("rate", 2_000).put("warmupSeconds", 15).put("seconds", 60).put("commitIntervalMs", 100)
                .put("producerLingerMs", 25).put("readerFetchMaxWaitMs", 10).put("measuredEvents", 120_000)
                .put("p50Millis", 150.0).put("p99Millis", 400.0).put("p999Millis", 700.0).put("maxMillis", 900.0)
                .put("streamsCpuSecondsPerSecond", 0.4).put("loadAverageBefore", 2.0).put("loadAverageAfter", 2.1)
                .put("machineBusyShare", 0.5);
        StringBuilder md = new StringBuilder();
        BenchReport.pipelineSection(md, run);
        String text = md.toString();
        assertTrue(text.contains("**Sustained throughput: 31,000 events/s** (steady state: the second half of the events, "
                + "once JVM start-up, group join and JIT warm-up were behind; target: at least 50,000: **not met**)"), text);
        assertTrue(text.contains("every one of the 2,000 windows exactly, with a 100 ms commit interval: 40.0 s, "
                + "**25,000 events/s from launch** (first output after 3.0 s; 27,000 events/s from then)"), text);
        // A result from before the steady-state figure is judged from launch, as it was then.
        ((ObjectNode) run.get("throughput")).remove("eventsPerSecondSecondHalf");
        StringBuilder old = new StringBuilder();
        BenchReport.pipelineSection(old, run);
        assertTrue(old.toString().contains("**Sustained throughput: 25,000 events/s** (from launch; target: at least 50,000: "
                + "**not met**)"), old.toString());
        assertTrue(text.contains("Load average 1.50 before, 2.50 after; the machine's cores were 90% busy"), text);
        assertTrue(text.contains("**Event-to-output latency at 2,000 events/s: p50 150.0 ms, p99 400.0 ms**"), text);
        assertTrue(text.contains("target: p99 under 1 s: met), over 120,000 events in 60 s after a 15 s warm-up, "
                + "commit interval 100 ms"), text);
    }

    @Test
    void aRunWithABaselineComparesBothBuildsSideBySideAndRoundByRound() {
        StringBuilder md = new StringBuilder();
        BenchReport.gatewaySection(md, run(true), "Gateway load: latest run");
        String text = md.toString();
        assertTrue(text.contains("Run `gateway` of `0bbb390`, finished"), text);
        assertTrue(text.contains("interleaved a b c c0 d d0 (odd rounds; even rounds a b c0 c d0 d)"), text);
        assertTrue(text.contains("| (c0) keytrail at 346e18e (baseline), API without policies | 40,000 |"), text);
        assertTrue(text.contains("### Before and after: this tree against `346e18e`"), text);
        assertTrue(text.contains("second gateway built from `346e18e0000`"), text);
        assertTrue(text.contains("| (c) no policies, req/s | 40,000 | 40,000 | 1.00x |"), text);
        assertTrue(text.contains("| (d) key-auth + audit, req/s | 32,000 | 36,000 | 0.89x |"), text);
        assertTrue(text.contains("| (d)/(c), target at least 0.9 | 0.80 (**not met**) | 0.90 (met) | |"), text);
        assertTrue(text.contains("| (c) gateway CPU µs per request | 25.00 | 25.00 | 1.00x |"), text);
        assertTrue(text.contains("| (d) gateway CPU µs per request | 31.25 | 27.78 | 1.12x |"), text);
        assertTrue(text.contains("| (d) broker CPU µs per request | 1.56 | 1.39 | 1.12x |"), text);
        assertTrue(text.contains("| gateway CPU per (c) request / per (d) request | 0.80 | 0.90 | |"), text);
        assertTrue(text.contains("| (d) gateway CPU per request, this tree over baseline, median of the rounds | | | 1.125x |"), text);
        assertTrue(text.contains("| (d) p99 ms at saturation | 8.00 | 6.00 | +2.00 ms |"), text);
        assertTrue(text.contains("| (d) open loop p99 ms at 16,000 req/s (0.5 of (d) saturation) | 7.00 | 5.00 | +2.00 ms |"), text);
        assertTrue(text.contains("| 1 | this tree | 40,000 | 40,000 | 1.00 | 32,000 | 36,000 | 0.89 | 0.80 | 0.90 | 8.00 | 6.00 | 31.25 | 27.78 |\n"), text);
        assertTrue(text.contains("| 2 | baseline |"), text);
        // The baseline's rows in the open-loop table, and the comparison ahead of it (printed on the console).
        assertTrue(text.contains("| (d0 at 0.5 of (d) saturation) | 16000 |"), text);
        assertTrue(text.indexOf("### Before and after") < text.indexOf("### Open loop"), text);
    }

    @Test
    void aBaselineRunWrittenBeforeCpuPerRequestWasRecordedRendersWithoutThoseRows() {
        StringBuilder md = new StringBuilder();
        BenchReport.gatewaySection(md, run(true, false), "Gateway load: latest run");
        String text = md.toString();
        assertTrue(text.contains("| (d)/(c), target at least 0.9 | 0.80 (**not met**) | 0.90 (met) | |"), text);
        assertFalse(text.contains("CPU µs per request"), text);
        assertTrue(text.contains("| 1 | this tree | 40,000 | 40,000 | 1.00 | 32,000 | 36,000 | 0.89 | 0.80 | 0.90 | 8.00 | 6.00 |\n"), text);
    }

    @Test
    void theRunsTableShowsDOverD0OnlyForRunsWithABaseline(@TempDir Path results) throws Exception {
        Json.mapper().writeValue(results.resolve("gateway-old.json").toFile(), run(false));
        Json.mapper().writeValue(results.resolve("gateway.json").toFile(), run(true));
        StringBuilder md = new StringBuilder();
        BenchReport.experiments(md, results);
        String text = md.toString();
        assertTrue(text.contains("| (d)/(d0) against a baseline build |"), text);
        assertTrue(text.contains("| 0.89 (`346e18e`) |"), text);
        assertTrue(text.contains("| 7.00 | – |"), text);
        assertTrue(Files.exists(results.resolve("gateway.json")));
    }

    /** A run as GatewayBench writes it: two rounds, the same figures in both. */
    private static JsonNode run(boolean withBaseline) {
        return run(withBaseline, withBaseline);
    }

    /** @param cpuPerRequest whether rows carry CPU per request, as runs since aa1d0d5 do */
    private static JsonNode run(boolean withBaseline, boolean cpuPerRequest) {
        ObjectNode run = Json.mapper().createObjectNode();
        run.put("label", "gateway");
        if (withBaseline) {
            run.put("revision", "0bbb390");
        }
        run.put("finishedAt", withBaseline ? "2026-11-23T15:00:00Z" : "2026-11-23T14:00:00Z");
        run.set("machine", Json.mapper().valueToTree(Map.of("cores", 2, "cpu", "test cpu", "memoryGiB", 8, "java", "17")));
        run.set("settings", Json.mapper().valueToTree(Map.of("rounds", 2, "secondsPerRun", 15, "connections", 64,
                "wrkThreads", 2, "openLoopRate", 16000.0, "openLoopSeconds", 20, "gatewayJavaOpts", "")));
        if (withBaseline) {
            run.set("baseline", Json.mapper().valueToTree(Map.of("label", "346e18e", "revision", "346e18e0000",
                    "targets", List.of("c0", "d0"))));
        }
        ArrayNode targets = run.putArray("targets");
        ObjectNode saturation = run.putObject("saturation");
        ObjectNode openLoop = run.putObject("openLoop");
        Map<String, long[]> figures = new java.util.LinkedHashMap<>();
        // id -> req/s, p99 us at saturation, p99 us in the open loop at half
        figures.put("a", new long[] {200_000, 3_000, 500});
        figures.put("b", new long[] {90_000, 3_000, 0});
        figures.put("c", new long[] {40_000, 5_000, 0});
        if (withBaseline) {
            figures.put("c0", new long[] {40_000, 5_000, 0});
        }
        figures.put("d", new long[] {32_000, 8_000, 7_000});
        if (withBaseline) {
            figures.put("d0", new long[] {36_000, 6_000, 5_000});
        }
        figures.forEach((id, f) -> {
            String description = switch (id) {
                case "c0" -> "keytrail at 346e18e (baseline), API without policies";
                case "d0" -> "keytrail at 346e18e (baseline), key-auth + audit events to Kafka";
                default -> "target " + id;
            };
            targets.addObject().put("id", id).put("description", description);
            ArrayNode rows = saturation.putArray(id);
            for (int round = 1; round <= 2; round++) {
                rows.addObject().put("round", round).put("requestsPerSecond", f[0]).put("p50Micros", 1_000)
                        .put("p99Micros", f[1]).put("p999Micros", 2 * f[1]).put("maxMicros", 3 * f[1]).put("errors", 0)
                        .put("non2xx", 0).put("cpuPercentNginx", 50).put("cpuPercentGateway", 100).put("cpuPercentKafka", 5)
                        .put("cpuPercentWrk", 40);
                if (cpuPerRequest) {
                    // 100% of a core for the gateway and 5% for the broker, over f[0] requests a second.
                    ObjectNode row = (ObjectNode) rows.get(rows.size() - 1);
                    row.put("gatewayCpuMicrosPerRequest", Math.round(1e8 / f[0]) / 100.0);
                    row.put("kafkaCpuMicrosPerRequest", Math.round(5e6 / f[0]) / 100.0);
                }
            }
            if (List.of("a", "d", "d0").contains(id)) {
                ArrayNode open = openLoop.putArray(id + "@0.5");
                for (int round = 1; round <= 2; round++) {
                    open.addObject().put("targetRate", 16000.0).put("achievedRate", 16000).put("requests", 320_000)
                            .put("errors", 0).put("non2xx", 0).put("p50Micros", 200).put("p90Micros", 400)
                            .put("p99Micros", f[2]).put("p999Micros", 2 * f[2]).put("maxMicros", 3 * f[2]).put("round", round)
                            .put("fractionOfSaturation", 0.5).put("cpuPercentGenerator", 40).put("cpuPercentGateway", 80)
                            .put("cpuPercentNginx", 20);
                }
            }
        });
        return run;
    }
}
