package io.keytrail.streams;

import io.keytrail.events.Alert;
import io.keytrail.events.AuthEvent;
import io.keytrail.events.DeadLetter;
import io.keytrail.events.EventSerdes;
import io.keytrail.events.LastSeen;
import io.keytrail.events.Topics;
import io.keytrail.events.UsageWindow;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** The whole topology in a {@link TopologyTestDriver} with the production configuration, its topics at hand. */
final class TopologyFixture implements AutoCloseable {
    final Topics topics = new Topics("test.");
    final TopologyTestDriver driver;
    final TestInputTopic<String, AuthEvent> successes;
    final TestInputTopic<String, AuthEvent> failures;
    final TestInputTopic<byte[], byte[]> rawSuccesses;
    final TestOutputTopic<String, UsageWindow> usage;
    final TestOutputTopic<String, UsageWindow> keyUsage;
    final TestOutputTopic<String, LastSeen> lastSeen;
    final TestOutputTopic<String, Alert> alerts;
    final TestOutputTopic<String, DeadLetter> deadLetters;

    TopologyFixture(Path stateDir, Instant wallClock, WindowSettings windows, InputSettings input, AlertSettings alertSettings) {
        StreamsSettings settings = new StreamsSettings("127.0.0.1:9092", "topology-test", stateDir,
                Duration.ofMillis(100), topics.prefix(), 1, (short) 1, windows, input, alertSettings);
        driver = new TopologyTestDriver(UsageTopology.build(new StreamsBuilder(), topics, settings),
                StreamsApp.streamsConfig(settings), wallClock);
        successes = driver.createInputTopic(topics.authSuccess(), new StringSerializer(), EventSerdes.authEvent());
        failures = driver.createInputTopic(topics.authFailure(), new StringSerializer(), EventSerdes.authEvent());
        rawSuccesses = driver.createInputTopic(topics.authSuccess(), new ByteArraySerializer(), new ByteArraySerializer());
        usage = driver.createOutputTopic(topics.usage(), new StringDeserializer(), EventSerdes.usageWindow());
        keyUsage = driver.createOutputTopic(topics.keyUsage(), new StringDeserializer(), EventSerdes.usageWindow());
        lastSeen = driver.createOutputTopic(topics.lastSeen(), new StringDeserializer(), EventSerdes.lastSeen());
        alerts = driver.createOutputTopic(topics.alerts(), new StringDeserializer(), EventSerdes.alert());
        deadLetters = driver.createOutputTopic(topics.auditDeadLetters(), new StringDeserializer(), EventSerdes.deadLetter());
    }

    TopologyFixture(Path stateDir, Instant wallClock) {
        this(stateDir, wallClock, WindowSettings.DEFAULTS, InputSettings.DEFAULTS, AlertSettings.DEFAULTS);
    }

    /** Publishes as the gateway does: keyed by partition key, record time a little after the event. */
    void send(AuthEvent event) {
        (event.success() ? successes : failures).pipeInput(event.partitionKey(), event, event.time().plusMillis(5));
    }

    double metric(String name, String group) {
        return driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals(name) && e.getKey().group().equals(group))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .sum();
    }

    @Override
    public void close() {
        driver.close();
    }
}
