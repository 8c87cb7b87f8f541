package io.keytrail.events;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Time-ordered unique ids (UUID version 7, RFC 9562): 48 bits of Unix milliseconds followed by 74
 * random bits. Ids sort by creation millisecond, and within a millisecond collisions are
 * negligible; no shared state, so the request path never contends on a lock or counter.
 */
public final class EventIds {
    private EventIds() {
    }

    public static String next() {
        return nextUuid(System.currentTimeMillis()).toString();
    }

    static UUID nextUuid(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long msb = (epochMillis << 16) | 0x7000L | (random.nextInt() & 0x0FFFL);
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    /** The creation time encoded in a version 7 id. */
    public static long epochMillis(String eventId) {
        return UUID.fromString(eventId).getMostSignificantBits() >>> 16;
    }
}
