package io.keytrail.reporting.ingest;

import java.util.List;
import org.jdbi.v3.core.Handle;

/** Writes one poll's rows of one topic, idempotently, inside the poll's transaction. */
@FunctionalInterface
public interface BatchWriter<R> {
    void write(Handle handle, List<R> rows);
}
