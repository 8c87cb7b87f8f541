package io.keytrail.streams;

import static io.keytrail.streams.AuthEvents.failure;
import static io.keytrail.streams.AuthEvents.success;
import static io.keytrail.streams.AuthEvents.unknownKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keytrail.events.Alert;
import io.keytrail.events.AuthEvent;
import io.keytrail.events.AuthEventType;
import io.keytrail.events.EventSerdes;
import io.keytrail.events.FailureReason;
import io.keytrail.events.Topics;
import io.keytrail.events.UsageWindow;
import io.keytrail.infra.kafka.KafkaExtension;
import io.keytrail.infra.kafka.TestKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Catching up a backlog with the default 30 s grace loses nothing: the auth topics are filled
 * first with 15 minutes of events (as when audit-streams was down), then audit-streams starts and
 * every developer's and key's minute, hour and day window must end with exactly the produced totals.
 *
 * <p>The backlog is uneven on purpose, as real traffic is: developers on partition 0 send ten times
 * as much as the others, so one partition's records cover far less event time than another's. An
 * application that moves events between partitions (the release before this one repartitioned by
 * developer and by key) interleaves those partitions' progress on the way and sees event time jump
 * back by minutes, dropping window updates as late; it fails this test.
 *
 * <p>The failure-burst rule per client IP does move events, by IP, and so sees the same jumps; it
 * must still raise exactly the alerts the backlog holds. Probe IPs send exactly the threshold of
 * failures (or one fewer) in each minute, through developers on every partition, so a single
 * failure dropped as late loses an alert and a single one counted twice raises a false one.
 */
@ExtendWith(KafkaExtension.class)
class BacklogCatchUpIT {
    private static final int PARTITIONS = 3;
    private static final int DEVELOPERS = 24;
    private static final Duration SPAN = Duration.ofMinutes(15);
    private static final Duration SETTLE = Duration.ofSeconds(150);
    private static final List<Duration> SIZES = List.of(Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(1));
    /** Event-time steps between a probe IP's failures: 50 a minute at the 25 ms step, the default threshold. */
    private static final int PROBE_EVERY = 48;

    @Test
    void everyWindowOfAPreloadedBacklogIsExactWithTheDefaultGrace(TestKafka kafka, @TempDir Path stateDir)
            throws Exception {
        String run = "backlog-" + System.nanoTime();
        Topics topics = new Topics(run + ".");
        createAuthTopics(kafka, topics);
        Map<String, long[]> developerTruth = new TreeMap<>();
        Map<String, long[]> keyTruth = new TreeMap<>();
        Map<String, Integer> ipFailures = new TreeMap<>();
        int produced = preload(kafka, topics, developerTruth, keyTruth, ipFailures);
        assertTrue(produced > 20_000, "a real backlog: " + produced);

        // The default windows, grace included: catching up must not depend on an operator raising it.
        StreamsSettings settings = new StreamsSettings(kafka.bootstrapServers(), run, stateDir,
                Duration.ofMillis(100), topics.prefix(), PARTITIONS, (short) 1);
        assertEquals(Duration.ofSeconds(30), settings.windows().grace());
        try (StreamsApp app = StreamsApp.start(settings)) {
            assertTrue(app.isRunning());
            Map<String, long[]> developers = awaitWindows(kafka, topics.usage(), developerTruth);
            Map<String, long[]> keys = awaitWindows(kafka, topics.keyUsage(), keyTruth);
            assertEquals("", wrong(developerTruth, developers), "developer windows that differ, expected/actual success/failure");
            assertEquals("", wrong(keyTruth, keys), "key windows that differ, expected/actual success/failure");

            int threshold = settings.alerts().ipFailures();
            assertEquals(PROBE_EVERY * 25 * threshold, 60_000, "probes send the default threshold per minute");
            Set<String> expected = new TreeSet<>();
            ipFailures.forEach((ipMinute, count) -> {
                if (count >= threshold) {
                    expected.add(ipMinute);
                }
            });
            assertTrue(expected.stream().anyMatch(k -> k.startsWith("198.51.100.")), "probe bursts: " + expected);
            assertTrue(ipFailures.keySet().stream().anyMatch(k -> k.startsWith("198.51.100.") && !expected.contains(k)),
                    "probe minutes one failure short of a burst: " + ipFailures);
            assertEquals(String.join("\n", expected), String.join("\n", awaitIpAlerts(kafka, topics.alerts(), expected)),
                    "FAILURE_BURST_IP alerts (ip|window start)");
        }
    }

    /** The IP-burst alerts on {@code topic} as "ip|windowStart", read until they include {@code expected} or time is up. */
    private static Set<String> awaitIpAlerts(TestKafka kafka, String topic, Set<String> expected) {
        Set<String> seen = new TreeSet<>();
        try (KafkaConsumer<String, Alert> consumer = committedFromStart(kafka, topic, EventSerdes.alert())) {
            List<TopicPartition> partitions = List.copyOf(consumer.assignment());
            long deadline = System.nanoTime() + SETTLE.toNanos();
            // Everything committed so far is read even once the expected alerts are in, so a false one shows.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while ((!seen.containsAll(expected) || partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, Alert> record : consumer.poll(Duration.ofMillis(500))) {
                    Alert alert = record.value();
                    if (alert.type() == Alert.Type.FAILURE_BURST_IP) {
                        assertTrue(seen.add(alert.subject() + "|" + alert.windowStart()), "alert raised twice: " + alert);
                    }
                }
            }
        }
        return seen;
    }

    private static void createAuthTopics(TestKafka kafka, Topics topics) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topics.authSuccess(), PARTITIONS, (short) 1),
                    new NewTopic(topics.authFailure(), PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
            // Produce only once every partition has its leader: a batch refused by a partition still
            // being created is retried, and must not land behind the batches sent after it.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!admin.describeTopics(List.of(topics.authSuccess(), topics.authFailure())).allTopicNames()
                    .get(30, TimeUnit.SECONDS).values().stream()
                    .allMatch(t -> t.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()))) {
                assertTrue(System.nanoTime() < deadline, "the auth topics have leaders");
                Thread.sleep(100);
            }
        }
    }

    /** Produces the backlog in event-time order, as the gateways would have; returns the event count. */
    private static int preload(TestKafka kafka, Topics topics, Map<String, long[]> developerTruth,
                               Map<String, long[]> keyTruth, Map<String, Integer> ipFailures) throws Exception {
        List<String> developers = new ArrayList<>();
        List<Integer> weights = new ArrayList<>();
        for (int i = 0; i < DEVELOPERS; i++) {
            String developer = "dev-" + i;
            developers.add(developer);
            // The producer's default partitioner, which the gateway uses.
            int partition = Utils.toPositive(Utils.murmur2(developer.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
            weights.add(partition == 0 ? 10 : 1);
        }
        assertTrue(weights.contains(10) && weights.contains(1), "developers on partition 0 and elsewhere");
        int totalWeight = weights.stream().mapToInt(Integer::intValue).sum();

        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                // One batch in flight per partition: the backlog is in event-time order on each
                // partition, as a gateway's would be, even if a send is retried.
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        Random random = new Random(7);
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(SPAN).minus(Duration.ofMinutes(1));
        long step = 25; // ms of event time between events: 36,000 events in 15 minutes
        int count = 0;
        try (KafkaProducer<String, AuthEvent> producer =
                     new KafkaProducer<>(config, new StringSerializer(), EventSerdes.authEvent())) {
            for (long t = 0; t < SPAN.toMillis(); t += step) {
                Instant time = start.plusMillis(t);
                AuthEvent event;
                int roll = random.nextInt(20);
                if (roll == 0) {
                    // No developer: keyed by client IP, in no usage window.
                    event = unknownKey(time);
                } else {
                    String developer = pick(developers, weights, totalWeight, random);
                    event = roll <= 3 ? failure(developer, time) : success(developer, time);
                    for (Duration size : SIZES) {
                        long millis = time.toEpochMilli();
                        Instant windowStart = Instant.ofEpochMilli(millis - millis % size.toMillis());
                        int column = event.success() ? 0 : 1;
                        developerTruth.computeIfAbsent(UsageWindow.key(developer, windowStart, size), k -> new long[2])[column]++;
                        keyTruth.computeIfAbsent(UsageWindow.key(event.credential().keyId(), windowStart, size),
                                k -> new long[2])[column]++;
                    }
                }
                send(producer, topics, event, ipFailures);
                count++;
                long minute = t / 60_000;
                long stepInMinute = t % 60_000 / step;
                // Even minutes: exactly a burst from the minute's probe IP; odd ones: one failure short.
                if (stepInMinute % PROBE_EVERY == 0 && (minute % 2 == 0 || stepInMinute > 0)) {
                    String developer = developers.get((int) (stepInMinute / PROBE_EVERY) % developers.size());
                    AuthEvent probe = AuthEvents.event(AuthEventType.AUTH_FAILURE, developer, "key-" + developer, time,
                            FailureReason.REVOKED_KEY, 401, "orders", "/orders/**", "GET", 850, "198.51.100." + (minute + 1));
                    for (Duration size : SIZES) {
                        long millis = time.toEpochMilli();
                        Instant windowStart = Instant.ofEpochMilli(millis - millis % size.toMillis());
                        developerTruth.computeIfAbsent(UsageWindow.key(developer, windowStart, size), k -> new long[2])[1]++;
                        keyTruth.computeIfAbsent(UsageWindow.key("key-" + developer, windowStart, size), k -> new long[2])[1]++;
                    }
                    send(producer, topics, probe, ipFailures);
                    count++;
                }
            }
            producer.flush();
        }
        return count;
    }

    /** Sends {@code event} as a gateway would, counting its failures per client IP and minute. */
    private static void send(KafkaProducer<String, AuthEvent> producer, Topics topics, AuthEvent event,
                             Map<String, Integer> ipFailures) {
        if (!event.success()) {
            long millis = event.time().toEpochMilli();
            ipFailures.merge(event.client().ip() + "|" + Instant.ofEpochMilli(millis - millis % 60_000), 1, Integer::sum);
        }
        String topic = event.success() ? topics.authSuccess() : topics.authFailure();
        producer.send(new ProducerRecord<>(topic, null, event.time().toEpochMilli(), event.partitionKey(), event));
    }

    private static String pick(List<String> developers, List<Integer> weights, int totalWeight, Random random) {
        int r = random.nextInt(totalWeight);
        for (int i = 0; i < developers.size(); i++) {
            r -= weights.get(i);
            if (r < 0) {
                return developers.get(i);
            }
        }
        throw new AssertionError("unreachable");
    }

    /** The latest committed success/failure per window key of {@code topic}, once they equal {@code truth} or time is up. */
    private static Map<String, long[]> awaitWindows(TestKafka kafka, String topic, Map<String, long[]> truth) {
        Map<String, long[]> latest = new HashMap<>();
        try (KafkaConsumer<String, UsageWindow> consumer = committedFromStart(kafka, topic, EventSerdes.usageWindow())) {
            long deadline = System.nanoTime() + SETTLE.toNanos();
            while (!render(latest).equals(render(truth)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, UsageWindow> record : consumer.poll(Duration.ofMillis(500))) {
                    latest.put(record.key(), new long[] {record.value().success(), record.value().failure()});
                }
            }
        }
        return latest;
    }

    /** A reader of {@code topic}'s committed records, every partition assigned from its start. */
    private static <V> KafkaConsumer<String, V> committedFromStart(TestKafka kafka, String topic,
                                                                   Deserializer<V> values) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, V> consumer = new KafkaConsumer<>(config, new StringDeserializer(), values);
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    /** Comparable and readable in a failure message: one "key=success/failure" line per window. */
    private static String render(Map<String, long[]> windows) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(windows).forEach((key, counts) -> out.append(key).append('=')
                .append(counts[0]).append('/').append(counts[1]).append('\n'));
        return out.toString();
    }

    /** One line per window whose totals differ: "key expected=s/f actual=s/f". */
    private static String wrong(Map<String, long[]> truth, Map<String, long[]> actual) {
        StringBuilder out = new StringBuilder();
        Map<String, long[]> all = new TreeMap<>(truth);
        actual.forEach(all::putIfAbsent);
        all.forEach((key, ignored) -> {
            long[] expected = truth.getOrDefault(key, new long[2]);
            long[] seen = actual.getOrDefault(key, new long[2]);
            if (!Arrays.equals(expected, seen)) {
                out.append(key).append(" expected=").append(expected[0]).append('/').append(expected[1])
                        .append(" actual=").append(seen[0]).append('/').append(seen[1]).append('\n');
            }
        });
        return out.toString();
    }
}
