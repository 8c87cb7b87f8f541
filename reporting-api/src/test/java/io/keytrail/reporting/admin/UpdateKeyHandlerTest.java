package io.keytrail.reporting.admin;

import static io.keytrail.reporting.admin.KeyTables.assertRefused;
import static io.keytrail.reporting.support.TestApi.TOKEN;
import static io.keytrail.reporting.support.TestApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.keytrail.events.KeyLifecycleEvent;
import io.keytrail.events.KeyRecord;
import io.keytrail.events.KeyStatus;
import io.keytrail.reporting.db.ApiKeyRow;
import io.keytrail.reporting.keys.KeyHashing;
import io.keytrail.reporting.support.TestApi;
import io.keytrail.reporting.support.TestApiExtension;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code PATCH /admin/keys/{keyId}}: a JSON merge patch of an active key's settings. */
@ExtendWith(TestApiExtension.class)
class UpdateKeyHandlerTest {
    private static final String FULL = """
            {"developer":"alice","description":"before","expiresAt":"2098-01-01T00:00:00Z",
             "allowedApis":["orders","billing"],"rateLimit":{"requests":10,"windowSeconds":60},
             "quota":{"requests":1000,"period":"DAY"}}
            """;
    private static final String BARE = "{\"developer\":\"alice\",\"description\":\"bare\"}";

    private TestApi api;

    @BeforeEach
    void start(TestApi api) {
        this.api = api;
    }

    @Test
    void changesTheDescription() {
        JsonNode created = create(FULL);
        String keyId = id(created);

        JsonNode updated = patchOk(keyId, "{\"description\":\"after\"}");

        assertEquals("after", updated.path("description").asText());
        assertEquals("after", KeyTables.row(api.jdbi(), keyId).description());
        assertUnchangedBut(created, updated, "description");
        assertUpdated(keyId, 2, "description");
    }

    @Test
    void changesTheAllowedApis() {
        JsonNode created = create(FULL);
        String keyId = id(created);

        JsonNode updated = patchOk(keyId, "{\"allowedApis\":[\"reports\",\"orders\",\"x.y-z_1\"]}");

        assertEquals(List.of("reports", "orders", "x.y-z_1"), strings(updated.path("allowedApis")));
        assertEquals("reports,orders,x.y-z_1", KeyTables.row(api.jdbi(), keyId).allowedApis());
        assertEquals(List.of("reports", "orders", "x.y-z_1"), KeyTables.lastRecord(api, keyId).allowedApis());
        assertUnchangedBut(created, updated, "allowedApis");
        assertUpdated(keyId, 2, "allowedApis");
    }

    @Test
    void anEmptyListAllowsEveryApi() {
        String keyId = id(create(FULL));

        JsonNode updated = patchOk(keyId, "{\"allowedApis\":[]}");

        assertTrue(updated.path("allowedApis").isArray() && updated.path("allowedApis").isEmpty(), updated.toString());
        assertEquals("", KeyTables.row(api.jdbi(), keyId).allowedApis());
        assertEquals(List.of(), KeyTables.lastRecord(api, keyId).allowedApis());
        assertUpdated(keyId, 2, "allowedApis");
    }

    @Test
    void changesTheExpiry() {
        JsonNode created = create(FULL);
        String keyId = id(created);

        JsonNode updated = patchOk(keyId, "{\"expiresAt\":\"2099-02-03T04:05:06.789Z\"}");

        Instant expected = Instant.parse("2099-02-03T04:05:06.789Z");
        assertEquals(expected, Instant.parse(updated.path("expiresAt").asText()));
        assertEquals(expected, KeyTables.row(api.jdbi(), keyId).expiresAt());
        assertEquals(expected, KeyTables.lastRecord(api, keyId).expiresAt());
        assertUnchangedBut(created, updated, "expiresAt");
        assertUpdated(keyId, 2, "expiresAt");
    }

    @Test
    void setsAnExpiryOnAKeyWithout() {
        String keyId = id(create(BARE));

        JsonNode updated = patchOk(keyId, "{\"expiresAt\":\"2099-01-01T00:00:00Z\"}");

        assertEquals("2099-01-01T00:00:00Z", updated.path("expiresAt").asText());
        assertUpdated(keyId, 2, "expiresAt");
    }

    @Test
    void changesTheRateLimit() {
        JsonNode created = create(FULL);
        String keyId = id(created);

        JsonNode updated = patchOk(keyId, "{\"rateLimit\":{\"requests\":500,\"windowSeconds\":1}}");

        assertEquals(500, updated.path("rateLimit").path("requests").asLong());
        assertEquals(1, updated.path("rateLimit").path("windowSeconds").asLong());
        ApiKeyRow row = KeyTables.row(api.jdbi(), keyId);
        assertEquals(500L, row.rateLimitRequests());
        assertEquals(1L, row.rateLimitWindowSeconds());
        assertEquals(new KeyRecord.RateLimit(500, 1), KeyTables.lastRecord(api, keyId).rateLimit());
        assertUnchangedBut(created, updated, "rateLimit");
        assertUpdated(keyId, 2, "rateLimit");
    }

    @Test
    void changesTheQuota() {
        JsonNode created = create(FULL);
        String keyId = id(created);

        JsonNode updated = patchOk(keyId, "{\"quota\":{\"requests\":77,\"period\":\"HOUR\"}}");

        assertEquals(77, updated.path("quota").path("requests").asLong());
        assertEquals("HOUR", updated.path("quota").path("period").asText());
        assertEquals("HOUR", KeyTables.row(api.jdbi(), keyId).quotaPeriod());
        assertEquals(new KeyRecord.Quota(77, KeyRecord.QuotaPeriod.HOUR), KeyTables.lastRecord(api, keyId).quota());
        assertUnchangedBut(created, updated, "quota");
        assertUpdated(keyId, 2, "quota");
    }

    @Test
    void changingOnlyTheQuotaPeriodIsAChange() {
        String keyId = id(create(FULL));

        JsonNode updated = patchOk(keyId, "{\"quota\":{\"requests\":1000,\"period\":\"MONTH\"}}");

        assertEquals("MONTH", updated.path("quota").path("period").asText());
        assertUpdated(keyId, 2, "quota");
    }

    @Test
    void changesEveryFieldAtOnce() {
        String keyId = id(create(FULL));

        JsonNode updated = patchOk(keyId, """
                {"description":"all new","allowedApis":["one"],"expiresAt":"2097-05-05T05:05:05Z",
                 "rateLimit":{"requests":1,"windowSeconds":86400},"quota":{"requests":5,"period":"MONTH"}}
                """);

        assertEquals("all new", updated.path("description").asText());
        assertEquals(List.of("one"), strings(updated.path("allowedApis")));
        assertEquals("2097-05-05T05:05:05Z", updated.path("expiresAt").asText());
        assertEquals(86_400, updated.path("rateLimit").path("windowSeconds").asLong());
        assertEquals("MONTH", updated.path("quota").path("period").asText());
        assertUpdated(keyId, 2, "description", "allowedApis", "expiresAt", "rateLimit", "quota");
        KeyRecord record = KeyTables.lastRecord(api, keyId);
        assertEquals(Instant.parse("2097-05-05T05:05:05Z"), record.expiresAt());
        assertEquals(List.of("one"), record.allowedApis());
        assertEquals(new KeyRecord.RateLimit(1, 86_400), record.rateLimit());
        assertEquals(new KeyRecord.Quota(5, KeyRecord.QuotaPeriod.MONTH), record.quota());
    }

    @Test
    void theEventNamesOnlyTheFieldsThatReallyChanged() {
        String keyId = id(create(FULL));

        patchOk(keyId, """
                {"description":"before","allowedApis":["orders","billing"],"expiresAt":"2098-01-01T00:00:00Z",
                 "rateLimit":{"requests":11,"windowSeconds":60},"quota":{"requests":1000,"period":"DAY"}}
                """);

        assertUpdated(keyId, 2, "rateLimit");
    }

    @Test
    void nullClearsTheExpiry() {
        JsonNode created = create(FULL);
        String keyId = id(created);

        JsonNode updated = patchOk(keyId, "{\"expiresAt\":null}");

        assertTrue(updated.path("expiresAt").isMissingNode(), updated.toString());
        assertNull(KeyTables.row(api.jdbi(), keyId).expiresAt());
        assertNull(KeyTables.lastRecord(api, keyId).expiresAt());
        assertUnchangedBut(created, updated, "expiresAt");
        assertUpdated(keyId, 2, "expiresAt");
    }

    @Test
    void nullClearsTheRateLimit() {
        JsonNode created = create(FULL);
        String keyId = id(created);

        JsonNode updated = patchOk(keyId, "{\"rateLimit\":null}");

        assertTrue(updated.path("rateLimit").isMissingNode(), updated.toString());
        ApiKeyRow row = KeyTables.row(api.jdbi(), keyId);
        assertNull(row.rateLimitRequests());
        assertNull(row.rateLimitWindowSeconds());
        assertNull(KeyTables.lastRecord(api, keyId).rateLimit());
        assertUnchangedBut(created, updated, "rateLimit");
        assertUpdated(keyId, 2, "rateLimit");
    }

    @Test
    void nullClearsTheQuota() {
        JsonNode created = create(FULL);
        String keyId = id(created);

        JsonNode updated = patchOk(keyId, "{\"quota\":null}");

        assertTrue(updated.path("quota").isMissingNode(), updated.toString());
        ApiKeyRow row = KeyTables.row(api.jdbi(), keyId);
        assertNull(row.quotaRequests());
        assertNull(row.quotaPeriod());
        assertNull(KeyTables.lastRecord(api, keyId).quota());
        assertUnchangedBut(created, updated, "quota");
        assertUpdated(keyId, 2, "quota");
    }

    @Test
    void nullClearsAllThreeAtOnce() {
        String keyId = id(create(FULL));

        JsonNode updated = patchOk(keyId, "{\"expiresAt\":null,\"rateLimit\":null,\"quota\":null}");

        assertTrue(updated.path("expiresAt").isMissingNode() && updated.path("rateLimit").isMissingNode()
                && updated.path("quota").isMissingNode(), updated.toString());
        assertUpdated(keyId, 2, "expiresAt", "rateLimit", "quota");
        KeyRecord record = KeyTables.lastRecord(api, keyId);
        assertNull(record.expiresAt());
        assertNull(record.rateLimit());
        assertNull(record.quota());
        assertEquals(List.of("orders", "billing"), record.allowedApis());
    }

    @Test
    void clearingWhatIsNotSetIsANoOp() {
        String keyId = id(create(BARE));
        KeyTables.Snapshot before = KeyTables.snapshot(api.jdbi());

        JsonNode answered = patchOk(keyId, "{\"expiresAt\":null,\"rateLimit\":null,\"quota\":null}");

        assertEquals(before, KeyTables.snapshot(api.jdbi()), "nothing written");
        assertEquals(1, answered.path("version").asLong());
    }

    @Test
    void aPatchThatChangesNothingWritesNothing() {
        JsonNode created = create(FULL);
        String keyId = id(created);
        KeyTables.Snapshot before = KeyTables.snapshot(api.jdbi());

        JsonNode answered = patchOk(keyId, """
                {"description":"before","allowedApis":["orders","billing"],"expiresAt":"2098-01-01T00:00:00Z",
                 "rateLimit":{"requests":10,"windowSeconds":60},"quota":{"requests":1000,"period":"DAY"}}
                """);

        assertEquals(before, KeyTables.snapshot(api.jdbi()), "no row change, no record, no event");
        assertEquals(1, answered.path("version").asLong());
        assertEquals(created.path("updatedAt"), answered.path("updatedAt"));
        assertEquals(json(api.get("/admin/keys/" + keyId)), answered);
        assertEquals(List.of(KeyLifecycleEvent.Type.CREATED), KeyTables.eventTypes(api, keyId));
    }

    @Test
    void theSameExpiryInAnotherOffsetIsNoChange() {
        String keyId = id(create(FULL));
        KeyTables.Snapshot before = KeyTables.snapshot(api.jdbi());

        patchOk(keyId, "{\"expiresAt\":\"2098-01-01T01:00:00+01:00\"}");

        assertEquals(before, KeyTables.snapshot(api.jdbi()));
    }

    @Test
    void absentFieldsStayAsTheyAre() {
        JsonNode created = create(FULL);
        String keyId = id(created);
        ApiKeyRow before = KeyTables.row(api.jdbi(), keyId);

        patchOk(keyId, "{\"description\":\"only this\"}");

        ApiKeyRow after = KeyTables.row(api.jdbi(), keyId);
        assertEquals(before.expiresAt(), after.expiresAt());
        assertEquals(before.allowedApis(), after.allowedApis());
        assertEquals(before.rateLimit(), after.rateLimit());
        assertEquals(before.quota(), after.quota());
        assertEquals(before.keyHash(), after.keyHash());
        assertEquals(before.createdAt(), after.createdAt());
        assertEquals(before.status(), after.status());
    }

    @Test
    void everyChangeIsANewVersionAndANewRecord() {
        JsonNode created = create(FULL);
        String keyId = id(created);
        String key = created.path("key").asText();

        JsonNode second = patchOk(keyId, "{\"description\":\"v2\"}");
        JsonNode third = patchOk(keyId, "{\"rateLimit\":{\"requests\":3,\"windowSeconds\":3}}");

        assertEquals(2, second.path("version").asLong());
        assertEquals(3, third.path("version").asLong());
        assertEquals(3, KeyTables.row(api.jdbi(), keyId).version());
        List<KeyRecord> records = KeyTables.records(api, keyId);
        assertEquals(List.of(1L, 2L, 3L), records.stream().map(KeyRecord::version).toList());
        Instant createdAt = Instant.parse(created.path("createdAt").asText());
        assertEquals(new KeyRecord(KeyRecord.SCHEMA_VERSION, keyId, KeyHashing.sha256Hex(key), key.substring(0, 4),
                "mobile", "alice", KeyStatus.ACTIVE, createdAt, Instant.parse("2098-01-01T00:00:00Z"),
                List.of("orders", "billing"), 3, new KeyRecord.RateLimit(3, 3),
                new KeyRecord.Quota(1000, KeyRecord.QuotaPeriod.DAY)), records.get(2));
        assertEquals(List.of(KeyLifecycleEvent.Type.CREATED, KeyLifecycleEvent.Type.UPDATED,
                KeyLifecycleEvent.Type.UPDATED), KeyTables.eventTypes(api, keyId));
        assertEquals(List.of("rateLimit"), KeyTables.events(api, keyId).get(2).changes());
        Instant updatedAt = Instant.parse(third.path("updatedAt").asText());
        assertFalse(updatedAt.isBefore(Instant.parse(second.path("updatedAt").asText())));
        assertFalse(updatedAt.isBefore(createdAt));
        assertEquals(created.path("createdAt"), third.path("createdAt"));
    }

    @Test
    void theEventSaysWhoChangedWhatAndWhen() {
        String keyId = id(create(FULL));
        Instant before = Instant.now().minusMillis(5);

        JsonNode updated = patchOk(keyId, "{\"description\":\"new\"}");

        KeyLifecycleEvent event = KeyTables.events(api, keyId).get(1);
        assertEquals(KeyLifecycleEvent.Type.UPDATED, event.type());
        assertEquals("admin", event.actor());
        assertEquals("mobile", event.projectId());
        assertEquals("alice", event.developerId());
        assertEquals(Instant.parse(updated.path("updatedAt").asText()), event.time());
        assertTrue(event.time().isAfter(before), event.time().toString());
        assertNull(event.relatedKeyId());
    }

    @Test
    void anEmptyPatchIsABadRequest() {
        String keyId = id(create(FULL));

        assertRefused(api, () -> patch(keyId, "{}"), 400, "BAD_REQUEST");
    }

    @ParameterizedTest
    @ValueSource(strings = {"status", "developer", "project", "key", "keyId", "version", "imported", "replacedBy",
            "Description", "createdAt"})
    void anUnknownOrReadOnlyFieldIsABadRequestNamingIt(String field) {
        String keyId = id(create(FULL));

        assertRefused(api, () -> patch(keyId, "{\"" + field + "\":\"x\"}"), 400, "BAD_REQUEST", field);
        assertRefused(api, () -> patch(keyId, "{\"description\":\"ok\",\"" + field + "\":\"x\"}"), 400, "BAD_REQUEST",
                field);
    }

    @Test
    void aDescriptionOrApiListCannotBeNull() {
        String keyId = id(create(FULL));

        assertRefused(api, () -> patch(keyId, "{\"description\":null}"), 400, "BAD_REQUEST", "description");
        assertRefused(api, () -> patch(keyId, "{\"allowedApis\":null}"), 400, "BAD_REQUEST", "allowedApis");
        assertRefused(api, () -> patch(keyId, "{\"description\":null,\"quota\":null}"), 400, "BAD_REQUEST",
                "description");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "`{\"description\":5}`                                                | description",
            "`{\"description\":true}`                                             | description",
            "`{\"description\":[\"x\"]}`                                          | description",
            "`{\"description\":{\"text\":\"x\"}}`                                 | description",
            "`{\"description\":\"\"}`                                             | description",
            "`{\"description\":\"   \"}`                                          | description",
            "`{\"description\":\"a\\u0007b\"}`                                    | description",
            "`{\"allowedApis\":\"orders\"}`                                       | allowedApis",
            "`{\"allowedApis\":[1,2]}`                                            | allowedApis",
            "`{\"allowedApis\":[\"a\",\"a\"]}`                                    | allowedApis",
            "`{\"allowedApis\":[\"a b\"]}`                                        | allowedApis",
            "`{\"allowedApis\":{\"a\":1}}`                                        | allowedApis",
            "`{\"expiresAt\":\"2001-01-01T00:00:00Z\"}`                           | expiresAt",
            "`{\"expiresAt\":\"soon\"}`                                           | expiresAt",
            "`{\"expiresAt\":true}`                                               | expiresAt",
            "`{\"expiresAt\":{}}`                                                 | expiresAt",
            "`{\"expiresAt\":[]}`                                                 | expiresAt",
            "`{\"rateLimit\":{\"requests\":0,\"windowSeconds\":60}}`              | rateLimit.requests",
            "`{\"rateLimit\":{\"requests\":1000000001,\"windowSeconds\":60}}`     | rateLimit.requests",
            "`{\"rateLimit\":{\"requests\":5,\"windowSeconds\":86401}}`           | rateLimit.windowSeconds",
            "`{\"rateLimit\":{\"requests\":5,\"windowSeconds\":0}}`               | rateLimit.windowSeconds",
            "`{\"rateLimit\":{\"requests\":5}}`                                   | rateLimit.windowSeconds",
            "`{\"rateLimit\":{\"windowSeconds\":5}}`                              | rateLimit.requests",
            "`{\"rateLimit\":{}}`                                                 | rateLimit",
            "`{\"rateLimit\":{\"requests\":\"5\",\"windowSeconds\":5}}`           | rateLimit",
            "`{\"rateLimit\":{\"requests\":5,\"windowSeconds\":5,\"burst\":1}}`   | rateLimit",
            "`{\"rateLimit\":5}`                                                  | rateLimit",
            "`{\"rateLimit\":\"5/s\"}`                                            | rateLimit",
            "`{\"quota\":{\"requests\":5,\"period\":\"WEEK\"}}`                   | quota.period",
            "`{\"quota\":{\"requests\":5}}`                                       | quota.period",
            "`{\"quota\":{\"requests\":0,\"period\":\"DAY\"}}`                    | quota.requests",
            "`{\"quota\":{\"requests\":1000000000001,\"period\":\"DAY\"}}`        | quota.requests",
            "`{\"quota\":{\"period\":\"DAY\"}}`                                   | quota.requests",
            "`{\"quota\":{\"requests\":5,\"period\":\"DAY\",\"tz\":\"UTC\"}}`     | quota",
            "`{\"quota\":{\"requests\":true,\"period\":\"DAY\"}}`                 | quota",
            "`{\"quota\":\"DAY\"}`                                                | quota",
            "`{\"quota\":[5,\"DAY\"]}`                                            | quota",
    })
    void aBadValueIsABadRequestNamingTheField(String body, String field) {
        String keyId = id(create(FULL));

        assertRefused(api, () -> patch(keyId, body), 400, "BAD_REQUEST", field);
    }

    @Test
    void thirtyThreeApisAreTooMany() {
        String keyId = id(create(FULL));
        String apis = IntStream.range(0, 33).mapToObj(i -> "\"api" + i + "\"").collect(Collectors.joining(","));

        assertRefused(api, () -> patch(keyId, "{\"allowedApis\":[" + apis + "]}"), 400, "BAD_REQUEST", "allowedApis");
    }

    @Test
    void oneBadFieldRefusesTheWholePatch() {
        String keyId = id(create(FULL));

        assertRefused(api, () -> patch(keyId, "{\"description\":\"fine\",\"quota\":{\"requests\":0,\"period\":\"DAY\"}}"),
                400, "BAD_REQUEST", "quota");
        assertEquals("before", KeyTables.row(api.jdbi(), keyId).description());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "null", "\"description\"", "5", "not json", "{\"description\":\"a\",}",
            "{\"description\":\"a\",\"description\":\"b\"}", "{\"description\":\"a\"} {}"})
    void aBodyThatIsNotOneJsonObjectIsABadRequest(String body) {
        String keyId = id(create(FULL));

        assertRefused(api, () -> patch(keyId, body), 400, "BAD_REQUEST");
    }

    @Test
    void anEmptyBodyIsABadRequest() {
        String keyId = id(create(FULL));

        assertRefused(api, () -> api.send("PATCH", "/admin/keys/" + keyId, null, TOKEN), 400, "BAD_REQUEST");
        assertRefused(api, () -> patch(keyId, ""), 400, "BAD_REQUEST");
    }

    @Test
    void anotherContentTypeIsUnsupported() {
        String keyId = id(create(FULL));

        assertRefused(api, () -> api.send("PATCH", "/admin/keys/" + keyId, "{\"description\":\"x\"}", TOKEN,
                "text/plain"), 415, "UNSUPPORTED_MEDIA_TYPE");
        assertRefused(api, () -> api.send("PATCH", "/admin/keys/" + keyId, "{\"description\":\"x\"}", TOKEN,
                "application/merge-patch+json"), 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void aRevokedKeyCannotBeChanged() {
        String keyId = id(create(FULL));
        assertEquals(200, api.send("POST", "/admin/keys/" + keyId + "/revoke", null, TOKEN).statusCode());

        String message = assertRefused(api, () -> patch(keyId, "{\"description\":\"too late\"}"), 409, "CONFLICT",
                keyId, "REVOKED");
        assertRefused(api, () -> patch(keyId, "{\"expiresAt\":null}"), 409, "CONFLICT", keyId);
        assertTrue(message.contains("ACTIVE"), message);
    }

    @Test
    void aDeletedKeyCannotBeChanged() {
        String keyId = id(create(FULL));
        assertEquals(204, api.send("DELETE", "/admin/keys/" + keyId, null, TOKEN).statusCode());

        assertRefused(api, () -> patch(keyId, "{\"description\":\"too late\"}"), 409, "CONFLICT", keyId, "DELETED");
    }

    @Test
    void evenANoOpPatchOfARevokedKeyIsAConflict() {
        String keyId = id(create(FULL));
        assertEquals(200, api.send("POST", "/admin/keys/" + keyId + "/revoke", null, TOKEN).statusCode());

        assertRefused(api, () -> patch(keyId, "{\"description\":\"before\"}"), 409, "CONFLICT");
    }

    @Test
    void anUnknownKeyIsNotFound() {
        create(FULL);

        assertRefused(api, () -> patch("key_0000000000000000", "{\"description\":\"x\"}"), 404, "NOT_FOUND",
                "key_0000000000000000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nope", "key_", "key_ABCDEFGHIJKLMNOP", "key_000000000000000", "key_00000000000000000",
            "KEY_0000000000000000"})
    void aMalformedKeyIdIsABadRequest(String keyId) {
        create(FULL);

        assertRefused(api, () -> patch(keyId, "{\"description\":\"x\"}"), 400, "BAD_REQUEST", "key id");
    }

    @Test
    void aMalformedKeyIdIsRefusedBeforeTheBodyIsLookedAt() {
        assertRefused(api, () -> patch("nope", "{}"), 400, "BAD_REQUEST", "key id");
    }

    @Test
    void aTokenIsNeeded() {
        String keyId = id(create(FULL));

        assertRefused(api, () -> api.send("PATCH", "/admin/keys/" + keyId, "{\"description\":\"x\"}", null), 401,
                "UNAUTHORIZED");
        assertRefused(api, () -> api.send("PATCH", "/admin/keys/" + keyId, "{\"description\":\"x\"}", "nope"), 401,
                "UNAUTHORIZED");
    }

    @Test
    void aRefusedPatchDoesNotLeakTheKey() {
        JsonNode created = create(FULL);
        String keyId = id(created);

        HttpResponse<String> response = patch(keyId, "{\"description\":5}");
        HttpResponse<String> ok = patch(keyId, "{\"description\":\"fine\"}");

        assertFalse(response.body().contains(created.path("key").asText()));
        assertFalse(ok.body().contains(created.path("key").asText()));
        assertTrue(json(ok).path("key").isMissingNode(), ok.body());
    }

    @Test
    void theTimeOfAChangeIsRecent() {
        JsonNode created = create(FULL);
        Instant before = Instant.now();

        JsonNode updated = patchOk(id(created), "{\"description\":\"now\"}");

        KeyTables.assertBetween(before, Instant.parse(updated.path("updatedAt").asText()), Instant.now(),
                Duration.ofMillis(5));
    }

    // --- helpers ---

    private JsonNode create(String body) {
        HttpResponse<String> response = api.createKey("mobile", body);
        assertEquals(201, response.statusCode(), response.body());
        return json(response);
    }

    private HttpResponse<String> patch(String keyId, String body) {
        return api.send("PATCH", "/admin/keys/" + keyId, body, TOKEN);
    }

    private JsonNode patchOk(String keyId, String body) {
        HttpResponse<String> response = patch(keyId, body);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        JsonNode answered = json(response);
        assertEquals(keyId, answered.path("keyId").asText());
        assertEquals(json(api.get("/admin/keys/" + keyId)), answered, "the answer is the key as stored");
        return answered;
    }

    /** The last event of the key is UPDATED naming exactly {@code fields}, and the key is at {@code version}. */
    private void assertUpdated(String keyId, long version, String... fields) {
        List<KeyLifecycleEvent> events = KeyTables.events(api, keyId);
        KeyLifecycleEvent last = events.get(events.size() - 1);
        assertEquals(KeyLifecycleEvent.Type.UPDATED, last.type());
        assertEquals(Set.of(fields), Set.copyOf(last.changes()), "changes: " + last.changes());
        assertEquals(fields.length, last.changes().size(), "changes: " + last.changes());
        assertEquals(version, KeyTables.row(api.jdbi(), keyId).version());
        KeyRecord record = KeyTables.lastRecord(api, keyId);
        assertEquals(version, record.version());
        assertEquals(KeyStatus.ACTIVE, record.status());
        assertEquals(events.stream().filter(e -> e.type() == KeyLifecycleEvent.Type.UPDATED).count() + 1,
                KeyTables.records(api, keyId).size(), "one record per change");
    }

    /** Every field but {@code changed}, version and updatedAt is as it was. */
    private static void assertUnchangedBut(JsonNode before, JsonNode after, String changed) {
        for (String field : List.of("keyId", "project", "developer", "description", "status", "keyHint", "createdAt",
                "expiresAt", "allowedApis", "rateLimit", "quota", "imported")) {
            if (!field.equals(changed)) {
                assertEquals(before.path(field), after.path(field), field);
            }
        }
        assertEquals(before.path("version").asLong() + 1, after.path("version").asLong());
    }

    private static String id(JsonNode key) {
        return key.path("keyId").asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> list = new java.util.ArrayList<>();
        array.forEach(node -> list.add(node.asText()));
        return list;
    }
}
