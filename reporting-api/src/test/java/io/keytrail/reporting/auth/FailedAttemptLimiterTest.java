package io.keytrail.reporting.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FailedAttemptLimiterTest {
    private static final Instant T0 = Instant.parse("2024-05-01T00:00:00Z");

    /** A clock the test moves by hand. */
    private static final class HandClock extends Clock {
        Instant now = T0;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final HandClock clock = new HandClock();

    @Test
    void blocksAClientThatReachedTheLimitUntilItsWindowEnds() {
        FailedAttemptLimiter limiter = new FailedAttemptLimiter(3, Duration.ofMinutes(1), 100, clock);
        for (int i = 0; i < 3; i++) {
            assertFalse(limiter.blocked("10.0.0.1"));
            limiter.recordFailure("10.0.0.1");
        }
        assertTrue(limiter.blocked("10.0.0.1"));
        assertFalse(limiter.blocked("10.0.0.2"), "other clients are not affected");

        clock.now = T0.plusSeconds(60);
        assertFalse(limiter.blocked("10.0.0.1"), "a new window starts afresh");
        limiter.recordFailure("10.0.0.1");
        assertFalse(limiter.blocked("10.0.0.1"));
    }

    @Test
    void aFullTableBlocksNewClientsUntilWindowsEnd() {
        FailedAttemptLimiter limiter = new FailedAttemptLimiter(5, Duration.ofMinutes(1), 2, clock);
        limiter.recordFailure("a");
        limiter.recordFailure("b");

        assertTrue(limiter.blocked("c"));
        clock.now = T0.plusSeconds(61);
        assertFalse(limiter.blocked("c"), "ended windows are dropped to make room");
    }

    @Test
    void refusesNonsenseSettings() {
        assertThrows(IllegalArgumentException.class, () -> new FailedAttemptLimiter(0, Duration.ofMinutes(1), 1, clock));
        assertThrows(IllegalArgumentException.class, () -> new FailedAttemptLimiter(1, Duration.ZERO, 1, clock));
        assertThrows(IllegalArgumentException.class, () -> new FailedAttemptLimiter(1, Duration.ofMinutes(1), 0, clock));
    }
}
