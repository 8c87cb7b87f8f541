package io.keytrail.gateway.protect;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Counts failed authentications per client address and blocks an address that exceeds
 * {@code maxFailures} within a window. The window opens at an address's first failure; reaching
 * {@code maxFailures} in it blocks the address for {@code blockMillis}.
 *
 * <p>Memory is fixed up front: a set-associative table of {@code maxTrackedClients} slots (rounded
 * up to a multiple of {@link #WAYS}), each address hashing with a per-process seed to one set of
 * {@link #WAYS} slots. A new address takes an empty slot of its set, else one whose window and
 * block have run out, else the least recently failing one. So a flood of new addresses never grows
 * memory; at worst it evicts other addresses of the same sets, which then start counting afresh.
 * Slots hold immutable states swapped by compare-and-set: no locks, and {@link #blockedMillis},
 * the check every request makes, only reads.
 */
public final class FailedAuthLimiter {
    static final int WAYS = 4;

    private final int maxFailures;
    private final long windowMillis;
    private final long blockMillis;
    private final Clock clock;
    private final int sets;
    private final int seed = ThreadLocalRandom.current().nextInt();
    private final AtomicReferenceArray<State> slots;

    private record State(String ip, long windowStart, int failures, long blockedUntil, long lastFailure) {
    }

    public FailedAuthLimiter(int maxFailures, long windowMillis, long blockMillis, int maxTrackedClients, Clock clock) {
        if (maxFailures < 1 || windowMillis < 1 || blockMillis < 1 || maxTrackedClients < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
        this.maxFailures = maxFailures;
        this.windowMillis = windowMillis;
        this.blockMillis = blockMillis;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sets = (maxTrackedClients + WAYS - 1) / WAYS;
        this.slots = new AtomicReferenceArray<>(sets * WAYS);
    }

    public long nowMillis() {
        return clock.millis();
    }

    /** How much longer {@code ip} is blocked at {@code now}, 0 when it is not. */
    public long blockedMillis(String ip, long now) {
        int base = base(ip);
        for (int i = base; i < base + WAYS; i++) {
            State state = slots.get(i);
            if (state != null && state.blockedUntil > now && state.ip.equals(ip)) {
                return state.blockedUntil - now;
            }
        }
        return 0;
    }

    /** Counts one failed authentication of {@code ip} at {@code now}. */
    public void recordFailure(String ip, long now) {
        int base = base(ip);
        while (true) {
            int victim = -1;
            State victimState = null;
            State found = null;
            int foundAt = -1;
            for (int i = base; i < base + WAYS; i++) {
                State state = slots.get(i);
                if (state != null && state.ip.equals(ip)) {
                    found = state;
                    foundAt = i;
                    break;
                }
                if (victim < 0 || rank(state, now) < rank(victimState, now)) {
                    victim = i;
                    victimState = state;
                }
            }
            if (found != null) {
                if (slots.compareAndSet(foundAt, found, next(found, ip, now))) {
                    return;
                }
            } else if (slots.compareAndSet(victim, victimState, next(null, ip, now))) {
                return;
            }
            // Another thread changed the set meanwhile: look again.
        }
    }

    /** Addresses currently tracked (a scan; for tests and metrics, not the request path). */
    public int tracked() {
        int count = 0;
        for (int i = 0; i < slots.length(); i++) {
            count += slots.get(i) == null ? 0 : 1;
        }
        return count;
    }

    public int capacity() {
        return slots.length();
    }

    private State next(State state, String ip, long now) {
        boolean fresh = state == null || now - state.windowStart >= windowMillis;
        long windowStart = fresh ? now : state.windowStart;
        int failures = fresh ? 1 : state.failures + 1;
        long blockedUntil = state == null ? 0 : state.blockedUntil;
        // Failures that raced an existing block do not extend it; the count is kept, so an address
        // still over the limit when its block ends is blocked again at its next failure in the window.
        if (failures >= maxFailures && blockedUntil <= now) {
            blockedUntil = now + blockMillis;
        }
        return new State(ip, windowStart, failures, blockedUntil, now);
    }

    /** Eviction order: empty first, then run-out states, then the least recently failing. */
    private long rank(State state, long now) {
        if (state == null) {
            return Long.MIN_VALUE;
        }
        boolean idle = state.blockedUntil <= now && now - state.windowStart >= windowMillis;
        return idle ? Long.MIN_VALUE + 1 : state.lastFailure;
    }

    private int base(String ip) {
        int h = ip.hashCode() ^ seed;
        h ^= h >>> 16;
        h *= 0x45d9f3b;
        h ^= h >>> 16;
        return Math.floorMod(h, sets) * WAYS;
    }
}
