package io.keytrail.events;

import static io.keytrail.events.JsonBytes.ascii;
import static io.keytrail.events.JsonBytes.fourDigitYear;
import static io.keytrail.events.JsonBytes.safe;

import java.util.List;
import java.util.Map;

/**
 * Writes a {@link UsageWindow} as contract JSON without Jackson when nothing in it needs escaping
 * (every text and map key printable ASCII without quotes or backslashes, times with four-digit
 * years, no null in a map); anything else returns {@code null} and goes to the mapper, whose
 * output these bytes equal ({@code UsageWindowBytesTest}).
 *
 * <p>Why it exists: audit-streams republishes every window changed since the last commit, each
 * with its latency and client-IP sketches in base64, and a JFR profile of it catching up a
 * backlog put a tenth of its stream thread in Jackson's bean serializer and base64 writer.
 */
final class UsageWindowBytes {
    private static final byte[] SCHEMA_VERSION = ascii("{\"schemaVersion\":");
    private static final byte[] DEVELOPER_ID = ascii(",\"developerId\":");
    private static final byte[] WINDOW_START = ascii(",\"windowStart\":");
    private static final byte[] WINDOW_END = ascii(",\"windowEnd\":");
    private static final byte[] SUCCESS = ascii(",\"success\":");
    private static final byte[] FAILURE = ascii(",\"failure\":");
    private static final byte[] LAST_EVENT_TIME = ascii(",\"lastEventTime\":");
    private static final byte[] KEY_ID = ascii(",\"keyId\":");
    private static final byte[] PROJECT_ID = ascii(",\"projectId\":");
    private static final byte[] FIRST_EVENT_TIME = ascii(",\"firstEventTime\":");
    private static final byte[] FAILURES = ascii(",\"failures\":{");
    private static final byte[] STATUS_CLASSES = ascii(",\"statusClasses\":{");
    private static final byte[] APIS = ascii(",\"apis\":[");
    private static final byte[] API_ID = ascii("{\"apiId\":");
    private static final byte[] ROUTE = ascii(",\"route\":");
    private static final byte[] TOP_ENDPOINTS = ascii(",\"topEndpoints\":[");
    private static final byte[] METHOD = ascii("{\"method\":");
    private static final byte[] ENDPOINT_API_ID = ascii(",\"apiId\":");
    private static final byte[] REQUESTS = ascii(",\"requests\":");
    private static final byte[] LATENCY = ascii(",\"latency\":{\"p50Micros\":");
    private static final byte[] P95 = ascii(",\"p95Micros\":");
    private static final byte[] P99 = ascii(",\"p99Micros\":");
    private static final byte[] MAX = ascii(",\"maxMicros\":");
    private static final byte[] SKETCH = ascii(",\"sketch\":");
    private static final byte[] CLIENT_IPS = ascii(",\"clientIps\":{\"estimate\":");

    private UsageWindowBytes() {
    }

    /** The window's JSON, or {@code null} when a text needs escaping, a time has no four-digit year or a map holds a null. */
    static byte[] write(UsageWindow w) {
        if (!writable(w)) {
            return null;
        }
        UsageWindow.LatencySummary latency = w.latency();
        UsageWindow.DistinctCount ips = w.clientIps();
        int sketches = (latency == null || latency.sketch() == null ? 0 : latency.sketch().length)
                + (ips == null || ips.sketch() == null ? 0 : ips.sketch().length);
        JsonBytes out = new JsonBytes(512 + sketches * 4 / 3 + 96 * (size(w.apis()) + size(w.topEndpoints())));
        out.raw(SCHEMA_VERSION).number(w.schemaVersion());
        out.raw(DEVELOPER_ID).quoted(w.developerId());
        out.raw(WINDOW_START).time(w.windowStart());
        out.raw(WINDOW_END).time(w.windowEnd());
        out.raw(SUCCESS).number(w.success());
        out.raw(FAILURE).number(w.failure());
        if (w.lastEventTime() != null) {
            out.raw(LAST_EVENT_TIME).time(w.lastEventTime());
        }
        if (w.keyId() != null) {
            out.raw(KEY_ID).quoted(w.keyId());
        }
        if (w.projectId() != null) {
            out.raw(PROJECT_ID).quoted(w.projectId());
        }
        if (w.firstEventTime() != null) {
            out.raw(FIRST_EVENT_TIME).time(w.firstEventTime());
        }
        if (w.failures() != null) {
            out.raw(FAILURES);
            boolean first = true;
            for (Map.Entry<FailureReason, Long> e : w.failures().entrySet()) {
                entry(out, first, e.getKey().name(), e.getValue());
                first = false;
            }
            out.raw('}');
        }
        if (w.statusClasses() != null) {
            out.raw(STATUS_CLASSES);
            boolean first = true;
            for (Map.Entry<String, Long> e : w.statusClasses().entrySet()) {
                entry(out, first, e.getKey(), e.getValue());
                first = false;
            }
            out.raw('}');
        }
        if (w.apis() != null) {
            out.raw(APIS);
            for (int i = 0; i < w.apis().size(); i++) {
                UsageWindow.ApiCount a = w.apis().get(i);
                if (i > 0) {
                    out.raw(',');
                }
                out.raw(API_ID);
                out.quoted(a.apiId());
                out.raw(ROUTE);
                out.quoted(a.route());
                out.raw(SUCCESS).number(a.success()).raw(FAILURE).number(a.failure()).raw('}');
            }
            out.raw(']');
        }
        if (w.topEndpoints() != null) {
            out.raw(TOP_ENDPOINTS);
            for (int i = 0; i < w.topEndpoints().size(); i++) {
                UsageWindow.EndpointCount e = w.topEndpoints().get(i);
                if (i > 0) {
                    out.raw(',');
                }
                out.raw(METHOD);
                out.quoted(e.method());
                out.raw(ENDPOINT_API_ID);
                out.quoted(e.apiId());
                out.raw(ROUTE);
                out.quoted(e.route());
                out.raw(REQUESTS).number(e.requests()).raw('}');
            }
            out.raw(']');
        }
        if (latency != null) {
            out.raw(LATENCY).number(latency.p50Micros()).raw(P95).number(latency.p95Micros())
                    .raw(P99).number(latency.p99Micros()).raw(MAX).number(latency.maxMicros());
            if (latency.sketch() != null) {
                out.raw(SKETCH).base64(latency.sketch());
            }
            out.raw('}');
        }
        if (ips != null) {
            out.raw(CLIENT_IPS).number(ips.estimate());
            if (ips.sketch() != null) {
                out.raw(SKETCH).base64(ips.sketch());
            }
            out.raw('}');
        }
        return out.raw('}').toArray();
    }

    private static void entry(JsonBytes out, boolean first, String key, Long value) {
        if (!first) {
            out.raw(',');
        }
        out.quoted(key).raw(':').number(value);
    }

    private static boolean writable(UsageWindow w) {
        if (!safe(w.developerId()) || !safe(w.keyId()) || !safe(w.projectId()) || !fourDigitYear(w.windowStart())
                || !fourDigitYear(w.windowEnd()) || !fourDigitYear(w.lastEventTime())
                || !fourDigitYear(w.firstEventTime())) {
            return false;
        }
        if (w.failures() != null && w.failures().containsValue(null)) {
            return false;
        }
        if (w.statusClasses() != null) {
            for (Map.Entry<String, Long> e : w.statusClasses().entrySet()) {
                if (!safe(e.getKey()) || e.getValue() == null) {
                    return false;
                }
            }
        }
        if (w.apis() != null) {
            for (UsageWindow.ApiCount a : w.apis()) {
                if (a.apiId() == null || a.route() == null || !safe(a.apiId()) || !safe(a.route())) {
                    return false;
                }
            }
        }
        if (w.topEndpoints() != null) {
            for (UsageWindow.EndpointCount e : w.topEndpoints()) {
                if (e.method() == null || e.apiId() == null || e.route() == null || !safe(e.method())
                        || !safe(e.apiId()) || !safe(e.route())) {
                    return false;
                }
            }
        }
        return true;
    }

    private static int size(List<?> list) {
        return list == null ? 0 : list.size();
    }
}
