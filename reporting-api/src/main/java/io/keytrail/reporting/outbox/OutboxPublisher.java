package io.keytrail.reporting.outbox;

import io.keytrail.reporting.db.OutboxDao;
import io.keytrail.reporting.db.OutboxRow;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes outbox rows to Kafka on its own thread. Each round sends the oldest unpublished rows,
 * waits for their acknowledgements, and marks published the longest acknowledged run from the
 * oldest row on. A row after a failed one is sent again in the next round even if it got through:
 * a duplicate is harmless on a latest-value topic, a record overtaking an older one for the same
 * key is not.
 */
public final class OutboxPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxPublisher.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /**
     * The longest rest while the outbox stays empty. Polling an empty table every poll interval
     * (50 ms) cost 7% of reporting-api's CPU in the ingest benchmark's profile, for nothing: keys
     * change rarely. Idle rounds double the rest up to this, and the first row found resets it.
     * This instance's own commits end a rest at once through the {@link OutboxSignal}; only rows
     * another instance commits to a shared database wait for the poll.
     */
    private static final Duration MAX_IDLE_REST = Duration.ofMillis(500);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final Jdbi jdbi;
    private final Producer<String, byte[]> producer;
    private final Duration pollInterval;
    private final int batchSize;
    private final Duration sendTimeout;
    private final Clock clock;
    private final OutboxSignal signal;
    private final Thread thread;
    private volatile boolean running = true;
    private boolean failing;

    /**
     * Starts publishing.
     *
     * @param sendTimeout how long one record may take to be acknowledged before the round is retried
     * @param signal      raised by this process's commits of outbox rows, ending a rest early
     */
    public OutboxPublisher(Jdbi jdbi, String bootstrapServers, Duration pollInterval, int batchSize,
                           Duration sendTimeout, Clock clock, OutboxSignal signal) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.signal = Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
        }
        this.batchSize = batchSize;
        this.sendTimeout = Objects.requireNonNull(sendTimeout, "sendTimeout");
        if (sendTimeout.toMillis() < 1000) {
            throw new IllegalArgumentException("sendTimeout must be at least 1 s: " + sendTimeout);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.producer = new KafkaProducer<>(producerConfig(bootstrapServers, sendTimeout),
                new StringSerializer(), new ByteArraySerializer());
        this.thread = new Thread(this::run, "keytrail-outbox-publisher");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private static Map<String, Object> producerConfig(String bootstrapServers, Duration sendTimeout) {
        int timeoutMs = (int) sendTimeout.toMillis();
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "keytrail-reporting-outbox",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                // Bounded waits: a missing broker or topic fails a round, which is retried, instead of
                // parking the thread for Kafka's default minute.
                ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs / 2,
                ProducerConfig.LINGER_MS_CONFIG, 5);
    }

    private void run() {
        Duration backoff = pollInterval;
        Duration idleRest = pollInterval;
        try {
            while (running) {
                int published;
                try {
                    published = publishRound();
                    backoff = pollInterval;
                    idleRest = published == 0 ? longerIdleRest(idleRest) : pollInterval;
                } catch (RoundFailed e) {
                    reportFailure(e.getMessage());
                    backoff = next(backoff);
                    published = 0;
                } catch (RuntimeException e) {
                    reportFailure(e.toString());
                    backoff = next(backoff);
                    published = 0;
                }
                if (published < batchSize) {
                    // A full batch means more may be waiting: go on at once. Otherwise rest.
                    rest(failing ? backoff : published == 0 ? idleRest : pollInterval);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            producer.close(CLOSE_TIMEOUT);
        }
    }

    /** One round; answers how many rows it marked published. */
    private int publishRound() throws InterruptedException, RoundFailed {
        List<OutboxRow> rows = jdbi.withExtension(OutboxDao.class, dao -> dao.unpublished(batchSize));
        if (rows.isEmpty()) {
            return 0;
        }
        List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
        List<Long> done = new ArrayList<>(rows.size());
        String failure = null;
        try {
            for (OutboxRow row : rows) {
                byte[] value = row.payload() == null ? null : row.payload().getBytes(StandardCharsets.UTF_8);
                Future<RecordMetadata> ack = producer.send(new ProducerRecord<>(row.topic(), row.recordKey(), value));
                acks.add(ack);
                if (failedAtOnce(ack)) {
                    // Refused before sending (no broker, no topic): a later row sent now could arrive
                    // first once Kafka is back, and overtake this one.
                    break;
                }
            }
        } catch (RuntimeException e) {
            failure = "sending failed: " + e.getMessage();
        }
        long deadline = System.nanoTime() + sendTimeout.plusSeconds(5).toNanos();
        for (int i = 0; i < acks.size() && failure == null; i++) {
            try {
                acks.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                done.add(rows.get(i).id());
            } catch (ExecutionException e) {
                failure = "Kafka refused outbox row " + rows.get(i).id() + ": " + e.getCause().getMessage();
            } catch (TimeoutException e) {
                failure = "Kafka did not acknowledge outbox row " + rows.get(i).id() + " in time";
            }
        }
        if (!done.isEmpty()) {
            jdbi.useExtension(OutboxDao.class, dao -> dao.markPublished(done, clock.instant()));
            recovered();
        }
        if (failure != null) {
            throw new RoundFailed(failure);
        }
        return done.size();
    }

    private static boolean failedAtOnce(Future<RecordMetadata> ack) throws InterruptedException {
        if (!ack.isDone()) {
            return false;
        }
        try {
            ack.get();
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    private void rest(Duration duration) throws InterruptedException {
        if (running) {
            signal.await(duration);
        }
    }

    private void reportFailure(String message) {
        if (!failing) {
            // Once per outage: the rows wait in the table, and a log line per retry would only add noise.
            LOG.warn("outbox publishing is failing, will keep retrying: {}", message);
            failing = true;
        }
    }

    private void recovered() {
        if (failing) {
            LOG.info("outbox publishing recovered");
            failing = false;
        }
    }

    /** The next rest after an empty round: doubled, never beyond the idle limit nor below the poll interval. */
    private Duration longerIdleRest(Duration rest) {
        Duration doubled = rest.multipliedBy(2);
        Duration limit = pollInterval.compareTo(MAX_IDLE_REST) > 0 ? pollInterval : MAX_IDLE_REST;
        return doubled.compareTo(limit) > 0 ? limit : doubled;
    }

    private static Duration next(Duration backoff) {
        Duration doubled = backoff.multipliedBy(2);
        return doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
    }

    /** Stops after the current round; unpublished rows stay in the table for the next start. */
    @Override
    public void close() {
        running = false;
        signal.wake();
        // No interrupt: an interrupted thread inside H2's file access can close the database file.
        try {
            thread.join(CLOSE_TIMEOUT.toMillis());
            if (thread.isAlive()) {
                // Still waiting on Kafka: closing the producer fails its pending sends, and those rows
                // simply stay unpublished until the next start.
                producer.close(Duration.ZERO);
                thread.join(CLOSE_TIMEOUT.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("outbox publisher did not stop within {}", CLOSE_TIMEOUT.multipliedBy(2));
        }
    }

    private static final class RoundFailed extends Exception {
        private static final long serialVersionUID = 1L;

        RoundFailed(String message) {
            super(message, null, false, false);
        }
    }
}
