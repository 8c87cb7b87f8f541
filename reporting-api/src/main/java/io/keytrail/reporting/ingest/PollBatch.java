package io.keytrail.reporting.ingest;

import io.keytrail.reporting.db.IngestProgressDao;
import io.keytrail.reporting.db.IngestProgressRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jdbi.v3.core.Handle;

/**
 * One poll's records turned into rows per topic, with what was skipped and where each partition
 * got to, ready to be written in one transaction.
 */
final class PollBatch {
    private final Map<String, IngestTopic<?>> topics;
    private final Instant now;
    private final Map<String, TopicRows<?>> rows = new LinkedHashMap<>();
    private final Map<TopicPartition, IngestProgressRow> progress = new HashMap<>();
    private final Map<String, long[]> stored = new HashMap<>();
    private final Map<String, Map<SkipReason, Long>> skipped = new HashMap<>();
    private final List<String> skips = new ArrayList<>();

    PollBatch(Map<String, IngestTopic<?>> topics, Instant now) {
        this.topics = topics;
        this.now = now;
    }

    void add(ConsumerRecord<byte[], byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        // A record stamped in the future says nothing about how complete the data is now.
        Instant stamped = record.timestamp() < 0 ? null
                : Instant.ofEpochMilli(Math.min(record.timestamp(), now.toEpochMilli()));
        progress.merge(partition, new IngestProgressRow(record.topic(), record.partition(), record.offset() + 1,
                stamped, null, now), (a, b) -> new IngestProgressRow(a.topic(), a.partitionId(),
                Math.max(a.nextOffset(), b.nextOffset()), later(a.storedUpTo(), b.storedUpTo()), null, now));
        IngestTopic<?> topic = topics.get(record.topic());
        if (topic == null) {
            return;
        }
        if (record.value() == null) {
            skip(record, new SkippedRecord(SkipReason.TOMBSTONE, "tombstone"), false);
            return;
        }
        RecordCheck check = new RecordCheck(now);
        try {
            rows.computeIfAbsent(record.topic(), t -> new TopicRows<>(topic)).add(record.value(), check);
        } catch (SkippedRecord e) {
            skip(record, e, true);
            return;
        } catch (RuntimeException e) {
            // A value no rule foresaw is skipped like any bad record: the exception's class only, never its text.
            skip(record, new SkippedRecord(SkipReason.INVALID_VALUE, e.getClass().getSimpleName()), true);
            return;
        }
        long[] counts = stored.computeIfAbsent(record.topic(), t -> new long[2]);
        counts[0]++;
        if (check.clipped()) {
            counts[1]++;
        }
    }

    private void skip(ConsumerRecord<byte[], byte[]> record, SkippedRecord e, boolean log) {
        skipped.computeIfAbsent(record.topic(), t -> new HashMap<>()).merge(e.reason(), 1L, Long::sum);
        if (log) {
            skips.add(record.topic() + '-' + record.partition() + '@' + record.offset() + ": " + e.reason() + ": "
                    + e.getMessage());
        }
    }

    /** Writes every topic's rows and every partition's progress, in the caller's transaction. */
    void write(Handle handle) {
        for (TopicRows<?> topicRows : rows.values()) {
            topicRows.write(handle);
        }
        handle.attach(IngestProgressDao.class).recordBatches(new ArrayList<>(progress.values()));
    }

    /** Adds this batch to {@code counters}; call once it is stored. */
    void count(IngestCounters counters) {
        stored.forEach((topic, counts) -> {
            counters.addStored(topic, counts[0]);
            counters.addClipped(topic, counts[1]);
        });
        skipped.forEach((topic, reasons) -> reasons.forEach((reason, count) ->
                counters.addSkipped(topic, reason, count)));
    }

    /** The skipped records worth a log line: where they are and why, nothing of their content. */
    List<String> skips() {
        return skips;
    }

    /** The offsets to commit: each partition's next record. */
    Map<TopicPartition, OffsetAndMetadata> offsets() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        progress.forEach((partition, row) -> offsets.put(partition, new OffsetAndMetadata(row.nextOffset())));
        return offsets;
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    /** The rows of one topic. */
    private static final class TopicRows<R> {
        private final IngestTopic<R> topic;
        private final List<R> rows = new ArrayList<>();

        TopicRows(IngestTopic<R> topic) {
            this.topic = topic;
        }

        void add(byte[] value, RecordCheck check) {
            rows.add(topic.mapper().map(value, check));
        }

        void write(Handle handle) {
            if (!rows.isEmpty()) {
                topic.writer().write(handle, rows);
            }
        }
    }
}
