package io.keytrail.reporting.ingest;

import java.util.Objects;

/** One topic ingest reads: how its records become rows, and how the rows are written. */
public record IngestTopic<R>(String topic, RecordMapper<R> mapper, BatchWriter<R> writer) {
    public IngestTopic {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(mapper, "mapper");
        Objects.requireNonNull(writer, "writer");
    }
}
