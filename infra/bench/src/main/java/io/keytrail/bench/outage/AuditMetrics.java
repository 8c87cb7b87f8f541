package io.keytrail.bench.outage;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The gateway's audit publisher at one moment, as its Prometheus {@code /metrics} shows it. */
record AuditMetrics(long accepted, long published, long spooled, long replayed, Map<String, Long> dropped,
        boolean spooling, long pending, long buffered, boolean accepting) {
    private static final String DROPPED = "keytrail_audit_events_dropped_total";
    private static final Pattern REASON = Pattern.compile("reason=\"([^\"]*)\"");

    AuditMetrics {
        dropped = Map.copyOf(dropped);
    }

    /** Reads the audit meters from the Prometheus text format; fails naming a meter that is missing. */
    static AuditMetrics parse(String text) {
        Map<String, Double> values = new HashMap<>();
        Map<String, Long> dropped = new TreeMap<>();
        for (String line : text.split("\n")) {
            line = line.strip();
            int space = line.lastIndexOf(' ');
            if (line.isEmpty() || line.startsWith("#") || space < 0) {
                continue;
            }
            String series = line.substring(0, space).strip();
            double value = Double.parseDouble(line.substring(space + 1));
            if (series.startsWith(DROPPED + "{")) {
                Matcher reason = REASON.matcher(series);
                dropped.put(reason.find() ? reason.group(1) : "", Math.round(value));
            } else {
                values.put(series, value);
            }
        }
        if (dropped.isEmpty()) {
            throw new IllegalStateException(DROPPED + " is missing from the gateway's /metrics");
        }
        return new AuditMetrics(count(values, "keytrail_audit_events_accepted_total"),
                count(values, "keytrail_audit_events_published_total"), count(values, "keytrail_audit_events_spooled_total"),
                count(values, "keytrail_audit_events_replayed_total"), dropped, count(values, "keytrail_audit_spooling") == 1,
                count(values, "keytrail_audit_spool_pending"), count(values, "keytrail_audit_buffer_depth"),
                count(values, "keytrail_audit_accepting") == 1);
    }

    static AuditMetrics scrape(HttpClient client, URI metrics) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(metrics + " answered " + response.statusCode());
        }
        return parse(response.body());
    }

    long droppedTotal() {
        return dropped.values().stream().mapToLong(Long::longValue).sum();
    }

    /** What happened between {@code earlier} and this: the counters' growth, the gauges as they are now. */
    Map<String, Object> since(AuditMetrics earlier) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("accepted", accepted - earlier.accepted);
        map.put("published", published - earlier.published);
        map.put("spooled", spooled - earlier.spooled);
        map.put("replayed", replayed - earlier.replayed);
        map.put("dropped", droppedTotal() - earlier.droppedTotal());
        Map<String, Long> byReason = new TreeMap<>();
        dropped.forEach((reason, count) -> byReason.put(reason, count - earlier.dropped.getOrDefault(reason, 0L)));
        map.put("droppedByReason", byReason);
        map.put("spoolingAtEnd", spooling);
        map.put("pendingAtEnd", pending);
        map.put("bufferedAtEnd", buffered);
        map.put("acceptingAtEnd", accepting);
        return map;
    }

    private static long count(Map<String, Double> values, String name) {
        Double value = values.get(name);
        if (value == null) {
            throw new IllegalStateException(name + " is missing from the gateway's /metrics");
        }
        return Math.round(value);
    }
}
