package io.keytrail.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One authentication decision of the gateway, published to {@code auth-success} or
 * {@code auth-failure}. Never carries a raw key or token: only the key id and a short hint.
 *
 * @param schemaVersion version of this JSON form; consumers reject versions they do not know
 * @param eventId       time-ordered unique id (UUIDv7), the deduplication key for consumers
 * @param reason        why the decision failed; {@code null} for successes
 */
public record AuthEvent(
        int schemaVersion,
        String eventId,
        AuthEventType type,
        Instant time,
        String requestId,
        String gatewayNode,
        String apiId,
        String route,
        String method,
        String path,
        int status,
        Latency latency,
        Client client,
        Credential credential,
        String developerId,
        String projectId,
        FailureReason reason) {

    public static final int SCHEMA_VERSION = 1;

    public AuthEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        if (type == AuthEventType.AUTH_FAILURE && reason == null) {
            throw new IllegalArgumentException("a failure needs a reason");
        }
        if (type == AuthEventType.AUTH_SUCCESS && reason != null) {
            throw new IllegalArgumentException("a success has no failure reason");
        }
    }

    /** The record key on the audit topics: the developer when the key resolved, else the client IP. */
    public String partitionKey() {
        if (developerId != null) {
            return developerId;
        }
        return client == null ? null : client.ip();
    }

    public boolean success() {
        return type == AuthEventType.AUTH_SUCCESS;
    }

    /** Time spent in the gateway as a whole and, when the request was proxied, upstream. */
    public record Latency(long totalMicros, Long upstreamMicros) {
    }

    /** The client as the gateway saw it, after trusted-proxy resolution. */
    public record Client(String ip, String userAgent) {
    }

    /**
     * The credential the request presented, described without its secret.
     *
     * @param keyId    the resolved key's id, {@code null} when the key is unknown
     * @param keyHint  the first characters of the presented key, for tracing unknown keys
     * @param location where the key was found
     * @param methods  the authentication methods the request used
     */
    public record Credential(String keyId, String keyHint, CredentialLocation location, List<AuthMethod> methods) {
        public Credential {
            methods = methods == null ? List.of() : List.copyOf(methods);
        }
    }
}
