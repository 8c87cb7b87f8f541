package io.keytrail.reporting.reports;

import static io.keytrail.reporting.support.ReportRows.window;
import static io.keytrail.reporting.support.TestApi.assertError;
import static io.keytrail.reporting.support.TestApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.keytrail.reporting.support.KeyRows;
import io.keytrail.reporting.support.ReportRows;
import io.keytrail.reporting.support.TestApi;
import io.keytrail.reporting.support.TestApiExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code GET /reports/me/usage}: a developer reads their own usage with their own key, and nobody else's. */
@ExtendWith(TestApiExtension.class)
class SelfUsageHandlerTest {
    private static final Instant T0 = Instant.parse("2024-05-01T00:00:00Z");
    private static final String RANGE = "from=2024-05-01T00:00:00Z&to=2024-05-01T01:00:00Z&granularity=minute";
    private static final String SEED_401 = "{\"message\":\"Invalid authentication credentials\",\"status\":401}";

    private TestApi api;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start(TestApi api) {
        this.api = api;
        ReportRows.developerWindow(api.jdbi(), "alice", window(T0, 60).counts(5, 1));
        ReportRows.developerWindow(api.jdbi(), "bob_1", window(T0, 60).counts(70, 7));
    }

    @Test
    void aDeveloperReadsTheirOwnUsageWithTheirKey() {
        String key = issueKey("alice");

        HttpResponse<String> response = get("/reports/me/usage?" + RANGE, key, null);

        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = json(response);
        assertEquals("alice", body.path("developer").asText());
        assertEquals(6, body.path("totals").path("requests").asLong());
        assertFalse(response.body().contains(key), "the key never comes back");
    }

    @Test
    void namingThemselvesIsFineNamingAnotherDeveloperIsForbidden() {
        String key = issueKey("alice");

        assertEquals(200, get("/reports/me/usage?developer=alice&" + RANGE, key, null).statusCode());
        HttpResponse<String> other = get("/reports/me/usage?developer=bob_1&" + RANGE, key, null);
        assertError(other, 403, "FORBIDDEN");
        assertFalse(other.body().contains("70"), other.body());
        assertError(get("/reports/me/usage?developer=%3Cscript%3E&" + RANGE, key, null), 403, "FORBIDDEN");
    }

    @Test
    void missingUnknownRevokedOrExpiredKeysGetTheSeedBody() {
        String revoked = issueKey("alice");
        KeyRows.revoke(api.jdbi(), keyIdOf(revoked));
        String expiring = issueKey("alice");
        api.jdbi().useHandle(h -> h.execute("UPDATE api_keys SET expires_at = ? WHERE key_id = ?",
                java.time.OffsetDateTime.now().minusMinutes(1), keyIdOf(expiring)));

        for (String key : new String[] {null, "", "not-a-key", "x".repeat(5000), revoked, expiring}) {
            HttpResponse<String> response = get("/reports/me/usage?" + RANGE, key, null);
            assertEquals(401, response.statusCode(), response.body());
            assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
            assertEquals(SEED_401, response.body());
        }
    }

    @Test
    void theAdminTokenIsNoKeyHereAndADeveloperKeyOpensNoAdminRoute() {
        assertEquals(SEED_401, get("/reports/me/usage?" + RANGE, null, TestApi.TOKEN).body());
        assertEquals(SEED_401, get("/reports/me/usage?" + RANGE, TestApi.TOKEN, null).body());

        String key = issueKey("alice");
        assertError(get("/reports/developers/alice/usage?" + RANGE, key, null), 401, "UNAUTHORIZED");
        assertError(get("/reports/developers/alice/usage?" + RANGE, null, key), 401, "UNAUTHORIZED");
        assertError(get("/admin/projects", null, key), 401, "UNAUTHORIZED");
    }

    @Test
    void badInputWithAGoodKeyIsABadRequest() {
        String key = issueKey("alice");
        assertError(get("/reports/me/usage?from=2024-05-02T00:00:00Z&to=2024-05-01T00:00:00Z", key, null), 400,
                "BAD_REQUEST");
        assertError(get("/reports/me/usage?granularity=minute&from=2024-05-01T00:00:00Z&to=2024-06-01T00:00:00Z",
                key, null), 400, "BAD_REQUEST");
        assertError(get("/reports/me/usage?developer=alice&developer=bob_1", key, null), 400, "BAD_REQUEST");
    }

    @Test
    void guessingKeysIsCutOffPerClientBeforeAnyLookup() {
        String key = issueKey("alice");
        for (int i = 0; i < 10; i++) {
            assertEquals(401, get("/reports/me/usage", "guess-" + i, null).statusCode());
        }

        assertError(get("/reports/me/usage", "guess-10", null), 429, "TOO_MANY_REQUESTS");
        assertError(get("/reports/me/usage", key, null), 429, "TOO_MANY_REQUESTS");
    }

    private String issueKey(String developer) {
        HttpResponse<String> created = api.createKey("mobile",
                "{\"developer\":\"" + developer + "\",\"description\":\"self-service test\"}");
        assertEquals(201, created.statusCode(), created.body());
        return json(created).path("key").asText();
    }

    private String keyIdOf(String key) {
        return api.jdbi().withHandle(h -> h.createQuery("SELECT key_id FROM api_keys WHERE key_hash = :hash")
                .bind("hash", io.keytrail.reporting.keys.KeyHashing.sha256Hex(key)).mapTo(String.class).one());
    }

    private HttpResponse<String> get(String path, String key, String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.baseUrl() + path));
        if (key != null) {
            request.header("x-apim-key", key);
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
