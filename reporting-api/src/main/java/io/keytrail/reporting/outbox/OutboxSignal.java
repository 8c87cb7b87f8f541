package io.keytrail.reporting.outbox;

import java.time.Duration;

/**
 * Tells the outbox publisher that a transaction of this process committed outbox rows, so that a
 * revocation reaches the gateways in milliseconds rather than at the publisher's next poll. The
 * poll stays as the fallback for rows that other reporting-api instances commit to a shared
 * database; it can therefore rest long while idle without delaying this instance's changes.
 *
 * <p>A raised signal stays raised until the publisher's next rest, so a commit that lands while a
 * round is running is never missed.
 */
public final class OutboxSignal {
    private final Object lock = new Object();
    private boolean raised;

    /** Called after a transaction that appended outbox rows has committed; never blocks for long. */
    public void rowsCommitted() {
        wake();
    }

    /** Ends the current or next rest: new rows, or the publisher closing. */
    void wake() {
        synchronized (lock) {
            raised = true;
            lock.notifyAll();
        }
    }

    /** Waits until the signal is raised or {@code max} has passed, and lowers it. */
    void await(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (lock) {
            long left;
            while (!raised && (left = deadline - System.nanoTime()) > 0) {
                lock.wait(Math.max(1, left / 1_000_000));
            }
            raised = false;
        }
    }
}
