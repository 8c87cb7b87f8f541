package io.keytrail.gateway.audit;

import io.keytrail.gateway.audit.spool.SpoolCounts;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;

/** The audit publisher's counters, updated from the request path, the drainer and producer callbacks. */
public final class PublisherStats {
    private static final long WARN_INTERVAL_NANOS = 10_000_000_000L;

    final LongAdder accepted = new LongAdder();
    final LongAdder published = new LongAdder();
    final LongAdder spooled = new LongAdder();
    final LongAdder replayed = new LongAdder();
    final LongAdder droppedBufferFull = new LongAdder();
    final LongAdder droppedSpoolFull = new LongAdder();
    final LongAdder droppedSpoolError = new LongAdder();
    final LongAdder rejectedByBroker = new LongAdder();
    private final AtomicLong lastWarnNanos = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);
    private final LongAdder suppressedWarnings = new LongAdder();
    private volatile LongConsumer publishLatencyNanos = nanos -> { };

    /**
     * @param accepted          events taken from the request path
     * @param published         records Kafka acknowledged, direct and replayed
     * @param spooled           events written to the disk spool
     * @param replayed          spooled events Kafka acknowledged
     * @param droppedBufferFull events refused at once because the in-memory buffer was full
     * @param droppedSpoolFull  events not kept because the spool was full ({@code reject}) or dropped
     *                          from it to make room ({@code drop-oldest}: in {@code spool.dropped})
     * @param droppedSpoolError events not kept because the spool could not be written (disk full)
     * @param rejectedByBroker  events Kafka will never take (too large, invalid)
     * @param buffered          events in the in-memory buffer now
     * @param spoolBytes        bytes on disk now
     * @param spoolPending      spooled events not yet replayed
     * @param spool             what the spool itself counted
     * @param spooling          whether events go to the spool now
     */
    public record Snapshot(long accepted, long published, long spooled, long replayed, long droppedBufferFull,
            long droppedSpoolFull, long droppedSpoolError, long rejectedByBroker, int buffered, long spoolBytes,
            long spoolPending, SpoolCounts.Snapshot spool, boolean spooling) {
        /** Every event lost, for whatever reason. */
        public long lost() {
            return droppedBufferFull + droppedSpoolFull + droppedSpoolError + rejectedByBroker + spool.dropped();
        }
    }

    Snapshot snapshot(int buffered, long spoolBytes, long spoolPending, SpoolCounts.Snapshot spool, boolean spooling) {
        return new Snapshot(accepted.sum(), published.sum(), spooled.sum(), replayed.sum(), droppedBufferFull.sum(),
                droppedSpoolFull.sum(), droppedSpoolError.sum(), rejectedByBroker.sum(), buffered, spoolBytes,
                spoolPending, spool, spooling);
    }

    /** Where publish latencies (send to acknowledgement) go, e.g. a metrics timer. */
    public void onPublishLatency(LongConsumer consumer) {
        publishLatencyNanos = consumer;
    }

    void publishLatency(long nanos) {
        publishLatencyNanos.accept(nanos);
    }

    /** Errors no retry can fix: the record itself is unacceptable. Anything else may pass. */
    static boolean neverAccepted(Exception e) {
        return e instanceof RecordTooLargeException || e instanceof RecordBatchTooLargeException
                || e instanceof InvalidRecordException || e instanceof InvalidTopicException
                || e instanceof SerializationException;
    }

    /** Logs at most one warning per ten seconds, saying how many were held back since. */
    void warnRateLimited(Logger log, String format, Object... args) {
        long now = System.nanoTime();
        long last = lastWarnNanos.get();
        if (now - last < WARN_INTERVAL_NANOS || !lastWarnNanos.compareAndSet(last, now)) {
            suppressedWarnings.increment();
            return;
        }
        long suppressed = suppressedWarnings.sumThenReset();
        log.warn(format + (suppressed > 0 ? " (" + suppressed + " similar warnings held back)" : ""), args);
    }
}
