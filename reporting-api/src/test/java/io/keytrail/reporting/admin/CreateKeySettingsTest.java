package io.keytrail.reporting.admin;

import static io.keytrail.reporting.admin.KeyTables.assertRefused;
import static io.keytrail.reporting.support.TestApi.TOKEN;
import static io.keytrail.reporting.support.TestApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.keytrail.events.KeyRecord;
import io.keytrail.events.KeyStatus;
import io.keytrail.reporting.db.ApiKeyRow;
import io.keytrail.reporting.keys.KeyHashing;
import io.keytrail.reporting.support.TestApi;
import io.keytrail.reporting.support.TestApiExtension;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST /admin/projects/{project}/keys} with expiry, allowed APIs, rate limit and quota. */
@ExtendWith(TestApiExtension.class)
class CreateKeySettingsTest {
    private static final String EXPIRES = "2099-06-30T12:34:56.789Z";

    private TestApi api;

    @BeforeEach
    void start(TestApi api) {
        this.api = api;
    }

    @Test
    void everySettingIsStoredAnsweredAndPublished() {
        HttpResponse<String> response = create("""
                "expiresAt":"%s","allowedApis":["orders","billing.v2","a-b_c"],
                "rateLimit":{"requests":100,"windowSeconds":60},"quota":{"requests":1000000000000,"period":"MONTH"}
                """.formatted(EXPIRES));

        assertEquals(201, response.statusCode(), response.body());
        JsonNode body = json(response);
        String keyId = body.path("keyId").asText();
        String key = body.path("key").asText();
        assertEquals(EXPIRES, body.path("expiresAt").asText());
        assertEquals(List.of("orders", "billing.v2", "a-b_c"), strings(body.path("allowedApis")));
        assertEquals(100, body.path("rateLimit").path("requests").asLong());
        assertEquals(60, body.path("rateLimit").path("windowSeconds").asLong());
        assertEquals(2, body.path("rateLimit").size(), response.body());
        assertEquals(1_000_000_000_000L, body.path("quota").path("requests").asLong());
        assertEquals("MONTH", body.path("quota").path("period").asText());
        assertEquals(2, body.path("quota").size(), response.body());

        Instant createdAt = Instant.parse(body.path("createdAt").asText());
        ApiKeyRow row = KeyTables.row(api.jdbi(), keyId);
        assertEquals(new ApiKeyRow(keyId, "mobile", "alice", "with settings", KeyHashing.sha256Hex(key),
                key.substring(0, 4), KeyStatus.ACTIVE, createdAt, createdAt, Instant.parse(EXPIRES),
                "orders,billing.v2,a-b_c", 100L, 60L, 1_000_000_000_000L, "MONTH", null, null, false, 1), row);

        JsonNode details = json(api.get("/admin/keys/" + keyId));
        for (String field : List.of("expiresAt", "allowedApis", "rateLimit", "quota")) {
            assertEquals(body.path(field), details.path(field), field);
        }

        assertEquals(new KeyRecord(KeyRecord.SCHEMA_VERSION, keyId, KeyHashing.sha256Hex(key), key.substring(0, 4),
                "mobile", "alice", KeyStatus.ACTIVE, createdAt, Instant.parse(EXPIRES),
                List.of("orders", "billing.v2", "a-b_c"), 1, new KeyRecord.RateLimit(100, 60),
                new KeyRecord.Quota(1_000_000_000_000L, KeyRecord.QuotaPeriod.MONTH)), KeyTables.lastRecord(api, keyId));
    }

    @Test
    void withoutSettingsTheKeyHasNone() {
        JsonNode body = json(create(""));

        assertTrue(body.path("expiresAt").isMissingNode(), body.toString());
        assertTrue(body.path("rateLimit").isMissingNode(), body.toString());
        assertTrue(body.path("quota").isMissingNode(), body.toString());
        assertTrue(body.path("allowedApis").isArray() && body.path("allowedApis").isEmpty(), body.toString());
        KeyRecord record = KeyTables.lastRecord(api, body.path("keyId").asText());
        assertEquals(null, record.expiresAt());
        assertEquals(List.of(), record.allowedApis());
        assertEquals(null, record.rateLimit());
        assertEquals(null, record.quota());
    }

    @Test
    void explicitNullsAndAnEmptyListMeanNoSettings() {
        JsonNode body = json(create("\"expiresAt\":null,\"allowedApis\":[],\"rateLimit\":null,\"quota\":null"));

        assertEquals("ACTIVE", body.path("status").asText(), body.toString());
        assertTrue(body.path("expiresAt").isMissingNode(), body.toString());
        assertTrue(body.path("allowedApis").isEmpty(), body.toString());
        ApiKeyRow row = KeyTables.row(api.jdbi(), body.path("keyId").asText());
        assertEquals("", row.allowedApis());
        assertEquals(null, row.rateLimitRequests());
        assertEquals(null, row.quotaRequests());
    }

    @ParameterizedTest
    @ValueSource(strings = {"HOUR", "DAY", "MONTH"})
    void eachQuotaPeriodIsAccepted(String period) {
        JsonNode body = json(create("\"quota\":{\"requests\":1,\"period\":\"" + period + "\"}"));

        assertEquals(period, body.path("quota").path("period").asText(), body.toString());
        assertEquals(KeyRecord.QuotaPeriod.valueOf(period),
                KeyTables.lastRecord(api, body.path("keyId").asText()).quota().period());
    }

    @Test
    void theLimitsOfEachRangeAreAccepted() {
        String apis = IntStream.range(0, 32).mapToObj(i -> "\"api" + i + "\"").collect(Collectors.joining(","));
        JsonNode most = json(create("\"allowedApis\":[" + apis + "],"
                + "\"rateLimit\":{\"requests\":1000000000,\"windowSeconds\":86400},"
                + "\"quota\":{\"requests\":1000000000000,\"period\":\"HOUR\"}"));
        JsonNode least = json(create("\"allowedApis\":[\"" + "a".repeat(64) + "\"],"
                + "\"rateLimit\":{\"requests\":1,\"windowSeconds\":1},\"quota\":{\"requests\":1,\"period\":\"DAY\"}"));

        assertEquals(32, most.path("allowedApis").size(), most.toString());
        assertEquals(1_000_000_000L, most.path("rateLimit").path("requests").asLong());
        assertEquals(86_400L, most.path("rateLimit").path("windowSeconds").asLong());
        assertEquals(1, least.path("rateLimit").path("requests").asLong(), least.toString());
        assertEquals(1, least.path("rateLimit").path("windowSeconds").asLong());
        assertEquals(1, least.path("quota").path("requests").asLong());
        assertEquals(32, KeyTables.lastRecord(api, most.path("keyId").asText()).allowedApis().size());
    }

    @Test
    void anExpiryJustAheadIsAccepted() {
        Instant soon = Instant.now().plusSeconds(60).truncatedTo(ChronoUnit.MILLIS);

        JsonNode body = json(create("\"expiresAt\":\"" + soon + "\""));

        assertEquals(soon, Instant.parse(body.path("expiresAt").asText()), body.toString());
        assertEquals(soon, KeyTables.row(api.jdbi(), body.path("keyId").asText()).expiresAt());
    }

    @Test
    void anExpiryWithAnOffsetIsTheSameInstant() {
        JsonNode body = json(create("\"expiresAt\":\"2099-06-30T14:34:56.789+02:00\""));

        assertEquals(Instant.parse(EXPIRES), Instant.parse(body.path("expiresAt").asText()), body.toString());
        assertEquals(Instant.parse(EXPIRES), KeyTables.row(api.jdbi(), body.path("keyId").asText()).expiresAt());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            // expiresAt
            "`\"expiresAt\":\"2001-01-01T00:00:00Z\"`                          | expiresAt",
            "`\"expiresAt\":\"tomorrow\"`                                     | expiresAt",
            "`\"expiresAt\":\"2099-01-01\"`                                   | expiresAt",
            "`\"expiresAt\":\"2099-01-01T00:00:00\"`                          | expiresAt",
            "`\"expiresAt\":true`                                             | expiresAt",
            "`\"expiresAt\":[\"2099-01-01T00:00:00Z\"]`                       | expiresAt",
            "`\"expiresAt\":\"+10000-01-01T00:00:00Z\"`                       | expiresAt must be before the year 10000",
            "`\"expiresAt\":\"+294277-01-01T00:00:00Z\"`                      | expiresAt must be before the year 10000",
            "`\"expiresAt\":{}`                                               | expiresAt",
            // allowedApis
            "`\"allowedApis\":[\"orders\",\"orders\"]`                        | allowedApis",
            "`\"allowedApis\":[\"orders\",\"billing\",\"orders\"]`            | allowedApis",
            "`\"allowedApis\":[\"bad api\"]`                                  | allowedApis",
            "`\"allowedApis\":[\"a,b\"]`                                      | allowedApis",
            "`\"allowedApis\":[\"\"]`                                         | allowedApis",
            "`\"allowedApis\":[\"a/b\"]`                                      | allowedApis",
            "`\"allowedApis\":[\"caf\u00e9\"]`                                | allowedApis",
            "`\"allowedApis\":[null]`                                         | allowedApis",
            "`\"allowedApis\":\"orders\"`                                     | allowedApis",
            "`\"allowedApis\":[1]`                                            | allowedApis",
            "`\"allowedApis\":[[\"orders\"]]`                                 | allowedApis",
            "`\"allowedApis\":{\"orders\":true}`                              | allowedApis",
            // rateLimit
            "`\"rateLimit\":{\"requests\":0,\"windowSeconds\":60}`            | rateLimit.requests",
            "`\"rateLimit\":{\"requests\":-1,\"windowSeconds\":60}`           | rateLimit.requests",
            "`\"rateLimit\":{\"requests\":1000000001,\"windowSeconds\":60}`   | rateLimit.requests",
            "`\"rateLimit\":{\"windowSeconds\":60}`                           | rateLimit.requests",
            "`\"rateLimit\":{\"requests\":null,\"windowSeconds\":60}`          | rateLimit.requests",
            "`\"rateLimit\":{\"requests\":10,\"windowSeconds\":0}`            | rateLimit.windowSeconds",
            "`\"rateLimit\":{\"requests\":10,\"windowSeconds\":86401}`        | rateLimit.windowSeconds",
            "`\"rateLimit\":{\"requests\":10}`                                | rateLimit.windowSeconds",
            "`\"rateLimit\":{}`                                               | rateLimit",
            "`\"rateLimit\":{\"requests\":\"10\",\"windowSeconds\":60}`       | requests",
            "`\"rateLimit\":{\"requests\":10,\"windowSeconds\":\"60\"}`       | windowSeconds",
            "`\"rateLimit\":{\"requests\":true,\"windowSeconds\":60}`         | requests",
            "`\"rateLimit\":{\"requests\":10,\"windowSeconds\":60,\"burst\":5}` | burst",
            "`\"rateLimit\":100`                                              | rateLimit",
            "`\"rateLimit\":\"100/60s\"`                                      | rateLimit",
            "`\"rateLimit\":[100,60]`                                         | rateLimit",
            // quota
            "`\"quota\":{\"requests\":100,\"period\":\"WEEK\"}`               | quota.period",
            "`\"quota\":{\"requests\":100,\"period\":\"\"}`                   | quota.period",
            "`\"quota\":{\"requests\":100}`                                   | quota.period",
            "`\"quota\":{\"requests\":100,\"period\":null}`                   | quota.period",
            "`\"quota\":{\"requests\":0,\"period\":\"DAY\"}`                  | quota.requests",
            "`\"quota\":{\"requests\":-5,\"period\":\"DAY\"}`                 | quota.requests",
            "`\"quota\":{\"requests\":1000000000001,\"period\":\"DAY\"}`      | quota.requests",
            "`\"quota\":{\"period\":\"DAY\"}`                                 | quota.requests",
            "`\"quota\":{\"requests\":100,\"period\":1}`                      | period",
            "`\"quota\":{\"requests\":\"100\",\"period\":\"DAY\"}`            | requests",
            "`\"quota\":{\"requests\":100,\"period\":\"DAY\",\"reset\":\"UTC\"}` | reset",
            "`\"quota\":\"DAY\"`                                              | quota",
            "`\"quota\":[100,\"DAY\"]`                                        | quota",
    })
    void eachBadSettingIsABadRequestNamingTheField(String fields, String expected) {
        assertRefused(api, () -> create(fields), 400, "BAD_REQUEST", expected);
        assertEquals(0, KeyTables.keyCount(api.jdbi()));
    }

    @Test
    void thirtyThreeApisAreTooMany() {
        String apis = IntStream.range(0, 33).mapToObj(i -> "\"api" + i + "\"").collect(Collectors.joining(","));

        assertRefused(api, () -> create("\"allowedApis\":[" + apis + "]"), 400, "BAD_REQUEST", "allowedApis", "32");
    }

    @Test
    void anApiIdOfSixtyFiveCharactersIsRefused() {
        assertRefused(api, () -> create("\"allowedApis\":[\"" + "a".repeat(65) + "\"]"), 400, "BAD_REQUEST",
                "allowedApis");
    }

    @Test
    void anExpiryOfNowIsInThePast() {
        // By the time the server checks it, this instant has passed.
        Instant now = Instant.now();

        assertRefused(api, () -> create("\"expiresAt\":\"" + now + "\""), 400, "BAD_REQUEST", "expiresAt", "future");
    }

    @Test
    void anUnknownProjectIsNotFoundAndNothingIsWritten() {
        assertRefused(api, () -> api.createKey("nowhere", body("")), 404, "NOT_FOUND", "nowhere");
        assertRefused(api, () -> api.createKey("nowhere", body("\"rateLimit\":{\"requests\":5,\"windowSeconds\":5}")),
                404, "NOT_FOUND", "nowhere");
        assertEquals(0, KeyTables.keyCount(api.jdbi()));
    }

    @Test
    void anUnknownDeveloperIsNotFoundAndNothingIsWritten() {
        assertRefused(api, () -> api.createKey("mobile", "{\"developer\":\"carol\",\"description\":\"x\"}"), 404,
                "NOT_FOUND", "carol");
        assertEquals(0, KeyTables.keyCount(api.jdbi()));
    }

    @Test
    void aDeletedProjectOrDeveloperIsNotFound() {
        assertEquals(204, api.send("DELETE", "/admin/projects/web.v2", null, TOKEN).statusCode());
        assertEquals(204, api.send("DELETE", "/admin/developers/bob_1", null, TOKEN).statusCode());

        assertRefused(api, () -> api.createKey("web.v2", "{\"developer\":\"alice\",\"description\":\"x\"}"), 404,
                "NOT_FOUND", "web.v2");
        assertRefused(api, () -> api.createKey("mobile", "{\"developer\":\"bob_1\",\"description\":\"x\"}"), 404,
                "NOT_FOUND", "bob_1");
    }

    @Test
    void aBadSettingIsRefusedBeforeTheProjectIsLookedUp() {
        assertRefused(api, () -> api.createKey("nowhere", body("\"quota\":{\"requests\":0,\"period\":\"DAY\"}")),
                400, "BAD_REQUEST", "quota.requests");
    }

    @Test
    void aTokenIsNeeded() {
        assertRefused(api, () -> api.send("POST", "/admin/projects/mobile/keys",
                body("\"rateLimit\":{\"requests\":5,\"windowSeconds\":5}"), "wrong-token"), 401, "UNAUTHORIZED");
    }

    private HttpResponse<String> create(String fields) {
        return api.createKey("mobile", body(fields));
    }

    private static String body(String fields) {
        String extra = fields.isBlank() ? "" : "," + fields.strip();
        return "{\"developer\":\"alice\",\"description\":\"with settings\"" + extra + "}";
    }

    private static List<String> strings(JsonNode array) {
        List<String> list = new java.util.ArrayList<>();
        array.forEach(node -> list.add(node.asText()));
        return list;
    }
}
