package io.keytrail.gateway.config;

/**
 * The per-client limit on failed authentication (section {@code failed-auth-protection}).
 *
 * @param enabled           whether the limit applies at all
 * @param maxFailures       failed key-auth decisions a client address may have within a window
 * @param windowSeconds     the window, opened by an address's first failure
 * @param blockSeconds      how long an address that reached {@code maxFailures} is refused 429
 * @param maxTrackedClients addresses tracked at once; memory is allocated for this many up front
 */
public record FailedAuthProtectionSettings(Boolean enabled, Integer maxFailures, Integer windowSeconds,
        Integer blockSeconds, Integer maxTrackedClients) {
    public static final int DEFAULT_MAX_FAILURES = 20;
    public static final int DEFAULT_WINDOW_SECONDS = 60;
    public static final int DEFAULT_BLOCK_SECONDS = 60;
    public static final int DEFAULT_MAX_TRACKED_CLIENTS = 100_000;

    public FailedAuthProtectionSettings {
        enabled = enabled == null ? Boolean.TRUE : enabled;
        maxFailures = between("max-failures", maxFailures, DEFAULT_MAX_FAILURES, 1, 1_000_000);
        windowSeconds = between("window-seconds", windowSeconds, DEFAULT_WINDOW_SECONDS, 1, 86_400);
        blockSeconds = between("block-seconds", blockSeconds, DEFAULT_BLOCK_SECONDS, 1, 86_400);
        maxTrackedClients = between("max-tracked-clients", maxTrackedClients, DEFAULT_MAX_TRACKED_CLIENTS, 16, 10_000_000);
    }

    /** All defaults. */
    public static FailedAuthProtectionSettings defaults() {
        return new FailedAuthProtectionSettings(null, null, null, null, null);
    }

    private static int between(String field, Integer value, int fallback, int min, int max) {
        int actual = value == null ? fallback : value;
        if (actual < min || actual > max) {
            throw new ConfigException(field, "must be between " + min + " and " + max + ", got " + actual);
        }
        return actual;
    }
}
