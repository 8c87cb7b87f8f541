package io.keytrail.streams;

import static io.keytrail.events.AuthEventType.AUTH_FAILURE;
import static io.keytrail.events.AuthEventType.AUTH_SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keytrail.events.Alert;
import io.keytrail.events.AuthEvent;
import io.keytrail.events.FailureReason;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alerts fire once per subject and window, exactly when a count reaches its configured threshold. */
class AlertsTopologyTest {
    private static final Instant T10 = Instant.parse("2026-03-02T10:00:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @TempDir
    Path stateDir;
    private TopologyFixture t;

    @BeforeEach
    void start() {
        // Small thresholds so each test reads as its rule: 3 failures per IP, 2 per key, 3 IPs per key.
        t = new TopologyFixture(stateDir, T10.plus(Duration.ofHours(2)), WindowSettings.DEFAULTS, InputSettings.DEFAULTS,
                new AlertSettings(3, 2, MINUTE, Duration.ofHours(1), 3, Duration.ofHours(1)));
    }

    @AfterEach
    void stop() {
        t.close();
    }

    @Test
    void failureBurstFromOneIpFiresOnceAtTheThreshold() {
        for (int i = 0; i < 6; i++) {
            t.send(unknownKey("198.51.100.7", T10.plusSeconds(i)));
        }
        t.send(unknownKey("198.51.100.8", T10.plusSeconds(7)));

        List<Alert> alerts = t.alerts.readValuesToList();
        assertEquals(1, alerts.size(), alerts.toString());
        Alert alert = alerts.get(0);
        assertEquals(Alert.Type.FAILURE_BURST_IP, alert.type());
        assertEquals("198.51.100.7", alert.subject());
        assertEquals(3, alert.observed());
        assertEquals(3, alert.threshold());
        assertEquals(T10.plusSeconds(2), alert.time());
        assertEquals(T10, alert.windowStart());
        assertEquals(Alert.id(Alert.Type.FAILURE_BURST_IP, "198.51.100.7", T10), alert.alertId());
    }

    @Test
    void theBurstCountRestartsInTheNextWindow() {
        t.send(unknownKey("198.51.100.7", T10.plusSeconds(58)));
        t.send(unknownKey("198.51.100.7", T10.plusSeconds(59)));
        t.send(unknownKey("198.51.100.7", T10.plusSeconds(60)));
        assertTrue(t.alerts.isEmpty(), "two in one minute, one in the next: below 3 in both");
        t.send(unknownKey("198.51.100.7", T10.plusSeconds(61)));
        t.send(unknownKey("198.51.100.7", T10.plusSeconds(62)));
        Alert alert = t.alerts.readValue();
        assertEquals(T10.plus(MINUTE), alert.windowStart());
    }

    @Test
    void anOutOfOrderFailureWithinGraceCountsInItsWindow() {
        t.send(unknownKey("198.51.100.7", T10.plusSeconds(10)));
        t.send(unknownKey("198.51.100.7", T10.plusSeconds(70)));
        t.send(unknownKey("198.51.100.7", T10.plusSeconds(20)));
        assertTrue(t.alerts.isEmpty());
        t.send(unknownKey("198.51.100.7", T10.plusSeconds(30)));
        assertEquals(T10, t.alerts.readValue().windowStart());
    }

    /**
     * Hours late, far beyond the usage windows' grace, a failure still counts towards its IP's
     * burst: while a backlog is caught up the IP rule's input jumps back by as much as the auth
     * topics' partitions drift apart, and an alert raised late beats none.
     */
    @Test
    void aFailureHoursLateStillCompletesItsIpBurst() {
        t.send(unknownKey("198.51.100.7", T10.plusSeconds(1)));
        t.send(unknownKey("198.51.100.7", T10.plusSeconds(2)));
        t.send(unknownKey("198.51.100.9", T10.plus(Duration.ofHours(2))));
        assertTrue(t.alerts.isEmpty());
        t.send(unknownKey("198.51.100.7", T10.plusSeconds(3)));
        Alert alert = t.alerts.readValue();
        assertEquals("198.51.100.7", alert.subject());
        assertEquals(T10, alert.windowStart());
        assertEquals(T10.plusSeconds(3), alert.time());
    }

    @Test
    void aFailureLaterThanIpLateIsDropped(@TempDir Path otherStateDir) {
        try (TopologyFixture strict = new TopologyFixture(otherStateDir, T10.plus(Duration.ofHours(2)),
                WindowSettings.DEFAULTS, InputSettings.DEFAULTS,
                new AlertSettings(3, 2, MINUTE, Duration.ofHours(1), 3, Duration.ofHours(1), Duration.ofHours(1)))) {
            strict.send(unknownKey("198.51.100.7", T10.plusSeconds(1)));
            strict.send(unknownKey("198.51.100.7", T10.plusSeconds(2)));
            strict.send(unknownKey("198.51.100.9", T10.plus(Duration.ofHours(2))));
            strict.send(unknownKey("198.51.100.7", T10.plusSeconds(3)));
            assertTrue(strict.alerts.isEmpty(), "two hours late with one hour allowed: dropped");
        }
    }

    @Test
    void failureBurstWithOneKey() {
        // From two IPs, so neither IP reaches its own threshold of 3.
        t.send(ev(AUTH_FAILURE, "k1", FailureReason.FORBIDDEN_API, T10.plusSeconds(1), "10.0.0.1"));
        t.send(ev(AUTH_SUCCESS, "k1", null, T10.plusSeconds(2), "10.0.0.1"));
        t.send(ev(AUTH_FAILURE, "k1", FailureReason.RATE_LIMITED, T10.plusSeconds(3), "10.0.0.2"));
        t.send(ev(AUTH_FAILURE, "k1", FailureReason.RATE_LIMITED, T10.plusSeconds(4), "10.0.0.2"));

        List<Alert> alerts = t.alerts.readValuesToList();
        assertEquals(1, alerts.size(), alerts.toString());
        assertEquals(Alert.Type.FAILURE_BURST_KEY, alerts.get(0).type());
        assertEquals(Alert.SubjectType.KEY, alerts.get(0).subjectType());
        assertEquals("k1", alerts.get(0).subject());
        assertEquals("dev-a", alerts.get(0).developerId());
        assertEquals("proj-1", alerts.get(0).projectId());
        assertEquals(T10.plusSeconds(3), alerts.get(0).time());
    }

    @Test
    void aRevokedOrExpiredKeyBeingTriedFiresOncePerKeyAndWindow() {
        t.send(ev(AUTH_FAILURE, "k1", FailureReason.REVOKED_KEY, T10.plusSeconds(1), "10.0.0.1"));
        List<Alert> alerts = t.alerts.readValuesToList();
        assertEquals(1, alerts.size(), alerts.toString());
        assertEquals(Alert.Type.DEAD_KEY_USED, alerts.get(0).type());
        assertEquals(FailureReason.REVOKED_KEY, alerts.get(0).reason());
        assertEquals(T10.plus(Duration.ofHours(1)), alerts.get(0).windowEnd());

        t.send(ev(AUTH_FAILURE, "k2", FailureReason.EXPIRED_KEY, T10.plusSeconds(30), "10.0.0.9"));
        t.send(ev(AUTH_FAILURE, "k2", FailureReason.EXPIRED_KEY, T10.plusSeconds(50), "10.0.0.9"));
        alerts = t.alerts.readValuesToList();
        // k2: the dead-key alert once; its second failure also makes a key failure burst of 2.
        assertEquals(List.of(Alert.Type.DEAD_KEY_USED, Alert.Type.FAILURE_BURST_KEY), alerts.stream().map(Alert::type).toList());
        assertEquals(FailureReason.EXPIRED_KEY, alerts.get(0).reason());
    }

    @Test
    void oneKeyFromManyIpsFiresWhenTheDistinctCountReachesTheThreshold() {
        t.send(ev(AUTH_SUCCESS, "k1", null, T10.plusSeconds(1), "10.0.0.1"));
        t.send(ev(AUTH_SUCCESS, "k1", null, T10.plusSeconds(2), "10.0.0.1"));
        t.send(ev(AUTH_SUCCESS, "k1", null, T10.plusSeconds(3), "10.0.0.2"));
        t.send(ev(AUTH_SUCCESS, "k2", null, T10.plusSeconds(4), "10.0.0.3"));
        assertTrue(t.alerts.isEmpty());
        t.send(ev(AUTH_SUCCESS, "k1", null, T10.plus(Duration.ofMinutes(20)), "10.0.0.3"));
        t.send(ev(AUTH_SUCCESS, "k1", null, T10.plus(Duration.ofMinutes(21)), "10.0.0.4"));
        t.send(ev(AUTH_SUCCESS, "k1", null, T10.plus(Duration.ofMinutes(22)), "10.0.0.5"));

        List<Alert> alerts = t.alerts.readValuesToList();
        assertEquals(1, alerts.size(), alerts.toString());
        assertEquals(Alert.Type.KEY_MANY_IPS, alerts.get(0).type());
        assertEquals("k1", alerts.get(0).subject());
        assertEquals(3, alerts.get(0).observed());
        assertEquals(T10.plus(Duration.ofMinutes(20)), alerts.get(0).time());
    }

    @Test
    void alertsAreKeyedBySubject() {
        for (int i = 0; i < 3; i++) {
            t.send(unknownKey("198.51.100.7", T10.plusSeconds(i)));
        }
        assertEquals("198.51.100.7", t.alerts.readKeyValue().key);
    }

    private static AuthEvent unknownKey(String ip, Instant time) {
        return AuthEvents.event(AUTH_FAILURE, null, null, time, FailureReason.UNKNOWN_KEY, 401, "orders", "/o", "GET", 90, ip);
    }

    private static AuthEvent ev(io.keytrail.events.AuthEventType type, String key, FailureReason reason, Instant time,
                                String ip) {
        return AuthEvents.event(type, "dev-a", key, time, reason, type == AUTH_SUCCESS ? 200 : 401, "orders", "/o", "GET",
                100, ip);
    }
}
