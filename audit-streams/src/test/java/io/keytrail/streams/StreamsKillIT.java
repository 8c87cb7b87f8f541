package io.keytrail.streams;

import static io.keytrail.streams.AuthEvents.failure;
import static io.keytrail.streams.AuthEvents.success;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keytrail.events.AuthEvent;
import io.keytrail.events.EventSerdes;
import io.keytrail.events.Topics;
import io.keytrail.events.UsageWindow;
import io.keytrail.infra.kafka.KafkaExtension;
import io.keytrail.infra.kafka.TestKafka;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once, shown the hard way: audit-streams runs in its own JVM and is killed with SIGKILL
 * twice while events flow; afterwards every developer's every minute and hour window on the usage
 * topic equals what this test produced, not one event more or less.
 */
@ExtendWith(KafkaExtension.class)
class StreamsKillIT {
    private static final int DEVELOPERS = 12;
    private static final Duration RUN = Duration.ofSeconds(24);
    private static final Duration SETTLE = Duration.ofSeconds(180);

    @Test
    void usageEqualsTheGroundTruthAfterTwoHardKills(TestKafka kafka, @TempDir Path stateDir) throws Exception {
        String run = "kill-" + System.nanoTime();
        Topics topics = new Topics(run + ".");
        Map<String, long[]> truth = new HashMap<>();
        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicReference<Throwable> producerError = new AtomicReference<>();

        Process app = launch(kafka, run, stateDir);
        Thread producer = new Thread(() -> produce(kafka, topics, truth, producing, producerError), "kill-it-producer");
        try {
            producer.start();
            for (int kill = 0; kill < 2; kill++) {
                Thread.sleep(RUN.toMillis() / 3);
                app.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: no shutdown hook, no commit
                app = launch(kafka, run, stateDir);
            }
            Thread.sleep(RUN.toMillis() / 3);
            producing.set(false);
            producer.join();
            assertEquals(null, producerError.get(), "the producer failed");
            assertTrue(truth.size() > DEVELOPERS, "events in several windows: " + truth.size());

            Map<String, long[]> seen = awaitUsage(kafka, topics, truth);
            for (Map.Entry<String, long[]> expected : truth.entrySet()) {
                long[] actual = seen.get(expected.getKey());
                assertTrue(actual != null, "no usage for " + expected.getKey());
                assertEquals(expected.getValue()[0] + "/" + expected.getValue()[1], actual[0] + "/" + actual[1],
                        "success/failure of " + expected.getKey());
            }
            assertEquals(truth.keySet(), seen.keySet(), "no window the test did not produce");
        } finally {
            producing.set(false);
            app.destroyForcibly();
        }
    }

    /** audit-streams in a child JVM with this test's classpath. */
    private static Process launch(TestKafka kafka, String run, Path stateDir) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), StreamsMain.class.getName());
        Map<String, String> env = builder.environment();
        env.put("KEYTRAIL_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
        env.put("KEYTRAIL_STREAMS_APP_ID", run);
        env.put("KEYTRAIL_TOPIC_PREFIX", run + ".");
        env.put("KEYTRAIL_TOPIC_PARTITIONS", "3");
        env.put("KEYTRAIL_STREAMS_STATE_DIR", stateDir.toString());
        // Restarts wait out the killed member's session; no window may close meanwhile.
        env.put("KEYTRAIL_STREAMS_GRACE_MS", "900000");
        builder.redirectErrorStream(true);
        builder.redirectOutput(new File(stateDir.toFile(), "app-" + System.nanoTime() + ".log"));
        return builder.start();
    }

    private static void produce(TestKafka kafka, Topics topics, Map<String, long[]> truth, AtomicBoolean producing,
                                AtomicReference<Throwable> error) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5);
        Random random = new Random(42);
        try (KafkaProducer<String, AuthEvent> producer =
                     new KafkaProducer<>(config, new StringSerializer(), EventSerdes.authEvent())) {
            while (producing.get()) {
                for (int i = 0; i < 50; i++) {
                    String developer = "dev-" + random.nextInt(DEVELOPERS);
                    Instant now = Instant.now();
                    boolean ok = random.nextInt(5) > 0;
                    AuthEvent event = ok ? success(developer, now) : failure(developer, now);
                    String topic = ok ? topics.authSuccess() : topics.authFailure();
                    producer.send(new ProducerRecord<>(topic, developer, event)).get(30, TimeUnit.SECONDS);
                    for (Duration size : List.of(Duration.ofMinutes(1), Duration.ofHours(1))) {
                        Instant start = Instant.ofEpochMilli(now.toEpochMilli() - now.toEpochMilli() % size.toMillis());
                        truth.computeIfAbsent(UsageWindow.key(developer, start, size), k -> new long[2])[ok ? 0 : 1]++;
                    }
                }
                Thread.sleep(20);
            }
        } catch (Throwable e) {
            error.set(e);
        }
    }

    /** The latest committed totals per window key, once they equal {@code truth} or the time is up. */
    private static Map<String, long[]> awaitUsage(TestKafka kafka, Topics topics, Map<String, long[]> truth) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, long[]> latest = new HashMap<>();
        try (KafkaConsumer<String, UsageWindow> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), EventSerdes.usageWindow())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.usage()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + SETTLE.toNanos();
            while (!matches(latest, truth) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, UsageWindow> record : consumer.poll(Duration.ofMillis(500))) {
                    if (!record.value().size().equals(Duration.ofDays(1))) {
                        latest.put(record.key(), new long[] {record.value().success(), record.value().failure()});
                    }
                }
            }
        }
        return latest;
    }

    private static boolean matches(Map<String, long[]> latest, Map<String, long[]> truth) {
        if (!latest.keySet().equals(truth.keySet())) {
            return false;
        }
        for (Map.Entry<String, long[]> e : truth.entrySet()) {
            if (!java.util.Arrays.equals(e.getValue(), latest.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

}
