package io.keytrail.gateway.config;

/**
 * How long the gateway waits on an API's upstream (section {@code timeouts} of an API).
 *
 * @param connectMs establishing a new connection to a target; then the next target is tried, and
 *                  without one the client gets 502. At most {@code requestMs}, which is also its
 *                  default when lower than 5000.
 * @param requestMs the whole exchange with the upstream, from handing the request on (including
 *                  time queued for a pooled connection) to the end of the response; without a
 *                  response by then the client gets 504, a response still streaming is cut off
 * @param idleMs    how long a pooled connection may sit unused before the gateway closes it; keep
 *                  it below the upstream's own keep-alive timeout
 */
public record TimeoutSettings(Integer connectMs, Integer requestMs, Integer idleMs) {
    public static final int DEFAULT_CONNECT_MS = 5_000;
    public static final int DEFAULT_REQUEST_MS = 30_000;
    public static final int DEFAULT_IDLE_MS = 60_000;

    public TimeoutSettings {
        requestMs = Checks.between("request-ms", requestMs, DEFAULT_REQUEST_MS, 10, 3_600_000);
        // A short request-ms alone must not clash with the default connect-ms.
        connectMs = Checks.between("connect-ms", connectMs, Math.min(DEFAULT_CONNECT_MS, requestMs), 10, 600_000);
        idleMs = Checks.between("idle-ms", idleMs, DEFAULT_IDLE_MS, 1_000, 3_600_000);
        if (connectMs > requestMs) {
            throw new ConfigException("connect-ms", "must not exceed request-ms (" + requestMs + "), got " + connectMs);
        }
    }

    public static TimeoutSettings defaults() {
        return new TimeoutSettings(null, null, null);
    }
}
