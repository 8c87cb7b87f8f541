package io.keytrail.reporting.ingest;

import io.keytrail.reporting.db.IngestProgressDao;
import io.keytrail.reporting.db.IngestProgressRow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer on its own thread for a group of topics. Each poll is one database transaction:
 * every topic's rows, written in batches, and each partition's progress; the offsets are committed
 * after it. A record that cannot be stored is counted and skipped, never retried and never a reason
 * to stop; a failed transaction rewinds to the poll's first offsets and is tried again. Writes are
 * idempotent, so records read again after a crash, a rebalance or a rewind change nothing.
 *
 * <p>The database's own progress decides where a partition resumes whenever it is behind the group's
 * committed offset. H2 keeps a commit in memory until its next store (up to its write delay), so a
 * killed process can come back with its last transactions gone while Kafka already has their
 * offsets; a database restored from a backup is behind too. Resuming from the committed offset would
 * lose those records for good; resuming from the database reads them again.
 */
public final class IngestLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestLoop.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    private static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /** How often a caught-up partition's caught_up_at is refreshed. */
    private static final Duration CAUGHT_UP_INTERVAL = Duration.ofSeconds(1);
    private static final Duration SUMMARY_INTERVAL = Duration.ofMinutes(1);
    /** Skipped records logged one by one per summary interval; the rest are only counted. */
    private static final int SKIP_LINES_PER_INTERVAL = 20;

    private final String name;
    private final Jdbi jdbi;
    private final Consumer<byte[], byte[]> consumer;
    private final Map<String, IngestTopic<?>> topics = new LinkedHashMap<>();
    private final Clock clock;
    private final IngestCounters counters;
    private final Map<TopicPartition, Instant> caughtUpMarked = new HashMap<>();
    /** Assigned partitions not yet checked against the database's progress (it could not be read). */
    private final Set<TopicPartition> unpositioned = new HashSet<>();
    private final Thread thread;
    private final Object pause = new Object();
    private volatile boolean running = true;
    private Instant lastSummary;
    private String lastSummaryText = "";
    private int skipLines;

    /**
     * Starts consuming {@code ingestTopics} with a consumer made from {@code consumerConfig}, which
     * must not enable auto-commit; see {@link Ingest#consumerConfig}.
     */
    public IngestLoop(String name, Jdbi jdbi, Map<String, Object> consumerConfig, List<IngestTopic<?>> ingestTopics,
                      Clock clock, IngestCounters counters) {
        this.name = Objects.requireNonNull(name, "name");
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.counters = Objects.requireNonNull(counters, "counters");
        if (ingestTopics == null || ingestTopics.isEmpty()) {
            throw new IllegalArgumentException("an ingest loop needs at least one topic");
        }
        ingestTopics.forEach(t -> topics.put(t.topic(), t));
        if (!"false".equals(String.valueOf(consumerConfig.get("enable.auto.commit")))) {
            throw new IllegalArgumentException("ingest commits its offsets itself: enable.auto.commit must be false");
        }
        this.consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.lastSummary = clock.instant();
        this.thread = new Thread(this::run, "keytrail-ingest-" + name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        try {
            consumer.subscribe(topics.keySet(), new ResumeFromDatabase());
            while (running) {
                Instant pollStarted = clock.instant();
                try {
                    positionUnpositioned();
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL_TIMEOUT);
                    if (records.isEmpty() || store(records)) {
                        markCaughtUp(pollStarted);
                    }
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // Whatever went wrong, ingest must go on: the committed offsets say where to resume.
                    LOG.warn("ingest {} failed, will retry: {}", name, e.toString());
                    rest(RETRY_BACKOFF);
                }
                logSummary();
            }
        } catch (WakeupException e) {
            // close() asked us to stop.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
            LOG.info("ingest {} stopped: {}", name, counters.summary());
        }
    }

    /** Stores one poll's records in one transaction and commits their offsets; false if it must be retried. */
    private boolean store(ConsumerRecords<byte[], byte[]> records) throws InterruptedException {
        PollBatch batch = new PollBatch(topics, clock.instant());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            batch.add(record);
        }
        try {
            jdbi.useTransaction(handle -> batch.write(handle));
        } catch (RuntimeException e) {
            LOG.warn("ingest {}: storing {} records failed, will retry: {}", name, records.count(), e.toString());
            for (TopicPartition partition : records.partitions()) {
                consumer.seek(partition, records.records(partition).get(0).offset());
            }
            rest(RETRY_BACKOFF);
            return false;
        }
        batch.count(counters);
        for (String skip : batch.skips()) {
            if (skipLines++ < SKIP_LINES_PER_INTERVAL) {
                LOG.warn("ingest {}: skipping {}", name, skip);
            }
        }
        try {
            consumer.commitSync(batch.offsets());
        } catch (WakeupException e) {
            // close() woke the consumer mid-commit; the wake-up is spent, so commit once more, then stop.
            commitQuietly(batch);
            throw e;
        } catch (KafkaException e) {
            // Typically a rebalance moved the partitions: whoever reads them next re-reads these records, harmlessly.
            LOG.info("ingest {}: offsets not committed: {}", name, e.toString());
        }
        return true;
    }

    private void commitQuietly(PollBatch batch) {
        try {
            consumer.commitSync(batch.offsets(), CLOSE_TIMEOUT);
        } catch (KafkaException e) {
            LOG.info("ingest {}: offsets not committed while stopping, the last poll is read again: {}", name,
                    e.toString());
        }
    }

    /**
     * Marks every assigned partition this consumer has read to its end (also those never written to),
     * at most once a second each. The time is the poll's start: what was published before then was
     * in the poll's answer or earlier ones, and all of that is stored.
     */
    private void markCaughtUp(Instant pollStarted) {
        Instant now = clock.instant();
        List<IngestProgressRow> rows = new ArrayList<>();
        for (TopicPartition partition : consumer.assignment()) {
            OptionalLong lag = consumer.currentLag(partition);
            Instant marked = caughtUpMarked.get(partition);
            if (lag.isPresent() && lag.getAsLong() == 0
                    && (marked == null || !pollStarted.isBefore(marked.plus(CAUGHT_UP_INTERVAL)))) {
                rows.add(new IngestProgressRow(partition.topic(), partition.partition(),
                        consumer.position(partition, POLL_TIMEOUT), null, pollStarted, now));
            }
        }
        if (!rows.isEmpty()) {
            jdbi.useExtension(IngestProgressDao.class, dao -> dao.markCaughtUp(rows));
            rows.forEach(row -> caughtUpMarked.put(new TopicPartition(row.topic(), row.partitionId()), pollStarted));
        }
    }

    private void logSummary() {
        Instant now = clock.instant();
        if (now.isBefore(lastSummary.plus(SUMMARY_INTERVAL))) {
            return;
        }
        String summary = counters.summary();
        if (!summary.equals(lastSummaryText)) {
            LOG.info("ingest {}: {}", name, summary);
            lastSummaryText = summary;
        }
        lastSummary = now;
        skipLines = 0;
    }

    private void rest(Duration duration) throws InterruptedException {
        synchronized (pause) {
            if (running) {
                pause.wait(duration.toMillis());
            }
        }
    }

    /** Stops consuming; offsets of stored records are committed, the rest are read again next time. */
    @Override
    public void close() {
        running = false;
        synchronized (pause) {
            pause.notifyAll();
        }
        consumer.wakeup();
        try {
            thread.join(CLOSE_TIMEOUT.multipliedBy(2).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("ingest {} did not stop within {}", name, CLOSE_TIMEOUT.multipliedBy(2));
        }
    }

    /**
     * Drops what this consumer knew about partitions it no longer owns, and starts the ones it gets at
     * the earlier of the group's committed offset and the database's next offset.
     */
    private final class ResumeFromDatabase implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            partitions.forEach(caughtUpMarked::remove);
        }

        /**
         * Runs inside {@code poll}, before anything is fetched for these partitions. Where the database
         * cannot be read, the partitions are paused and positioned again before the next poll: nothing
         * is fetched for them from a position that could skip records.
         */
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            unpositioned.addAll(partitions);
            try {
                positionUnpositioned();
            } catch (WakeupException e) {
                consumer.pause(unpositioned);
                throw e;
            } catch (RuntimeException e) {
                LOG.warn("ingest {}: could not read the database's progress, partitions {} wait: {}", name,
                        unpositioned, e.toString());
                consumer.pause(unpositioned);
            }
        }
    }

    /** Seeks every partition not yet positioned back to the database's progress where it is behind. */
    private void positionUnpositioned() {
        if (unpositioned.isEmpty()) {
            return;
        }
        unpositioned.retainAll(consumer.assignment());
        Map<TopicPartition, Long> stored = new HashMap<>();
        for (IngestProgressRow row : jdbi.withExtension(IngestProgressDao.class, IngestProgressDao::all)) {
            stored.put(new TopicPartition(row.topic(), row.partitionId()), row.nextOffset());
        }
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(unpositioned);
        for (TopicPartition partition : unpositioned) {
            Long next = stored.get(partition);
            OffsetAndMetadata groupOffset = committed.get(partition);
            // Without a committed offset the group starts from the earliest record: never later than the database.
            if (next != null && groupOffset != null && next < groupOffset.offset()) {
                LOG.warn("ingest {}: {} resumes at offset {}, where the database's progress is, not at the group's {}:"
                        + " the database lost or never had the records in between", name, partition, next,
                        groupOffset.offset());
                consumer.seek(partition, next);
            }
        }
        consumer.resume(unpositioned);
        unpositioned.clear();
    }
}
