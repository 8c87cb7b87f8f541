package io.keytrail.reporting.support;

import io.keytrail.events.Alert;
import io.keytrail.events.AuthEvent;
import io.keytrail.events.AuthEventType;
import io.keytrail.events.AuthMethod;
import io.keytrail.events.CredentialLocation;
import io.keytrail.events.FailureReason;
import io.keytrail.events.KeyLifecycleEvent;
import io.keytrail.events.LastSeen;
import io.keytrail.events.UsageWindow;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.kll.KllLongsSketch;

/** Realistic records of every ingested topic, as the gateway and audit-streams publish them. */
public final class Events {
    private Events() {
    }

    public static AuthEvent success(String eventId, String developer, Instant time) {
        return new AuthEvent(AuthEvent.SCHEMA_VERSION, eventId, AuthEventType.AUTH_SUCCESS, time, "req-" + eventId,
                "gw-1", "orders", "/orders/{id}", "GET", "/orders/42", 200, new AuthEvent.Latency(1200, 900L),
                new AuthEvent.Client("203.0.113.7", "curl/8.5"), new AuthEvent.Credential("k_" + developer, "AbCd",
                CredentialLocation.HEADER, List.of(AuthMethod.KEY, AuthMethod.JWT)), developer, "p_shop", null);
    }

    public static AuthEvent failure(String eventId, String clientIp, Instant time) {
        return new AuthEvent(AuthEvent.SCHEMA_VERSION, eventId, AuthEventType.AUTH_FAILURE, time, "req-" + eventId,
                "gw-1", "orders", "/orders/{id}", "GET", "/orders/42", 401, new AuthEvent.Latency(300, null),
                new AuthEvent.Client(clientIp, "curl/8.5"), new AuthEvent.Credential(null, "ZzZz",
                CredentialLocation.HEADER, List.of(AuthMethod.KEY)), null, null, FailureReason.UNKNOWN_KEY);
    }

    public static KeyLifecycleEvent keyEvent(String eventId, KeyLifecycleEvent.Type type, String keyId, Instant time) {
        return new KeyLifecycleEvent(KeyLifecycleEvent.SCHEMA_VERSION, eventId, type, time, keyId, "p_shop", "alice",
                "admin", type == KeyLifecycleEvent.Type.UPDATED ? List.of("description", "expiresAt") : List.of(),
                type == KeyLifecycleEvent.Type.ROTATED ? "k_new" : null);
    }

    /** A full window with sketches over {@code latencies} and {@code ips}. */
    public static UsageWindow window(String developer, String keyId, Instant start, Duration size, long success,
                                     long failure) {
        KllLongsSketch latency = KllLongsSketch.newHeapInstance(UsageWindow.LatencySummary.SKETCH_K);
        HllSketch ips = new HllSketch(UsageWindow.DistinctCount.SKETCH_LG_K, TgtHllType.HLL_8);
        for (long i = 0; i < success + failure; i++) {
            latency.update(1000 + i * 10);
            ips.update("10.0.0." + (i % 7));
        }
        return new UsageWindow(UsageWindow.SCHEMA_VERSION, developer, start, start.plus(size), success, failure,
                start.plusSeconds(1), keyId, keyId == null ? null : "p_shop", start,
                failure == 0 ? Map.of() : Map.of(FailureReason.REVOKED_KEY, failure),
                Map.of("2xx", success, "4xx", failure),
                List.of(new UsageWindow.ApiCount("orders", "/orders/{id}", success, failure)),
                List.of(new UsageWindow.EndpointCount("GET", "orders", "/orders/{id}", success + failure)),
                new UsageWindow.LatencySummary(latency.getQuantile(0.5), latency.getQuantile(0.95),
                        latency.getQuantile(0.99), latency.getMaxItem(), latency.toByteArray()),
                new UsageWindow.DistinctCount(Math.round(ips.getEstimate()), ips.toCompactByteArray()));
    }

    public static LastSeen lastSeen(String keyId, Instant first, Instant last, Instant lastSuccess) {
        return new LastSeen(LastSeen.SCHEMA_VERSION, LastSeen.SubjectType.KEY, keyId, "alice", "p_shop", first, last,
                lastSuccess);
    }

    public static Alert alert(String clientIp, Instant windowStart, long observed) {
        return new Alert(Alert.SCHEMA_VERSION, Alert.id(Alert.Type.FAILURE_BURST_IP, clientIp, windowStart),
                Alert.Type.FAILURE_BURST_IP, Alert.SubjectType.CLIENT_IP, clientIp, windowStart,
                windowStart.plusSeconds(60), observed, 20, windowStart.plusSeconds(30), null, null, null);
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
