package io.keytrail.reporting.reports;

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
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@ExtendWith(TestApiExtension.class)
class DormantKeysHandlerTest {
    private static final Instant NOW = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);

    private TestApi api;

    @BeforeEach
    void start(TestApi api) {
        this.api = api;
    }

    private void key(String keyId, String project, KeyStatus status, Duration age, Duration lastSeenAgo) {
        KeyRows.insert(api.jdbi(), keyId, project, "alice", status);
        api.jdbi().useHandle(h -> h.execute("UPDATE api_keys SET created_at = ? WHERE key_id = ?",
                OffsetDateTime.ofInstant(NOW.minus(age), ZoneOffset.UTC), keyId));
        if (lastSeenAgo != null) {
            Instant seen = NOW.minus(lastSeenAgo);
            ReportRows.lastSeen(api.jdbi(), keyId, "alice", project, seen, seen, seen);
        }
    }

    @Test
    void listsActiveKeysIdleLongerThanIdleDaysOldestFirst() {
        key("key_0000000000000001", "mobile", KeyStatus.ACTIVE, Duration.ofDays(100), Duration.ofDays(40));
        key("key_0000000000000002", "mobile", KeyStatus.ACTIVE, Duration.ofDays(90), null);
        key("key_0000000000000003", "mobile", KeyStatus.ACTIVE, Duration.ofDays(80), Duration.ofDays(1));
        key("key_0000000000000004", "mobile", KeyStatus.ACTIVE, Duration.ofDays(5), null);
        key("key_0000000000000005", "mobile", KeyStatus.REVOKED, Duration.ofDays(70), null);
        key("key_0000000000000006", "web.v2", KeyStatus.ACTIVE, Duration.ofDays(60), Duration.ofDays(31));

        JsonNode body = json(api.get("/reports/dormant-keys"));

        JsonNode items = body.path("items");
        assertEquals(3, items.size(), body.toString());
        assertEquals("key_0000000000000001", items.get(0).path("keyId").asText());
        assertEquals("key_0000000000000002", items.get(1).path("keyId").asText());
        assertTrue(items.get(1).path("lastSeen").isNull(), "never seen: lastSeen is null");
        assertEquals("alice", items.get(1).path("developerId").asText());
        assertEquals("key_0000000000000006", items.get(2).path("keyId").asText());
        assertTrue(body.has("completeUpTo") && body.path("nextCursor").isNull(), body.toString());

        JsonNode mobileOnly = json(api.get("/reports/dormant-keys?project=web.v2&idleDays=30")).path("items");
        assertEquals(1, mobileOnly.size());
        assertEquals(4, json(api.get("/reports/dormant-keys?idleDays=2")).path("items").size());
    }

    @Test
    void pagesWithACursor() {
        for (int i = 1; i <= 5; i++) {
            key("key_000000000000000" + i, "mobile", KeyStatus.ACTIVE, Duration.ofDays(100 - i), null);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = json(api.get("/reports/dormant-keys?limit=2" + (cursor == null ? "" : "&cursor=" + cursor)));
            page.path("items").forEach(item -> seen.add(item.path("keyId").asText()));
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
        } while (cursor != null);
        assertEquals(List.of("key_0000000000000001", "key_0000000000000002", "key_0000000000000003",
                "key_0000000000000004", "key_0000000000000005"), seen);
    }

    @Test
    void exportsCsvWithFormulaCellsNeutralised() {
        key("key_0000000000000001", "mobile", KeyStatus.ACTIVE, Duration.ofDays(100), null);
        api.jdbi().useHandle(h -> h.execute("UPDATE api_keys SET description = '=HYPERLINK(\"x\",\"y\")'"));

        String[] lines = api.get("/reports/dormant-keys?format=csv").body().split("\r\n");

        assertEquals("keyId,projectId,developerId,description,createdAt,lastSeen", lines[0]);
        assertTrue(lines[1].startsWith("key_0000000000000001,mobile,alice,\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\","),
                lines[1]);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "idleDays=0                | idleDays must be a whole number from 1 to 3650",
            "idleDays=abc              | idleDays must be",
            "idleDays=99999999999      | idleDays must be",
            "limit=201                 | limit must be a whole number from 1 to 200",
            "limit=0                   | limit must be",
            "cursor=%3Cscript%3E       | cursor must be a nextCursor value",
            "project=x'%20OR%20'1'='1  | project must be 1 to 64 characters",
    })
    void badInputIsABadRequest(String query, String expected) {
        String message = assertError(api.get("/reports/dormant-keys?" + query), 400, "BAD_REQUEST");
        assertTrue(message.contains(expected), message);
    }

    @Test
    void anUnknownProjectIsNotFound() {
        assertError(api.get("/reports/dormant-keys?project=nothing"), 404, "NOT_FOUND");
    }
}
