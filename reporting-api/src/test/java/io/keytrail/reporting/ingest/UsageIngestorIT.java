package io.keytrail.reporting.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.keytrail.events.EventSerdes;
import io.keytrail.events.TopicProvisioner;
import io.keytrail.events.Topics;
import io.keytrail.events.UsageWindow;
import io.keytrail.infra.kafka.KafkaExtension;
import io.keytrail.infra.kafka.TestKafka;
import io.keytrail.reporting.db.Database;
import io.keytrail.reporting.db.UsageDao;
import io.keytrail.reporting.db.UsageRow;
import io.keytrail.reporting.support.Await;
import io.keytrail.reporting.support.TestDatabase;
import io.keytrail.reporting.support.TestDatabaseExtension;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({KafkaExtension.class, TestDatabaseExtension.class})
class UsageIngestorIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    @Test
    @SuppressWarnings("try") // the resources only need to run, and stop at the end
    void storesLatestTotalsSkipsCorruptRecordsAndCommitsAfterStoring(TestKafka kafka, TestDatabase db) throws Exception {
        Topics topics = new Topics("ingest-" + System.nanoTime() + ".");
        String topic = topics.usage();
        TopicProvisioner.ensure(kafka.bootstrapServers(), List.of(new NewTopic(topic, 1, (short) 1)), TIMEOUT);
        UsageWindow first = window("alice", T0, 1, 0);
        UsageWindow latest = window("alice", T0, 5, 2);
        UsageWindow bob = window("bob", T0, 3, 3);
        try (KafkaProducer<String, byte[]> producer = producer(kafka)) {
            send(producer, topic, "garbage", "not json at all".getBytes(StandardCharsets.UTF_8));
            send(producer, topic, first.key(), EventSerdes.usageWindow().serialize(topic, first));
            send(producer, topic, "future", ("{\"schemaVersion\":99,\"developerId\":\"alice\",\"windowStart\":\"2024-05-01T10:00:00Z\","
                    + "\"windowEnd\":\"2024-05-01T10:01:00Z\",\"success\":100,\"failure\":0}").getBytes(StandardCharsets.UTF_8));
            send(producer, topic, "no-developer", "{\"schemaVersion\":1,\"windowStart\":\"2024-05-01T10:00:00Z\"}"
                    .getBytes(StandardCharsets.UTF_8));
            send(producer, topic, "reversed", EventSerdes.usageWindow().serialize(topic,
                    new UsageWindow(1, "alice", T0.plusSeconds(60), T0, 7, 7, T0)));
            send(producer, topic, first.key(), null);
            send(producer, topic, latest.key(), EventSerdes.usageWindow().serialize(topic, latest));
            send(producer, topic, bob.key(), EventSerdes.usageWindow().serialize(topic, bob));
            producer.flush();
        }
        String group = "ingest-it-" + System.nanoTime();

        try (Database database = db.connect();
             UsageIngestor ingestor = new UsageIngestor(database.jdbi(), kafka.bootstrapServers(), group, topic,
                     Clock.systemUTC())) {
            Jdbi jdbi = database.jdbi();
            Await.until(TIMEOUT, "both developers stored", () -> windows(jdbi, "alice").size() == 1
                    && windows(jdbi, "alice").get(0).success() == 5 && windows(jdbi, "bob").size() == 1);

            UsageRow alice = windows(jdbi, "alice").get(0);
            assertEquals(T0, alice.windowStart());
            assertEquals(T0.plusSeconds(60), alice.windowEnd());
            assertEquals(2, alice.failure());
            assertEquals(latest.lastEventTime(), alice.lastEventTime());
            int rows = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM usage_windows").mapTo(Integer.class).one());
            assertEquals(2, rows, "corrupt, unknown-version and reversed records are skipped");
            Await.until(TIMEOUT, "offsets committed past every record", () -> committed(kafka, group, topic) == 8);
        }
    }

    private static UsageWindow window(String developer, Instant start, long success, long failure) {
        return new UsageWindow(UsageWindow.SCHEMA_VERSION, developer, start, start.plusSeconds(60), success, failure,
                start.plusSeconds(success));
    }

    private static List<UsageRow> windows(Jdbi jdbi, String developer) {
        return jdbi.withExtension(UsageDao.class, dao -> dao.windows(developer, T0.minusSeconds(3600), T0.plusSeconds(3600)));
    }

    private static long committed(TestKafka kafka, String group, String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            OffsetAndMetadata offset = offsets.get(new TopicPartition(topic, 0));
            return offset == null ? -1 : offset.offset();
        } catch (Exception e) {
            return -1;
        }
    }

    private static KafkaProducer<String, byte[]> producer(TestKafka kafka) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, String key, byte[] value)
            throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value)).get();
    }
}
