package io.keytrail.gateway.config;

/**
 * Passive health checks (section {@code upstreams.passive}): a target of an API with several
 * targets that fails {@code maxFailures} connection attempts in a row (refused, unreachable, or not
 * established within {@code timeouts.connect-ms}) gets no requests for {@code ejectionMs}; then it
 * is tried again, and one more failure takes it out again, one success clears its count. Error
 * statuses and slow answers do not count. As in nginx, an API's only target is never taken out
 * this way: there would be nothing to send its requests to instead.
 *
 * @param maxFailures 0 turns passive checks off
 */
public record PassiveHealthSettings(Integer maxFailures, Integer ejectionMs) {
    public static final int DEFAULT_MAX_FAILURES = 3;
    public static final int DEFAULT_EJECTION_MS = 10_000;

    public PassiveHealthSettings {
        maxFailures = Checks.between("max-failures", maxFailures, DEFAULT_MAX_FAILURES, 0, 1_000);
        ejectionMs = Checks.between("ejection-ms", ejectionMs, DEFAULT_EJECTION_MS, 100, 3_600_000);
    }

    public static PassiveHealthSettings defaults() {
        return new PassiveHealthSettings(null, null);
    }

    public boolean enabled() {
        return maxFailures > 0;
    }
}
