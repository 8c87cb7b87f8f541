package io.keytrail.streams;

import static io.keytrail.streams.AuthEvents.failure;
import static io.keytrail.streams.AuthEvents.success;
import static io.keytrail.streams.AuthEvents.unknownKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keytrail.events.AuthEvent;
import io.keytrail.events.EventSerdes;
import io.keytrail.events.Topics;
import io.keytrail.events.UsageWindow;
import io.keytrail.infra.kafka.KafkaExtension;
import io.keytrail.infra.kafka.TestKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
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

@ExtendWith(KafkaExtension.class)
class StreamsAppIT {
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void countsAuthEventsIntoTheUsageTopic(TestKafka kafka, @TempDir Path stateDir) throws Exception {
        String run = "it-" + System.nanoTime();
        Topics topics = new Topics(run + ".");
        StreamsSettings settings = new StreamsSettings(kafka.bootstrapServers(), run, stateDir,
                Duration.ofMillis(100), topics.prefix(), 2, (short) 1);
        Instant window = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(MINUTE);

        StreamsApp app = StreamsApp.start(settings);
        try (app) {
            assertTrue(app.isRunning());
            List<AuthEvent> events = List.of(
                    success("dev-a", window.plusSeconds(1)),
                    failure("dev-a", window.plusSeconds(2)),
                    unknownKey(window.plusSeconds(3)),
                    success("dev-a", window.plusSeconds(4)),
                    success("dev-b", window.plusSeconds(5)),
                    failure("dev-a", window.plusSeconds(6)),
                    success("dev-a", window.plusSeconds(7)));
            produce(kafka, topics, events);

            Map<String, UsageWindow> expected = Map.of(
                    UsageWindow.key("dev-a", window, MINUTE), new UsageWindow(UsageWindow.SCHEMA_VERSION, "dev-a",
                            window, window.plus(MINUTE), 3, 2, window.plusSeconds(7)),
                    UsageWindow.key("dev-b", window, MINUTE), new UsageWindow(UsageWindow.SCHEMA_VERSION, "dev-b",
                            window, window.plus(MINUTE), 1, 0, window.plusSeconds(5)));
            assertEquals(expected, awaitUsage(kafka, topics, expected));
        }
        assertFalse(app.isRunning());
    }

    @Test
    void asksForCommitsEveryIntervalLongBeforeKafkaStreamsWouldCommitOnItsOwn(TestKafka kafka, @TempDir Path stateDir)
            throws Exception {
        String run = "it-paced-" + System.nanoTime();
        Topics topics = new Topics(run + ".");
        // Kafka Streams itself would commit once a minute; only the topology's requests make results visible sooner.
        StreamsSettings settings = new StreamsSettings(kafka.bootstrapServers(), run, stateDir,
                new CommitPacing(Duration.ofMillis(100), Duration.ofMinutes(1)), topics.prefix(), 2, (short) 1,
                WindowSettings.DEFAULTS, InputSettings.DEFAULTS, AlertSettings.DEFAULTS, 1);
        Instant window = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(MINUTE);

        try (StreamsApp app = StreamsApp.start(settings)) {
            produce(kafka, topics, List.of(success("dev-a", window.plusSeconds(1))));
            assertEquals(1, awaitUsage(kafka, topics, Map.of(UsageWindow.key("dev-a", window, MINUTE),
                    new UsageWindow(UsageWindow.SCHEMA_VERSION, "dev-a", window, window.plus(MINUTE), 1, 0,
                            window.plusSeconds(1)))).size());

            // Running now: the next event is published within a few commit intervals, not a minute.
            long sent = System.nanoTime();
            produce(kafka, topics, List.of(success("dev-a", window.plusSeconds(2))));
            Map<String, UsageWindow> expected = Map.of(UsageWindow.key("dev-a", window, MINUTE),
                    new UsageWindow(UsageWindow.SCHEMA_VERSION, "dev-a", window, window.plus(MINUTE), 2, 0,
                            window.plusSeconds(2)));
            assertEquals(expected, awaitUsage(kafka, topics, expected));
            Duration took = Duration.ofNanos(System.nanoTime() - sent);
            assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "published " + took + " after it was sent");

            // Idle, it stops asking: no empty transaction every interval.
            Thread.sleep(1_000);
            double before = app.commits();
            Thread.sleep(3_000);
            double idle = app.commits() - before;
            assertTrue(idle <= 1, idle + " commits in 3 s without input");
        }
    }

    @Test
    void aTopicTheClusterRefusesStopsStartUpWithAClearMessage(TestKafka kafka, @TempDir Path stateDir) {
        String run = "it-refused-" + System.nanoTime();
        // One broker cannot hold three replicas.
        StreamsSettings settings = new StreamsSettings(kafka.bootstrapServers(), run, stateDir,
                Duration.ofMillis(100), run + ".", 1, (short) 3);

        StreamsApp.StartupException e = assertThrows(StreamsApp.StartupException.class, () -> StreamsApp.start(settings));

        assertTrue(e.getMessage().startsWith("cannot provision topics on " + kafka.bootstrapServers()), e.getMessage());
        assertTrue(e.getMessage().contains(run + "."), e.getMessage());
    }

    @Test
    void authTopicsWithDifferentPartitionCountsStopStartUpWithAClearMessage(TestKafka kafka, @TempDir Path stateDir)
            throws Exception {
        String run = "it-copartition-" + System.nanoTime();
        Topics topics = new Topics(run + ".");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topics.authSuccess(), 3, (short) 1),
                    new NewTopic(topics.authFailure(), 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        StreamsSettings settings = new StreamsSettings(kafka.bootstrapServers(), run, stateDir,
                Duration.ofMillis(100), topics.prefix(), 3, (short) 1);

        StreamsApp.StartupException e = assertThrows(StreamsApp.StartupException.class, () -> StreamsApp.start(settings));

        assertEquals(topics.authSuccess() + " has 3 partitions and " + topics.authFailure() + " has 2: audit-streams"
                + " counts each developer on the partition its events arrive on, so both auth topics need the same"
                + " partition count (and producers using Kafka's default partitioner). Add partitions to the smaller"
                + " one (kafka-topics --alter --partitions 3) before starting audit-streams", e.getMessage());
    }

    @Test
    void mainExitsOneWhenItCannotStart(TestKafka kafka, @TempDir Path stateDir) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = Map.of(
                "KEYTRAIL_KAFKA_BOOTSTRAP", kafka.bootstrapServers(),
                "KEYTRAIL_TOPIC_PREFIX", "it-main-" + System.nanoTime() + ".",
                "KEYTRAIL_TOPIC_REPLICATION_FACTOR", "3",
                "KEYTRAIL_DATA_DIR", stateDir.toString());

        int exit = StreamsMain.run(new String[0], env, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertEquals(1, exit);
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("audit-streams: cannot provision topics"),
                err.toString(StandardCharsets.UTF_8));
    }

    private static void produce(TestKafka kafka, Topics topics, List<AuthEvent> events) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, AuthEvent> producer =
                     new KafkaProducer<>(config, new StringSerializer(), EventSerdes.authEvent())) {
            for (AuthEvent event : events) {
                String topic = event.success() ? topics.authSuccess() : topics.authFailure();
                producer.send(new ProducerRecord<>(topic, event.partitionKey(), event)).get(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Reads the usage topic until the latest record of every expected key matches, or the timeout. */
    private static Map<String, UsageWindow> awaitUsage(TestKafka kafka, Topics topics, Map<String, UsageWindow> expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, UsageWindow> latest = new HashMap<>();
        try (KafkaConsumer<String, UsageWindow> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), EventSerdes.usageWindow())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.usage()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!latest.equals(expected) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, UsageWindow> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value().size().equals(MINUTE)) {
                        latest.put(record.key(), UsageTopologyTest.counts(record.value()));
                    }
                }
            }
        }
        return latest;
    }
}
