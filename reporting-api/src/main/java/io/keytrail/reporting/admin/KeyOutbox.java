package io.keytrail.reporting.admin;

import io.keytrail.events.EventSerdes;
import io.keytrail.events.JsonSerde;
import io.keytrail.events.KeyLifecycleEvent;
import io.keytrail.events.KeyRecord;
import io.keytrail.events.Topics;
import io.keytrail.reporting.db.ApiKeyRow;
import io.keytrail.reporting.db.Durability;
import io.keytrail.reporting.db.OutboxDao;
import io.keytrail.reporting.outbox.OutboxSignal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import org.jdbi.v3.core.Handle;

/**
 * What a change to a key tells Kafka, written into the outbox inside the change's own transaction:
 * the key's new state for the gateways and the lifecycle event for its trail, both keyed by key id
 * so that each topic keeps one key's history in order.
 */
final class KeyOutbox {
    private final Topics topics;
    private final OutboxSignal signal;
    private final JsonSerde<KeyRecord> records = EventSerdes.keyRecord();
    private final JsonSerde<KeyLifecycleEvent> events = EventSerdes.keyLifecycleEvent();

    KeyOutbox(Topics topics, OutboxSignal signal) {
        this.topics = Objects.requireNonNull(topics, "topics");
        this.signal = Objects.requireNonNull(signal, "signal");
    }

    /** The key's current state, as the row holds it, for the compacted keys topic. */
    void state(Handle handle, ApiKeyRow row, Instant now) {
        String payload = new String(records.serialize(topics.keys(), row.toRecord()), StandardCharsets.UTF_8);
        append(handle, topics.keys(), row.keyId(), payload, now);
    }

    /**
     * Lets compaction forget a deleted key. Published after its {@code DELETED} state, which is what
     * gateways act on: they file keys by hash, and the tombstone carries only the id.
     */
    void tombstone(Handle handle, String keyId, Instant now) {
        append(handle, topics.keys(), keyId, null, now);
    }

    void event(Handle handle, KeyLifecycleEvent event) {
        String payload = new String(events.serialize(topics.keyEvents(), event), StandardCharsets.UTF_8);
        append(handle, topics.keyEvents(), event.keyId(), payload, event.time());
    }

    private void append(Handle handle, String topic, String recordKey, String payload, Instant now) {
        handle.attach(OutboxDao.class).append(topic, recordKey, payload, now);
        // On file before the change is answered or published: a gateway must never know a key the
        // database lost, nor an administrator see a revocation that a crash undoes.
        Durability.writtenOutOnCommit(handle);
        // Only once the rows are visible: a publisher woken before the commit would find nothing.
        handle.afterCommit(signal::rowsCommitted);
    }

    /** An event of {@code type} about the key in {@code row}. */
    static KeyLifecycleEvent eventFor(KeyLifecycleEvent.Type type, ApiKeyRow row, String actor, Instant now) {
        return KeyLifecycleEvent.of(type, now, row.keyId(), row.projectId(), row.developerId(), actor);
    }
}
