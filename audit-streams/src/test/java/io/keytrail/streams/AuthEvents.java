package io.keytrail.streams;

import io.keytrail.events.AuthEvent;
import io.keytrail.events.AuthEventType;
import io.keytrail.events.AuthMethod;
import io.keytrail.events.CredentialLocation;
import io.keytrail.events.EventIds;
import io.keytrail.events.FailureReason;
import java.time.Instant;
import java.util.List;

/** Realistic auth events for tests, varying only what the usage counts depend on. */
final class AuthEvents {
    private AuthEvents() {
    }

    static AuthEvent success(String developerId, Instant time) {
        return event(AuthEventType.AUTH_SUCCESS, developerId, time, null, 200);
    }

    /** A failure whose key resolved to a developer, for example a revoked key. */
    static AuthEvent failure(String developerId, Instant time) {
        return event(AuthEventType.AUTH_FAILURE, developerId, time, FailureReason.REVOKED_KEY, 401);
    }

    /** A failure whose key did not resolve: no developer, keyed by client IP on the topic. */
    static AuthEvent unknownKey(Instant time) {
        return event(AuthEventType.AUTH_FAILURE, null, time, FailureReason.UNKNOWN_KEY, 401);
    }

    /** An event with every field the aggregates read chosen by the test. */
    static AuthEvent event(AuthEventType type, String developerId, String keyId, Instant time, FailureReason reason,
                           int status, String apiId, String route, String method, long latencyMicros, String ip) {
        return new AuthEvent(AuthEvent.SCHEMA_VERSION, EventIds.next(), type, time, "req-" + System.nanoTime(),
                "gw-1", apiId, route, method, route + "/42", status, new AuthEvent.Latency(latencyMicros, null),
                new AuthEvent.Client(ip, "curl/8.5"),
                new AuthEvent.Credential(keyId, "AbCd", CredentialLocation.HEADER, List.of(AuthMethod.KEY)),
                developerId, developerId == null ? null : "proj-1", reason);
    }

    private static AuthEvent event(AuthEventType type, String developerId, Instant time, FailureReason reason, int status) {
        return new AuthEvent(AuthEvent.SCHEMA_VERSION, EventIds.next(), type, time, "req-" + System.nanoTime(),
                "gw-1", "orders", "/orders/**", "GET", "/orders/42", status,
                new AuthEvent.Latency(850, type == AuthEventType.AUTH_SUCCESS ? 600L : null),
                new AuthEvent.Client("203.0.113.7", "curl/8.5"),
                new AuthEvent.Credential(developerId == null ? null : "key-" + developerId, "AbCd",
                        CredentialLocation.HEADER, List.of(AuthMethod.KEY)),
                developerId, developerId == null ? null : "proj-1", reason);
    }
}
