package io.keytrail.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamsSettingsTest {
    @TempDir
    Path dir;

    @Test
    void defaults() {
        StreamsSettings s = StreamsSettings.load(null, Map.of());

        assertEquals("127.0.0.1:9092", s.bootstrapServers());
        assertEquals("keytrail-audit-streams", s.applicationId());
        assertEquals(Path.of(".keytrail", "streams"), s.stateDir());
        assertEquals(Duration.ofMillis(100), s.commitInterval());
        assertEquals("keytrail.", s.topicPrefix());
        assertEquals("keytrail.usage", s.topics().usage());
        assertEquals(3, s.topicPartitions());
        assertEquals(1, s.topicReplicationFactor());
        assertEquals(1, s.threads());
        assertEquals(s, StreamsSettings.defaults());
    }

    @Test
    void readsEverySettingFromTheFile() throws IOException {
        Path file = write("""
                kafka.bootstrap = kafka-1:9092, kafka-2:9092
                streams.application-id=usage-eu
                streams.state-dir=/var/lib/keytrail/streams
                streams.commit-interval-ms=250
                topics.prefix=prod.
                topics.partitions=12
                topics.replication-factor=3
                # keys of other services are not this application's business
                gateway.port=8080
                """);

        StreamsSettings s = StreamsSettings.load(file, Map.of());

        assertEquals(new StreamsSettings("kafka-1:9092,kafka-2:9092", "usage-eu", Path.of("/var/lib/keytrail/streams"),
                Duration.ofMillis(250), "prod.", 12, (short) 3), s);
    }

    @Test
    void environmentOverridesTheFile() throws IOException {
        Path file = write("""
                kafka.bootstrap=from-file:9092
                streams.application-id=from-file
                streams.commit-interval-ms=250
                topics.prefix=file.
                topics.partitions=6
                """);
        Map<String, String> env = Map.of(
                "KEYTRAIL_KAFKA_BOOTSTRAP", "from-env:9093",
                "KEYTRAIL_STREAMS_APP_ID", "from-env",
                "KEYTRAIL_STREAMS_COMMIT_INTERVAL_MS", "1000",
                "KEYTRAIL_TOPIC_PREFIX", "env.",
                "KEYTRAIL_TOPIC_PARTITIONS", " ",
                "KEYTRAIL_TOPIC_REPLICATION_FACTOR", "2");

        StreamsSettings s = StreamsSettings.load(file, env);

        assertEquals("from-env:9093", s.bootstrapServers());
        assertEquals("from-env", s.applicationId());
        assertEquals(Duration.ofSeconds(1), s.commitInterval());
        assertEquals("env.", s.topicPrefix());
        assertEquals(6, s.topicPartitions(), "a blank variable is not set");
        assertEquals(2, s.topicReplicationFactor());
    }

    @Test
    void stateLivesUnderTheDataDirUnlessSetExplicitly() throws IOException {
        assertEquals(Path.of("/data/kt", "streams"),
                StreamsSettings.load(null, Map.of("KEYTRAIL_DATA_DIR", "/data/kt")).stateDir());
        assertEquals(Path.of("/file/kt", "streams"),
                StreamsSettings.load(write("data.dir=/file/kt\n"), Map.of()).stateDir());
        assertEquals(Path.of("/explicit"),
                StreamsSettings.load(write("streams.state-dir=/explicit\n"), Map.of("KEYTRAIL_DATA_DIR", "/data/kt")).stateDir());
        assertEquals(Path.of("/env-state"),
                StreamsSettings.load(null, Map.of("KEYTRAIL_STREAMS_STATE_DIR", "/env-state")).stateDir());
    }

    @Test
    void aBadNumberNamesTheSettingTheValueAndItsSource() throws IOException {
        Path file = write("streams.commit-interval-ms=abc\n");

        SettingsException e = assertThrows(SettingsException.class, () -> StreamsSettings.load(file, Map.of()));

        assertEquals("streams.commit-interval-ms: must be a positive integer, got 'abc' (from " + file + ")", e.getMessage());
        assertEquals("streams.commit-interval-ms", e.key());
    }

    @Test
    void aBadEnvironmentValueNamesTheVariable() {
        SettingsException e = assertThrows(SettingsException.class,
                () -> StreamsSettings.load(null, Map.of("KEYTRAIL_TOPIC_PARTITIONS", "0")));

        assertEquals("topics.partitions: must be a positive integer, got '0' (from environment variable KEYTRAIL_TOPIC_PARTITIONS)",
                e.getMessage());
    }

    @Test
    void rejectsEachInvalidValueByName() {
        assertInvalid("kafka.bootstrap", Map.of("KEYTRAIL_KAFKA_BOOTSTRAP", "localhost"));
        assertInvalid("kafka.bootstrap", Map.of("KEYTRAIL_KAFKA_BOOTSTRAP", "localhost:99999"));
        assertInvalid("kafka.bootstrap", Map.of("KEYTRAIL_KAFKA_BOOTSTRAP", "a:9092,,b:9092"));
        assertInvalid("streams.application-id", Map.of("KEYTRAIL_STREAMS_APP_ID", "audit streams"));
        assertInvalid("streams.commit-interval-ms", Map.of("KEYTRAIL_STREAMS_COMMIT_INTERVAL_MS", "-5"));
        assertInvalid("streams.commit-interval-ms", Map.of("KEYTRAIL_STREAMS_COMMIT_INTERVAL_MS", "99999999999"));
        assertInvalid("topics.prefix", Map.of("KEYTRAIL_TOPIC_PREFIX", "key/trail"));
        assertInvalid("topics.partitions", Map.of("KEYTRAIL_TOPIC_PARTITIONS", "three"));
        assertInvalid("topics.replication-factor", Map.of("KEYTRAIL_TOPIC_REPLICATION_FACTOR", "0"));
        assertInvalid("topics.replication-factor", Map.of("KEYTRAIL_TOPIC_REPLICATION_FACTOR", "40000"));
        assertInvalid("streams.threads", Map.of("KEYTRAIL_STREAMS_THREADS", "0"));
        assertInvalid("streams.threads", Map.of("KEYTRAIL_STREAMS_THREADS", "65"));
        assertInvalid("streams.threads", Map.of("KEYTRAIL_STREAMS_THREADS", "two"));
    }

    @Test
    void threadsComeFromTheFileOrTheEnvironmentAndReachKafkaStreams() throws IOException {
        Path file = write("streams.threads=2\n");
        assertEquals(2, StreamsSettings.load(file, Map.of()).threads());
        StreamsSettings s = StreamsSettings.load(file, Map.of("KEYTRAIL_STREAMS_THREADS", "3"));
        assertEquals(3, s.threads());
        assertEquals(3, StreamsApp.streamsConfig(s).get("num.stream.threads"));
        SettingsException e = assertThrows(SettingsException.class, () -> StreamsSettings.load(null,
                Map.of("KEYTRAIL_STREAMS_THREADS", "100")));
        assertEquals("streams.threads: must be between 1 and 64, got '100' (from environment variable "
                + "KEYTRAIL_STREAMS_THREADS)", e.getMessage());
    }

    @Test
    void commitsAreAskedForEveryIntervalAndKafkaStreamsCommitsAtTheLongestOne() throws IOException {
        StreamsSettings defaults = StreamsSettings.defaults();
        assertEquals(new CommitPacing(Duration.ofMillis(100), Duration.ofSeconds(1)), defaults.commit());
        assertEquals(1000L, StreamsApp.streamsConfig(defaults).get("commit.interval.ms"));

        Path file = write("streams.commit-interval-ms=200\nstreams.commit-max-interval-ms=5000\n");
        assertEquals(new CommitPacing(Duration.ofMillis(200), Duration.ofSeconds(5)),
                StreamsSettings.load(file, Map.of()).commit());
        assertEquals(new CommitPacing(Duration.ofMillis(200), Duration.ofSeconds(2)),
                StreamsSettings.load(file, Map.of("KEYTRAIL_STREAMS_COMMIT_MAX_INTERVAL_MS", "2000")).commit());
        // A commit interval beyond the default longest one is its own longest: old settings keep working.
        assertEquals(new CommitPacing(Duration.ofSeconds(3), Duration.ofSeconds(3)),
                StreamsSettings.load(null, Map.of("KEYTRAIL_STREAMS_COMMIT_INTERVAL_MS", "3000")).commit());

        SettingsException e = assertThrows(SettingsException.class, () -> StreamsSettings.load(file,
                Map.of("KEYTRAIL_STREAMS_COMMIT_MAX_INTERVAL_MS", "150")));
        assertEquals("streams.commit-max-interval-ms: must be between streams.commit-interval-ms (200) and 60000 "
                + "milliseconds, got '150' (from environment variable KEYTRAIL_STREAMS_COMMIT_MAX_INTERVAL_MS)", e.getMessage());
        assertInvalid("streams.commit-max-interval-ms", Map.of("KEYTRAIL_STREAMS_COMMIT_MAX_INTERVAL_MS", "0"));
        assertInvalid("streams.commit-max-interval-ms", Map.of("KEYTRAIL_STREAMS_COMMIT_MAX_INTERVAL_MS", "60001"));
        assertInvalid("streams.commit-interval-ms", Map.of("KEYTRAIL_STREAMS_COMMIT_INTERVAL_MS", "60001"));
        // Kafka Streams refuses a transaction timeout shorter than its commit interval.
        assertEquals(10_000, StreamsApp.streamsConfig(defaults).get("producer.transaction.timeout.ms"));
        assertEquals(120_000, StreamsApp.streamsConfig(StreamsSettings.load(null,
                Map.of("KEYTRAIL_STREAMS_COMMIT_MAX_INTERVAL_MS", "60000"))).get("producer.transaction.timeout.ms"));
    }

    @Test
    void rejectsAnUnknownStreamsKeyAsATypo() throws IOException {
        Path file = write("streams.commit-interval=100\n");

        SettingsException e = assertThrows(SettingsException.class, () -> StreamsSettings.load(file, Map.of()));

        assertEquals("streams.commit-interval: unknown setting (from " + file + ")", e.getMessage());
    }

    @Test
    void aMissingConfigFileIsASettingsError() {
        Path missing = dir.resolve("nope.properties");

        SettingsException e = assertThrows(SettingsException.class, () -> StreamsSettings.load(missing, Map.of()));

        assertEquals(true, e.getMessage().startsWith("config file " + missing + ": cannot be read"), e.getMessage());
    }

    @Test
    void theConstructorValidatesToo() {
        SettingsException e = assertThrows(SettingsException.class, () -> new StreamsSettings("127.0.0.1:9092",
                "app", Path.of("state"), Duration.ZERO, "keytrail.", 3, (short) 1));
        assertEquals("streams.commit-interval-ms", e.key());
    }

    private void assertInvalid(String key, Map<String, String> env) {
        SettingsException e = assertThrows(SettingsException.class, () -> StreamsSettings.load(null, env), env.toString());
        assertEquals(key, e.key(), e.getMessage());
        assertEquals(true, e.getMessage().startsWith(key + ": "), e.getMessage());
    }

    private Path write(String content) throws IOException {
        return Files.writeString(Files.createTempFile(dir, "streams", ".properties"), content);
    }
}
