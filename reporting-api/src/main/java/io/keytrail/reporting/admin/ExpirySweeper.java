package io.keytrail.reporting.admin;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records, every interval, the expiry of keys that have passed it ({@link KeyManager#recordExpiries}).
 * Gateways never wait for it: they compare {@code expiresAt} with their clock on every request.
 * A failed round (database away) is logged and the next one tries again.
 */
public final class ExpirySweeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExpirySweeper.class);
    static final int BATCH = 500;

    private final KeyManager keys;
    private final ScheduledExecutorService executor;

    public ExpirySweeper(KeyManager keys, Duration interval) {
        this.keys = Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "keytrail-expiry-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::sweep, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One round: every key due, in batches. */
    void sweep() {
        try {
            int expired;
            do {
                expired = keys.recordExpiries(BATCH);
                if (expired > 0) {
                    LOG.info("recorded the expiry of {} keys", expired);
                }
            } while (expired == BATCH);
        } catch (RuntimeException e) {
            LOG.warn("recording key expiries failed, retrying next round: {}", e.toString());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
