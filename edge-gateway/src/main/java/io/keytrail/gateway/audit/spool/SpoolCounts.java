package io.keytrail.gateway.audit.spool;

/** What a spool did with records; written by its owning thread only, read as a snapshot. */
public final class SpoolCounts {
    volatile long appended;
    volatile long rejected;
    volatile long dropped;
    volatile long corruptBytes;

    /**
     * @param appended     records written
     * @param rejected     records refused because the budget was spent ({@code REJECT})
     * @param dropped      undelivered records deleted to make room ({@code DROP_OLDEST})
     * @param corruptBytes bytes found damaged and skipped: torn tails, bad checksums, a bad cursor
     */
    public record Snapshot(long appended, long rejected, long dropped, long corruptBytes) {
    }

    Snapshot snapshot() {
        return new Snapshot(appended, rejected, dropped, corruptBytes);
    }
}
