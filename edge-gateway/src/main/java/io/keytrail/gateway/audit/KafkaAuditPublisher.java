package io.keytrail.gateway.audit;

import io.keytrail.events.AuthEvent;
import io.keytrail.events.EventSerdes;
import io.keytrail.events.JsonSerde;
import io.keytrail.events.Topics;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jctools.queues.MpscArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes audit events to the auth topics without the request path ever waiting: requests drop
 * events into a bounded lock-free queue, and one thread drains it into an idempotent, batching,
 * compressing Kafka producer. A full queue (Kafka down for long) drops the event and counts it.
 */
public final class KafkaAuditPublisher implements AuditSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaAuditPublisher.class);
    /**
     * How long the drainer sleeps when the queue is empty. Requests never wake it: a wake-up is a
     * system call and a context switch per request on the IO thread, which on two cores cost more
     * than the event itself. Polling adds at most this much to an event's delay.
     */
    private static final long IDLE_PARK_NANOS = 1_000_000L;

    private final MpscArrayQueue<AuthEvent> queue;
    private final KafkaProducer<String, byte[]> producer;
    private final JsonSerde<AuthEvent> serde = EventSerdes.authEvent();
    private final Topics topics;
    private final Thread drainer;
    private final LongAdder accepted = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder published = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final Callback onAck = this::acknowledged;
    private volatile boolean running = true;

    public KafkaAuditPublisher(String bootstrap, Topics topics, int capacity) {
        this.topics = Objects.requireNonNull(topics, "topics");
        this.queue = new MpscArrayQueue<>(capacity);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Objects.requireNonNull(bootstrap, "bootstrap"));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "25");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(128 * 1024));
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(Integer.MAX_VALUE));
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "keytrail-gateway-audit");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.drainer = new Thread(this::drain, "audit-publisher");
        this.drainer.setDaemon(true);
        this.drainer.start();
    }

    @Override
    public boolean offer(AuthEvent event) {
        if (!queue.offer(event)) {
            dropped.increment();
            return false;
        }
        accepted.increment();
        return true;
    }

    private void drain() {
        while (running || !queue.isEmpty()) {
            AuthEvent event = queue.relaxedPoll();
            if (event == null) {
                if (running) {
                    LockSupport.parkNanos(this, IDLE_PARK_NANOS);
                }
                continue;
            }
            try {
                String topic = event.success() ? topics.authSuccess() : topics.authFailure();
                producer.send(new ProducerRecord<>(topic, event.partitionKey(), serde.serialize(topic, event)), onAck);
            } catch (RuntimeException e) {
                failed.increment();
                LOG.error("could not hand audit event {} to Kafka", event.eventId(), e);
            }
        }
    }

    private void acknowledged(org.apache.kafka.clients.producer.RecordMetadata metadata, Exception error) {
        if (error == null) {
            published.increment();
        } else {
            failed.increment();
            LOG.error("audit event lost: {}", error.toString());
        }
    }

    /** Events accepted, published, dropped because the buffer was full, and failed in Kafka. */
    public Counts counts() {
        return new Counts(accepted.sum(), published.sum(), dropped.sum(), failed.sum(), queue.size());
    }

    public record Counts(long accepted, long published, long dropped, long failed, int queued) {
    }

    /** Publishes what is queued, waiting at most {@code timeout}, then stops. */
    public void close(Duration timeout) {
        running = false;
        LockSupport.unpark(drainer);
        try {
            drainer.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(timeout);
        Counts counts = counts();
        if (counts.queued() > 0 || counts.dropped() > 0 || counts.failed() > 0) {
            LOG.warn("audit publisher stopped with {}", counts);
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
