package io.keytrail.gateway.limits;

import io.keytrail.gateway.keys.KeyEntry;
import io.keytrail.gateway.keys.KeyLimits;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Counts the requests of rate-limited and quota-limited keys on this node; thread-safe and
 * lock-free. Counts are per gateway node: N nodes together let a key through up to N times its limit.
 *
 * <p>Rate limits are fixed windows aligned to the epoch ({@code windowSeconds} long). Why not a
 * token bucket or a sliding-window estimate: a fixed window lets exactly {@code requests} through
 * per window, which a client can reason about and a test can assert, and its whole state is one
 * word updated by one CAS. The price is that a client may send up to twice the limit around a
 * window boundary. Quotas count per UTC calendar hour, day or month the same way.
 *
 * <p>State exists only for keys with limits, created on their first request. Each count is one
 * long, the window's index (compared only for equality, so it may wrap) above the count, so taking
 * a slot allocates nothing. The rate word counts in 32 bits (the admin API allows 10^9 requests a
 * window), the quota word in 40 (it allows 10^12 a period); larger limits would saturate there.
 * A refused request takes no slot: a request the quota refuses gives its rate slot back.
 *
 * <p>Memory: state whose windows have all passed holds nothing a fresh state would not, so it is
 * swept, by the thread that creates a state once the map has doubled since the last sweep. That
 * drops revoked, deleted and idle keys within their longest period. A swept state is marked dead
 * word by word with CAS before it leaves the map, so a request still holding it retries on a
 * fresh one and no count is ever lost. A key whose limits change starts counting afresh.
 */
public final class KeyLimiter {
    /** Requests allowed; otherwise the refusal's sign says which limit and its value the Retry-After. */
    public static final long ALLOWED = 0;
    static final int MIN_SWEEP = 1_024;
    /** Bits of the count in the rate and the quota word; the index takes the rest but the sign. */
    static final int RATE_BITS = 32;
    static final int QUOTA_BITS = 40;
    private static final long DEAD = -1;
    /** The sweeper's claim on a rate word, undone unless the quota word can be killed too. */
    private static final long SWEEPING = -2;
    private static final long RETRY = Long.MIN_VALUE;
    private static final VarHandle RATE;
    private static final VarHandle QUOTA;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            RATE = lookup.findVarHandle(Counts.class, "rate", long.class);
            QUOTA = lookup.findVarHandle(Counts.class, "quota", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ConcurrentHashMap<String, Counts> byKeyId = new ConcurrentHashMap<>();
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private final int minSweep;
    private volatile int sweepAt;

    public KeyLimiter() {
        this(MIN_SWEEP);
    }

    KeyLimiter(int minSweep) {
        if (minSweep < 1) {
            throw new IllegalArgumentException("minSweep must be positive");
        }
        this.minSweep = minSweep;
        this.sweepAt = minSweep;
    }

    /** One key's counts; {@code rate} and {@code quota} are read and written through the VarHandles. */
    static final class Counts {
        final KeyLimits limits;
        volatile long rate;
        volatile long quota;

        Counts(KeyLimits limits) {
            this.limits = limits;
        }
    }

    /**
     * Takes a slot for one request of {@code key} at {@code nowMillis}: {@link #ALLOWED}; a positive
     * number of seconds to wait when the rate limit refuses; a negative one when the quota does.
     */
    public long acquire(KeyEntry key, long nowMillis) {
        KeyLimits limits = key.limits();
        if (limits == null) {
            return ALLOWED;
        }
        while (true) {
            Counts counts = counts(key.keyId(), limits, nowMillis);
            long answer = take(counts, limits, nowMillis);
            if (answer != RETRY) {
                return answer;
            }
            Thread.onSpinWait();
        }
    }

    /** Whole seconds until the refused request would be allowed, at least 1. */
    public static long retryAfterSeconds(long refusal) {
        return Math.abs(refusal);
    }

    public static boolean quotaRefused(long refusal) {
        return refusal < 0;
    }

    /** Keys with state; for tests and metrics. */
    int size() {
        return byKeyId.size();
    }

    private long take(Counts counts, KeyLimits limits, long now) {
        long rateIndex = 0;
        if (limits.hasRateLimit()) {
            rateIndex = Math.floorDiv(now, limits.rateWindowMillis());
            long taken = take(counts, RATE, RATE_BITS, rateIndex, limits.rateRequests());
            if (taken != ALLOWED) {
                return taken == RETRY ? RETRY : seconds((rateIndex + 1) * limits.rateWindowMillis() - now);
            }
        }
        if (limits.hasQuota()) {
            long quotaIndex = Periods.index(limits.quotaPeriod(), now);
            long taken = take(counts, QUOTA, QUOTA_BITS, quotaIndex, limits.quotaRequests());
            if (taken != ALLOWED) {
                if (limits.hasRateLimit()) {
                    // Refused or retried, this request must not keep the rate slot it took.
                    giveBack(counts, RATE, RATE_BITS, rateIndex);
                }
                return taken == RETRY ? RETRY : -seconds(Periods.endMillis(limits.quotaPeriod(), quotaIndex) - now);
            }
        }
        return ALLOWED;
    }

    /** {@link #ALLOWED}, 1 when the window is full, or {@link #RETRY} when the state is dead. */
    private static long take(Counts counts, VarHandle count, int bits, long index, long limit) {
        long tag = tag(index, bits);
        long mask = (1L << bits) - 1;
        long max = Math.min(limit, mask);
        while (true) {
            long word = (long) count.getVolatile(counts);
            if (word < 0) {
                return RETRY;
            }
            long taken = (word & ~mask) == tag ? word & mask : 0;
            if (taken >= max) {
                return 1;
            }
            if (count.compareAndSet(counts, word, tag | (taken + 1))) {
                return ALLOWED;
            }
        }
    }

    private static void giveBack(Counts counts, VarHandle count, int bits, long index) {
        long tag = tag(index, bits);
        long mask = (1L << bits) - 1;
        while (true) {
            long word = (long) count.getVolatile(counts);
            if (word < 0 || (word & ~mask) != tag || (word & mask) == 0) {
                return;
            }
            if (count.compareAndSet(counts, word, word - 1)) {
                return;
            }
        }
    }

    /** The index in the word's upper bits, wrapped to fit below the sign bit. */
    private static long tag(long index, int bits) {
        return (index & ((1L << (63 - bits)) - 1)) << bits;
    }

    private static long seconds(long millis) {
        return Math.max(1, (millis + 999) / 1_000);
    }

    private Counts counts(String keyId, KeyLimits limits, long now) {
        Counts counts = byKeyId.get(keyId);
        if (counts != null && counts.limits.equals(limits)) {
            return counts;
        }
        if (counts != null) {
            // New limits: the old counts are in other units. Kill them so holders retry, then replace.
            RATE.setVolatile(counts, DEAD);
            QUOTA.setVolatile(counts, DEAD);
            byKeyId.remove(keyId, counts);
        }
        counts = byKeyId.computeIfAbsent(keyId, id -> new Counts(limits));
        if (byKeyId.size() >= sweepAt && sweeping.compareAndSet(false, true)) {
            try {
                sweep(now);
                sweepAt = Math.max(minSweep, byKeyId.size() * 2);
            } finally {
                sweeping.set(false);
            }
        }
        return counts;
    }

    /** Drops the state of every key whose windows have all passed at {@code now}. */
    void sweep(long now) {
        for (var entry : byKeyId.entrySet()) {
            Counts counts = entry.getValue();
            KeyLimits limits = counts.limits;
            long rate = (long) RATE.getVolatile(counts);
            long quota = (long) QUOTA.getVolatile(counts);
            if (rate < 0 || quota < 0) {
                continue;
            }
            boolean rateOver = !limits.hasRateLimit()
                    || (rate >>> RATE_BITS) != tag(Math.floorDiv(now, limits.rateWindowMillis()), RATE_BITS) >>> RATE_BITS;
            boolean quotaOver = !limits.hasQuota()
                    || (quota >>> QUOTA_BITS) != tag(Periods.index(limits.quotaPeriod(), now), QUOTA_BITS) >>> QUOTA_BITS;
            if (!rateOver || !quotaOver || !RATE.compareAndSet(counts, rate, SWEEPING)) {
                continue;
            }
            if (!QUOTA.compareAndSet(counts, quota, DEAD)) {
                // A request counted meanwhile: keep the state, unless a change of limits killed it.
                RATE.compareAndSet(counts, SWEEPING, rate);
                continue;
            }
            RATE.setVolatile(counts, DEAD);
            byKeyId.remove(entry.getKey(), counts);
        }
    }
}
