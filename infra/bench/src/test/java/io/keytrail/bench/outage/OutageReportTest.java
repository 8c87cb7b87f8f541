package io.keytrail.bench.outage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keytrail.events.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutageReportTest {

    @Test
    void downAgainstUpIsTheMedianOfEachKindsP99() {
        // UP p99s 2, 4, 3, 5 ms (median 3.5); DOWN 5, 6, 9 ms (median 6); KILLED 8 ms.
        String text = render(run(new long[] {2_000, 5_000, 4_000, 6_000, 3_000, 9_000, 5_000}, 8_000, 0, false));
        assertTrue(text.contains("## Gateway latency during Kafka outages"), text);
        assertTrue(text.contains("| at 2,000 req/s, p99 with the broker frozen at most 2x p99 with it running "
                + "| 6.00 ms (DOWN: 5.00, 6.00, 9.00) vs 3.50 ms (UP: 2.00, 4.00, 3.00, 5.00): **1.71x** | yes |"), text);
        assertTrue(text.contains("| at 2,000 req/s, p99 with the broker killed at most 2x p99 with it running "
                + "| 8.00 ms (KILLED: 8.00) vs 3.50 ms (UP: 2.00, 4.00, 3.00, 5.00): **2.29x** | **no** |"), text);
        assertTrue(text.contains("| no audit event lost | 0 dropped | yes |"), text);
        assertTrue(text.contains("| the spool drained (empty, events direct again) by the end of the last UP phase (#7) "
                + "| spooling no, 0 pending | yes |"), text);
        assertTrue(text.contains("| each outage's backlog replayed within the phase after it | #3 40,000 events in 1.2 s; "
                + "#5 40,000 events in 1.2 s; #7 40,000 events in 1.2 s; #9 12,000 events in 2.5 s | yes |"), text);
    }

    @Test
    void phasesAndTransitionsEachGetARow() {
        String text = render(run(new long[] {2_000, 5_000, 4_000, 6_000, 3_000, 9_000, 5_000}, 8_000, 0, false));
        // #2 DOWN: 2,000 req/s, spooled 40,000 events, CPU gateway/broker/generator/upstream.
        assertTrue(text.contains("| 2 | DOWN | 2,000 | 1.00 | 5.00 | 10.00 | 15.00 | 0 | 0 | 40,000 | 0 | 0 |  | yes |  "
                + "| 60% / 0% / 30% / 10% |"), text);
        assertTrue(text.contains("| 3 | UP | 2,000 | 1.00 | 4.00 | 8.00 | 12.00 | 0 | 0 | 0 | 40,000 | 0 | 40,000 events in 1.2 s "
                + "| no | 3.5 s | 60% / 20% / 30% / 10% |"), text);
        assertTrue(text.contains("| 9 | RESTARTED |"), text);
        assertTrue(text.contains("| 2 | DOWN | UP | 5.0 | 1.00 | 20.00 |"), text);
        assertTrue(text.contains("| 1 | UP | warm-up | 5.0 |"), text);
        assertTrue(text.contains("after the load the spool had drained 1.5 s after the last phase"), text);
        assertTrue(text.contains("3 DOWN phases"), text);
        assertTrue(text.contains("`infra/bench/outage.sh`"), text);
        assertTrue(text.contains("writes `docs/bench-results/outage.json`, every scrape of the audit meters in "
                + "`docs/bench-results/outage-timeline.csv`, and this page."), text);
        assertFalse(text.contains("was not"), text);
    }

    @Test
    void lostEventsAndASpoolThatDidNotDrainAreShownAsMisses() {
        String text = render(run(new long[] {2_000, 3_000, 2_000, 3_000, 2_000, 3_000, 2_000}, 3_000, 12, true));
        assertTrue(text.contains("**1.50x** | yes |"), text);
        assertTrue(text.contains("| no audit event lost | 12 (spool_dropped_oldest 12) dropped | **no** |"), text);
        assertTrue(text.contains("by the end of the last UP phase (#7) | spooling yes, 500 pending | **no** |"), text);
        assertTrue(text.contains("#7 40,000 events: not in the phase; #9 12,000 events in 2.5 s | **no** |"), text);
        assertTrue(text.contains("had not drained (500 events pending)"), text);
        assertTrue(text.contains("| 7 | UP | 2,000 | 1.00 | 2.00 | 4.00 | 6.00 | 0 | 0 | 0 | 40,000 | 0 "
                + "| 40,000 events: not in the phase | yes | not in the phase |"), text);
    }

    @Test
    void aPhaseWhoseRecoveryTookAllOfItHasNoSteadyPartAndCountsInNoMedian() {
        ObjectNode run = (ObjectNode) run(new long[] {2_000, 5_000, 4_000, 6_000, 3_000, 9_000, 5_000}, 8_000, 0, false);
        // #3, UP after the first DOWN, replayed its backlog only at the phase's end: no steady window.
        ObjectNode third = (ObjectNode) run.get("phases").get(2);
        ((ObjectNode) third.get("steady")).put("requests", 0).put("p99Micros", 0).put("achievedRate", 0);
        third.put("backlogReplayed", false).remove("backlogReplayedAfterSeconds");
        String text = render(run);
        assertTrue(text.contains("| 3 | UP | – | – | – | – | – | 0 | 0 | 0 | 40,000 | 0 | 40,000 events: not in the phase |"), text);
        // UP's median over #1, #5 and #7 only.
        assertTrue(text.contains("| 6.00 ms (DOWN: 5.00, 6.00, 9.00) vs 3.00 ms (UP: 2.00, 3.00, 5.00): **2.00x** | yes |"), text);
        assertTrue(text.contains("| each outage's backlog replayed within the phase after it | #3 40,000 events: not in the phase;"),
                text);
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertEquals(3.5, OutageReport.median(List.of(5.0, 2.0, 3.0, 4.0)));
        assertEquals(6.0, OutageReport.median(List.of(9.0, 5.0, 6.0)));
        assertTrue(Double.isNaN(OutageReport.median(List.of())));
    }

    private static String render(JsonNode run) {
        StringBuilder md = new StringBuilder();
        OutageReport.section(md, run);
        return md.toString();
    }

    /**
     * A run as OutageBench writes it at 2,000 req/s: UP DOWN UP DOWN UP DOWN UP (their steady
     * p99s given), KILLED, RESTARTED; each phase's p99.9 twice and max three times its p99.
     */
    private static JsonNode run(long[] cycleP99s, long killedP99, long dropped, boolean notDrained) {
        ObjectNode run = Json.mapper().createObjectNode();
        run.put("label", "outage");
        run.put("revision", "abc1234");
        run.put("finishedAt", "2026-11-23T16:00:00Z");
        run.set("machine", Json.mapper().valueToTree(Map.of("cores", 2, "cpu", "test cpu", "memoryGiB", 8, "java", "17")));
        ObjectNode settings = run.putObject("settings");
        settings.set("rates", Json.mapper().valueToTree(List.of(2000.0)));
        settings.put("connections", 32).put("warmupSeconds", 20).put("phaseSeconds", 25).put("settleSeconds", 5)
                .put("cycles", 3).put("kill", true).put("restart", true).put("scrapeMillis", 500)
                .put("gatewayJavaOpts", "").put("generatorInOwnSession", true);
        ArrayNode phases = run.putArray("phases");
        String[] kinds = {"UP", "DOWN", "UP", "DOWN", "UP", "DOWN", "UP", "KILLED", "RESTARTED"};
        for (int i = 0; i < kinds.length; i++) {
            long p99 = i < cycleP99s.length ? cycleP99s[i] : i == 7 ? killedP99 : 4_000;
            boolean down = !kinds[i].equals("UP") && !kinds[i].equals("RESTARTED");
            boolean last = i == 6;
            ObjectNode phase = phases.addObject();
            phase.put("rate", 2000.0).put("index", i + 1).put("phase", kinds[i]).put("description", "d").put("seconds", 25.0);
            window(phase.putObject("steady"), 20.0, p99);
            window(phase.putObject("transition").put("from", i == 0 ? "warm-up" : kinds[i - 1]), 5.0, 4 * p99);
            phase.put("cpuPercentGateway", 60).put("cpuPercentBroker", down ? 0 : 20).put("cpuPercentGenerator", 30)
                    .put("cpuPercentUpstream", 10);
            ObjectNode audit = phase.putObject("audit");
            audit.put("accepted", 50_000).put("published", down ? 10_000 : 90_000).put("spooled", down ? 40_000 : 0)
                    .put("replayed", down || i == 0 ? 0 : 40_000).put("dropped", 0);
            audit.putObject("droppedByReason").put("buffer_full", 0).put("spool_dropped_oldest", 0);
            audit.put("spoolingAtEnd", down || (last && notDrained)).put("pendingAtEnd", last && notDrained ? 500 : 0)
                    .put("bufferedAtEnd", 0).put("acceptingAtEnd", true);
            if (kinds[i].equals("UP") && i > 0) {
                if (last && notDrained) {
                    phase.put("drained", false).put("backlogAtStart", 40_000).put("backlogReplayed", false);
                } else {
                    phase.put("drained", true).put("drainedAfterSeconds", 3.5).put("backlogAtStart", 40_000)
                            .put("backlogReplayed", true).put("backlogReplayedAfterSeconds", 1.2);
                }
            }
            if (kinds[i].equals("RESTARTED")) {
                phase.put("brokerReadyAfterSeconds", 6.2).put("drained", true).put("drainedAfterSeconds", 4.0)
                        .put("backlogAtStart", 12_000).put("backlogReplayed", true).put("backlogReplayedAfterSeconds", 2.5);
            }
        }
        run.put("timeline", "outage-timeline.csv");
        ObjectNode after = run.putObject("afterTheLoad");
        if (notDrained) {
            after.put("drained", false);
        } else {
            after.put("drained", true).put("drainedAfterSeconds", 1.5);
        }
        ObjectNode total = after.putObject("audit");
        total.put("accepted", 450_000).put("published", 450_000 - dropped).put("spooled", 160_000).put("replayed", 160_000)
                .put("dropped", dropped);
        total.putObject("droppedByReason").put("buffer_full", 0).put("spool_dropped_oldest", dropped);
        total.put("spoolingAtEnd", notDrained).put("pendingAtEnd", notDrained ? 500 : 0).put("bufferedAtEnd", 0)
                .put("acceptingAtEnd", true);
        return run;
    }

    private static void window(ObjectNode window, double seconds, long p99) {
        window.put("seconds", seconds).put("targetRate", 2000.0).put("achievedRate", 2000).put("requests", (long) (2000 * seconds))
                .put("errors", 0).put("non2xx", 0).put("p50Micros", 1_000).put("p90Micros", 2_000).put("p99Micros", p99)
                .put("p999Micros", 2 * p99).put("maxMicros", 3 * p99);
    }
}
