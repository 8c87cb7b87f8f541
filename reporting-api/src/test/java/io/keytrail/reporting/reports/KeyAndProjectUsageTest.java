package io.keytrail.reporting.reports;

import static io.keytrail.reporting.support.ReportRows.window;
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
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code /reports/projects/{project}/usage} and {@code /reports/keys/{keyId}/usage}, from the key windows. */
@ExtendWith(TestApiExtension.class)
class KeyAndProjectUsageTest {
    private static final Instant T0 = Instant.parse("2024-05-01T00:00:00Z");
    private static final String RANGE = "?from=2024-05-01T00:00:00Z&to=2024-05-01T01:00:00Z&granularity=minute";
    private static final String K1 = "key_1111111111111111";
    private static final String K2 = "key_2222222222222222";
    private static final String K3 = "key_3333333333333333";

    private TestApi api;

    @BeforeEach
    void start(TestApi api) {
        this.api = api;
        KeyRows.insert(api.jdbi(), K1, "mobile", "alice", KeyStatus.ACTIVE);
        KeyRows.insert(api.jdbi(), K2, "mobile", "bob_1", KeyStatus.ACTIVE);
        KeyRows.insert(api.jdbi(), K3, "web.v2", "alice", KeyStatus.ACTIVE);
        ReportRows.keyWindow(api.jdbi(), K1, "mobile", "alice", window(T0, 60).counts(4, 0)
                .latencies(100, 200, 300, 400).ips("10.0.0.1"));
        ReportRows.keyWindow(api.jdbi(), K2, "mobile", "bob_1", window(T0, 60).counts(2, 2)
                .failures("FORBIDDEN_API", 2).latencies(5000, 6000, 7000, 8000).ips("10.0.0.1", "10.0.0.9"));
        ReportRows.keyWindow(api.jdbi(), K3, "web.v2", "alice", window(T0, 60).counts(100, 0).latencies(1));
    }

    @Test
    void aProjectsWindowsMergeItsKeysWindows() {
        JsonNode body = json(api.get("/reports/projects/mobile/usage" + RANGE));

        assertEquals("mobile", body.path("project").asText());
        assertFalse(body.has("developer"), body.toString());
        assertEquals(8, body.path("totals").path("requests").asLong());
        assertEquals(1, body.path("windows").size(), "both keys' minutes are one window");
        JsonNode only = body.path("windows").get(0);
        assertEquals(6, only.path("success").asLong());
        assertEquals(8000, only.path("latency").path("maxMicros").asLong());
        assertEquals(2, only.path("clientIps").asLong(), "10.0.0.1 counted once across the keys");
        assertEquals(2, body.path("failures").path("FORBIDDEN_API").asLong());
        assertEquals(2, body.path("keys").size());
        assertTrue(body.has("completeUpTo"));
    }

    @Test
    void aKeysReportNamesItsDeveloperAndProject() {
        JsonNode body = json(api.get("/reports/keys/" + K2 + "/usage" + RANGE));

        assertEquals(K2, body.path("keyId").asText());
        assertEquals("bob_1", body.path("developer").asText());
        assertEquals("mobile", body.path("project").asText());
        assertEquals(4, body.path("totals").path("requests").asLong());
        assertEquals(1, body.path("keys").size());
    }

    @Test
    void unknownProjectsAndKeysAreNotFoundAndMalformedOnesABadRequest() {
        assertError(api.get("/reports/projects/nothing/usage"), 404, "NOT_FOUND");
        assertError(api.get("/reports/keys/key_9999999999999999/usage"), 404, "NOT_FOUND");
        assertTrue(assertError(api.get("/reports/keys/1%20OR%201=1/usage"), 400, "BAD_REQUEST").startsWith("keyId"));
        assertTrue(assertError(api.get("/reports/projects/%3Cb%3E/usage"), 400, "BAD_REQUEST").startsWith("project"));
    }

    @Test
    void exportsAsCsvNamedAfterTheSubject() {
        var response = api.get("/reports/projects/web.v2/usage" + RANGE + "&format=csv");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("attachment; filename=\"project-web.v2-usage.csv\"",
                response.headers().firstValue("Content-Disposition").orElse(""));
        assertEquals(2, response.body().split("\r\n").length);
    }
}
