package io.keytrail.gateway.keys;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteBufferDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link KeyRegistry} equal to the compacted keys topic. Every gateway reads the whole
 * topic from the start (no consumer group: each instance needs every key), then follows it.
 * {@link #caughtUp()} turns true once the end offsets seen at start-up are reached, which is when
 * the gateway may serve traffic.
 */
public final class KeyRegistryFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KeyRegistryFeed.class);

    private final KeyRegistry registry;
    private final String topic;
    private final KafkaConsumer<ByteBuffer, ByteBuffer> consumer;
    private final Thread thread;
    private volatile boolean caughtUp;
    private volatile boolean running = true;

    public KeyRegistryFeed(KeyRegistry registry, String bootstrap, String topic) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.topic = Objects.requireNonNull(topic, "topic");
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Objects.requireNonNull(bootstrap, "bootstrap"));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "keytrail-gateway-keys");
        // Fetch sizes stay at the consumer's defaults: from 256 KiB to 4 MiB a partition made no
        // measurable difference to a million-key catch-up (infra/bench/registry.sh); the feed's own
        // CPU, not the fetching, sets its pace.
        // Keys and values as views of the fetched bytes: the reader scans them in place, so a million
        // records at start-up are not each copied into an array first.
        this.consumer = new KafkaConsumer<>(props, new ByteBufferDeserializer(), new ByteBufferDeserializer());
        this.thread = new Thread(this::run, "key-registry-feed");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    public boolean caughtUp() {
        return caughtUp;
    }

    private void run() {
        KeyRecordReader reader = new KeyRecordReader();
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofMinutes(5)).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions));
            while (running) {
                for (ConsumerRecord<ByteBuffer, ByteBuffer> record : consumer.poll(Duration.ofMillis(200))) {
                    apply(record, reader);
                }
                if (!caughtUp) {
                    ends.entrySet().removeIf(end -> consumer.position(end.getKey()) >= end.getValue());
                    if (ends.isEmpty()) {
                        caughtUp = true;
                        LOG.info("key registry caught up with {}: {} keys", topic, registry.size());
                    }
                }
            }
        } catch (WakeupException e) {
            if (running) {
                LOG.error("key registry feed woken unexpectedly", e);
            }
        } catch (RuntimeException e) {
            LOG.error("key registry feed stopped: the gateway no longer sees key changes", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void apply(ConsumerRecord<ByteBuffer, ByteBuffer> record, KeyRecordReader reader) {
        if (record.value() == null) {
            if (record.key() != null) {
                registry.remove(StandardCharsets.UTF_8.decode(record.key()).toString());
            }
            return;
        }
        try {
            registry.apply(reader.read(record.topic(), record.value()));
        } catch (SerializationException | IllegalArgumentException | NullPointerException e) {
            LOG.warn("skipping unreadable key record at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
