package io.keytrail.reporting.reports;

import static io.keytrail.reporting.support.ReportRows.window;
import static io.keytrail.reporting.support.TestApi.assertError;
import static io.keytrail.reporting.support.TestApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.keytrail.reporting.support.ReportRows;
import io.keytrail.reporting.support.TestApi;
import io.keytrail.reporting.support.TestApiExtension;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@ExtendWith(TestApiExtension.class)
class TopDevelopersHandlerTest {
    private static final Instant T0 = Instant.parse("2024-05-01T00:00:00Z");
    private static final String DAY = "from=2024-05-01T00:00:00Z&to=2024-05-02T00:00:00Z";

    private TestApi api;

    @BeforeEach
    void start(TestApi api) {
        this.api = api;
        // The same traffic as day, hour and minute windows: each must be counted once.
        for (int seconds : new int[] {60, 3600, 86400}) {
            ReportRows.developerWindow(api.jdbi(), "alice", window(T0, seconds).counts(100, 1));
            ReportRows.developerWindow(api.jdbi(), "bob_1", window(T0, seconds).counts(10, 30));
            ReportRows.developerWindow(api.jdbi(), "carol", window(T0, seconds).counts(50, 0));
        }
        ReportRows.developerWindow(api.jdbi(), "alice", window(T0.plusSeconds(86400), 86400).counts(999, 999));
    }

    @Test
    void ranksByRequestsOverTheRange() {
        JsonNode body = json(api.get("/reports/top-developers?" + DAY));

        assertEquals("requests", body.path("by").asText());
        assertTrue(body.has("completeUpTo"));
        JsonNode items = body.path("items");
        assertEquals(3, items.size(), body.toString());
        assertEquals("alice", items.get(0).path("developerId").asText());
        assertEquals(101, items.get(0).path("requests").asLong());
        assertEquals("carol", items.get(1).path("developerId").asText());
        assertEquals("bob_1", items.get(2).path("developerId").asText());
    }

    @Test
    void ranksByFailuresAndLeavesOutDevelopersWithout() {
        JsonNode items = json(api.get("/reports/top-developers?by=failures&limit=5&" + DAY)).path("items");

        assertEquals(2, items.size(), items.toString());
        assertEquals("bob_1", items.get(0).path("developerId").asText());
        assertEquals(30, items.get(0).path("failure").asLong());
        assertEquals("alice", items.get(1).path("developerId").asText());
    }

    @Test
    void aRangeNotOnWholeHoursReadsMinuteWindows() {
        JsonNode items = json(api.get("/reports/top-developers?from=2024-05-01T00:00:00Z&to=2024-05-01T00:30:00Z"
                + "&limit=1")).path("items");
        assertEquals(1, items.size());
        assertEquals(101, items.get(0).path("requests").asLong());
    }

    @Test
    void exportsCsv() {
        String csv = api.get("/reports/top-developers?format=csv&" + DAY).body();
        assertEquals("developerId,requests,success,failure\r\nalice,101,100,1\r\ncarol,50,50,0\r\nbob_1,40,10,30\r\n",
                csv);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "by=latency                                              | by must be requests or failures",
            "limit=0                                                 | limit must be a whole number from 1 to 100",
            "limit=101                                               | limit must be a whole number from 1 to 100",
            "limit=10;DROP                                           | limit must be",
            "from=2024-05-02T00:00:00Z&to=2024-05-01T00:00:00Z       | to must be after from",
            "from=2024-05-01T00:00:00Z&to=2024-05-03T00:01:00Z       | must not exceed 2 days",
            "from=2024-01-01T00:00:00Z&to=2026-01-02T00:00:00Z       | must not exceed 731 days",
            "sort=requests                                           | unknown query parameter",
    })
    void badInputIsABadRequest(String query, String expected) {
        String message = assertError(api.get("/reports/top-developers?" + query), 400, "BAD_REQUEST");
        assertTrue(message.contains(expected), message);
    }

    @Test
    void needsTheAdminToken() {
        assertError(api.send("GET", "/reports/top-developers", null, null), 401, "UNAUTHORIZED");
    }
}
