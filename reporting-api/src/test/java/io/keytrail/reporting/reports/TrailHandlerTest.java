package io.keytrail.reporting.reports;

import static io.keytrail.reporting.support.TestApi.assertError;
import static io.keytrail.reporting.support.TestApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.keytrail.events.KeyStatus;
import io.keytrail.reporting.support.KeyRows;
import io.keytrail.reporting.support.ReportRows;
import io.keytrail.reporting.support.TestApi;
import io.keytrail.reporting.support.TestApiExtension;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@ExtendWith(TestApiExtension.class)
class TrailHandlerTest {
    private static final Instant T0 = Instant.parse("2024-05-01T00:00:00Z");
    private static final String KEY = "key_aaaaaaaaaaaaaaaa";
    private static final String OTHER_KEY = "key_bbbbbbbbbbbbbbbb";

    private TestApi api;

    @BeforeEach
    void start(TestApi api) {
        this.api = api;
        KeyRows.insert(api.jdbi(), KEY, "mobile", "alice", KeyStatus.ACTIVE);
        KeyRows.insert(api.jdbi(), OTHER_KEY, "mobile", "bob_1", KeyStatus.ACTIVE);
        ReportRows.keyEvent(api.jdbi(), "k-01", "CREATED", T0, KEY, "alice", "admin");
        ReportRows.authEvent(api.jdbi(), "a-01", T0.plusSeconds(10), "alice", KEY, "10.0.0.1", "req-1", null);
        ReportRows.keyEvent(api.jdbi(), "k-02", "REVEALED", T0.plusSeconds(20), KEY, "alice", "admin");
        ReportRows.authEvent(api.jdbi(), "a-02", T0.plusSeconds(30), "alice", KEY, "10.0.0.2", "req-2", "FORBIDDEN_API");
        ReportRows.authEvent(api.jdbi(), "a-03", T0.plusSeconds(40), null, null, "10.0.0.2", "req-3", "UNKNOWN_KEY");
        ReportRows.authEvent(api.jdbi(), "a-04", T0.plusSeconds(50), "bob_1", OTHER_KEY, "10.0.0.3", "req-4", null);
        ReportRows.keyEvent(api.jdbi(), "k-03", "REVOKED", T0.plusSeconds(60), KEY, "alice", "admin");
    }

    private static List<String> ids(JsonNode body) {
        List<String> ids = new ArrayList<>();
        body.path("items").forEach(item -> ids.add(item.path("eventId").asText()));
        return ids;
    }

    @Test
    void aKeysTrailMergesItsLifecycleNewestFirst() {
        JsonNode body = json(api.get("/reports/trail?key=" + KEY));

        assertEquals(List.of("k-03", "a-02", "k-02", "a-01", "k-01"), ids(body));
        JsonNode revoked = body.path("items").get(0);
        assertEquals("KEY", revoked.path("kind").asText());
        assertEquals("REVOKED", revoked.path("type").asText());
        assertEquals("admin", revoked.path("actor").asText());
        JsonNode failure = body.path("items").get(1);
        assertEquals("AUTH", failure.path("kind").asText());
        assertEquals("AUTH_FAILURE", failure.path("type").asText());
        assertEquals("FORBIDDEN_API", failure.path("reason").asText());
        assertEquals("/orders/42", failure.path("path").asText());
        assertEquals(List.of("KEY"), List.of(failure.path("authMethods").get(0).asText()));
        assertTrue(body.has("completeUpTo") && body.path("nextCursor").isNull(), body.toString());
    }

    @Test
    void aDevelopersTrailHasTheirEventsAndTheirKeysLifecycle() {
        assertEquals(List.of("k-03", "a-02", "k-02", "a-01", "k-01"), ids(json(api.get("/reports/trail?developer=alice"))));
        assertEquals(List.of("a-04"), ids(json(api.get("/reports/trail?developer=bob_1"))));
    }

    @Test
    void otherFiltersSearchAuthenticationEventsOnly() {
        assertEquals(List.of("a-02"), ids(json(api.get("/reports/trail?requestId=req-2"))));
        assertEquals(List.of("a-03", "a-02"), ids(json(api.get("/reports/trail?clientIp=10.0.0.2"))));
        assertEquals(List.of("a-02"), ids(json(api.get("/reports/trail?key=" + KEY + "&outcome=failure"))));
        assertEquals(List.of("a-01"), ids(json(api.get("/reports/trail?developer=alice&outcome=success"))));
        assertEquals(List.of("a-03"), ids(json(api.get("/reports/trail?clientIp=10.0.0.2&from=2024-05-01T00:00:35Z"))));
        assertEquals(List.of("a-04", "a-03", "a-02", "a-01"),
                ids(json(api.get("/reports/trail?from=2024-05-01T00:00:00Z&to=2024-05-01T01:00:00Z"))));
        assertEquals(List.of("a-03", "a-02"), ids(json(api.get(
                "/reports/trail?outcome=failure&from=2024-05-01T00:00:00Z&to=2024-05-01T01:00:00Z"))));
    }

    @Test
    void pagesThroughTheMergedTrailWithoutLossOrRepeat() {
        // Same instant and same id in both sources: the cursor must still keep them apart.
        ReportRows.authEvent(api.jdbi(), "same", T0.plusSeconds(20), "alice", KEY, "10.0.0.1", "req-5", null);
        ReportRows.keyEvent(api.jdbi(), "same", "UPDATED", T0.plusSeconds(20), KEY, "alice", "admin");
        // Every page size puts the page boundaries elsewhere, including between the two "same" events.
        for (int limit = 1; limit <= 4; limit++) {
            List<String> seen = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                JsonNode page = json(api.get("/reports/trail?key=" + KEY + "&limit=" + limit
                        + (cursor == null ? "" : "&cursor=" + cursor)));
                page.path("items").forEach(item -> seen.add(item.path("kind").asText() + ":" + item.path("eventId").asText()));
                cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
                pages++;
            } while (cursor != null && pages < 20);
            assertEquals(List.of("KEY:k-03", "AUTH:a-02", "AUTH:same", "KEY:same", "KEY:k-02", "AUTH:a-01", "KEY:k-01"),
                    seen, "limit " + limit);
        }
    }

    @Test
    void exportsCsv() {
        String[] lines = api.get("/reports/trail?key=" + KEY + "&format=csv").body().split("\r\n");
        assertEquals(6, lines.length);
        assertTrue(lines[0].startsWith("kind,eventId,time,type"), lines[0]);
        assertTrue(lines[1].startsWith("KEY,k-03,2024-05-01T00:01:00Z,REVOKED,"), lines[1]);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "developer=alice'%20OR%20'1'='1                          | developer must be",
            "developer=%3Cscript%3Ealert(1)%3C/script%3E              | developer must be",
            "key=key_x'%3B--                                          | key must be",
            "requestId=1%20UNION%20SELECT%20*                         | requestId must be",
            "clientIp=10.0.0.1'%20OR%201=1--                          | clientIp must be",
            "clientIp=%3Cimg%3E                                       | clientIp must be",
            "outcome=maybe                                            | outcome must be success or failure",
            "developer=alice&limit=500                                | limit must be a whole number from 1 to 200",
            "developer=alice&limit=-1                                 | limit must be",
            "developer=alice&cursor=bm9wZQ                            | cursor must be a nextCursor",
            "developer=alice&cursor=%25%25%25                         | cursor must be a nextCursor",
            "from=2024-05-01T00:00:00Z&to=2024-05-03T00:00:00Z        | without a developer, key, requestId or clientIp",
            "from=2024-05-01T00:00:00Z                                | without a developer",
            "developer=alice&from=2024-05-02T00:00:00Z&to=2024-05-01T00:00:00Z | to must be after from",
            "developer=alice&to=never                                 | to must be an ISO-8601 instant",
            "user=alice                                               | unknown query parameter",
            "developer=alice&from=%2B12345-01-01T00:00:00Z             | from must be in the years 1 to 9999",
            "developer=alice&cursor=QVVUSHwrMTIzNDUtMDEtMDFUMDA6MDA6MDBafGU | cursor must be a nextCursor",
            "developer=alice&cursor=QVVUSHwyMDI0LTA1LTAxVDAwOjAwOjAwWnxhAGI | cursor must be a nextCursor",
    })
    void badInputIsABadRequest(String query, String expected) {
        String message = assertError(api.get("/reports/trail?" + query), 400, "BAD_REQUEST");
        assertTrue(message.contains(expected), message);
    }

    @Test
    void unknownDevelopersAndKeysAreNotFound() {
        assertError(api.get("/reports/trail?developer=nobody"), 404, "NOT_FOUND");
        assertError(api.get("/reports/trail?key=key_9999999999999999"), 404, "NOT_FOUND");
    }

    @Test
    void needsTheAdminToken() {
        HttpResponse<String> response = api.send("GET", "/reports/trail?developer=alice", null, null);
        assertError(response, 401, "UNAUTHORIZED");
        assertFalse(response.body().contains("a-01"));
    }
}
