package io.keytrail.reporting.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keytrail.events.TopicProvisioner;
import io.keytrail.events.Topics;
import io.keytrail.infra.kafka.KafkaExtension;
import io.keytrail.infra.kafka.KafkaNode;
import io.keytrail.infra.kafka.TestKafka;
import io.keytrail.reporting.admin.KeyIssuer;
import io.keytrail.reporting.db.Database;
import io.keytrail.reporting.db.OutboxDao;
import io.keytrail.reporting.keys.KeyGenerator;
import io.keytrail.reporting.support.Await;
import io.keytrail.reporting.support.TestApi;
import io.keytrail.reporting.support.TestDatabase;
import io.keytrail.reporting.support.TestDatabaseExtension;
import io.keytrail.reporting.support.TopicReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith({KafkaExtension.class, TestDatabaseExtension.class})
class OutboxPublisherIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("try") // the resources only need to run, and stop at the end
    void publishesInIdOrderAndMarksRowsPublished(TestKafka kafka, TestDatabase db) {
        Topics topics = new Topics("outbox-order-" + System.nanoTime() + ".");
        String topic = topics.keys();
        TopicProvisioner.ensure(kafka.bootstrapServers(), List.of(new NewTopic(topic, 1, (short) 1)), TIMEOUT);
        try (Database database = db.connect()) {
            Jdbi jdbi = database.jdbi();
            append(jdbi, topic, "k1", "{\"v\":1}");
            append(jdbi, topic, "k2", "{\"v\":2}");
            append(jdbi, topic, "k1", "{\"v\":3}");
            append(jdbi, topic, "k3", null);

            try (OutboxPublisher publisher = publisher(jdbi, kafka)) {
                Await.until(TIMEOUT, "outbox drained", () -> unpublished(jdbi) == 0);
            }

            List<ConsumerRecord<String, byte[]>> records = TopicReader.readAll(kafka.bootstrapServers(), topic, 4, TIMEOUT);
            assertEquals(4, records.size());
            assertEquals(List.of("k1", "k2", "k1", "k3"), records.stream().map(ConsumerRecord::key).toList());
            assertEquals("{\"v\":1}", text(records.get(0)));
            assertEquals("{\"v\":3}", text(records.get(2)));
            assertNull(records.get(3).value(), "a null payload is a tombstone");
        }
    }

    /**
     * A key issued in this process is published as soon as its transaction commits, not at the
     * next poll: the poll here is a minute, so only the commit's signal can get the rows out in time.
     */
    @Test
    @SuppressWarnings("try") // the resources only need to run, and stop at the end
    void aKeyIssuedHereIsPublishedAtItsCommitNotAtTheNextPoll(TestKafka kafka, TestDatabase db) throws Exception {
        Topics topics = new Topics("outbox-signal-" + System.nanoTime() + ".");
        TopicProvisioner.ensure(kafka.bootstrapServers(), List.of(new NewTopic(topics.keys(), 1, (short) 1),
                new NewTopic(topics.keyEvents(), 1, (short) 1)), TIMEOUT);
        OutboxSignal signal = new OutboxSignal();
        try (Database database = db.connect();
             OutboxPublisher publisher = new OutboxPublisher(database.jdbi(), kafka.bootstrapServers(),
                     Duration.ofMinutes(1), 500, Duration.ofSeconds(5), Clock.systemUTC(), signal)) {
            Jdbi jdbi = database.jdbi();
            jdbi.useHandle(h -> {
                h.attach(io.keytrail.reporting.db.ProjectDao.class).ensure("p", Instant.now());
                h.attach(io.keytrail.reporting.db.DeveloperDao.class).ensure("d", Instant.now());
            });
            // Let the publisher's first round find the table empty and begin its long rest.
            Thread.sleep(500);
            KeyIssuer issuer = new KeyIssuer(jdbi, KeyGenerator.create(), TestApi.testVault(), topics, Clock.systemUTC(),
                    signal);
            long began = System.nanoTime();
            assertEquals(KeyIssuer.Issue.Outcome.ISSUED, issuer.issue("p", "d",
                    io.keytrail.reporting.admin.KeySettings.described("signalled"), null, "test").outcome());
            Await.until(Duration.ofSeconds(10), "the new key published", () -> unpublished(jdbi) == 0);
            long millis = (System.nanoTime() - began) / 1_000_000;
            assertTrue(millis < 10_000, "published after " + millis + " ms");
            assertEquals(1, TopicReader.readAll(kafka.bootstrapServers(), topics.keys(), 1, TIMEOUT).size());
        }
    }

    /**
     * A broker of its own, so that it can be down, come up, go down and come back on the same
     * address while the publisher keeps running.
     */
    @Test
    @SuppressWarnings("try") // the resources only need to run, and stop at the end
    void changesCommittedWhileKafkaIsDownArePublishedInOrderWhenItReturns(TestDatabase db) throws Exception {
        int port = freePort();
        int controllerPort = freePort();
        String bootstrap = "127.0.0.1:" + port;
        String topic = "outbox-outage-" + System.nanoTime() + ".keys";
        Path brokerDir = dir.resolve("broker");
        Map<String, String> noAutoCreate = Map.of("auto.create.topics.enable", "false");
        try (Database database = db.connect();
             OutboxPublisher publisher = new OutboxPublisher(database.jdbi(), bootstrap, Duration.ofMillis(20), 500,
                     Duration.ofSeconds(1), Clock.systemUTC(), new OutboxSignal())) {
            Jdbi jdbi = database.jdbi();
            append(jdbi, topic, "key_a", "first");
            append(jdbi, topic, "key_a", "second");

            // Kafka not there at all: the rows wait, and the database stays free for requests.
            Thread.sleep(2500);
            assertEquals(2, unpublished(jdbi), "nothing is marked published while Kafka is down");
            KeyIssuer issuer = new KeyIssuer(jdbi, KeyGenerator.create(), TestApi.testVault(), new Topics("unused."), Clock.systemUTC(),
                    new OutboxSignal());
            long began = System.nanoTime();
            jdbi.useHandle(h -> {
                h.attach(io.keytrail.reporting.db.ProjectDao.class).ensure("p", java.time.Instant.now());
                h.attach(io.keytrail.reporting.db.DeveloperDao.class).ensure("d", java.time.Instant.now());
            });
            assertEquals(KeyIssuer.Issue.Outcome.ISSUED, issuer.issue("p", "d",
                    io.keytrail.reporting.admin.KeySettings.described("made while Kafka is down"), null, "test").outcome());
            assertTrue(System.nanoTime() - began < Duration.ofSeconds(1).toNanos(), "a request waited for Kafka");
            jdbi.useHandle(h -> h.execute("DELETE FROM outbox WHERE topic LIKE 'unused.%'"));

            try (KafkaNode broker = KafkaNode.start(brokerDir, port, controllerPort, noAutoCreate)) {
                append(jdbi, topic, "key_a", "third");
                TopicProvisioner.ensure(bootstrap, List.of(new NewTopic(topic, 1, (short) 1)), TIMEOUT);
                Await.until(TIMEOUT, "outbox drained once Kafka is up", () -> unpublished(jdbi) == 0);
            }

            append(jdbi, topic, "key_a", "fourth");
            Thread.sleep(2000);
            assertEquals(1, unpublished(jdbi), "the change committed while Kafka is down waits");

            try (KafkaNode broker = KafkaNode.start(brokerDir, port, controllerPort, noAutoCreate)) {
                Await.until(TIMEOUT, "outbox drained once Kafka is back", () -> unpublished(jdbi) == 0);
                List<String> values = new ArrayList<>();
                TopicReader.readAll(bootstrap, topic, 4, TIMEOUT).forEach(r -> values.add(text(r)));
                assertEquals(List.of("first", "second", "third", "fourth"), new ArrayList<>(new LinkedHashSet<>(values)),
                        values.toString());
                assertEquals("fourth", values.get(values.size() - 1), "the latest value stays last: " + values);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static OutboxPublisher publisher(Jdbi jdbi, TestKafka kafka) {
        return new OutboxPublisher(jdbi, kafka.bootstrapServers(), Duration.ofMillis(20), 500, Duration.ofSeconds(1),
                Clock.systemUTC(), new OutboxSignal());
    }

    private static void append(Jdbi jdbi, String topic, String key, String payload) {
        jdbi.useExtension(OutboxDao.class, dao -> dao.append(topic, key, payload, Instant.now()));
    }

    private static long unpublished(Jdbi jdbi) {
        return jdbi.withExtension(OutboxDao.class, OutboxDao::countUnpublished);
    }

    private static String text(ConsumerRecord<String, byte[]> record) {
        return record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8);
    }
}
