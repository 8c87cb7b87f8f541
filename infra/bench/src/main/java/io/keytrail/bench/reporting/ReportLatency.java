package io.keytrail.bench.reporting;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Sequential requests of the reports, one at a time after a warm-up, each timed from send to the
 * last byte of the body: the hourly usage report of one developer over the benchmark's days, the
 * developer's newest trail entries, and trail lookups by client address and request id.
 */
final class ReportLatency {
    private final String base;
    private final String token;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ReportLatency(String base, String token) {
        this.base = base;
        this.token = token;
    }

    Map<String, Object> measure(String developer, int days) throws Exception {
        register(developer);
        Instant to = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        Instant from = to.minus(Duration.ofDays(days));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("usageHourly30Days", run("/reports/developers/" + encode(developer) + "/usage?granularity=hour&from="
                + from + "&to=" + to));
        result.put("trailNewest50", run("/reports/trail?developer=" + encode(developer) + "&limit=50"));
        // The lookups that walk the stored hours (schema 7): an address of dev-bench's (BenchEvents
        // gives developer 50 addresses 4850 to 5149), whose newest hour fills the page; an address
        // and a request id nobody used, which walk every stored hour.
        result.put("trailClientIpNewest50", run("/reports/trail?clientIp=10.0.19.6&limit=50"));
        result.put("trailQuietClientIp", run("/reports/trail?clientIp=192.0.2.1&limit=50"));
        result.put("trailUnknownRequestId", run("/reports/trail?requestId=req-none&limit=50"));
        return result;
    }

    /**
     * Creates the developer through the admin API: the reports answer 404 for a developer the
     * directory does not know, however many events carry its id, and a latency of 404s measures
     * nothing. An id already taken (409) is as good.
     */
    private void register(String developer) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/admin/developers"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + developer + "\"}")).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201 && response.statusCode() != 409) {
            throw new IllegalStateException("creating developer " + developer + ": HTTP " + response.statusCode()
                    + " " + response.body());
        }
    }

    private Map<String, Object> run(String path) throws Exception {
        int warmup = Integer.getInteger("bench.warmup", 50);
        int requests = Integer.getInteger("bench.requests", 500);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60)).GET().build();
        Map<Integer, Integer> statuses = new TreeMap<>();
        long bytes = 0;
        for (int i = 0; i < warmup; i++) {
            client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        }
        Histogram micros = new Histogram(60_000_000L, 3);
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            micros.recordValue(Math.max(1, (System.nanoTime() - start) / 1_000));
            statuses.merge(response.statusCode(), 1, Integer::sum);
            bytes = response.body().length;
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("path", path);
        result.put("warmup", warmup);
        result.put("requests", requests);
        result.put("statuses", statuses);
        result.put("responseBytes", bytes);
        result.put("p50Ms", ms(micros.getValueAtPercentile(50)));
        result.put("p95Ms", ms(micros.getValueAtPercentile(95)));
        result.put("p99Ms", ms(micros.getValueAtPercentile(99)));
        result.put("maxMs", ms(micros.getMaxValue()));
        System.out.printf("%s: %s, p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", path, statuses,
                result.get("p50Ms"), result.get("p99Ms"), result.get("maxMs"));
        return result;
    }

    private static double ms(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
