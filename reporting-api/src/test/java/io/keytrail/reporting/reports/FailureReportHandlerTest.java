package io.keytrail.reporting.reports;

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
class FailureReportHandlerTest {
    private static final Instant T0 = Instant.parse("2024-05-01T00:00:00Z");
    private static final String DAY = "from=2024-05-01T00:00:00Z&to=2024-05-02T00:00:00Z";

    private TestApi api;

    @BeforeEach
    void start(TestApi api) {
        this.api = api;
        ReportRows.authEvent(api.jdbi(), "e1", T0.plusSeconds(1), null, null, "10.0.0.9", "r1", "UNKNOWN_KEY");
        ReportRows.authEvent(api.jdbi(), "e2", T0.plusSeconds(2), null, null, "10.0.0.9", "r2", "UNKNOWN_KEY");
        ReportRows.authEvent(api.jdbi(), "e3", T0.plusSeconds(3), null, null, "10.0.0.9", "r3", "MISSING_KEY");
        ReportRows.authEvent(api.jdbi(), "e4", T0.plusSeconds(4), "alice", null, "10.0.0.1", "r4", "REVOKED_KEY");
        ReportRows.authEvent(api.jdbi(), "e5", T0.plusSeconds(5), "alice", null, "10.0.0.1", "r5", null);
        ReportRows.authEvent(api.jdbi(), "e6", T0.plusSeconds(86400 * 2), null, null, "10.0.0.7", "r6", "UNKNOWN_KEY");
        ReportRows.alert(api.jdbi(), "FAILURE_BURST_IP|10.0.0.9|x", "FAILURE_BURST_IP", "10.0.0.9", T0.plusSeconds(3));
        ReportRows.alert(api.jdbi(), "old", "FAILURE_BURST_IP", "10.0.0.7", T0.minusSeconds(3600));
    }

    @Test
    void countsFailuresByReasonAndClientIpWithTheRangesAlerts() {
        JsonNode body = json(api.get("/reports/failures?" + DAY));

        assertEquals(2, body.path("byReason").path("UNKNOWN_KEY").asLong());
        assertEquals(1, body.path("byReason").path("MISSING_KEY").asLong());
        assertEquals(1, body.path("byReason").path("REVOKED_KEY").asLong());
        assertEquals(3, body.path("byReason").size(), body.toString());
        JsonNode ips = body.path("byClientIp");
        assertEquals(2, ips.size());
        assertEquals("10.0.0.9", ips.get(0).path("clientIp").asText());
        assertEquals(3, ips.get(0).path("failures").asLong());
        assertEquals("2024-05-01T00:00:03Z", ips.get(0).path("lastSeen").asText());
        assertEquals(1, body.path("alerts").size());
        JsonNode alert = body.path("alerts").get(0);
        assertEquals("FAILURE_BURST_IP", alert.path("type").asText());
        assertEquals("10.0.0.9", alert.path("subject").asText());
        assertEquals("CLIENT_IP", alert.path("subjectType").asText());
        assertTrue(body.has("completeUpTo"));
    }

    @Test
    void limitsTheClientIpsAndExportsThemAsCsv() {
        assertEquals(1, json(api.get("/reports/failures?limit=1&" + DAY)).path("byClientIp").size());
        assertEquals("clientIp,failures,lastSeen\r\n10.0.0.9,3,2024-05-01T00:00:03Z\r\n10.0.0.1,1,2024-05-01T00:00:04Z\r\n",
                api.get("/reports/failures?format=csv&" + DAY).body());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "from=2024-05-01T00:00:00Z&to=2024-05-09T00:00:00Z   | must not exceed 7 days",
            "from=2024-05-02T00:00:00Z&to=2024-05-01T00:00:00Z   | to must be after from",
            "from=1%20OR%201=1                                   | from must be an ISO-8601 instant",
            "limit=1000                                          | limit must be a whole number from 1 to 200",
            "reason=UNKNOWN_KEY                                  | unknown query parameter",
    })
    void badInputIsABadRequest(String query, String expected) {
        String message = assertError(api.get("/reports/failures?" + query), 400, "BAD_REQUEST");
        assertTrue(message.contains(expected), message);
    }
}
