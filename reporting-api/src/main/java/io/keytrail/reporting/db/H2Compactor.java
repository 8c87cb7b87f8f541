package io.keytrail.reporting.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives an embedded H2 file back the space of rewritten and deleted pages a little at a time, in
 * place of H2's own background compaction, which the default URL turns off
 * ({@code AUTO_COMPACT_FILL_RATE=0}). H2 sizes its compaction passes by the write buffer, up to
 * eight times it once the store has nothing to write; with the 256 MiB buffer ingest needs, the
 * passes after a 10,000,000-event catch-up rewrote gigabytes while reports were served (usage
 * report p99 106-114 ms against 32 ms without them, see docs/reporting-ingest.md). This rewrites
 * at most {@value #BYTES_PER_PASS} bytes of live pages per pass, from the chunks less than
 * {@value #TARGET_FILL_RATE}% full, every {@value #INTERVAL_SECONDS} seconds: up to 11 GiB an hour.
 */
final class H2Compactor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(H2Compactor.class);
    static final int TARGET_FILL_RATE = 80;
    static final int BYTES_PER_PASS = 16 * 1024 * 1024;
    static final int INTERVAL_SECONDS = 5;

    private final MVStore store;
    private final ScheduledExecutorService timer;

    /** Passes every {@code intervalMillis}, or only when called with 0. */
    private H2Compactor(MVStore store, long intervalMillis) {
        this.store = store;
        this.timer = intervalMillis > 0 ? Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "h2-compactor");
            thread.setDaemon(true);
            return thread;
        }) : null;
        if (timer != null) {
            timer.scheduleWithFixedDelay(this::passQuietly, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Compacts the file store behind {@code pool} every few seconds until closed; where there is
     * none (an in-memory or remote database), does nothing.
     */
    static AutoCloseable start(DataSource pool) {
        return start(pool, TimeUnit.SECONDS.toMillis(INTERVAL_SECONDS));
    }

    /** {@link #start(DataSource)} at another pace, for tests. */
    static AutoCloseable start(DataSource pool, long intervalMillis) {
        try (Connection connection = pool.getConnection()) {
            MVStore store = H2WriteBuffer.fileStore(connection);
            if (store != null) {
                LOG.info("H2 compaction: at most {} MiB of live pages every {} s from chunks under {}% full",
                        BYTES_PER_PASS / (1024 * 1024), INTERVAL_SECONDS, TARGET_FILL_RATE);
                return new H2Compactor(store, intervalMillis);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("H2 file left to H2's own compaction: {}", e.toString());
        }
        return () -> { };
    }

    /** For tests: the store behind {@code connection}, compacted only when {@link #pass} is called. */
    static H2Compactor manual(Connection connection) throws SQLException {
        MVStore store = H2WriteBuffer.fileStore(connection);
        if (store == null) {
            throw new IllegalStateException("no H2 file store behind the connection");
        }
        return new H2Compactor(store, 0);
    }

    /** One pass; true when it rewrote something. */
    boolean pass() {
        return !store.isClosed() && store.compact(TARGET_FILL_RATE, BYTES_PER_PASS);
    }

    /** The share of the chunks' space that live pages take, in percent. */
    int chunksFillRate() {
        return store.getFileStore().getChunksFillRate();
    }

    private void passQuietly() {
        try {
            pass();
        } catch (RuntimeException e) {
            // The next pass tries again; a store that is closing is left alone.
            LOG.warn("H2 compaction pass failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        if (timer == null) {
            return;
        }
        // Not shutdownNow: an interrupt inside a pass closes H2's file channel under the store, and the
        // database would then close without writing out what its buffer holds. A pass is short.
        timer.shutdown();
        try {
            timer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
