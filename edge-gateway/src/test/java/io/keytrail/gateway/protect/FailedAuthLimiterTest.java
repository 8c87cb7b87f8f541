package io.keytrail.gateway.protect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keytrail.gateway.support.TestClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The limiter's table on its own: exact counts under contention, windows, eviction order. */
class FailedAuthLimiterTest {
    private final TestClock clock = new TestClock(1_000_000);

    @Test
    void concurrentFailuresOfOneAddressAreCountedExactly() throws Exception {
        FailedAuthLimiter exact = new FailedAuthLimiter(800, 60_000, 60_000, 64, clock);
        FailedAuthLimiter oneMore = new FailedAuthLimiter(801, 60_000, 60_000, 64, clock);
        FailedAuthLimiter churned = new FailedAuthLimiter(1, 60_000, 60_000, 16, clock);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int i = 0; i < 100; i++) {
                    exact.recordFailure("198.51.100.1", clock.millis());
                    oneMore.recordFailure("198.51.100.1", clock.millis());
                    // Many addresses contend for a small table meanwhile.
                    churned.recordFailure("203.0.113." + i, clock.millis());
                }
            });
            thread.start();
            threads.add(thread);
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(60_000, exact.blockedMillis("198.51.100.1", clock.millis()));
        assertEquals(0, oneMore.blockedMillis("198.51.100.1", clock.millis()));
        assertEquals(1, exact.tracked());
        assertEquals(churned.capacity(), churned.tracked());
    }

    @Test
    void aBlockEndsAndTheNextWindowCountsAfresh() {
        FailedAuthLimiter limiter = new FailedAuthLimiter(2, 10_000, 5_000, 16, clock);
        limiter.recordFailure("a", clock.millis());
        assertEquals(0, limiter.blockedMillis("a", clock.millis()));
        limiter.recordFailure("a", clock.millis());
        assertEquals(5_000, limiter.blockedMillis("a", clock.millis()));
        clock.advance(5_000);
        assertEquals(0, limiter.blockedMillis("a", clock.millis()));
        clock.advance(5_000);
        limiter.recordFailure("a", clock.millis());
        assertEquals(0, limiter.blockedMillis("a", clock.millis()), "a new window, one failure");
    }

    @Test
    void idleAddressesAreEvictedBeforeBlockedOnesEvenWhenLessRecent() {
        FailedAuthLimiter limiter = new FailedAuthLimiter(2, 1_000, 60_000, 4, clock);
        limiter.recordFailure("blocked", clock.millis());
        limiter.recordFailure("blocked", clock.millis());
        for (String ip : List.of("b", "c", "d")) {
            clock.advance(1);
            limiter.recordFailure(ip, clock.millis());
        }
        clock.advance(2_000);
        // "blocked" failed least recently, but b, c and d are idle (window over, never blocked).
        for (String ip : List.of("e", "f", "g")) {
            limiter.recordFailure(ip, clock.millis());
            limiter.recordFailure(ip, clock.millis());
        }
        assertEquals(4, limiter.tracked());
        assertTrue(limiter.blockedMillis("blocked", clock.millis()) > 0);
        for (String ip : List.of("e", "f", "g")) {
            assertTrue(limiter.blockedMillis(ip, clock.millis()) > 0, ip);
        }
        // With no idle slot left, the least recently failing goes: "blocked".
        limiter.recordFailure("h", clock.millis());
        assertEquals(0, limiter.blockedMillis("blocked", clock.millis()));
        assertEquals(4, limiter.tracked());
    }

    @Test
    void limitsMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new FailedAuthLimiter(0, 1, 1, 1, clock));
    }
}
