package io.keytrail.reporting.ingest;

import io.keytrail.reporting.config.ReportingSettings;
import io.keytrail.reporting.db.AlertDao;
import io.keytrail.reporting.db.AuditEventDao;
import io.keytrail.reporting.db.KeyEventDao;
import io.keytrail.reporting.db.KeyUsageDao;
import io.keytrail.reporting.db.UsageDao;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what is older than its retention, periodically: the audit trail (auth events, key events,
 * alerts) by event time, usage windows by window start. Each table is emptied of expired rows in
 * batches of at most {@code deleteBatchSize}, one transaction each, found through a time index, so
 * a sweep never holds a large transaction nor scans a table.
 */
public final class RetentionSweeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionSweeper.class);

    private final Jdbi jdbi;
    private final ReportingSettings.Retention retention;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private volatile boolean running = true;

    /** Sweeps every {@code retention.sweepInterval()}, the first time right away. */
    public RetentionSweeper(Jdbi jdbi, ReportingSettings.Retention retention, Clock clock) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "keytrail-retention");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::sweepQuietly, 0, retention.sweepInterval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void sweepQuietly() {
        try {
            long deleted = sweep();
            if (deleted > 0) {
                LOG.info("retention: deleted {} expired rows", deleted);
            }
        } catch (RuntimeException e) {
            // The next sweep tries again; nothing is lost by deleting late.
            LOG.warn("retention sweep failed: {}", e.toString());
        }
    }

    /** Deletes every expired row now, batch by batch; the number deleted. */
    public long sweep() {
        Instant now = clock.instant();
        Instant auditCutoff = now.minus(retention.audit());
        Instant usageCutoff = now.minus(retention.usage());
        return drain(AuditEventDao.class, auditCutoff, AuditEventDao::expired, AuditEventDao::deleteAll)
                + drain(KeyEventDao.class, auditCutoff, KeyEventDao::expired, KeyEventDao::deleteAll)
                + drain(AlertDao.class, auditCutoff, AlertDao::expired, AlertDao::deleteAll)
                + drain(UsageDao.class, usageCutoff, UsageDao::expired, UsageDao::deleteAll)
                + drain(KeyUsageDao.class, usageCutoff, KeyUsageDao::expired, KeyUsageDao::deleteAll);
    }

    private <D, K> long drain(Class<D> daoType, Instant cutoff, Expired<D, K> expired, Delete<D, K> delete) {
        int limit = retention.deleteBatchSize();
        long total = 0;
        while (running) {
            int deleted = jdbi.inTransaction(handle -> {
                D dao = handle.attach(daoType);
                List<K> keys = expired.find(dao, cutoff, limit);
                if (!keys.isEmpty()) {
                    delete.all(dao, keys);
                }
                return keys.size();
            });
            total += deleted;
            if (deleted < limit) {
                break;
            }
        }
        return total;
    }

    @FunctionalInterface
    private interface Expired<D, K> {
        List<K> find(D dao, Instant cutoff, int limit);
    }

    @FunctionalInterface
    private interface Delete<D, K> {
        void all(D dao, List<K> keys);
    }

    @Override
    public void close() {
        running = false;
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
