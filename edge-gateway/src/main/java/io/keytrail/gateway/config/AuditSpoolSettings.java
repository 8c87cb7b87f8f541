package io.keytrail.gateway.config;

import io.keytrail.gateway.audit.spool.SpoolLimits;
import java.util.Locale;

/**
 * Where audit events wait on disk while Kafka cannot take them (section {@code audit.spool}).
 *
 * @param dir             the spool directory; {@code null} means {@code data/audit-spool/<node-id>}
 * @param maxBytes        the disk budget
 * @param segmentBytes    the size of one spool file; delivered files are deleted whole
 * @param fsync           {@code always}, {@code interval} or {@code never}
 * @param fsyncIntervalMs for {@code interval}: how long an event may wait to be forced to disk
 * @param whenFull        {@code drop-oldest} or {@code reject} (the gateway answers 503 instead
 *                        of serving traffic it cannot audit)
 */
public record AuditSpoolSettings(String dir, Long maxBytes, Long segmentBytes, String fsync, Long fsyncIntervalMs,
        String whenFull) {
    public static final long DEFAULT_MAX_BYTES = 1L << 30;
    public static final long DEFAULT_SEGMENT_BYTES = 16L << 20;
    public static final long DEFAULT_FSYNC_INTERVAL_MS = 1_000;

    public AuditSpoolSettings {
        if (dir != null && dir.isBlank()) {
            throw new ConfigException("dir", "must not be blank");
        }
        segmentBytes = segmentBytes == null ? DEFAULT_SEGMENT_BYTES : segmentBytes;
        if (segmentBytes < 64 * 1024 || segmentBytes > 1L << 30) {
            throw new ConfigException("segment-bytes", "must be between 65536 and 1073741824, got " + segmentBytes);
        }
        maxBytes = maxBytes == null ? Math.max(DEFAULT_MAX_BYTES, 2 * segmentBytes) : maxBytes;
        if (maxBytes < 2 * segmentBytes) {
            throw new ConfigException("max-bytes", "must be at least two segments (" + 2 * segmentBytes + "), got " + maxBytes);
        }
        fsync = fsync == null ? "interval" : fsync.trim().toLowerCase(Locale.ROOT);
        if (!fsync.equals("always") && !fsync.equals("interval") && !fsync.equals("never")) {
            throw new ConfigException("fsync", "must be always, interval or never, got '" + fsync + "'");
        }
        fsyncIntervalMs = fsyncIntervalMs == null ? DEFAULT_FSYNC_INTERVAL_MS : fsyncIntervalMs;
        if (fsyncIntervalMs < 1 || fsyncIntervalMs > 60_000) {
            throw new ConfigException("fsync-interval-ms", "must be between 1 and 60000, got " + fsyncIntervalMs);
        }
        whenFull = whenFull == null ? "drop-oldest" : whenFull.trim().toLowerCase(Locale.ROOT);
        if (!whenFull.equals("drop-oldest") && !whenFull.equals("reject")) {
            throw new ConfigException("when-full", "must be drop-oldest or reject, got '" + whenFull + "'");
        }
    }

    public static AuditSpoolSettings defaults() {
        return new AuditSpoolSettings(null, null, null, null, null, null);
    }

    public SpoolLimits limits() {
        return new SpoolLimits(maxBytes, segmentBytes, SpoolLimits.Fsync.valueOf(fsync.toUpperCase(Locale.ROOT)),
                fsyncIntervalMs, whenFull.equals("reject") ? SpoolLimits.WhenFull.REJECT : SpoolLimits.WhenFull.DROP_OLDEST);
    }
}
