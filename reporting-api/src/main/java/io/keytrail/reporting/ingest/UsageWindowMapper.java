package io.keytrail.reporting.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.keytrail.events.Json;
import io.keytrail.events.UsageWindow;
import io.keytrail.reporting.db.UsageWindowRow;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.kll.KllLongsSketch;
import org.apache.datasketches.memory.Memory;

/**
 * A {@link UsageWindow} from the usage topic (per developer) or the key-usage topic (per key) as a
 * window row. Windows are one minute, hour or day long and aligned to the epoch, as audit-streams
 * makes them; anything else is refused rather than stored as a window no report expects. Lists
 * too long for their column keep their first (most requested) entries; sketches that cannot be
 * read are dropped; both count the record as clipped.
 */
public final class UsageWindowMapper implements RecordMapper<UsageWindowRow> {
    private static final Set<Long> WINDOW_SECONDS = Set.of(60L, 3_600L, 86_400L);
    private static final Pattern STATUS_CLASS = Pattern.compile("[1-5]xx");
    private static final int MAX_LIST_JSON = 1_000_000;
    private static final int MAX_SKETCH_BASE64 = 1_000_000;

    private final JsonRecords<UsageWindow> json = new JsonRecords<>(UsageWindow.class, UsageWindow.SCHEMA_VERSION,
            UsageWindow::schemaVersion);
    private final boolean perKey;

    /** @param perKey whether the records are the key-usage topic's, which must name a key */
    public UsageWindowMapper(boolean perKey) {
        this.perKey = perKey;
    }

    @Override
    public UsageWindowRow map(byte[] value, RecordCheck check) {
        UsageWindow w = json.read(value);
        Instant start = check.requiredTime(w.windowStart(), "windowStart");
        Instant end = check.requiredTime(w.windowEnd(), "windowEnd");
        long seconds = w.size().toSeconds();
        if (!end.isAfter(start) || !WINDOW_SECONDS.contains(seconds) || w.size().toNanosPart() != 0
                || start.getNano() != 0 || start.getEpochSecond() % seconds != 0) {
            throw new SkippedRecord(SkipReason.INVALID_VALUE, "not an aligned one-minute, one-hour or one-day window");
        }
        UsageWindow.LatencySummary latency = w.latency();
        UsageWindow.DistinctCount ips = w.clientIps();
        return new UsageWindowRow(
                check.requiredId(w.developerId(), "developerId", 256),
                perKey ? check.requiredId(w.keyId(), "keyId", 64) : null,
                perKey ? check.id(w.projectId(), "projectId", 64) : null,
                start,
                end,
                (int) seconds,
                check.count(w.success(), "success"),
                check.count(w.failure(), "failure"),
                check.time(w.firstEventTime(), "firstEventTime"),
                check.time(w.lastEventTime(), "lastEventTime"),
                counts(w.failures(), "failures", check),
                statusClasses(w.statusClasses(), check),
                apis(w.apis(), check),
                endpoints(w.topEndpoints(), check),
                latency == null ? null : check.count(latency.p50Micros(), "latency.p50Micros"),
                latency == null ? null : check.count(latency.p95Micros(), "latency.p95Micros"),
                latency == null ? null : check.count(latency.p99Micros(), "latency.p99Micros"),
                latency == null ? null : check.count(latency.maxMicros(), "latency.maxMicros"),
                latency == null ? null : sketch(latency.sketch(), true, check),
                ips == null ? null : check.count(ips.estimate(), "clientIps.estimate"),
                ips == null ? null : sketch(ips.sketch(), false, check),
                check.now());
    }

    private static String counts(Map<?, Long> counts, String field, RecordCheck check) {
        if (counts == null) {
            return null;
        }
        for (Long count : counts.values()) {
            if (count == null) {
                throw new SkippedRecord(SkipReason.INVALID_VALUE, field + " holds a null count");
            }
            check.count(count, field);
        }
        return write(counts);
    }

    private static String statusClasses(Map<String, Long> counts, RecordCheck check) {
        if (counts != null && !counts.keySet().stream().allMatch(k -> STATUS_CLASS.matcher(k).matches())) {
            throw new SkippedRecord(SkipReason.INVALID_VALUE, "statusClasses has a key that is not 1xx to 5xx");
        }
        return counts(counts, "statusClasses", check);
    }

    private static String apis(List<UsageWindow.ApiCount> apis, RecordCheck check) {
        if (apis == null) {
            return null;
        }
        for (UsageWindow.ApiCount api : apis) {
            check.count(api.success(), "apis.success");
            check.count(api.failure(), "apis.failure");
        }
        return fitted(apis, check);
    }

    private static String endpoints(List<UsageWindow.EndpointCount> endpoints, RecordCheck check) {
        if (endpoints == null) {
            return null;
        }
        for (UsageWindow.EndpointCount endpoint : endpoints) {
            check.count(endpoint.requests(), "topEndpoints.requests");
        }
        return fitted(endpoints, check);
    }

    /** The list as JSON, keeping as many of its first entries as fit the column. */
    private static String fitted(List<?> list, RecordCheck check) {
        String text = write(list);
        int keep = list.size();
        while (text.length() > MAX_LIST_JSON && keep > 0) {
            keep = keep / 2;
            text = write(list.subList(0, keep));
            check.markClipped();
        }
        return text;
    }

    /** Base64 of the sketch if it is one DataSketches can read and it fits its column; else dropped. */
    private static String sketch(byte[] bytes, boolean kll, RecordCheck check) {
        if (bytes == null) {
            return null;
        }
        if ((long) (bytes.length + 2) / 3 * 4 > MAX_SKETCH_BASE64) {
            check.markClipped();
            return null;
        }
        try {
            if (kll) {
                KllLongsSketch.heapify(Memory.wrap(bytes));
            } else {
                HllSketch.heapify(bytes);
            }
        } catch (RuntimeException e) {
            check.markClipped();
            return null;
        }
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String write(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new SkippedRecord(SkipReason.INVALID_VALUE, "cannot be written as JSON");
        }
    }
}
