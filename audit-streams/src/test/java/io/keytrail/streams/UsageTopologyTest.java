package io.keytrail.streams;

import static io.keytrail.streams.AuthEvents.failure;
import static io.keytrail.streams.AuthEvents.success;
import static io.keytrail.streams.AuthEvents.unknownKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keytrail.events.AuthEvent;
import io.keytrail.events.EventSerdes;
import io.keytrail.events.Topics;
import io.keytrail.events.UsageWindow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsageTopologyTest {
    private static final Instant T10 = Instant.parse("2026-03-02T10:00:00Z");
    private static final Instant T1001 = Instant.parse("2026-03-02T10:01:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @TempDir
    Path stateDir;

    private final Topics topics = new Topics("test.");
    private TopologyTestDriver driver;
    private TestInputTopic<String, AuthEvent> successes;
    private TestInputTopic<String, AuthEvent> failures;
    private TestOutputTopic<String, UsageWindow> usage;

    @BeforeEach
    void start() {
        // The production configuration, so the deserialization handler under test is the real one.
        StreamsSettings settings = new StreamsSettings("127.0.0.1:9092", "usage-topology-test", stateDir,
                Duration.ofMillis(100), topics.prefix(), 1, (short) 1);
        // The wall clock the input check compares event times with: shortly after the test's events.
        driver = new TopologyTestDriver(UsageTopology.build(new StreamsBuilder(), topics),
                StreamsApp.streamsConfig(settings), T10.plus(Duration.ofHours(1)));
        successes = driver.createInputTopic(topics.authSuccess(), new StringSerializer(), EventSerdes.authEvent());
        failures = driver.createInputTopic(topics.authFailure(), new StringSerializer(), EventSerdes.authEvent());
        usage = driver.createOutputTopic(topics.usage(), new StringDeserializer(), EventSerdes.usageWindow());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void countsSuccessesAndFailuresPerDeveloperPerMinute() {
        send(success("dev-a", T10.plusSeconds(5)));
        send(failure("dev-a", T10.plusSeconds(20)));
        send(success("dev-b", T10.plusSeconds(30)));
        send(success("dev-a", T10.plusSeconds(40)));

        Map<String, UsageWindow> latest = minutes(usage.readKeyValuesToMap());
        assertEquals(2, latest.size(), latest.toString());
        assertEquals(new UsageWindow(UsageWindow.SCHEMA_VERSION, "dev-a", T10, T1001, 2, 1, T10.plusSeconds(40)),
                counts(latest.get(UsageWindow.key("dev-a", T10, MINUTE))));
        assertEquals(new UsageWindow(UsageWindow.SCHEMA_VERSION, "dev-b", T10, T1001, 1, 0, T10.plusSeconds(30)),
                counts(latest.get(UsageWindow.key("dev-b", T10, MINUTE))));
    }

    @Test
    void publishesEveryUpdateWithTheTotalsSoFar() {
        send(success("dev-a", T10.plusSeconds(1)));
        send(failure("dev-a", T10.plusSeconds(2)));

        List<String> updates = usage.readValuesToList().stream()
                .filter(w -> w.size().equals(MINUTE))
                .map(w -> w.success() + "/" + w.failure())
                .toList();
        assertEquals(List.of("1/0", "1/1"), updates);
    }

    @Test
    void ignoresEventsWithoutDeveloper() {
        failures.pipeInput("203.0.113.7", unknownKey(T10.plusSeconds(1)), T10.plusSeconds(1));
        failures.pipeInput("203.0.113.7", unknownKey(T10.plusSeconds(2)), T10.plusSeconds(2));
        successes.pipeInput("dev-a", null, T10.plusSeconds(3));
        assertTrue(usage.isEmpty(), "no developer, no usage");

        send(failure("dev-a", T10.plusSeconds(4)));
        Map<String, UsageWindow> latest = minutes(usage.readKeyValuesToMap());
        assertEquals(1, latest.size(), latest.toString());
        UsageWindow window = latest.get(UsageWindow.key("dev-a", T10, MINUTE));
        assertEquals(0, window.success());
        assertEquals(1, window.failure());
    }

    @Test
    void rekeysByDeveloperWhateverTheInputKey() {
        successes.pipeInput("wrong-key", success("dev-a", T10.plusSeconds(1)), T10.plusSeconds(1));
        failures.pipeInput(null, failure("dev-a", T10.plusSeconds(2)), T10.plusSeconds(2));

        UsageWindow window = usage.readKeyValuesToMap().get(UsageWindow.key("dev-a", T10, MINUTE));
        assertEquals(1, window.success());
        assertEquals(1, window.failure());
    }

    @Test
    void windowsEndExclusivelyOnTheMinute() {
        send(success("dev-a", Instant.parse("2026-03-02T10:00:59.999Z")));
        send(success("dev-a", T1001));

        Map<String, UsageWindow> latest = minutes(usage.readKeyValuesToMap());
        assertEquals(2, latest.size(), latest.toString());
        UsageWindow first = latest.get(UsageWindow.key("dev-a", T10, MINUTE));
        UsageWindow second = latest.get(UsageWindow.key("dev-a", T1001, MINUTE));
        assertEquals(1, first.success());
        assertEquals(T1001, first.windowEnd());
        assertEquals(1, second.success());
        assertEquals(Instant.parse("2026-03-02T10:02:00Z"), second.windowEnd());
    }

    @Test
    void usesTheEventTimeNotTheRecordTime() {
        // Published a minute late, for example after the gateway buffered through a broker outage.
        successes.pipeInput("dev-a", success("dev-a", T10.plusSeconds(10)), T1001.plusSeconds(10));

        Map<String, UsageWindow> latest = minutes(usage.readKeyValuesToMap());
        assertEquals(List.of(UsageWindow.key("dev-a", T10, MINUTE)), List.copyOf(latest.keySet()));
    }

    @Test
    void countsAnOutOfOrderEventWithinGraceInItsWindow() {
        send(success("dev-a", T10.plusSeconds(20)));
        send(success("dev-a", T1001.plusSeconds(10))); // stream time 10:01:10, window 10:00 open until 10:01:30
        send(failure("dev-a", T10.plusSeconds(50)));

        Map<String, UsageWindow> latest = usage.readKeyValuesToMap();
        UsageWindow window = latest.get(UsageWindow.key("dev-a", T10, MINUTE));
        assertEquals(1, window.success());
        assertEquals(1, window.failure());
        assertEquals(T10.plusSeconds(50), window.lastEventTime());
        assertEquals(1, latest.get(UsageWindow.key("dev-a", T1001, MINUTE)).success());
    }

    @Test
    void keepsTheLatestEventTimeWhenAnOlderEventArrivesLater() {
        send(success("dev-a", T10.plusSeconds(40)));
        send(success("dev-a", T10.plusSeconds(10)));

        UsageWindow window = usage.readKeyValuesToMap().get(UsageWindow.key("dev-a", T10, MINUTE));
        assertEquals(2, window.success());
        assertEquals(T10.plusSeconds(40), window.lastEventTime());
    }

    @Test
    void dropsAnEventLaterThanTheGracePeriod() {
        send(success("dev-a", T10.plusSeconds(10)));
        send(success("dev-a", T1001.plusSeconds(31))); // stream time passes 10:01:30: window 10:00 closed
        usage.readKeyValuesToList();

        double droppedBefore = droppedRecords();
        send(success("dev-a", T10.plusSeconds(40)));
        send(failure("dev-b", T10.plusSeconds(45)));

        assertTrue(minutes(usage.readKeyValuesToMap()).isEmpty(),
                "a closed minute is not reopened, not even for a new developer");
        assertTrue(droppedRecords() > droppedBefore, "late events are counted as dropped");
    }

    @Test
    void skipsCorruptRecordsAndKeepsProcessing() {
        TestInputTopic<byte[], byte[]> rawSuccesses = driver.createInputTopic(topics.authSuccess(),
                new ByteArraySerializer(), new ByteArraySerializer());
        TestInputTopic<byte[], byte[]> rawFailures = driver.createInputTopic(topics.authFailure(),
                new ByteArraySerializer(), new ByteArraySerializer());
        rawSuccesses.pipeInput(bytes("dev-a"), new byte[] {(byte) 0xff, 0x00, 0x13, 0x37}, T10);
        rawFailures.pipeInput(bytes("dev-a"), bytes("{\"schemaVersion\":1,\"developerId\":\"dev-a\"}"), T10);
        rawSuccesses.pipeInput(bytes("dev-a"), bytes("{not json"), T10);

        send(success("dev-a", T10.plusSeconds(1)));
        send(failure("dev-a", T10.plusSeconds(2)));

        UsageWindow window = usage.readKeyValuesToMap().get(UsageWindow.key("dev-a", T10, MINUTE));
        assertEquals(1, window.success());
        assertEquals(1, window.failure());
        // Not dropped silently: each went to the dead-letter topic (the reasons are tested in InputCheckTest).
        assertEquals(3, driver.createOutputTopic(topics.auditDeadLetters(), new StringDeserializer(),
                EventSerdes.deadLetter()).readValuesToList().size());
    }

    @Test
    void keysOutputByDeveloperWindowStartAndSize() {
        send(success("dev-a", T10.plusSeconds(1)));

        var records = usage.readKeyValuesToList();
        assertEquals(List.of("dev-a|2026-03-02T10:00:00Z|PT1M", "dev-a|2026-03-02T10:00:00Z|PT1H",
                "dev-a|2026-03-02T00:00:00Z|PT24H"), records.stream().map(r -> r.key).toList());
        for (var record : records) {
            assertEquals(record.key, record.value.key());
            assertEquals(UsageWindow.SCHEMA_VERSION, record.value.schemaVersion());
        }
    }

    private void send(AuthEvent event) {
        // Keyed as the gateway keys them; the record time is the publish time, a little after the event.
        TestInputTopic<String, AuthEvent> topic = event.success() ? successes : failures;
        topic.pipeInput(event.partitionKey(), event, event.time().plusMillis(5));
    }

    /** The one-minute windows among {@code windows}, by key. */
    static Map<String, UsageWindow> minutes(Map<String, UsageWindow> windows) {
        Map<String, UsageWindow> minutes = new java.util.HashMap<>();
        windows.forEach((k, w) -> {
            if (w.size().equals(MINUTE)) {
                minutes.put(k, w);
            }
        });
        return minutes;
    }

    /** The window's fields of the first version: developer, window, counts and last event time. */
    static UsageWindow counts(UsageWindow w) {
        return new UsageWindow(w.schemaVersion(), w.developerId(), w.windowStart(), w.windowEnd(), w.success(),
                w.failure(), w.lastEventTime());
    }

    private double droppedRecords() {
        return driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals("dropped-records-total"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .sum();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
