package io.keytrail.streams;

import static io.keytrail.events.AuthEventType.AUTH_FAILURE;
import static io.keytrail.events.AuthEventType.AUTH_SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keytrail.events.AuthEvent;
import io.keytrail.events.FailureReason;
import io.keytrail.events.LastSeen;
import io.keytrail.events.UsageWindow;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;
import org.apache.datasketches.kll.KllLongsSketch;
import org.apache.datasketches.memory.Memory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The usage aggregates beyond plain counts: breakdowns, sketches, windows of every size, per key, last seen. */
class AnalyticsTopologyTest {
    private static final Instant T10 = Instant.parse("2026-03-02T10:00:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration DAY = Duration.ofDays(1);

    @TempDir
    Path stateDir;
    private TopologyFixture t;

    @BeforeEach
    void start() {
        t = new TopologyFixture(stateDir, T10.plus(Duration.ofHours(2)));
    }

    @AfterEach
    void stop() {
        t.close();
    }

    @Test
    void breaksRequestsDownByReasonStatusClassApiAndEndpoint() {
        t.send(ev(AUTH_SUCCESS, "dev-a", "k1", T10.plusSeconds(1), null, 200, "orders", "/orders", "GET", 900, "10.0.0.1"));
        t.send(ev(AUTH_SUCCESS, "dev-a", "k1", T10.plusSeconds(2), null, 503, "orders", "/orders", "GET", 1500, "10.0.0.1"));
        t.send(ev(AUTH_SUCCESS, "dev-a", "k1", T10.plusSeconds(3), null, 201, "orders", "/orders", "POST", 2000, "10.0.0.2"));
        t.send(ev(AUTH_FAILURE, "dev-a", "k1", T10.plusSeconds(4), FailureReason.REVOKED_KEY, 401, "catalog", "/items", "GET", 80, "10.0.0.3"));
        t.send(ev(AUTH_FAILURE, "dev-a", "k1", T10.plusSeconds(5), FailureReason.RATE_LIMITED, 429, "orders", "/orders", "GET", 50, "10.0.0.3"));

        UsageWindow w = t.usage.readKeyValuesToMap().get(UsageWindow.key("dev-a", T10, MINUTE));
        assertEquals(3, w.success());
        assertEquals(2, w.failure());
        assertEquals(Map.of(FailureReason.REVOKED_KEY, 1L, FailureReason.RATE_LIMITED, 1L), w.failures());
        assertEquals(Map.of("2xx", 2L, "4xx", 2L, "5xx", 1L), w.statusClasses());
        assertEquals(List.of(new UsageWindow.ApiCount("orders", "/orders", 3, 1),
                new UsageWindow.ApiCount("catalog", "/items", 0, 1)), w.apis());
        assertEquals(List.of(new UsageWindow.EndpointCount("GET", "orders", "/orders", 3),
                new UsageWindow.EndpointCount("GET", "catalog", "/items", 1),
                new UsageWindow.EndpointCount("POST", "orders", "/orders", 1)), w.topEndpoints());
        assertEquals(T10.plusSeconds(1), w.firstEventTime());
        assertEquals(T10.plusSeconds(5), w.lastEventTime());
        assertEquals(900, w.latency().p50Micros());
        assertEquals(2000, w.latency().p99Micros());
        assertEquals(2000, w.latency().maxMicros());
        assertEquals(3, w.clientIps().estimate());
        assertNull(w.keyId(), "developer windows name no key");
    }

    @Test
    void countsEveryEventInItsMinuteHourAndDay() {
        t.send(ev(AUTH_SUCCESS, "dev-a", "k1", T10.plusSeconds(10), null, 200, "orders", "/o", "GET", 100, "10.0.0.1"));
        t.send(ev(AUTH_SUCCESS, "dev-a", "k1", T10.plus(Duration.ofMinutes(30)), null, 200, "orders", "/o", "GET", 100, "10.0.0.1"));
        t.send(ev(AUTH_FAILURE, "dev-a", "k1", T10.plus(Duration.ofMinutes(70)), FailureReason.EXPIRED_KEY, 401, "orders", "/o", "GET", 100, "10.0.0.1"));

        Map<String, UsageWindow> latest = t.usage.readKeyValuesToMap();
        assertEquals(1, latest.get(UsageWindow.key("dev-a", T10, MINUTE)).success());
        assertEquals(1, latest.get(UsageWindow.key("dev-a", T10.plus(Duration.ofMinutes(30)), MINUTE)).success());
        assertEquals(2, latest.get(UsageWindow.key("dev-a", T10, HOUR)).success());
        assertEquals(1, latest.get(UsageWindow.key("dev-a", T10.plus(HOUR), HOUR)).failure());
        UsageWindow day = latest.get(UsageWindow.key("dev-a", Instant.parse("2026-03-02T00:00:00Z"), DAY));
        assertEquals(2, day.success());
        assertEquals(1, day.failure());
        assertEquals(Instant.parse("2026-03-03T00:00:00Z"), day.windowEnd());
        assertEquals(6, latest.size(), latest.keySet().toString());
    }

    @Test
    void minuteSketchesMergeIntoTheHoursAnswer() {
        Random random = new Random(7);
        // In time order, so no minute closes before its events arrive.
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            times.add(T10.plusMillis(random.nextInt(3_600_000)));
        }
        times.sort(null);
        for (Instant time : times) {
            t.send(ev(AUTH_SUCCESS, "dev-a", "k1", time, null, 200, "orders", "/o", "GET",
                    100 + random.nextInt(50_000), "10.0." + random.nextInt(8) + "." + random.nextInt(250)));
        }
        Map<String, UsageWindow> latest = t.usage.readKeyValuesToMap();
        UsageWindow hour = latest.get(UsageWindow.key("dev-a", T10, HOUR));
        KllLongsSketch latency = KllLongsSketch.newHeapInstance(UsageWindow.LatencySummary.SKETCH_K);
        Union ips = new Union(UsageWindow.DistinctCount.SKETCH_LG_K);
        long successes = 0;
        for (UsageWindow w : latest.values()) {
            if (w.size().equals(MINUTE)) {
                successes += w.success();
                latency.merge(KllLongsSketch.heapify(Memory.wrap(w.latency().sketch())));
                ips.update(HllSketch.heapify(w.clientIps().sketch()));
            }
        }
        assertEquals(3000, hour.success());
        assertEquals(hour.success(), successes, "exact counts add up");
        KllLongsSketch hourLatency = KllLongsSketch.heapify(Memory.wrap(hour.latency().sketch()));
        for (double q : new double[] {0.5, 0.95, 0.99}) {
            double merged = latency.getQuantile(q);
            double direct = hourLatency.getQuantile(q);
            assertTrue(Math.abs(merged - direct) / direct < 0.05, q + ": merged " + merged + " vs hour " + direct);
        }
        double direct = HllSketch.heapify(hour.clientIps().sketch()).getEstimate();
        assertTrue(Math.abs(ips.getResult(TgtHllType.HLL_8).getEstimate() - direct) / direct < 0.03,
                "merged distinct IPs match the hour's");
    }

    @Test
    void keyWindowsCarryTheKeyAndItsProject() {
        t.send(ev(AUTH_SUCCESS, "dev-a", "k1", T10.plusSeconds(1), null, 200, "orders", "/o", "GET", 100, "10.0.0.1"));
        t.send(ev(AUTH_SUCCESS, "dev-a", "k2", T10.plusSeconds(2), null, 200, "orders", "/o", "GET", 100, "10.0.0.1"));
        t.send(ev(AUTH_SUCCESS, "dev-a", "k1", T10.plusSeconds(3), null, 200, "orders", "/o", "GET", 100, "10.0.0.1"));

        Map<String, UsageWindow> keys = t.keyUsage.readKeyValuesToMap();
        UsageWindow k1 = keys.get(UsageWindow.key("k1", T10, MINUTE));
        assertEquals(2, k1.success());
        assertEquals("k1", k1.keyId());
        assertEquals("proj-1", k1.projectId());
        assertEquals("dev-a", k1.developerId());
        assertEquals(1, keys.get(UsageWindow.key("k2", T10, MINUTE)).success());
        assertEquals(3, t.usage.readKeyValuesToMap().get(UsageWindow.key("dev-a", T10, MINUTE)).success());
    }

    @Test
    void tracksFirstAndLastSeenPerKeyAndDeveloperInEventTime() {
        t.send(ev(AUTH_SUCCESS, "dev-a", "k1", T10.plusSeconds(30), null, 200, "orders", "/o", "GET", 100, "10.0.0.1"));
        t.send(ev(AUTH_SUCCESS, "dev-a", "k1", T10.plusSeconds(10), null, 200, "orders", "/o", "GET", 100, "10.0.0.1"));
        t.send(ev(AUTH_FAILURE, "dev-a", "k1", T10.plusSeconds(50), FailureReason.REVOKED_KEY, 401, "orders", "/o", "GET", 100, "10.0.0.1"));

        Map<String, LastSeen> seen = t.lastSeen.readKeyValuesToMap();
        LastSeen key = seen.get("key:k1");
        assertEquals(new LastSeen(1, LastSeen.SubjectType.KEY, "k1", "dev-a", "proj-1", T10.plusSeconds(10),
                T10.plusSeconds(50), T10.plusSeconds(30)), key);
        LastSeen developer = seen.get("developer:dev-a");
        assertEquals(T10.plusSeconds(10), developer.firstSeen());
        assertEquals(T10.plusSeconds(50), developer.lastSeen());
        assertNull(developer.projectId(), "a developer may work in several projects");
    }

    @Test
    void boundsTheApiTableAgainstInventedRoutes() {
        List<AuthEvent> events = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            events.add(ev(AUTH_SUCCESS, "dev-a", "k1", T10.plusMillis(i), null, 200, "api", "/r" + i, "GET", 100, "10.0.0.1"));
        }
        events.forEach(t::send);
        UsageWindow w = t.usage.readKeyValuesToMap().get(UsageWindow.key("dev-a", T10, MINUTE));
        assertEquals(UsageStats.MAX_APIS, w.apis().size());
        assertEquals(150, w.apis().stream().mapToLong(a -> a.success() + a.failure()).sum(), "nothing lost, the rest is (other)");
        assertEquals(51, w.apis().get(0).success());
        assertEquals(UsageStats.OTHER, w.apis().get(0).apiId());
        assertEquals(UsageStats.TOP_ENDPOINTS, w.topEndpoints().size());
    }

    private static AuthEvent ev(io.keytrail.events.AuthEventType type, String dev, String key, Instant time,
                                FailureReason reason, int status, String api, String route, String method, long micros,
                                String ip) {
        return AuthEvents.event(type, dev, key, time, reason, status, api, route, method, micros, ip);
    }
}
