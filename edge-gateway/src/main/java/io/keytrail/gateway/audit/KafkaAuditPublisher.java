package io.keytrail.gateway.audit;

import io.keytrail.events.AuthEvent;
import io.keytrail.events.EventSerdes;
import io.keytrail.events.JsonSerde;
import io.keytrail.events.Topics;
import io.keytrail.gateway.audit.spool.Spool;
import io.keytrail.gateway.audit.spool.SpoolLimits;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jctools.queues.MpscArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes audit events to the auth topics without the request path ever waiting, and without
 * losing them when Kafka is slow or down. The request thread serializes its event; then either it
 * hands the record to the producer itself, or it drops it into a bounded lock-free queue that one
 * thread, the drainer, works through. The drainer owns every decision:
 * <ul>
 *   <li><b>direct</b>: events go straight to an idempotent, batching, compressing producer. Once the
 *       drainer knows both topics' partitions and its queue is empty, request threads send
 *       themselves, as long as Kafka keeps acknowledging, nothing they sent was refused, and fewer
 *       than the queue's capacity and than {@link #MAX_REQUEST_THREAD_BYTES} are in flight;
 *       otherwise, and before that, they queue;</li>
 *   <li><b>spooling</b>: once Kafka leaves sent events unacknowledged for {@code spillAfter}, refuses
 *       them for a reason that may pass (authorization), or its buffer is full, new events are
 *       appended to the disk {@link Spool} instead, and the spool is replayed in order, batch by
 *       batch, each committed once Kafka acknowledged all of it. When the spool is empty again,
 *       events go direct.</li>
 * </ul>
 * A restart replays what the spool holds. Events the broker can never take (too large, invalid) are
 * counted and logged, not retried. When the spool's budget is spent, its policy either drops its
 * oldest events (counted) or makes {@link #accepting()} false, so the gateway refuses traffic it
 * could not audit.
 */
public final class KafkaAuditPublisher implements AuditSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaAuditPublisher.class);
    /**
     * How long the drainer sleeps when it has nothing to do. Requests never wake it: a wake-up is
     * a system call and a context switch per request on the IO thread, which on two cores cost
     * more than the event itself. Polling adds at most this much to an event's delay.
     */
    private static final long IDLE_PARK_NANOS = 1_000_000L;
    /**
     * The longest sleep once idle rounds go on: each empty round doubles the sleep up to this, and
     * the first round with work resets it. Polling every millisecond cost an idle gateway about 24 ms
     * of CPU a second; at this cap the first event after a quiet spell waits at most this long more,
     * next to the producer's 25 ms linger.
     */
    static final long MAX_IDLE_PARK_NANOS = 16_000_000L;
    /** Large enough that replay outruns a saturated gateway: one batch per producer linger and round trip. */
    static final int REPLAY_BATCH = 4096;
    /** A refused replay batch is retried after this, doubling up to 8 s while refusals go on, so a returning broker waits at most that long. */
    private static final long RETRY_BACKOFF_NANOS = 1_000_000_000L;
    private static final long MAX_RETRY_BACKOFF_NANOS = 8_000_000_000L;

    private final MpscArrayQueue<Delivery> queue;
    /** Direct sends in flight beyond this go through the queue, so a stalled broker cannot fill the producer's buffer. */
    private final int maxInflight;
    /**
     * Serialized bytes request threads may have in flight: a quarter of the producer's 32 MiB buffer,
     * so that however large events are, a request thread's send never waits for buffer space.
     */
    static final long MAX_REQUEST_THREAD_BYTES = 8L << 20;
    /** Serialized bytes of request threads' sends not yet acknowledged or refused. */
    private final AtomicLong requestThreadBytes = new AtomicLong();
    /** Direct sends Kafka refused for a reason that may pass: the drainer spools them. */
    private final ConcurrentLinkedQueue<Delivery> refused = new ConcurrentLinkedQueue<>();
    private final Producer<String, byte[]> producer;
    private final JsonSerde<AuthEvent> serde = EventSerdes.authEvent();
    private final Topics topics;
    private final Spool spool;
    private final SpoolLimits spoolLimits;
    private final PublisherStats stats = new PublisherStats();
    private final long spillAfterNanos;
    private final Thread drainer;
    /** Direct sends not yet acknowledged or refused. */
    private final AtomicInteger inflight = new AtomicInteger();
    /** Records of the current replay batch not yet acknowledged or refused. */
    private final AtomicInteger batchOutstanding = new AtomicInteger();
    private volatile boolean batchFailed;
    private volatile long lastAckNanos = System.nanoTime();
    private volatile boolean accepting = true;
    private volatile boolean spooling;
    /**
     * Request threads may send themselves. Only the drainer turns it on: when it is direct, its queue
     * is empty and the producer knows both topics, so a send from a request thread neither waits for
     * metadata nor overtakes an event queued before it. Anyone may turn it off.
     */
    private volatile boolean requestThreadsSend;
    private volatile boolean running = true;
    // Drainer-only state.
    private boolean topicsKnown;
    private long idlePark = IDLE_PARK_NANOS;
    private long batchLastSequence = -1;
    /**
     * The batch out empties the spool: new events wait in the queue meanwhile instead of joining
     * the spool behind it, so that once it is acknowledged they go direct, in order. Without this,
     * steady traffic would keep a few events in the spool for ever and every event on disk.
     */
    private boolean finalBatch;
    private long retryAfterNanos;
    private long retryBackoffNanos = RETRY_BACKOFF_NANOS;

    /**
     * @param spoolDir   where the spool lives; what a previous process left there is replayed
     * @param spillAfter how long sent events may stay unacknowledged before events are spooled
     * @throws IOException when the spool cannot be opened (in use, unreadable directory)
     */
    public KafkaAuditPublisher(String bootstrap, Topics topics, int capacity, Path spoolDir, SpoolLimits spoolLimits,
            Duration spillAfter) throws IOException {
        this(producer(bootstrap), topics, capacity, spoolDir, spoolLimits, spillAfter);
    }

    KafkaAuditPublisher(Producer<String, byte[]> producer, Topics topics, int capacity, Path spoolDir,
            SpoolLimits spoolLimits, Duration spillAfter) throws IOException {
        this.topics = Objects.requireNonNull(topics, "topics");
        this.queue = new MpscArrayQueue<>(capacity);
        this.maxInflight = capacity;
        this.spoolLimits = Objects.requireNonNull(spoolLimits, "spoolLimits");
        this.spillAfterNanos = spillAfter.toNanos();
        this.producer = producer;
        try {
            this.spool = Spool.open(spoolDir, spoolLimits);
        } catch (IOException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        this.spooling = spool.pending() > 0;
        this.drainer = new Thread(this::drain, "audit-publisher");
        this.drainer.setDaemon(true);
        this.drainer.start();
    }

    private static Producer<String, byte[]> producer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Objects.requireNonNull(bootstrap, "bootstrap"));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "25");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(128 * 1024));
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // Retries are the producer's as long as it takes; the drainer decides when to spool.
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(Integer.MAX_VALUE));
        // A full producer buffer or missing metadata must not stall the drainer: spool instead.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "50");
        // A topic's metadata is never forgotten, however long it goes without an event: a request
        // thread's send must find it (the failure topic can be quiet for hours).
        props.put(ProducerConfig.METADATA_MAX_IDLE_CONFIG, Long.toString(Duration.ofDays(365).toMillis()));
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "keytrail-gateway-audit");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Serializes the event on the calling thread, while what it is made of is still in that core's
     * cache, and sends it from there too when the drainer allows it: a hand-over to the drainer
     * costs more than the send, in cache misses and in a thread to schedule.
     */
    @Override
    public boolean offer(AuthEvent event) {
        Delivery delivery = delivery(event);
        if (requestThreadsSend && queue.isEmpty() && sendFromRequestThread(delivery)) {
            stats.accepted.increment();
            return true;
        }
        if (!queue.offer(delivery)) {
            stats.droppedBufferFull.increment();
            return false;
        }
        stats.accepted.increment();
        return true;
    }

    /** @return false when the drainer must decide instead: Kafka has gone quiet, or too much is in flight */
    private boolean sendFromRequestThread(Delivery delivery) {
        int before = inflight.getAndIncrement();
        // Read after the increment, so that an ack time written meanwhile is never older than this.
        long now = System.nanoTime();
        int size = delivery.record.value().length;
        if (before == 0) {
            lastAckNanos = now;
        } else if (before >= maxInflight || now - lastAckNanos > spillAfterNanos
                || requestThreadBytes.get() + size > MAX_REQUEST_THREAD_BYTES) {
            inflight.decrementAndGet();
            return false;
        }
        delivery.requestThreadBytes = size;
        requestThreadBytes.addAndGet(size);
        if (!delivery.send(producer)) {
            requestThreadBytes.addAndGet(-size);
            // The producer would not take it (buffer full, metadata gone): the drainer spools it and
            // decides what comes next; until then request threads queue.
            requestThreadsSend = false;
            inflight.decrementAndGet();
            refused.add(delivery);
            LockSupport.unpark(drainer);
        }
        return true;
    }

    /** False when the spool is full under the {@code reject} policy: requests should be refused. */
    @Override
    public boolean accepting() {
        return accepting;
    }

    private void drain() {
        while (running || !queue.isEmpty()) {
            boolean worked;
            try {
                worked = spoolRefused();
                worked |= spooling ? spoolIncoming() | replay() : sendDirect();
                spool.syncIfDue();
                letRequestThreadsSend();
            } catch (IOException | RuntimeException e) {
                LOG.error("audit publisher: {}", e.toString(), e);
                worked = false;
            }
            if (worked) {
                idlePark = IDLE_PARK_NANOS;
            } else if (running) {
                LockSupport.parkNanos(this, idlePark);
                idlePark = Math.min(idlePark * 2, MAX_IDLE_PARK_NANOS);
            }
        }
    }

    /**
     * Sends what waits in the queue. Each event leaves the queue only once it is sent or spooled,
     * so a request thread that finds the queue empty cannot overtake it.
     */
    private boolean sendDirect() {
        int sent = 0;
        for (Delivery delivery; sent < 4096 && (delivery = queue.relaxedPeek()) != null; sent++) {
            long now = System.nanoTime();
            if (inflight.get() > 0 && now - lastAckNanos > spillAfterNanos) {
                startSpooling("Kafka has not acknowledged an audit event for " + (now - lastAckNanos) / 1_000_000 + " ms");
                append(queue.relaxedPoll());
                return true;
            }
            if (inflight.getAndIncrement() == 0) {
                lastAckNanos = now;
            }
            if (!delivery.send(producer)) {
                inflight.decrementAndGet();
                startSpooling("the producer could not take an audit event");
                append(queue.relaxedPoll());
                return true;
            }
            queue.relaxedPoll();
        }
        return sent > 0;
    }

    /**
     * Lets request threads send once nothing waits before them and the producer holds both topics'
     * metadata; learning it may take the drainer up to the producer's max block time per topic.
     */
    private void letRequestThreadsSend() {
        // A refusal not yet spooled would be overtaken by the sends this lets through.
        if (requestThreadsSend || spooling || !running || !queue.isEmpty() || !refused.isEmpty()) {
            return;
        }
        if (!topicsKnown) {
            try {
                producer.partitionsFor(topics.authSuccess());
                producer.partitionsFor(topics.authFailure());
                topicsKnown = true;
            } catch (RuntimeException e) {
                return;
            }
        }
        requestThreadsSend = true;
        if (!running) {
            // close() began meanwhile: nothing may go to a producer it is closing.
            requestThreadsSend = false;
        }
    }

    private boolean spoolIncoming() {
        if (finalBatch) {
            return false;
        }
        int appended = 0;
        for (Delivery delivery; appended < 4096 && (delivery = queue.relaxedPoll()) != null; appended++) {
            append(delivery);
        }
        return appended > 0;
    }

    private boolean spoolRefused() {
        boolean any = false;
        for (Delivery delivery; (delivery = refused.poll()) != null; ) {
            if (!spooling) {
                startSpooling("Kafka refused an audit event: " + delivery.error);
            }
            append(delivery);
            any = true;
        }
        return any;
    }

    /** Sends the next spooled batch once the previous one is settled; commits what Kafka acknowledged. */
    private boolean replay() throws IOException {
        if (batchOutstanding.get() > 0) {
            return false;
        }
        if (batchLastSequence >= 0) {
            boolean last = finalBatch;
            finalBatch = false;
            if (batchFailed) {
                batchFailed = false;
                spool.rewind();
                // A refused batch is sent again whole: back off so a long refusal does not
                // duplicate its acknowledged part every second.
                retryAfterNanos = System.nanoTime() + retryBackoffNanos;
                retryBackoffNanos = Math.min(2 * retryBackoffNanos, MAX_RETRY_BACKOFF_NANOS);
            } else {
                spool.commit(batchLastSequence);
                retryBackoffNanos = RETRY_BACKOFF_NANOS;
                accepting = true;
                if (last && spool.pending() == 0) {
                    directAgain();
                }
            }
            batchLastSequence = -1;
            return true;
        }
        // Older direct sends land first, so events reach the topics in the order they happened.
        if (inflight.get() > 0 || System.nanoTime() < retryAfterNanos) {
            return false;
        }
        List<Spool.Entry> batch = spool.read(REPLAY_BATCH);
        if (batch.isEmpty()) {
            directAgain();
            return true;
        }
        finalBatch = spool.pending() == 0;
        batchLastSequence = batch.get(batch.size() - 1).sequence();
        batchOutstanding.set(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Spool.Entry entry = batch.get(i);
            Delivery delivery = new Delivery(SpooledRecord.decode(entry.payload()), entry.sequence());
            if (!delivery.send(producer)) {
                // Kafka is not there yet: settle the rest of the batch unsent and try again later.
                batchFailed = true;
                batchOutstanding.addAndGet(-(batch.size() - i));
                break;
            }
        }
        return true;
    }

    private void directAgain() {
        spooling = false;
        accepting = true;
        LOG.info("audit spool replayed; publishing directly again");
    }

    private void startSpooling(String why) {
        requestThreadsSend = false;
        spooling = true;
        LOG.warn("audit events now go to the disk spool: {}", why);
    }

    private void append(Delivery delivery) {
        try {
            if (spool.append(delivery.record.encode())) {
                stats.spooled.increment();
                return;
            }
            if (spoolLimits.whenFull() == SpoolLimits.WhenFull.REJECT) {
                accepting = false;
            }
            stats.droppedSpoolFull.increment();
            stats.warnRateLimited(LOG, "audit spool full: event {} not kept", delivery);
        } catch (IOException | RuntimeException e) {
            stats.droppedSpoolError.increment();
            if (spoolLimits.whenFull() == SpoolLimits.WhenFull.REJECT) {
                accepting = false;
            }
            stats.warnRateLimited(LOG, "audit spool write failed ({}): event {} not kept", e.toString(), delivery);
        }
    }

    private Delivery delivery(AuthEvent event) {
        String topic = event.success() ? topics.authSuccess() : topics.authFailure();
        return new Delivery(new SpooledRecord(event.success(), event.partitionKey(), serde.serialize(topic, event)), -1);
    }

    /** One record on its way to Kafka, and what to do when Kafka answers. */
    private final class Delivery implements org.apache.kafka.clients.producer.Callback {
        final SpooledRecord record;
        /** The spool sequence number of a replayed record, -1 for a direct one. */
        final long sequence;
        long sentNanos;
        /** Its size when a request thread sent it, counted in {@link #requestThreadBytes} until Kafka answers. */
        int requestThreadBytes;
        volatile String error;

        Delivery(SpooledRecord record, long sequence) {
            this.record = record;
            this.sequence = sequence;
        }

        boolean send(Producer<String, byte[]> to) {
            sentNanos = System.nanoTime();
            String topic = record.success() ? topics.authSuccess() : topics.authFailure();
            try {
                to.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, record.key(), record.value()), this);
                return true;
            } catch (RuntimeException e) {
                error = e.toString();
                return false;
            }
        }

        @Override
        public void onCompletion(org.apache.kafka.clients.producer.RecordMetadata metadata, Exception exception) {
            long now = System.nanoTime();
            if (requestThreadBytes > 0) {
                KafkaAuditPublisher.this.requestThreadBytes.addAndGet(-requestThreadBytes);
            }
            if (exception == null) {
                lastAckNanos = now;
                stats.published.increment();
                stats.publishLatency(now - sentNanos);
                if (sequence >= 0) {
                    stats.replayed.increment();
                }
            } else if (PublisherStats.neverAccepted(exception)) {
                stats.rejectedByBroker.increment();
                stats.warnRateLimited(LOG, "Kafka will never take audit event {}: {}", this, exception.toString());
            } else {
                error = exception.toString();
                if (sequence < 0) {
                    // The producer reports a full buffer or missing metadata here too, after waiting
                    // for them: request threads stop sending until the drainer has decided.
                    requestThreadsSend = false;
                    refused.add(this);
                    LockSupport.unpark(drainer);
                } else {
                    batchFailed = true;
                }
            }
            if (sequence < 0) {
                inflight.decrementAndGet();
            } else {
                batchOutstanding.decrementAndGet();
            }
        }

        @Override
        public String toString() {
            return (record.success() ? topics.authSuccess() : topics.authFailure()) + "/" + record.key();
        }
    }

    /** Where publish latencies (send to acknowledgement, in nanoseconds) go, e.g. a metrics timer. */
    public void onPublishLatency(java.util.function.LongConsumer consumer) {
        stats.onPublishLatency(consumer);
    }

    /** Whether request threads send their events themselves now, for tests. */
    boolean requestThreadsSend() {
        return requestThreadsSend;
    }

    /** What the publisher did, for metrics and tests. */
    public PublisherStats.Snapshot stats() {
        return stats.snapshot(queue.size(), spool.bytes(), spool.pending(), spool.counts(), spooling);
    }

    /**
     * Stops: what is queued is sent or spooled, Kafka gets up to {@code timeout} to acknowledge
     * what was sent, and whatever it has not acknowledged by then is spooled for the next start.
     */
    public void close(Duration timeout) {
        running = false;
        requestThreadsSend = false;
        LockSupport.unpark(drainer);
        try {
            drainer.join(timeout.toMillis() + 1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(timeout);
        // The drainer is gone: this thread owns the spool now. Unacknowledged direct sends were
        // refused by the closing producer and wait in `refused`; a replay batch stays uncommitted.
        for (Delivery delivery; (delivery = refused.poll()) != null; ) {
            append(delivery);
        }
        try {
            spool.close();
        } catch (IOException e) {
            LOG.error("could not close the audit spool: {}", e.toString());
        }
        PublisherStats.Snapshot stats = stats();
        LOG.info("audit publisher stopped: {}", stats);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
