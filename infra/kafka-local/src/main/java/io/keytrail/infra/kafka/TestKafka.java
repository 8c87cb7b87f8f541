package io.keytrail.infra.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The broker a test JVM uses, chosen once: the cluster named by {@code KEYTRAIL_KAFKA_BOOTSTRAP}
 * when set, else Testcontainers' Kafka container when a Docker engine answers, else a
 * {@link KafkaNode} inside this JVM. Set {@code keytrail.test.kafka=embedded} (system property or
 * {@code KEYTRAIL_TEST_KAFKA}) to skip the Docker probe.
 */
public abstract sealed class TestKafka implements AutoCloseable {
    public static final String IMAGE = "apache/kafka:4.3.1";
    private static final Logger LOG = LoggerFactory.getLogger(TestKafka.class);

    /** host:port list for clients. */
    public abstract String bootstrapServers();

    /** How this broker was obtained, for test logs. */
    public abstract String kind();

    @Override
    public abstract void close();

    static TestKafka start() {
        String external = System.getenv("KEYTRAIL_KAFKA_BOOTSTRAP");
        if (external != null && !external.isBlank()) {
            LOG.info("tests use the Kafka cluster at {}", external);
            return new External(external.trim());
        }
        String choice = System.getProperty("keytrail.test.kafka", System.getenv().getOrDefault("KEYTRAIL_TEST_KAFKA", "auto"));
        if (!"embedded".equals(choice) && DockerClientFactory.instance().isDockerAvailable()) {
            KafkaContainer container = new KafkaContainer(IMAGE);
            try {
                container.start();
                LOG.info("tests use a Testcontainers Kafka broker at {}", container.getBootstrapServers());
                return new Container(container);
            } catch (RuntimeException e) {
                // A Docker engine that cannot pull or run the image must not cost the suite its broker.
                LOG.warn("Testcontainers Kafka did not start ({}); using an in-JVM broker", e.toString());
                container.stop();
            }
        }
        try {
            Path dir = Files.createTempDirectory("keytrail-kafka-");
            KafkaNode node = KafkaNode.start(dir, 0, 0, Map.of());
            LOG.info("tests use an in-JVM Kafka broker at {}", node.bootstrapServers());
            return new Embedded(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final class External extends TestKafka {
        private final String bootstrap;

        External(String bootstrap) {
            this.bootstrap = bootstrap;
        }

        @Override
        public String bootstrapServers() {
            return bootstrap;
        }

        @Override
        public String kind() {
            return "external";
        }

        @Override
        public void close() {
        }
    }

    static final class Container extends TestKafka {
        private final KafkaContainer container;

        Container(KafkaContainer container) {
            this.container = container;
        }

        @Override
        public String bootstrapServers() {
            return container.getBootstrapServers();
        }

        @Override
        public String kind() {
            return "testcontainers";
        }

        @Override
        public void close() {
            container.stop();
        }
    }

    static final class Embedded extends TestKafka {
        private final KafkaNode node;

        Embedded(KafkaNode node) {
            this.node = node;
        }

        @Override
        public String bootstrapServers() {
            return node.bootstrapServers();
        }

        @Override
        public String kind() {
            return "embedded";
        }

        @Override
        public void close() {
            node.close();
            try (Stream<Path> files = Files.walk(node.dataDir())) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                LOG.warn("could not delete {}: {}", node.dataDir(), e.toString());
            }
        }
    }
}
