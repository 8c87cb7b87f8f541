package io.keytrail.reporting.ingest;

import static io.keytrail.reporting.support.Events.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keytrail.events.AuthEvent;
import io.keytrail.events.Json;
import io.keytrail.events.KeyLifecycleEvent;
import io.keytrail.events.TopicProvisioner;
import io.keytrail.events.Topics;
import io.keytrail.events.UsageWindow;
import io.keytrail.infra.kafka.KafkaExtension;
import io.keytrail.infra.kafka.TestKafka;
import io.keytrail.reporting.db.Database;
import io.keytrail.reporting.db.IngestProgressDao;
import io.keytrail.reporting.db.IngestProgressRow;
import io.keytrail.reporting.support.Await;
import io.keytrail.reporting.support.Events;
import io.keytrail.reporting.support.TestDatabase;
import io.keytrail.reporting.support.TestDatabaseExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
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

/**
 * Ingest against a real broker: every topic into its table, bad records skipped without stopping
 * anything, progress per partition, and the same rows after a restart, a rewind and a replay. On H2
 * here, on PostgreSQL in {@link IngestPostgresIT}.
 */
@ExtendWith({KafkaExtension.class, TestDatabaseExtension.class})
class IngestIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int PARTITIONS = 2;
    /** Columns a row stored again after a loss has anew: when it was stored. */
    private static final java.util.Set<String> REWRITTEN = java.util.Set.of("updated_at", "ingested_at");
    private static final List<String> TABLES = List.of("audit_events", "key_events", "usage_windows",
            "key_usage_windows", "last_seen", "alerts");

    @Test
    void storesEveryTopicOnceSkipsBadRecordsAndRestartsRewindsAndReplaysChangeNothing(TestKafka kafka, TestDatabase db)
            throws Exception {
        Topics topics = freshTopics(kafka, "ingest-");
        Map<String, Integer> published = publishEverything(kafka, topics);
        String group = "ingest-it-" + System.nanoTime();

        try (Database database = db.connect()) {
            Jdbi jdbi = database.jdbi();
            Map<String, Object> first;
            List<IngestProgressRow> progress;
            try (Ingest ingest = new Ingest(jdbi, kafka.bootstrapServers(), group, topics, 50, Clock.systemUTC())) {
                awaitAllRead(ingest, topics, published);
                Await.until(TIMEOUT, "every partition marked caught up", () -> caughtUp(jdbi) == 7 * PARTITIONS);
                first = snapshot(jdbi);

                assertEquals(Map.of("audit_events", 60L, "key_events", 3L, "usage_windows", 2L,
                        "key_usage_windows", 1L, "last_seen", 1L, "alerts", 1L), counts(first));
                IngestCounters counters = ingest.counters();
                assertEquals(1, counters.skipped(topics.authSuccess(), SkipReason.CORRUPT));
                assertEquals(1, counters.skipped(topics.authSuccess(), SkipReason.UNKNOWN_SCHEMA_VERSION));
                assertEquals(1, counters.skipped(topics.authFailure(), SkipReason.ABSURD_TIME));
                assertEquals(1, counters.skipped(topics.usage(), SkipReason.MISSING_FIELD));
                assertEquals(1, counters.skipped(topics.usage(), SkipReason.TOMBSTONE));
                assertEquals(1, counters.clipped(topics.authFailure()));
                assertEquals(45, counters.stored(topics.authSuccess()), "duplicates are written too, and stored once");
                assertEquals(20, counters.stored(topics.authFailure()));

                progress = jdbi.withExtension(IngestProgressDao.class, IngestProgressDao::all);
                Map<TopicPartition, Long> ends = endOffsets(kafka, topics);
                assertEquals(7 * PARTITIONS, progress.size(), "a row for every partition, empty ones too");
                for (IngestProgressRow row : progress) {
                    TopicPartition partition = new TopicPartition(row.topic(), row.partitionId());
                    assertEquals(ends.get(partition), row.nextOffset(), partition.toString());
                    assertNotNull(row.caughtUpAt(), partition.toString());
                    assertEquals(ends.get(partition) > 0, row.storedUpTo() != null, partition.toString());
                }
                assertEquals(ends, committed(kafka, group, ends.keySet()));
            }

            // A restart of the same group reads nothing again.
            try (Ingest again = new Ingest(jdbi, kafka.bootstrapServers(), group, topics, 50, Clock.systemUTC())) {
                Await.until(TIMEOUT, "restarted ingest caught up", () -> caughtUpAfter(jdbi, Instant.now()));
                assertEquals(0, again.counters().stored(topics.authSuccess()));
            }
            assertSameRows(first, snapshot(jdbi), "restart");

            // The group rewound to the start, and a new group: everything read again, nothing counted twice.
            rewind(kafka, group, endOffsets(kafka, topics).keySet());
            for (String replayGroup : List.of(group, group + "-replay")) {
                try (Ingest replay = new Ingest(jdbi, kafka.bootstrapServers(), replayGroup, topics, 50,
                        Clock.systemUTC())) {
                    awaitAllRead(replay, topics, published);
                }
                assertSameRows(first, snapshot(jdbi), replayGroup);
            }
            List<IngestProgressRow> after = jdbi.withExtension(IngestProgressDao.class, IngestProgressDao::all);
            for (int i = 0; i < progress.size(); i++) {
                assertEquals(progress.get(i).storedUpTo(), after.get(i).storedUpTo());
                assertEquals(progress.get(i).nextOffset(), after.get(i).nextOffset());
            }
        }
    }

    /**
     * H2 keeps a commit in memory until its next store, so a killed reporting-api can come back with
     * its last transactions gone while the group's offsets already point past them (a database
     * restored from a backup is in the same place). Here the database loses every audit and key event
     * and their progress after a full ingest: a restart reads them again from its own progress, though
     * the group's committed offsets are at the end.
     */
    @Test
    void resumesFromTheDatabasesProgressWhereItIsBehindTheGroup(TestKafka kafka, TestDatabase db) throws Exception {
        Topics topics = freshTopics(kafka, "ingest-lost-");
        Map<String, Integer> published = publishEverything(kafka, topics);
        String group = "ingest-lost-" + System.nanoTime();

        try (Database database = db.connect()) {
            Jdbi jdbi = database.jdbi();
            Map<String, Object> first = ingestEverything(jdbi, kafka, group, topics, published);
            Map<TopicPartition, Long> ends = endOffsets(kafka, topics);
            assertEquals(ends, committed(kafka, group, ends.keySet()));

            List<String> lost = List.of(topics.authSuccess(), topics.authFailure(), topics.keyEvents());
            jdbi.useTransaction(h -> {
                h.execute("DELETE FROM audit_events");
                h.execute("DELETE FROM key_events");
                for (String topic : lost) {
                    h.execute("UPDATE ingest_progress SET next_offset = 0, stored_up_to = NULL, caught_up_at = NULL"
                            + " WHERE topic = ?", topic);
                }
            });

            try (Ingest again = new Ingest(jdbi, kafka.bootstrapServers(), group, topics, 50, Clock.systemUTC())) {
                Await.until(TIMEOUT, "the lost events stored again", () -> {
                    Map<String, Long> counts = counts(snapshot(jdbi));
                    return counts.get("audit_events") == 60 && counts.get("key_events") == 3;
                });
                Await.until(TIMEOUT, "every partition marked caught up again", () -> caughtUp(jdbi) == 7 * PARTITIONS);
                assertEquals(0, again.counters().stored(topics.usage()), "topics the database did not lose are not read again");
            }
            assertSameRows(first, snapshot(jdbi, REWRITTEN), "restart after the loss");
            for (IngestProgressRow row : jdbi.withExtension(IngestProgressDao.class, IngestProgressDao::all)) {
                TopicPartition partition = new TopicPartition(row.topic(), row.partitionId());
                assertEquals(ends.get(partition), row.nextOffset(), partition.toString());
                assertEquals(ends.get(partition) > 0, row.storedUpTo() != null, partition.toString());
            }
        }
    }

    /**
     * 40 successes (5 sent twice) and 20 failures, one of them with a huge path, plus one record of
     * each kind of bad input in the middle; key events; a usage window updated twice; key usage;
     * last seen; one alert, so that some partitions stay empty.
     */
    /** Ingests everything published, until every partition is marked caught up; the rows then. */
    private static Map<String, Object> ingestEverything(Jdbi jdbi, TestKafka kafka, String group, Topics topics,
                                                        Map<String, Integer> published) {
        try (Ingest ingest = new Ingest(jdbi, kafka.bootstrapServers(), group, topics, 50, Clock.systemUTC())) {
            awaitAllRead(ingest, topics, published);
            Await.until(TIMEOUT, "every partition marked caught up", () -> caughtUp(jdbi) == 7 * PARTITIONS);
            return snapshot(jdbi, REWRITTEN);
        }
    }

    private static Topics freshTopics(TestKafka kafka, String prefix) throws Exception {
        Topics topics = new Topics(prefix + System.nanoTime() + ".");
        TopicProvisioner.ensure(kafka.bootstrapServers(), topics.definitions(PARTITIONS, (short) 1,
                Duration.ofDays(7)), TIMEOUT);
        return topics;
    }

    private static Map<String, Integer> publishEverything(TestKafka kafka, Topics topics) throws Exception {
        Instant t0 = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS).minus(Duration.ofHours(2));
        Map<String, Integer> sent = new HashMap<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
            for (int i = 0; i < 35; i++) {
                AuthEvent e = Events.success("s-" + i, i % 2 == 0 ? "alice" : "bob", t0.plusSeconds(i));
                records.add(record(topics.authSuccess(), e.partitionKey(), e));
                if (i == 17) {
                    records.add(new ProducerRecord<>(topics.authSuccess(), "alice", utf8("{not json")));
                    records.add(new ProducerRecord<>(topics.authSuccess(), "alice", utf8("{\"schemaVersion\":9}")));
                }
                if (i < 5) {
                    records.add(record(topics.authSuccess(), e.partitionKey(), e));
                }
            }
            for (int i = 35; i < 40; i++) {
                AuthEvent e = Events.success("s-" + i, "carol", t0.plusSeconds(i));
                records.add(record(topics.authSuccess(), e.partitionKey(), e));
            }
            for (int i = 0; i < 20; i++) {
                AuthEvent e = Events.failure("f-" + i, "198.51.100." + (i % 3), t0.plusSeconds(i));
                if (i == 10) {
                    e = new AuthEvent(1, e.eventId(), e.type(), e.time(), e.requestId(), e.gatewayNode(), e.apiId(),
                            e.route(), e.method(), "/" + "a".repeat(50_000), e.status(), e.latency(), e.client(),
                            e.credential(), null, null, e.reason());
                }
                records.add(record(topics.authFailure(), e.partitionKey(), e));
            }
            records.add(record(topics.authFailure(), "x", Events.failure("f-future", "1.1.1.1",
                    Instant.parse("2999-01-01T00:00:00Z"))));
            for (KeyLifecycleEvent.Type type : List.of(KeyLifecycleEvent.Type.CREATED, KeyLifecycleEvent.Type.REVEALED,
                    KeyLifecycleEvent.Type.REVOKED)) {
                records.add(record(topics.keyEvents(), "k_1", Events.keyEvent("ke-" + type, type, "k_1", t0)));
            }
            UsageWindow partial = Events.window("alice", null, t0, Duration.ofHours(1), 10, 1);
            UsageWindow full = Events.window("alice", null, t0, Duration.ofHours(1), 20, 2);
            UsageWindow minute = Events.window("alice", null, t0, Duration.ofMinutes(1), 3, 0);
            records.add(record(topics.usage(), partial.key(), partial));
            records.add(new ProducerRecord<>(topics.usage(), partial.key(), utf8(
                    "{\"schemaVersion\":1,\"windowStart\":\"" + t0 + "\",\"windowEnd\":\"" + t0.plusSeconds(60) + "\"}")));
            records.add(record(topics.usage(), full.key(), full));
            records.add(new ProducerRecord<>(topics.usage(), minute.key(), (byte[]) null));
            records.add(record(topics.usage(), minute.key(), minute));
            UsageWindow perKey = Events.window("alice", "k_1", t0, Duration.ofHours(1), 20, 2);
            records.add(record(topics.keyUsage(), perKey.key(), perKey));
            records.add(record(topics.lastSeen(), "key:k_1", Events.lastSeen("k_1", t0, t0.plusSeconds(40), t0)));
            records.add(record(topics.alerts(), "198.51.100.1", Events.alert("198.51.100.1", t0, 20)));
            for (ProducerRecord<String, byte[]> r : records) {
                producer.send(r).get();
                sent.merge(r.topic(), 1, Integer::sum);
            }
        }
        return sent;
    }

    private static ProducerRecord<String, byte[]> record(String topic, String key, Object value) {
        try {
            return new ProducerRecord<>(topic, key, Json.mapper().writeValueAsBytes(value));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Until the counters account for every published record of every topic: stored or skipped. */
    private static void awaitAllRead(Ingest ingest, Topics topics, Map<String, Integer> published) {
        Await.until(TIMEOUT, "every record read", () -> published.entrySet().stream().allMatch(e -> {
            long read = ingest.counters().stored(e.getKey());
            for (SkipReason reason : SkipReason.values()) {
                read += ingest.counters().skipped(e.getKey(), reason);
            }
            return read == e.getValue();
        }));
    }

    private static Map<String, Object> snapshot(Jdbi jdbi) {
        // Every column but updated_at: a replayed window or last-seen record is written again, unchanged.
        return snapshot(jdbi, java.util.Set.of("updated_at"));
    }

    private static Map<String, Object> snapshot(Jdbi jdbi, java.util.Set<String> ignoredColumns) {
        Map<String, Object> rows = new HashMap<>();
        for (String table : TABLES) {
            rows.put(table, jdbi.withHandle(h -> h.createQuery("SELECT * FROM " + table).mapToMap().list()).stream()
                    .map(row -> row.entrySet().stream().filter(e -> !ignoredColumns.contains(e.getKey()))
                            .sorted(Map.Entry.comparingByKey())
                            .map(String::valueOf).collect(Collectors.joining(",")))
                    .sorted().toList());
        }
        return rows;
    }

    /** Compares table by table, naming the tables that differ rather than printing every row. */
    private static void assertSameRows(Map<String, Object> expected, Map<String, Object> actual, String after) {
        List<String> differing = TABLES.stream().filter(t -> !expected.get(t).equals(actual.get(t))).toList();
        assertEquals(List.of(), differing, "tables changed by the " + after);
    }

    private static Map<String, Long> counts(Map<String, Object> snapshot) {
        Map<String, Long> counts = new HashMap<>();
        snapshot.forEach((table, rows) -> counts.put(table, (long) ((List<?>) rows).size()));
        return counts;
    }

    private static int caughtUp(Jdbi jdbi) {
        return (int) jdbi.withExtension(IngestProgressDao.class, IngestProgressDao::all).stream()
                .filter(row -> row.caughtUpAt() != null).count();
    }

    private static boolean caughtUpAfter(Jdbi jdbi, Instant since) {
        List<IngestProgressRow> rows = jdbi.withExtension(IngestProgressDao.class, IngestProgressDao::all);
        return rows.stream().allMatch(row -> row.caughtUpAt() != null && !row.caughtUpAt().isBefore(since.minusSeconds(1)));
    }

    private static Map<TopicPartition, Long> endOffsets(TestKafka kafka, Topics topics) throws Exception {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(topics.authSuccess(), topics.authFailure(), topics.keyEvents(), topics.alerts(),
                topics.usage(), topics.keyUsage(), topics.lastSeen())) {
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(topic, p));
            }
        }
        try (Admin admin = admin(kafka)) {
            Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> specs = new HashMap<>();
            partitions.forEach(p -> specs.put(p, org.apache.kafka.clients.admin.OffsetSpec.latest()));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(specs).all().get().forEach((p, info) -> ends.put(p, info.offset()));
            return ends;
        }
    }

    private static Map<TopicPartition, Long> committed(TestKafka kafka, String group,
                                                       java.util.Set<TopicPartition> partitions) throws Exception {
        try (Admin admin = admin(kafka)) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, Long> committed = new HashMap<>();
            // Partitions never written to have nothing to commit: they count as offset 0.
            partitions.forEach(p -> committed.put(p, offsets.get(p) == null ? 0L : offsets.get(p).offset()));
            return committed;
        }
    }

    private static void rewind(TestKafka kafka, String group, java.util.Set<TopicPartition> partitions) throws Exception {
        try (Admin admin = admin(kafka)) {
            Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
            partitions.forEach(p -> start.put(p, new OffsetAndMetadata(0)));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (true) {
                try {
                    // Refused while the group's last members are still leaving it.
                    admin.alterConsumerGroupOffsets(group, start).all().get();
                    return;
                } catch (Exception e) {
                    assertTrue(System.nanoTime() < deadline, "group not rewound: " + e);
                    Thread.sleep(200);
                }
            }
        }
    }

    private static Admin admin(TestKafka kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }
}
