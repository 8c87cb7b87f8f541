package io.keytrail.gateway.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Every error the gateway itself answers with. The bodies are rendered once, here, so no handler
 * builds JSON and no client ever sees a stack trace.
 */
public enum GatewayError {
    /** The seed policy's answer to a missing or invalid key, byte for byte. */
    INVALID_CREDENTIALS(401, "Invalid authentication credentials"),
    /** The jwt policy's answer to a request without a token: the seed body, a Bearer challenge. */
    MISSING_TOKEN(401, "Invalid authentication credentials"),
    /** The jwt policy's answer to a token it refuses: the seed body, a Bearer {@code invalid_token} challenge. */
    INVALID_TOKEN(401, "Invalid authentication credentials"),
    /** A valid key limited to other APIs than the one called. */
    FORBIDDEN_API(403, "The key may not call this API"),
    ROUTE_NOT_FOUND(404, "No API matches this path"),
    /** The key's rate limit on this node; sent with {@code Retry-After}. */
    RATE_LIMITED(429, "API rate limit exceeded"),
    /** The key's quota for the calendar period on this node; sent with {@code Retry-After}. */
    QUOTA_EXCEEDED(429, "API quota exceeded"),
    /** The client address failed authentication too often; sent with {@code Retry-After}. */
    TOO_MANY_FAILED_ATTEMPTS(429, "Too many failed authentication attempts"),
    MALFORMED_REQUEST(400, "Malformed request"),
    /** A body over {@code server.max-body-bytes}. */
    REQUEST_BODY_TOO_LARGE(413, "Request body too large"),
    /** A request line and headers over {@code server.max-header-bytes}. */
    REQUEST_HEADERS_TOO_LARGE(431, "Request header fields too large"),
    UPSTREAM_UNAVAILABLE(502, "The upstream API is unavailable"),
    UPSTREAM_TIMEOUT(504, "The upstream API did not answer in time"),
    /** The audit trail cannot keep events (spool full under the {@code reject} policy). */
    AUDIT_UNAVAILABLE(503, "The audit trail is unavailable; request refused"),
    INTERNAL(500, "Internal gateway error");

    private final int status;
    private final String message;
    private final byte[] body;

    GatewayError(int status, String message) {
        this.status = status;
        this.message = message;
        // Messages are constants without characters that need escaping.
        this.body = ("{\"message\":\"" + message + "\",\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
    }

    public int status() {
        return status;
    }

    public String message() {
        return message;
    }

    /** A fresh read-only view of the pre-rendered body. */
    public ByteBuffer body() {
        return ByteBuffer.wrap(body).asReadOnlyBuffer();
    }

    /** The error to render for a status some other component set without a body. */
    public static GatewayError forStatus(int status) {
        return switch (status) {
            case 400 -> MALFORMED_REQUEST;
            case 401 -> INVALID_CREDENTIALS;
            case 403 -> FORBIDDEN_API;
            case 404 -> ROUTE_NOT_FOUND;
            case 413 -> REQUEST_BODY_TOO_LARGE;
            case 431 -> REQUEST_HEADERS_TOO_LARGE;
            case 429 -> RATE_LIMITED;
            case 502, 503 -> UPSTREAM_UNAVAILABLE;
            case 504 -> UPSTREAM_TIMEOUT;
            default -> INTERNAL;
        };
    }
}
