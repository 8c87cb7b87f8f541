package io.keytrail.gateway.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keytrail.events.KeyRecord;
import io.keytrail.events.KeyRecord.QuotaPeriod;
import io.keytrail.events.KeyStatus;
import io.keytrail.gateway.keys.KeyDigest;
import io.keytrail.gateway.keys.KeyEntry;
import io.keytrail.gateway.keys.KeyRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class KeyLimiterTest {
    private final KeyRegistry registry = new KeyRegistry();

    @Test
    void exactlyTheLimitPerWindowThenRetryAfterTheWindowsEnd() {
        KeyEntry key = key("k", new KeyRecord.RateLimit(3, 10), null, 1);
        KeyLimiter limiter = new KeyLimiter();
        long t = millis("2026-11-23T10:00:00Z");
        for (int i = 0; i < 3; i++) {
            assertEquals(KeyLimiter.ALLOWED, limiter.acquire(key, t + i));
        }
        long refusal = limiter.acquire(key, t + 2_500);
        assertFalse(KeyLimiter.quotaRefused(refusal));
        assertEquals(8, KeyLimiter.retryAfterSeconds(refusal), "7.5 s left, rounded up");
        assertEquals(1, KeyLimiter.retryAfterSeconds(limiter.acquire(key, t + 9_999)));
        for (int i = 0; i < 3; i++) {
            assertEquals(KeyLimiter.ALLOWED, limiter.acquire(key, t + 10_000), "a new window");
        }
        assertTrue(limiter.acquire(key, t + 10_000) > 0);
    }

    @Test
    void hourlyQuotaResetsAtTheHour() {
        assertQuotaPeriod(QuotaPeriod.HOUR, "2026-11-23T10:00:00Z", "2026-11-23T10:59:59.999Z", "2026-11-23T11:00:00Z");
    }

    @Test
    void dailyQuotaResetsAtUtcMidnight() {
        assertQuotaPeriod(QuotaPeriod.DAY, "2026-11-23T00:00:00Z", "2026-11-23T23:59:59.999Z", "2026-11-24T00:00:00Z");
    }

    @Test
    void monthlyQuotaResetsAtTheFirstOfTheMonthWhateverTheMonthsLength() {
        assertQuotaPeriod(QuotaPeriod.MONTH, "2026-01-01T00:00:00Z", "2026-01-31T23:59:59.999Z", "2026-02-01T00:00:00Z");
        assertQuotaPeriod(QuotaPeriod.MONTH, "2028-02-01T00:00:00Z", "2028-02-29T23:59:59.999Z", "2028-03-01T00:00:00Z");
        assertQuotaPeriod(QuotaPeriod.MONTH, "2026-02-01T00:00:00Z", "2026-02-28T23:59:59.999Z", "2026-03-01T00:00:00Z");
        assertQuotaPeriod(QuotaPeriod.MONTH, "2026-12-01T00:00:00Z", "2026-12-31T23:59:59.999Z", "2027-01-01T00:00:00Z");
        assertQuotaPeriod(QuotaPeriod.MONTH, "2026-04-01T00:00:00Z", "2026-04-30T23:59:59.999Z", "2026-05-01T00:00:00Z");
    }

    /** Two requests in the period from its start, refused at its last millisecond, allowed at the next period. */
    private void assertQuotaPeriod(QuotaPeriod period, String start, String last, String next) {
        KeyEntry key = key("q-" + period + start, null, new KeyRecord.Quota(2, period), 1);
        KeyLimiter limiter = new KeyLimiter();
        assertEquals(KeyLimiter.ALLOWED, limiter.acquire(key, millis(start)));
        assertEquals(KeyLimiter.ALLOWED, limiter.acquire(key, millis(start) + 1));
        long refusal = limiter.acquire(key, millis(last) - 1_500);
        assertTrue(KeyLimiter.quotaRefused(refusal));
        assertEquals(2, KeyLimiter.retryAfterSeconds(refusal));
        assertEquals(1, KeyLimiter.retryAfterSeconds(limiter.acquire(key, millis(last))));
        assertEquals(KeyLimiter.ALLOWED, limiter.acquire(key, millis(next)), period + " after " + last);
        assertEquals(KeyLimiter.ALLOWED, limiter.acquire(key, millis(next)));
        assertTrue(KeyLimiter.quotaRefused(limiter.acquire(key, millis(next))));
    }

    @Test
    void aRequestTheQuotaRefusesTakesNoRateSlot() {
        KeyEntry key = key("both", new KeyRecord.RateLimit(2, 60), new KeyRecord.Quota(1, QuotaPeriod.DAY), 1);
        KeyLimiter limiter = new KeyLimiter();
        long t = millis("2026-11-23T10:00:00Z");
        assertEquals(KeyLimiter.ALLOWED, limiter.acquire(key, t));
        assertTrue(KeyLimiter.quotaRefused(limiter.acquire(key, t)));
        assertTrue(KeyLimiter.quotaRefused(limiter.acquire(key, t)), "still the quota, not the rate limit");
    }

    @Test
    void keysWithoutLimitsHaveNoState() {
        KeyEntry key = key("free", null, null, 1);
        KeyLimiter limiter = new KeyLimiter();
        assertEquals(KeyLimiter.ALLOWED, limiter.acquire(key, 0));
        assertEquals(0, limiter.size());
    }

    @Test
    void changedLimitsCountAfresh() {
        KeyLimiter limiter = new KeyLimiter();
        long t = millis("2026-11-23T10:00:00Z");
        KeyEntry v1 = key("chg", new KeyRecord.RateLimit(1, 60), null, 1);
        assertEquals(KeyLimiter.ALLOWED, limiter.acquire(v1, t));
        assertTrue(limiter.acquire(v1, t) > 0);
        KeyEntry v2 = key("chg", new KeyRecord.RateLimit(2, 60), null, 2);
        assertEquals(KeyLimiter.ALLOWED, limiter.acquire(v2, t));
        assertEquals(KeyLimiter.ALLOWED, limiter.acquire(v2, t));
        assertTrue(limiter.acquire(v2, t) > 0);
        assertEquals(1, limiter.size());
    }

    @Test
    void stateOfIdleKeysIsSweptOnlyOnceAllItsWindowsHavePassed() {
        KeyLimiter limiter = new KeyLimiter(4);
        long t = millis("2026-11-23T10:00:00Z");
        KeyEntry hot = key("hot", new KeyRecord.RateLimit(5, 60), new KeyRecord.Quota(3, QuotaPeriod.DAY), 1);
        limiter.acquire(hot, t);
        limiter.acquire(hot, t);
        for (int i = 0; i < 100; i++) {
            limiter.acquire(key("idle" + i, new KeyRecord.RateLimit(5, 1), null, 1), t + i * 2_000L);
        }
        assertTrue(limiter.size() < 20, "swept while growing: " + limiter.size());
        limiter.sweep(t + 300_000);
        assertEquals(1, limiter.size(), "the daily quota of the hot key is still counting");
        assertEquals(KeyLimiter.ALLOWED, limiter.acquire(hot, t + 300_000));
        assertTrue(KeyLimiter.quotaRefused(limiter.acquire(hot, t + 300_000)), "its count survived the sweeps");
        limiter.sweep(millis("2026-11-24T00:00:00Z"));
        assertEquals(0, limiter.size());
    }

    @Test
    void concurrentRequestsNeverExceedTheLimitEvenWhileSweeping() throws Exception {
        int threads = 8;
        KeyLimiter limiter = new KeyLimiter(1);
        long t = millis("2026-11-23T10:00:00Z");
        KeyEntry key = key("shared", new KeyRecord.RateLimit(1_000, 3_600), new KeyRecord.Quota(1_500, QuotaPeriod.DAY), 1);
        KeyEntry quota = key("quota", null, new KeyRecord.Quota(700, QuotaPeriod.MONTH), 1);
        AtomicLong allowed = new AtomicLong();
        AtomicLong allowedQuota = new AtomicLong();
        KeyEntry[][] others = new KeyEntry[threads][2_000];
        for (int n = 0; n < threads; n++) {
            for (int i = 0; i < 2_000; i++) {
                others[n][i] = key("other" + n + "-" + i, new KeyRecord.RateLimit(1, 1), null, 1);
            }
        }
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new java.util.ArrayList<>();
            for (int n = 0; n < threads; n++) {
                int thread = n;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < 2_000; i++) {
                        if (limiter.acquire(key, t) == KeyLimiter.ALLOWED) {
                            allowed.incrementAndGet();
                        }
                        if (limiter.acquire(quota, t) == KeyLimiter.ALLOWED) {
                            allowedQuota.incrementAndGet();
                        }
                        // Other keys come and go within the shared key's window, so sweeps run while it is counted.
                        limiter.acquire(others[thread][i], t + 1_000L * i);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1_000, allowed.get());
        assertEquals(700, allowedQuota.get());
    }

    private KeyEntry key(String keyId, KeyRecord.RateLimit rate, KeyRecord.Quota quota, long version) {
        String secret = (keyId + "-" + "s".repeat(32)).substring(0, 32);
        registry.apply(new KeyRecord(1, keyId, sha256(secret), "xxxx", "p", "d", KeyStatus.ACTIVE, Instant.EPOCH,
                null, List.of(), version, rate, quota));
        return registry.find(KeyDigest.ofKey(secret));
    }

    static long millis(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
