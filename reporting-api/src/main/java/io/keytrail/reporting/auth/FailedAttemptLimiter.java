package io.keytrail.reporting.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed authentications per client IP in fixed windows and blocks a client that reached
 * the limit until its window ends, so that a route taking API keys cannot be used to guess them.
 * In memory and per process: it slows guessing down, it does not replace the gateway's limiter.
 * The table is bounded; when it is full of live entries, new clients are blocked too (failing
 * closed), since a flood of addresses is itself an attack.
 */
public final class FailedAttemptLimiter {
    private final int maxFailures;
    private final Duration window;
    private final int maxClients;
    private final Clock clock;
    private final Map<String, Count> counts = new ConcurrentHashMap<>();

    private record Count(Instant windowEnd, int failures) {
    }

    public FailedAttemptLimiter(int maxFailures, Duration window, int maxClients, Clock clock) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be at least 1");
        }
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive");
        }
        if (maxClients < 1) {
            throw new IllegalArgumentException("maxClients must be at least 1");
        }
        this.maxFailures = maxFailures;
        this.window = window;
        this.maxClients = maxClients;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Whether the client has used up its failures for now; checked before any lookup work. */
    public boolean blocked(String client) {
        Instant now = clock.instant();
        Count count = counts.get(client);
        if (count == null) {
            return counts.size() >= maxClients && !prune(now);
        }
        return now.isBefore(count.windowEnd()) && count.failures() >= maxFailures;
    }

    public void recordFailure(String client) {
        Instant now = clock.instant();
        counts.compute(client, (k, count) -> count == null || !now.isBefore(count.windowEnd())
                ? new Count(now.plus(window), 1)
                : new Count(count.windowEnd(), count.failures() + 1));
    }

    /** Drops ended windows; answers whether there is room again. */
    private boolean prune(Instant now) {
        counts.values().removeIf(count -> !now.isBefore(count.windowEnd()));
        return counts.size() < maxClients;
    }
}
