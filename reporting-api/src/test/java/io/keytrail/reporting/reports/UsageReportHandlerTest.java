package io.keytrail.reporting.reports;

import static io.keytrail.reporting.support.TestApi.assertError;
import static io.keytrail.reporting.support.TestApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.keytrail.reporting.db.UsageDao;
import io.keytrail.reporting.db.UsageRow;
import io.keytrail.reporting.support.TestApi;
import io.keytrail.reporting.support.TestApiExtension;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@ExtendWith(TestApiExtension.class)
class UsageReportHandlerTest {
    private static final Instant T0 = Instant.parse("2024-05-01T00:00:00Z");

    private TestApi api;

    @BeforeEach
    void start(TestApi api) {
        this.api = api;
    }

    @Test
    void answersTheWindowsInRangeOrderedByStart() {
        store(window("alice", T0.plusSeconds(120), 7, 1));
        store(window("alice", T0, 5, 0));
        store(window("alice", T0.plusSeconds(3600), 9, 9));
        store(window("bob", T0.plusSeconds(60), 1, 1));

        HttpResponse<String> response = api.get("/reports/developers/alice/usage?from=2024-05-01T00:00:00Z&to=2024-05-01T01:00:00Z");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        JsonNode body = json(response);
        assertEquals("alice", body.path("developer").asText());
        assertEquals("2024-05-01T00:00:00Z", body.path("from").asText());
        assertEquals("2024-05-01T01:00:00Z", body.path("to").asText());
        JsonNode windows = body.path("windows");
        assertEquals(2, windows.size(), response.body());
        assertEquals("2024-05-01T00:00:00Z", windows.get(0).path("windowStart").asText());
        assertEquals("2024-05-01T00:01:00Z", windows.get(0).path("windowEnd").asText());
        assertEquals(5, windows.get(0).path("success").asLong());
        assertEquals(0, windows.get(0).path("failure").asLong());
        assertEquals("2024-05-01T00:02:00Z", windows.get(1).path("windowStart").asText());
        assertEquals(7, windows.get(1).path("success").asLong());
        assertEquals(1, windows.get(1).path("failure").asLong());
        assertEquals(4, windows.get(0).size(), "exactly windowStart, windowEnd, success, failure");
    }

    @Test
    void listsTheMinutesNotTheHourAndDayWindowsOfTheSameEvents() {
        store(window("alice", T0, 5, 0));
        store(new UsageRow("alice", T0, T0.plusSeconds(3600), 5, 0, T0.plusSeconds(59), T0));
        store(new UsageRow("alice", T0, T0.plusSeconds(86400), 5, 0, T0.plusSeconds(59), T0));

        JsonNode windows = json(api.get("/reports/developers/alice/usage?from=2024-05-01T00:00:00Z&to=2024-05-01T01:00:00Z"))
                .path("windows");

        assertEquals(1, windows.size(), windows.toString());
        assertEquals("2024-05-01T00:01:00Z", windows.get(0).path("windowEnd").asText());
    }

    @Test
    void defaultsToTheLast24Hours() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        store(window("alice", now.minus(1, ChronoUnit.HOURS), 3, 0));
        store(window("alice", now.minus(2, ChronoUnit.DAYS), 4, 0));

        JsonNode body = json(api.get("/reports/developers/alice/usage"));

        assertEquals(1, body.path("windows").size(), body.toString());
        assertEquals(3, body.path("windows").get(0).path("success").asLong());
        Instant from = Instant.parse(body.path("from").asText());
        Instant to = Instant.parse(body.path("to").asText());
        assertEquals(24 * 3600, to.getEpochSecond() - from.getEpochSecond());
    }

    @Test
    void anUnknownDeveloperHasNoWindows() {
        JsonNode body = json(api.get("/reports/developers/nobody/usage?from=2024-05-01T00:00:00Z&to=2024-05-02T00:00:00Z"));
        assertEquals(0, body.path("windows").size());
    }

    @Test
    void aRangeOfExactly31DaysIsAllowed() {
        assertEquals(200, api.get("/reports/developers/alice/usage?from=2024-05-01T00:00:00Z&to=2024-06-01T00:00:00Z")
                .statusCode());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "from=yesterday&to=2024-05-02T00:00:00Z              | from",
            "from=2024-05-01T00:00:00Z&to=2024-13-01T00:00:00Z   | to",
            "from=2024-05-01&to=2024-05-02T00:00:00Z             | from",
            "from=2024-05-02T00:00:00Z&to=2024-05-01T00:00:00Z   | to must be after from",
            "from=2024-05-01T00:00:00Z&to=2024-05-01T00:00:00Z   | to must be after from",
            "from=2024-05-01T00:00:00Z&to=2024-06-01T00:00:01Z   | 31 days",
            "from=2024-05-01T00:00:00Z&from=2024-05-01T00:00:00Z | from must be given at most once",
            "from=2000-01-01T00:00:00Z                           | 31 days",
            "from=%2B294277-01-01T00:00:00Z&to=2024-05-01T00:00:00Z | from must be in the years 1 to 9999",
            "from=9999-12-31T00:00:00Z&to=%2B10000-01-01T00:00:00Z | to must be in the years 1 to 9999",
    })
    void badRangesAreABadRequestNamingTheParameter(String query, String expected) {
        String message = assertError(api.get("/reports/developers/alice/usage?" + query), 400, "BAD_REQUEST");
        assertTrue(message.startsWith(expected) || message.contains(expected), message);
    }

    @Test
    void aBadDeveloperIdIsABadRequest() {
        String message = assertError(api.get("/reports/developers/al%20ice/usage"), 400, "BAD_REQUEST");
        assertTrue(message.startsWith("developer"), message);
    }

    @Test
    void needsTheAdminToken() {
        assertError(api.send("GET", "/reports/developers/alice/usage", null, null), 401, "UNAUTHORIZED");
        assertError(api.send("GET", "/reports/developers/alice/usage", null, "wrong-token-0123456789"), 401, "UNAUTHORIZED");
    }

    private void store(UsageRow row) {
        api.jdbi().useExtension(UsageDao.class, dao -> dao.upsertAll(List.of(row)));
    }

    private static UsageRow window(String developer, Instant start, long success, long failure) {
        return new UsageRow(developer, start, start.plusSeconds(60), success, failure, start.plusSeconds(59), start);
    }
}
