package io.keytrail.reporting.ingest;

import io.keytrail.events.EventSerdes;
import io.keytrail.events.JsonSerde;
import io.keytrail.events.UsageWindow;
import io.keytrail.reporting.db.UsageDao;
import io.keytrail.reporting.db.UsageRow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes {@link UsageWindow}s on its own thread and upserts them into {@code usage_windows}.
 * Values are read as bytes and parsed here, one record at a time, so that one corrupt record is
 * skipped instead of wedging the consumer at its offset. A failed database write rewinds to the
 * batch's first offsets and is retried; records replayed after a crash are harmless because an
 * upsert of cumulative totals is idempotent.
 */
public final class UsageIngestor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UsageIngestor.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    private static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_DEVELOPER_ID_LENGTH = 256;
    private static final int MAX_REASON_LENGTH = 200;

    private final Jdbi jdbi;
    private final Consumer<String, byte[]> consumer;
    private final String topic;
    private final Clock clock;
    private final JsonSerde<UsageWindow> serde = EventSerdes.usageWindow();
    private final Thread thread;
    private final Object pause = new Object();
    private volatile boolean running = true;

    public UsageIngestor(Jdbi jdbi, String bootstrapServers, String groupId, String topic, Clock clock) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Objects.requireNonNull(bootstrapServers, "bootstrapServers"),
                ConsumerConfig.GROUP_ID_CONFIG, Objects.requireNonNull(groupId, "groupId"),
                ConsumerConfig.CLIENT_ID_CONFIG, "keytrail-reporting-usage",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                // A new group starts from the beginning: the compacted topic holds every window's latest totals.
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "keytrail-usage-ingest");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic));
            while (running) {
                try {
                    ConsumerRecords<String, byte[]> records = consumer.poll(POLL_TIMEOUT);
                    if (!records.isEmpty()) {
                        store(records);
                    }
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // Whatever went wrong, ingest must go on: the offsets say where to resume.
                    LOG.warn("usage ingest failed, will retry: {}", e.toString());
                    rest(RETRY_BACKOFF);
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
        }
    }

    private void store(ConsumerRecords<String, byte[]> records) throws InterruptedException {
        Instant now = clock.instant();
        List<UsageRow> rows = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            UsageRow row = toRow(record, now);
            if (row != null) {
                rows.add(row);
            }
        }
        try {
            if (!rows.isEmpty()) {
                jdbi.useExtension(UsageDao.class, dao -> dao.upsertAll(rows));
            }
        } catch (RuntimeException e) {
            LOG.warn("storing {} usage windows failed, will retry: {}", rows.size(), e.toString());
            for (TopicPartition partition : records.partitions()) {
                consumer.seek(partition, records.records(partition).get(0).offset());
            }
            rest(RETRY_BACKOFF);
            return;
        }
        try {
            consumer.commitSync();
        } catch (CommitFailedException e) {
            // The partitions moved to another instance, which re-reads these records; the upsert makes that harmless.
            LOG.info("offsets not committed after a rebalance: {}", e.getMessage());
        }
    }

    /** The row for {@code record}, or {@code null} when the record is to be skipped. */
    private UsageRow toRow(ConsumerRecord<String, byte[]> record, Instant now) {
        if (record.value() == null) {
            // A tombstone only compacts the topic; the stored history stays.
            return null;
        }
        UsageWindow window;
        try {
            window = serde.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            return skip(record, e.getMessage());
        }
        if (window.schemaVersion() < 1 || window.schemaVersion() > UsageWindow.SCHEMA_VERSION) {
            return skip(record, "unknown schema version " + window.schemaVersion());
        }
        if (window.developerId().isBlank() || window.developerId().length() > MAX_DEVELOPER_ID_LENGTH) {
            return skip(record, "developer id must be 1 to " + MAX_DEVELOPER_ID_LENGTH + " characters");
        }
        if (!window.windowEnd().isAfter(window.windowStart())) {
            return skip(record, "window end is not after window start");
        }
        if (window.success() < 0 || window.failure() < 0) {
            return skip(record, "negative count");
        }
        return new UsageRow(window.developerId(), window.windowStart(), window.windowEnd(), window.success(),
                window.failure(), window.lastEventTime(), now);
    }

    private static UsageRow skip(ConsumerRecord<String, byte[]> record, String reason) {
        String shortReason = reason == null || reason.length() <= MAX_REASON_LENGTH
                ? reason : reason.substring(0, MAX_REASON_LENGTH) + "...";
        LOG.warn("skipping unreadable usage record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                shortReason);
        return null;
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
            LOG.warn("usage ingest did not stop within {}", CLOSE_TIMEOUT.multipliedBy(2));
        }
    }
}
