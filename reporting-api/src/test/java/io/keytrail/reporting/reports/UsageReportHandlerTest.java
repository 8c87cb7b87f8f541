package io.keytrail.reporting.reports;

import static io.keytrail.reporting.support.ReportRows.window;
import static io.keytrail.reporting.support.TestApi.assertError;
import static io.keytrail.reporting.support.TestApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.keytrail.events.KeyStatus;
import io.keytrail.reporting.support.KeyRows;
import io.keytrail.reporting.support.ReportRows;
import io.keytrail.reporting.support.TestApi;
import io.keytrail.reporting.support.TestApiExtension;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@ExtendWith(TestApiExtension.class)
class UsageReportHandlerTest {
    private static final Instant T0 = Instant.parse("2024-05-01T00:00:00Z");
    private static final String HOUR = "from=2024-05-01T00:00:00Z&to=2024-05-01T01:00:00Z&granularity=minute";

    private TestApi api;

    @BeforeEach
    void start(TestApi api) {
        this.api = api;
    }

    @Test
    void listsTheWindowsOfTheGranularityInRangeWithTheirSums() {
        ReportRows.developerWindow(api.jdbi(), "alice", window(T0.plusSeconds(120), 60).counts(7, 1)
                .failures("UNKNOWN_KEY", 1).status("2xx", 7).status("4xx", 1)
                .api("orders", "/orders", 5, 1).api("users", "/users", 2, 0)
                .endpoint("GET", "orders", "/orders", 6).endpoint("GET", "users", "/users", 2)
                .latencies(100, 200, 300, 400, 500, 600, 700, 800).ips("10.0.0.1", "10.0.0.2"));
        ReportRows.developerWindow(api.jdbi(), "alice", window(T0, 60).counts(5, 0).status("2xx", 5)
                .api("orders", "/orders", 5, 0).endpoint("GET", "orders", "/orders", 5)
                .latencies(1000, 1000, 1000, 1000, 9000).ips("10.0.0.2", "10.0.0.3"));
        ReportRows.developerWindow(api.jdbi(), "alice", window(T0.plusSeconds(3600), 60).counts(9, 9));
        ReportRows.developerWindow(api.jdbi(), "alice", window(T0, 3600).counts(12, 1));
        ReportRows.developerWindow(api.jdbi(), "bob_1", window(T0.plusSeconds(60), 60).counts(1, 1));

        HttpResponse<String> response = api.get("/reports/developers/alice/usage?" + HOUR);

        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = json(response);
        assertEquals("alice", body.path("developer").asText());
        assertEquals("minute", body.path("granularity").asText());
        assertTrue(body.has("completeUpTo") && body.path("completeUpTo").isNull(), "nothing ingested yet: null");
        assertEquals(13, body.path("totals").path("requests").asLong());
        assertEquals(12, body.path("totals").path("success").asLong());
        assertEquals(1, body.path("totals").path("failure").asLong());
        JsonNode windows = body.path("windows");
        assertEquals(2, windows.size(), response.body());
        assertEquals("2024-05-01T00:00:00Z", windows.get(0).path("windowStart").asText());
        assertEquals("2024-05-01T00:01:00Z", windows.get(0).path("windowEnd").asText());
        assertEquals(9000, windows.get(0).path("latency").path("maxMicros").asLong());
        assertEquals(2, windows.get(0).path("clientIps").asLong());
        assertEquals(1, windows.get(1).path("failures").path("UNKNOWN_KEY").asLong());
        assertEquals(1, windows.get(1).path("statusClasses").path("4xx").asLong());

        assertEquals("orders", body.path("byApi").get(0).path("apiId").asText());
        assertEquals(10, body.path("byApi").get(0).path("success").asLong());
        assertEquals(1, body.path("byApi").get(0).path("failure").asLong());
        assertEquals(1, body.path("failures").path("UNKNOWN_KEY").asLong());
        assertEquals(12, body.path("statusClasses").path("2xx").asLong());
        assertEquals(11, body.path("topEndpoints").get(0).path("requests").asLong());
        assertEquals("GET", body.path("topEndpoints").get(0).path("method").asText());
        // Merged sketches over both windows: 13 latencies, the max is exact, 3 distinct IPs.
        assertEquals(9000, body.path("latency").path("maxMicros").asLong());
        long p50 = body.path("latency").path("p50Micros").asLong();
        assertTrue(p50 >= 600 && p50 <= 1000, "p50 of the merged windows: " + p50);
        assertEquals(3, body.path("clientIps").asLong());
        assertEquals(0, body.path("windowsWithoutSketches").asInt());
    }

    @Test
    void aWindowWithoutSketchesCountsButIsLeftOutOfQuantilesAndSaysSo() {
        ReportRows.developerWindow(api.jdbi(), "alice", window(T0, 60).counts(5, 0).latencies(100, 200).ips("1.1.1.1"));
        ReportRows.developerWindow(api.jdbi(), "alice", window(T0.plusSeconds(60), 60).counts(4, 0));

        JsonNode body = json(api.get("/reports/developers/alice/usage?" + HOUR));

        assertEquals(9, body.path("totals").path("requests").asLong());
        assertEquals(1, body.path("windowsWithoutSketches").asInt());
        assertEquals(200, body.path("latency").path("maxMicros").asLong());
        assertTrue(body.path("windows").get(1).path("latency").isNull(), body.toString());
        assertTrue(body.path("windows").get(1).path("clientIps").isNull(), body.toString());
    }

    @Test
    void aSketchThatDoesNotReadIsLeftOutNotA500() {
        ReportRows.developerWindow(api.jdbi(), "alice", window(T0, 60).counts(5, 0).latencies(100).ips("1.1.1.1"));
        ReportRows.developerWindow(api.jdbi(), "alice", window(T0.plusSeconds(60), 60).counts(4, 0).latencies(300));
        api.jdbi().useHandle(h -> h.execute("UPDATE usage_windows SET latency_sketch = 'AAAA', client_ip_sketch = '%%'"
                + " WHERE window_start = ?", java.time.OffsetDateTime.parse("2024-05-01T00:01:00Z")));

        HttpResponse<String> response = api.get("/reports/developers/alice/usage?" + HOUR);

        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = json(response);
        assertEquals(1, body.path("windowsWithoutSketches").asInt());
        assertEquals(100, body.path("latency").path("maxMicros").asLong());
    }

    @Test
    void withoutAnySketchLatencyAndClientIpsAreNullNotZero() {
        ReportRows.developerWindow(api.jdbi(), "alice", window(T0, 60).counts(4, 0));

        JsonNode body = json(api.get("/reports/developers/alice/usage?" + HOUR));

        assertTrue(body.path("latency").isNull(), body.toString());
        assertTrue(body.path("clientIps").isNull(), body.toString());
    }

    @Test
    void hourAndDayGranularitiesReadTheirOwnWindows() {
        ReportRows.developerWindow(api.jdbi(), "alice", window(T0, 60).counts(1, 0));
        ReportRows.developerWindow(api.jdbi(), "alice", window(T0, 3600).counts(20, 0));
        ReportRows.developerWindow(api.jdbi(), "alice", window(T0, 86400).counts(300, 0));

        JsonNode hour = json(api.get("/reports/developers/alice/usage?from=2024-05-01T00:00:00Z&to=2024-05-02T00:00:00Z"));
        JsonNode day = json(api.get("/reports/developers/alice/usage?from=2024-05-01T00:00:00Z&to=2024-05-02T00:00:00Z"
                + "&granularity=day"));

        assertEquals("hour", hour.path("granularity").asText(), "hour is the default");
        assertEquals(20, hour.path("totals").path("requests").asLong());
        assertEquals(300, day.path("totals").path("requests").asLong());
        assertEquals("2024-05-02T00:00:00Z", day.path("windows").get(0).path("windowEnd").asText());
    }

    @Test
    void listsTheDevelopersKeysWithFirstAndLastUse() {
        KeyRows.insert(api.jdbi(), "key_aaaaaaaaaaaaaaaa", "mobile", "alice", KeyStatus.ACTIVE);
        KeyRows.insert(api.jdbi(), "key_bbbbbbbbbbbbbbbb", "mobile", "bob_1", KeyStatus.ACTIVE);
        ReportRows.lastSeen(api.jdbi(), "key_aaaaaaaaaaaaaaaa", "alice", "mobile", T0, T0.plusSeconds(90),
                T0.plusSeconds(80));

        JsonNode keys = json(api.get("/reports/developers/alice/usage?" + HOUR)).path("keys");

        assertEquals(1, keys.size(), keys.toString());
        assertEquals("key_aaaaaaaaaaaaaaaa", keys.get(0).path("keyId").asText());
        assertEquals("mobile", keys.get(0).path("projectId").asText());
        assertEquals("2024-05-01T00:00:00Z", keys.get(0).path("firstSeen").asText());
        assertEquals("2024-05-01T00:01:30Z", keys.get(0).path("lastSeen").asText());
        assertEquals("2024-05-01T00:01:20Z", keys.get(0).path("lastSuccess").asText());
    }

    @Test
    void completeUpToIsTheEarliestPartitionOfTheTopicsRead() {
        Instant a = T0.plusSeconds(600);
        ReportRows.progress(api.jdbi(), api.topics().usage(), 0, a, null);
        ReportRows.progress(api.jdbi(), api.topics().usage(), 1, T0, a.plusSeconds(5));
        ReportRows.progress(api.jdbi(), api.topics().lastSeen(), 0, T0, a.plusSeconds(60));

        JsonNode body = json(api.get("/reports/developers/alice/usage?" + HOUR));

        assertEquals(a.toString(), body.path("completeUpTo").asText());
    }

    @Test
    void completeUpToIsNullWhileATopicReadWasNeverIngested() {
        ReportRows.progress(api.jdbi(), api.topics().usage(), 0, T0, null);

        assertTrue(json(api.get("/reports/developers/alice/usage?" + HOUR)).path("completeUpTo").isNull());
    }

    @Test
    void exportsTheWindowsAsCsv() {
        ReportRows.developerWindow(api.jdbi(), "alice", window(T0, 60).counts(5, 2).failures("UNKNOWN_KEY", 2)
                .latencies(100));

        HttpResponse<String> response = api.get("/reports/developers/alice/usage?" + HOUR + "&format=csv");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("text/csv; charset=utf-8", response.headers().firstValue("Content-Type").orElse(""));
        assertEquals("attachment; filename=\"developer-alice-usage.csv\"",
                response.headers().firstValue("Content-Disposition").orElse(""));
        String[] lines = response.body().split("\r\n");
        assertEquals("windowStart,windowEnd,success,failure,failures,p50Micros,p95Micros,p99Micros,maxMicros,clientIps",
                lines[0]);
        assertEquals("2024-05-01T00:00:00Z,2024-05-01T00:01:00Z,5,2,UNKNOWN_KEY=2,100,100,100,100,0", lines[1]);
        assertEquals(2, lines.length);
    }

    @Test
    void defaultsToTheLast24Hours() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);
        ReportRows.developerWindow(api.jdbi(), "alice", window(now.minus(2, ChronoUnit.HOURS), 3600).counts(3, 0));
        ReportRows.developerWindow(api.jdbi(), "alice", window(now.minus(2, ChronoUnit.DAYS), 3600).counts(4, 0));

        JsonNode body = json(api.get("/reports/developers/alice/usage"));

        assertEquals(3, body.path("totals").path("requests").asLong(), body.toString());
        Instant from = Instant.parse(body.path("from").asText());
        Instant to = Instant.parse(body.path("to").asText());
        assertEquals(24 * 3600, to.getEpochSecond() - from.getEpochSecond());
    }

    @Test
    void eachGranularityMayReachItsOwnMaximumRange() {
        assertEquals(200, api.get("/reports/developers/alice/usage?granularity=minute"
                + "&from=2024-05-01T00:00:00Z&to=2024-05-03T00:00:00Z").statusCode());
        assertEquals(200, api.get("/reports/developers/alice/usage?granularity=hour"
                + "&from=2024-05-01T00:00:00Z&to=2024-08-02T00:00:00Z").statusCode());
        assertEquals(200, api.get("/reports/developers/alice/usage?granularity=day"
                + "&from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z").statusCode());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "from=yesterday&to=2024-05-02T00:00:00Z                                 | from",
            "from=2024-05-01T00:00:00Z&to=2024-13-01T00:00:00Z                      | to",
            "from=2024-05-01&to=2024-05-02T00:00:00Z                                | from",
            "from=2024-05-02T00:00:00Z&to=2024-05-01T00:00:00Z                      | to must be after from",
            "from=2024-05-01T00:00:00Z&to=2024-05-01T00:00:00Z                      | to must be after from",
            "granularity=minute&from=2024-05-01T00:00:00Z&to=2024-05-03T00:00:01Z   | 2 days at granularity minute",
            "granularity=hour&from=2024-05-01T00:00:00Z&to=2024-08-02T00:00:01Z     | 93 days at granularity hour",
            "granularity=day&from=2024-01-01T00:00:00Z&to=2026-01-02T00:00:00Z      | 731 days at granularity day",
            "granularity=week                                                        | granularity must be",
            "granularity=minute;DROP TABLE usage_windows                             | granularity must be",
            "from=2024-05-01T00:00:00Z&from=2024-05-01T00:00:00Z                    | from must be given at most once",
            "format=xml                                                              | format must be json or csv",
            "from=-0001-01-01T00:00:00Z&to=2024-05-01T00:00:00Z                      | from must be in the years 1 to 9999",
            "developer=bob_1                                                         | unknown query parameter",
            "from=2000-01-01T00:00:00Z                                               | 93 days",
    })
    void badInputIsABadRequestNamingTheParameter(String query, String expected) {
        String message = assertError(api.get("/reports/developers/alice/usage?" + query.replace(" ", "%20")), 400,
                "BAD_REQUEST");
        assertTrue(message.contains(expected), message);
    }

    @ParameterizedTest
    @CsvSource({"al%20ice", "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "alice'%20OR%20'1'='1", "x%3BDROP%20TABLE%20developers"})
    void aDeveloperIdWithScriptOrSqlIsABadRequest(String developer) {
        String message = assertError(api.get("/reports/developers/" + developer + "/usage"), 400, "BAD_REQUEST");
        assertTrue(message.startsWith("developer"), message);
    }

    @Test
    void anUnknownDeveloperIsNotFound() {
        assertError(api.get("/reports/developers/nobody/usage"), 404, "NOT_FOUND");
    }

    @Test
    void needsTheAdminToken() {
        assertError(api.send("GET", "/reports/developers/alice/usage", null, null), 401, "UNAUTHORIZED");
        assertError(api.send("GET", "/reports/developers/alice/usage", null, "wrong-token-0123456789"), 401, "UNAUTHORIZED");
    }

    @Test
    void manyWindowsMergeIntoOneQuantileEstimate() {
        for (int minute = 0; minute < 60; minute++) {
            long base = minute * 100L;
            ReportRows.developerWindow(api.jdbi(), "alice", window(T0.plusSeconds(60L * minute), 60).counts(100, 0)
                    .latencies(LongStream.range(base, base + 100).toArray()));
        }

        JsonNode latency = json(api.get("/reports/developers/alice/usage?" + HOUR)).path("latency");

        // 6,000 values 0..5999: the KLL estimate of the median is within a few percent of 3000.
        long p50 = latency.path("p50Micros").asLong();
        assertTrue(p50 > 2800 && p50 < 3200, latency.toString());
        assertEquals(5999, latency.path("maxMicros").asLong());
    }
}
