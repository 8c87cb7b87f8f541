package io.keytrail.bench.outage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditMetricsTest {

    /** As the gateway's /metrics writes it (Micrometer's Prometheus registry), other meters around. */
    static String scrape(long accepted, long spooled, long replayed, int spooling, long pending, long droppedOldest) {
        return """
                # HELP jvm_threads_live_threads The current number of live threads
                # TYPE jvm_threads_live_threads gauge
                jvm_threads_live_threads 31.0
                # HELP keytrail_audit_accepting 0 while the gateway refuses requests it could not audit
                # TYPE keytrail_audit_accepting gauge
                keytrail_audit_accepting 1.0
                keytrail_audit_buffer_depth 3.0
                # TYPE keytrail_audit_events_accepted counter
                keytrail_audit_events_accepted_total %d.0
                keytrail_audit_events_dropped_total{reason="broker_rejected"} 0.0
                keytrail_audit_events_dropped_total{reason="buffer_full"} 0.0
                keytrail_audit_events_dropped_total{reason="spool_dropped_oldest"} %d.0
                keytrail_audit_events_dropped_total{reason="spool_error"} 0.0
                keytrail_audit_events_dropped_total{reason="spool_full"} 0.0
                keytrail_audit_events_published_total %d.0
                keytrail_audit_events_replayed_total %d.0
                keytrail_audit_events_spooled_total %d.0
                keytrail_audit_publish_latency_seconds_bucket{le="0.001"} 12.0
                keytrail_audit_spool_bytes 1024.0
                keytrail_audit_spool_pending %d.0
                keytrail_audit_spooling %d.0
                """.formatted(accepted, droppedOldest, accepted - pending, replayed, spooled, pending, spooling);
    }

    @Test
    void readsTheAuditMetersAndIgnoresTheRest() {
        AuditMetrics metrics = AuditMetrics.parse(scrape(1_234_567, 50_000, 40_000, 1, 10_000, 0));
        assertEquals(1_234_567, metrics.accepted());
        assertEquals(1_224_567, metrics.published());
        assertEquals(50_000, metrics.spooled());
        assertEquals(40_000, metrics.replayed());
        assertEquals(10_000, metrics.pending());
        assertEquals(3, metrics.buffered());
        assertTrue(metrics.spooling());
        assertTrue(metrics.accepting());
        assertEquals(5, metrics.dropped().size());
        assertEquals(0, metrics.droppedTotal());
    }

    @Test
    void sinceGivesTheCountersGrowthAndTheGaugesAtTheEnd() {
        AuditMetrics before = AuditMetrics.parse(scrape(1_000, 0, 0, 0, 0, 0));
        AuditMetrics after = AuditMetrics.parse(scrape(3_000, 1_500, 1_500, 0, 0, 7));
        Map<String, Object> delta = after.since(before);
        assertEquals(2_000L, delta.get("accepted"));
        assertEquals(1_500L, delta.get("spooled"));
        assertEquals(1_500L, delta.get("replayed"));
        assertEquals(7L, delta.get("dropped"));
        assertEquals(7L, ((Map<?, ?>) delta.get("droppedByReason")).get("spool_dropped_oldest"));
        assertEquals(false, delta.get("spoolingAtEnd"));
        assertEquals(0L, delta.get("pendingAtEnd"));
    }

    @Test
    void aGatewayWithoutTheSpoolMetersIsAnError() {
        String withoutSpooling = scrape(1, 0, 0, 0, 0, 0).replace("keytrail_audit_spooling 0.0", "");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> AuditMetrics.parse(withoutSpooling));
        assertTrue(e.getMessage().contains("keytrail_audit_spooling"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> AuditMetrics.parse("jvm_threads_live_threads 31.0\n"));
    }

    @Test
    void drainedIsTheFirstScrapeOfThePhaseWithNothingSpoolingOrPending() {
        long s = 1_000_000_000L;
        List<AuditTimeline.Point> points = List.of(
                new AuditTimeline.Point(9 * s, AuditMetrics.parse(scrape(10, 0, 0, 0, 0, 0))),
                new AuditTimeline.Point(10 * s + s / 2, AuditMetrics.parse(scrape(20, 5, 0, 1, 5, 0))),
                new AuditTimeline.Point(11 * s, AuditMetrics.parse(scrape(30, 5, 3, 0, 2, 0))),
                new AuditTimeline.Point(13 * s + s / 4, AuditMetrics.parse(scrape(40, 5, 5, 0, 0, 0))));
        // Before the phase nothing was spooling either, but that scrape is not the phase's.
        assertEquals(13 * s + s / 4, AuditTimeline.whenDrained(points, 10 * s, 20 * s));
        assertNull(AuditTimeline.whenDrained(points, 10 * s, 13 * s), "not drained within the phase");
        // A backlog of 3 (replayed 0 at the start) is delivered by the scrape at 11 s, though 2 new events wait.
        assertEquals(11 * s, AuditTimeline.whenReplayed(points, 10 * s, 20 * s, 0, 3));
        assertNull(AuditTimeline.whenReplayed(points, 10 * s, 20 * s, 0, 6));
        List<List<Number>> rows = AuditTimeline.rows(points, 10 * s);
        assertEquals(List.of(-1.0, 0, 0L, 10L, 10L, 0L, 0L, 0L), rows.get(0));
        assertEquals(List.of(0.5, 1, 5L, 20L, 15L, 5L, 0L, 0L), rows.get(1));
        assertFalse(rows.isEmpty());
        String csv = AuditTimeline.csv(points, 10 * s);
        assertTrue(csv.startsWith("seconds,spooling,pending,accepted,published,spooled,replayed,dropped\n-1.0,0,0,10,10,0,0,0\n"),
                csv);
        assertEquals(5, csv.split("\n").length);
    }
}
