package io.keytrail.reporting.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.keytrail.events.Json;
import io.keytrail.events.UsageWindow;
import io.keytrail.reporting.db.AuditEventRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.kll.KllLongsSketch;
import org.jdbi.v3.core.Jdbi;

/**
 * Rows of the schema 5 report tables written with plain SQL, as ingest would store them, for tests
 * of the read side. Sketches are real DataSketches sketches built from the given values.
 */
public final class ReportRows {
    private ReportRows() {
    }

    /** One usage window under construction; {@link #latencies} {@code null} stores no sketches (an old record). */
    public static final class Window {
        final Instant start;
        final int seconds;
        long success;
        long failure;
        Map<String, Long> failures;
        Map<String, Long> statusClasses;
        List<UsageWindow.ApiCount> apis;
        List<UsageWindow.EndpointCount> endpoints;
        long[] latencies;
        List<String> ips = new ArrayList<>();

        Window(Instant start, int seconds) {
            this.start = start;
            this.seconds = seconds;
        }

        public Window counts(long success, long failure) {
            this.success = success;
            this.failure = failure;
            return this;
        }

        public Window failures(String reason, long count) {
            failures = failures == null ? new LinkedHashMap<>() : failures;
            failures.put(reason, count);
            return this;
        }

        public Window status(String statusClass, long count) {
            statusClasses = statusClasses == null ? new LinkedHashMap<>() : statusClasses;
            statusClasses.put(statusClass, count);
            return this;
        }

        public Window api(String apiId, String route, long success, long failure) {
            apis = apis == null ? new ArrayList<>() : apis;
            apis.add(new UsageWindow.ApiCount(apiId, route, success, failure));
            return this;
        }

        public Window endpoint(String method, String apiId, String route, long requests) {
            endpoints = endpoints == null ? new ArrayList<>() : endpoints;
            endpoints.add(new UsageWindow.EndpointCount(method, apiId, route, requests));
            return this;
        }

        public Window latencies(long... micros) {
            latencies = micros;
            return this;
        }

        public Window ips(String... addresses) {
            ips = List.of(addresses);
            return this;
        }
    }

    public static Window window(Instant start, int seconds) {
        return new Window(start, seconds);
    }

    public static void developerWindow(Jdbi jdbi, String developer, Window w) {
        Sketches s = sketches(w);
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO usage_windows (developer_id, window_start, window_end, success, failure,
                            last_event_time, updated_at, window_seconds, failures, status_classes, apis, top_endpoints,
                            latency_p50_micros, latency_p95_micros, latency_p99_micros, latency_max_micros,
                            latency_sketch, client_ips, client_ip_sketch)
                        VALUES (:developer, :start, :end, :success, :failure, :end, :end, :seconds, :failures,
                            :statusClasses, :apis, :endpoints, :p50, :p95, :p99, :max, :sketch, :ips, :ipSketch)
                        """)
                .bind("developer", developer).bindMap(values(w, s)).execute());
    }

    public static void keyWindow(Jdbi jdbi, String keyId, String project, String developer, Window w) {
        Sketches s = sketches(w);
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO key_usage_windows (key_id, window_start, window_end, window_seconds, project_id,
                            developer_id, success, failure, first_event_time, last_event_time, failures,
                            status_classes, apis, top_endpoints, latency_p50_micros, latency_p95_micros,
                            latency_p99_micros, latency_max_micros, latency_sketch, client_ips, client_ip_sketch,
                            updated_at)
                        VALUES (:keyId, :start, :end, :seconds, :project, :developer, :success, :failure, :start, :end,
                            :failures, :statusClasses, :apis, :endpoints, :p50, :p95, :p99, :max, :sketch, :ips,
                            :ipSketch, :end)
                        """)
                .bind("keyId", keyId).bind("project", project).bind("developer", developer)
                .bindMap(values(w, s)).execute());
    }

    private record Sketches(String latency, Long p50, Long p95, Long p99, Long max, String ips, Long ipCount) {
    }

    private static Sketches sketches(Window w) {
        if (w.latencies == null) {
            return new Sketches(null, null, null, null, null, null, null);
        }
        KllLongsSketch kll = KllLongsSketch.newHeapInstance(UsageWindow.LatencySummary.SKETCH_K);
        long max = 0;
        for (long micros : w.latencies) {
            kll.update(micros);
            max = Math.max(max, micros);
        }
        String ipSketch = null;
        Long ipCount = null;
        if (!w.ips.isEmpty()) {
            HllSketch hll = new HllSketch(UsageWindow.DistinctCount.SKETCH_LG_K, TgtHllType.HLL_8);
            w.ips.forEach(hll::update);
            ipSketch = Base64.getEncoder().encodeToString(hll.toCompactByteArray());
            ipCount = Math.round(hll.getEstimate());
        }
        return new Sketches(Base64.getEncoder().encodeToString(kll.toByteArray()), kll.getQuantile(0.5),
                kll.getQuantile(0.95), kll.getQuantile(0.99), max, ipSketch, ipCount);
    }

    private static Map<String, Object> values(Window w, Sketches s) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("start", w.start);
        values.put("end", w.start.plusSeconds(w.seconds));
        values.put("seconds", w.seconds);
        values.put("success", w.success);
        values.put("failure", w.failure);
        values.put("failures", json(w.failures));
        values.put("statusClasses", json(w.statusClasses));
        values.put("apis", json(w.apis));
        values.put("endpoints", json(w.endpoints));
        values.put("p50", s.p50());
        values.put("p95", s.p95());
        values.put("p99", s.p99());
        values.put("max", s.max());
        values.put("sketch", s.latency());
        values.put("ips", s.ipCount());
        values.put("ipSketch", s.ips());
        return values;
    }

    private static String json(Object value) {
        try {
            return value == null ? null : Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void lastSeen(Jdbi jdbi, String keyId, String developer, String project, Instant first,
                                Instant last, Instant lastSuccess) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO last_seen (subject_type, subject_id, developer_id, project_id, first_seen, last_seen,
                            last_success, updated_at)
                        VALUES ('KEY', :keyId, :developer, :project, :first, :last, :lastSuccess, :last)
                        """)
                .bind("keyId", keyId).bind("developer", developer).bind("project", project).bind("first", first)
                .bind("last", last).bind("lastSuccess", lastSuccess).execute());
    }

    /** An authentication event; {@code reason} {@code null} for a success. */
    public static void authEvent(Jdbi jdbi, String eventId, Instant time, String developer, String keyId,
                                 String clientIp, String requestId, String reason) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO audit_events (event_id, event_type, event_time, request_id, gateway_node, api_id,
                            route, method, path, status, latency_micros, upstream_micros, client_ip, user_agent, key_id,
                            key_hint, credential_location, auth_methods, developer_id, project_id, reason, ingested_at,
                            event_hour)
                        VALUES (:eventId, :type, :time, :requestId, 'gw-1', 'orders', '/orders/{id}', 'GET',
                            '/orders/42', :status, 1200, 900, :clientIp, 'curl/8', :keyId, 'AbCd', 'HEADER', 'KEY',
                            :developer, 'mobile', :reason, :time, :hour)
                        """)
                .bind("eventId", eventId).bind("type", reason == null ? "AUTH_SUCCESS" : "AUTH_FAILURE")
                .bind("time", time).bind("hour", AuditEventRow.hourOf(time)).bind("requestId", requestId)
                .bind("status", reason == null ? 200 : 401)
                .bind("clientIp", clientIp).bind("keyId", keyId).bind("developer", developer)
                .bind("reason", reason).execute());
    }

    public static void keyEvent(Jdbi jdbi, String eventId, String type, Instant time, String keyId, String developer,
                                String actor) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO key_events (event_id, event_type, event_time, key_id, project_id, developer_id,
                            actor, changes, related_key_id, ingested_at)
                        VALUES (:eventId, :type, :time, :keyId, 'mobile', :developer, :actor, NULL, NULL, :time)
                        """)
                .bind("eventId", eventId).bind("type", type).bind("time", time).bind("keyId", keyId)
                .bind("developer", developer).bind("actor", actor).execute());
    }

    public static void alert(Jdbi jdbi, String alertId, String type, String subject, Instant time) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO alerts (alert_id, alert_type, subject_type, subject, window_start, window_end,
                            observed, threshold, alert_time, reason, developer_id, project_id, ingested_at)
                        VALUES (:alertId, :type, 'CLIENT_IP', :subject, :start, :end, 20, 20, :time, NULL, NULL, NULL,
                            :time)
                        """)
                .bind("alertId", alertId).bind("type", type).bind("subject", subject)
                .bind("start", time.minusSeconds(60)).bind("end", time).bind("time", time).execute());
    }

    public static void progress(Jdbi jdbi, String topic, int partition, Instant storedUpTo, Instant caughtUpAt) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO ingest_progress (topic, partition_id, next_offset, stored_up_to, caught_up_at,
                            updated_at)
                        VALUES (:topic, :partition, 1, :stored, :caught, CURRENT_TIMESTAMP)
                        """)
                .bind("topic", topic).bind("partition", partition).bind("stored", storedUpTo)
                .bind("caught", caughtUpAt).execute());
    }
}
