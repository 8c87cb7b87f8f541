package io.keytrail.reporting.ingest;

import io.keytrail.events.Topics;
import io.keytrail.reporting.db.AlertDao;
import io.keytrail.reporting.db.AuditEventDao;
import io.keytrail.reporting.db.KeyEventDao;
import io.keytrail.reporting.db.KeyUsageDao;
import io.keytrail.reporting.db.LastSeenDao;
import io.keytrail.reporting.db.UsageDao;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.jdbi.v3.core.Jdbi;

/**
 * Everything reporting-api ingests, in two consumer loops of one consumer group: the event topics
 * (both auth topics, key events, alerts), stored once per event id, and the state topics (usage
 * and key-usage windows, last seen), upserted by their key. Two loops so that the heavy audit
 * stream and the windows are written in parallel, each in transactions of its own.
 */
public final class Ingest implements AutoCloseable {
    private final IngestCounters counters = new IngestCounters();
    private final IngestLoop events;
    private final IngestLoop windows;

    /**
     * Starts both loops.
     *
     * @param groupId        the consumer group; instances of one deployment share it and so share the partitions
     * @param maxPollRecords the most records one poll, and so one transaction, holds
     */
    public Ingest(Jdbi jdbi, String bootstrapServers, String groupId, Topics topics, int maxPollRecords, Clock clock) {
        Objects.requireNonNull(jdbi, "jdbi");
        Objects.requireNonNull(topics, "topics");
        this.events = new IngestLoop("events", jdbi,
                consumerConfig(bootstrapServers, groupId, "keytrail-reporting-events", maxPollRecords),
                eventTopics(topics), clock, counters);
        try {
            this.windows = new IngestLoop("windows", jdbi,
                    consumerConfig(bootstrapServers, groupId, "keytrail-reporting-windows", maxPollRecords),
                    windowTopics(topics), clock, counters);
        } catch (RuntimeException e) {
            events.close();
            throw e;
        }
    }

    /** Both auth topics, key events and alerts: stored once per event or alert id. */
    public static List<IngestTopic<?>> eventTopics(Topics topics) {
        AuthEventMapper auth = new AuthEventMapper();
        BatchWriter<io.keytrail.reporting.db.AuditEventRow> audit =
                (handle, rows) -> handle.attach(AuditEventDao.class).storeAll(rows);
        return List.of(
                new IngestTopic<>(topics.authSuccess(), auth, audit),
                new IngestTopic<>(topics.authFailure(), auth, audit),
                new IngestTopic<>(topics.keyEvents(), new KeyEventMapper(),
                        (handle, rows) -> handle.attach(KeyEventDao.class).insertAll(rows)),
                new IngestTopic<>(topics.alerts(), new AlertMapper(),
                        (handle, rows) -> handle.attach(AlertDao.class).insertAll(rows)));
    }

    /** Usage windows per developer and per key, and first and last use: upserted by their key. */
    public static List<IngestTopic<?>> windowTopics(Topics topics) {
        return List.of(
                new IngestTopic<>(topics.usage(), new UsageWindowMapper(false),
                        (handle, rows) -> handle.attach(UsageDao.class).upsertWindows(rows)),
                new IngestTopic<>(topics.keyUsage(), new UsageWindowMapper(true),
                        (handle, rows) -> handle.attach(KeyUsageDao.class).upsertAll(rows)),
                new IngestTopic<>(topics.lastSeen(), new LastSeenMapper(),
                        (handle, rows) -> handle.attach(LastSeenDao.class).upsertAll(rows)));
    }

    /**
     * The consumer settings of ingest: committed records only (the gateway and audit-streams write
     * in transactions), offsets committed by the loop after each stored poll, and a new group
     * starting from the earliest record, since the topics hold what the database does not have yet.
     */
    public static Map<String, Object> consumerConfig(String bootstrapServers, String groupId, String clientId,
                                                     int maxPollRecords) {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Objects.requireNonNull(bootstrapServers, "bootstrapServers"),
                ConsumerConfig.GROUP_ID_CONFIG, Objects.requireNonNull(groupId, "groupId"),
                ConsumerConfig.CLIENT_ID_CONFIG, Objects.requireNonNull(clientId, "clientId"),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords,
                // Large fetches keep a poll's batch full when ingest is behind.
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
    }

    public IngestCounters counters() {
        return counters;
    }

    @Override
    public void close() {
        try {
            events.close();
        } finally {
            windows.close();
        }
    }
}
