package io.keytrail.gateway.audit.spool;

/**
 * How large a spool may grow and how hard it tries to keep what it holds.
 *
 * @param maxBytes            the disk budget for all segments together
 * @param segmentBytes        the size at which a new segment file is started; delivered segments are deleted whole
 * @param fsync               when appended records are forced to disk
 * @param fsyncIntervalMillis for {@link Fsync#INTERVAL}: the longest a record waits to be forced
 * @param whenFull            what an append does when the budget is spent
 */
public record SpoolLimits(long maxBytes, long segmentBytes, Fsync fsync, long fsyncIntervalMillis, WhenFull whenFull) {
    /** When records reach the disk itself rather than the page cache. */
    public enum Fsync {
        /** After every record: nothing acknowledged is lost to a power cut, at a disk flush per event. */
        ALWAYS,
        /** At most {@code fsyncIntervalMillis} after a record: a power cut loses at most that window. */
        INTERVAL,
        /** Left to the operating system: survives a process crash, not a power cut. */
        NEVER
    }

    /** What happens to a new record when the disk budget is spent. */
    public enum WhenFull {
        /** Delete the oldest segment, counting its undelivered records as dropped. */
        DROP_OLDEST,
        /** Refuse the new record; the gateway answers 503 rather than serve unaudited traffic. */
        REJECT
    }

    public SpoolLimits {
        if (segmentBytes < 1024) {
            throw new IllegalArgumentException("segmentBytes must be at least 1024, got " + segmentBytes);
        }
        if (maxBytes < 2 * segmentBytes) {
            throw new IllegalArgumentException("maxBytes must be at least two segments, got " + maxBytes);
        }
        if (fsync == null || whenFull == null) {
            throw new IllegalArgumentException("fsync and whenFull are required");
        }
        if (fsync == Fsync.INTERVAL && fsyncIntervalMillis < 1) {
            throw new IllegalArgumentException("fsyncIntervalMillis must be positive, got " + fsyncIntervalMillis);
        }
    }
}
