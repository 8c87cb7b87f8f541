package io.keytrail.reporting.admin;

import static io.keytrail.reporting.admin.KeyTables.assertRefused;
import static io.keytrail.reporting.support.TestApi.TOKEN;
import static io.keytrail.reporting.support.TestApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST /admin/keys/{keyId}/rotate}: a successor now, the old key until the grace deadline. */
@ExtendWith(TestApiExtension.class)
class RotateKeyHandlerTest {
    private static final Duration SLACK = Duration.ofMillis(5);
    private static final String FULL = """
            {"developer":"bob_1","description":"Rotating key","allowedApis":["orders","billing"],
             "rateLimit":{"requests":10,"windowSeconds":60},"quota":{"requests":1000,"period":"DAY"}}
            """;

    private TestApi api;

    @BeforeEach
    void start(TestApi api) {
        this.api = api;
    }

    @Test
    void issuesASuccessorWithTheSameOwnersAndSettings() {
        JsonNode old = create("web.v2", FULL);

        HttpResponse<String> response = rotate(id(old), "{\"gracePeriodSeconds\":3600}");

        assertEquals(201, response.statusCode(), response.body());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(""));
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        JsonNode body = json(response);
        assertEquals(Set.of("newKey", "oldKey"), names(body));
        JsonNode newKey = body.path("newKey");
        String newId = id(newKey);
        assertEquals("/admin/keys/" + newId, response.headers().firstValue("Location").orElse(""));
        assertTrue(newId.matches("key_[a-z0-9]{16}"), newId);
        assertNotEquals(id(old), newId);
        String value = newKey.path("key").asText();
        assertTrue(value.matches("[A-Za-z0-9]{32}"), value);
        assertNotEquals(old.path("key").asText(), value);
        assertEquals("web.v2", newKey.path("project").asText());
        assertEquals("bob_1", newKey.path("developer").asText());
        assertEquals("Rotating key", newKey.path("description").asText());
        assertEquals(old.path("allowedApis"), newKey.path("allowedApis"));
        assertEquals(old.path("rateLimit"), newKey.path("rateLimit"));
        assertEquals(old.path("quota"), newKey.path("quota"));
        assertEquals("ACTIVE", newKey.path("status").asText());
        assertEquals(1, newKey.path("version").asLong());
        assertFalse(newKey.path("imported").asBoolean(true));
        assertEquals(value.substring(0, 4), newKey.path("keyHint").asText());
        assertTrue(newKey.path("rotatedAt").isMissingNode() && newKey.path("replacedBy").isMissingNode(),
                newKey.toString());

        JsonNode oldKey = body.path("oldKey");
        assertTrue(oldKey.path("key").isMissingNode(), "the old key's value is not sent again: " + oldKey);
        assertFalse(response.body().contains(old.path("key").asText()));
        assertEquals(id(old), id(oldKey));
        assertEquals(newId, oldKey.path("replacedBy").asText());
        assertEquals("ACTIVE", oldKey.path("status").asText(), "the old key keeps working during the grace period");
        assertEquals(2, oldKey.path("version").asLong());

        ApiKeyRow stored = KeyTables.row(api.jdbi(), newId);
        assertEquals(KeyHashing.sha256Hex(value), stored.keyHash());
        assertEquals(json(api.get("/admin/keys/" + id(old))), oldKey, "the answer's old key is the stored one");
        JsonNode shownNew = json(api.get("/admin/keys/" + newId));
        for (String field : names(shownNew)) {
            assertEquals(shownNew.path(field), newKey.path(field), field);
        }
        assertEquals(value, json(api.send("POST", "/admin/keys/" + newId + "/reveal", null, TOKEN)).path("key").asText());
        assertEquals(old.path("key").asText(),
                json(api.send("POST", "/admin/keys/" + id(old) + "/reveal", null, TOKEN)).path("key").asText());
    }

    @Test
    void theOldKeyWorksUntilNowPlusTheGracePeriod() {
        JsonNode old = create("mobile", FULL);
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        JsonNode body = json(rotate(id(old), "{\"gracePeriodSeconds\":3600}"));

        Instant after = Instant.now();
        JsonNode oldKey = body.path("oldKey");
        Instant rotatedAt = Instant.parse(oldKey.path("rotatedAt").asText());
        Instant expiresAt = Instant.parse(oldKey.path("expiresAt").asText());
        KeyTables.assertBetween(before, rotatedAt, after, SLACK);
        assertEquals(rotatedAt.plusSeconds(3600), expiresAt, "expiresAt = rotation time + grace");
        assertEquals(rotatedAt, Instant.parse(oldKey.path("updatedAt").asText()));
        assertEquals(rotatedAt, Instant.parse(body.path("newKey").path("createdAt").asText()));
        ApiKeyRow row = KeyTables.row(api.jdbi(), id(old));
        assertEquals(expiresAt, row.expiresAt());
        assertEquals(rotatedAt, row.rotatedAt());
        assertEquals(id(body.path("newKey")), row.replacedBy());
        assertEquals(KeyStatus.ACTIVE, row.status());
    }

    @Test
    void aGracePeriodOfZeroEndsTheOldKeyNow() {
        JsonNode old = create("mobile", FULL);
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        JsonNode body = json(rotate(id(old), "{\"gracePeriodSeconds\":0}"));

        Instant expiresAt = Instant.parse(body.path("oldKey").path("expiresAt").asText());
        KeyTables.assertBetween(before, expiresAt, Instant.now(), SLACK);
        assertEquals(body.path("oldKey").path("rotatedAt"), body.path("oldKey").path("expiresAt"));
        assertEquals(expiresAt, KeyTables.lastRecord(api, id(old)).expiresAt(), "gateways learn the deadline");
    }

    @Test
    void theLongestGracePeriodIsThirtyDays() {
        JsonNode old = create("mobile", FULL);

        JsonNode body = json(rotate(id(old), "{\"gracePeriodSeconds\":2592000}"));

        JsonNode oldKey = body.path("oldKey");
        assertEquals(Instant.parse(oldKey.path("rotatedAt").asText()).plus(Duration.ofDays(30)),
                Instant.parse(oldKey.path("expiresAt").asText()));
    }

    @Test
    void aGracePeriodBeyondTheOldKeysOwnExpiryKeepsTheEarlierExpiry() {
        Instant ownExpiry = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
        JsonNode old = create("mobile", "{\"developer\":\"alice\",\"description\":\"expiring\",\"expiresAt\":\""
                + ownExpiry + "\"}");

        JsonNode body = json(rotate(id(old), "{\"gracePeriodSeconds\":86400}"));

        assertEquals(ownExpiry, Instant.parse(body.path("oldKey").path("expiresAt").asText()));
        assertEquals(ownExpiry, KeyTables.row(api.jdbi(), id(old)).expiresAt());
        assertEquals(ownExpiry, KeyTables.lastRecord(api, id(old)).expiresAt());
    }

    @Test
    void aGracePeriodShorterThanTheOldKeysOwnExpiryWins() {
        Instant ownExpiry = Instant.now().plus(Duration.ofDays(7)).truncatedTo(ChronoUnit.MILLIS);
        JsonNode old = create("mobile", "{\"developer\":\"alice\",\"description\":\"expiring\",\"expiresAt\":\""
                + ownExpiry + "\"}");

        JsonNode oldKey = json(rotate(id(old), "{\"gracePeriodSeconds\":60}")).path("oldKey");

        assertEquals(Instant.parse(oldKey.path("rotatedAt").asText()).plusSeconds(60),
                Instant.parse(oldKey.path("expiresAt").asText()));
    }

    @Test
    void bothKeysGetRotatedEventsNamingEachOtherAndTheNewKeyACreatedEvent() {
        JsonNode old = create("mobile", FULL);

        JsonNode body = json(rotate(id(old), "{\"gracePeriodSeconds\":60}"));
        String newId = id(body.path("newKey"));
        Instant rotatedAt = Instant.parse(body.path("oldKey").path("rotatedAt").asText());

        List<KeyLifecycleEvent> oldEvents = KeyTables.events(api, id(old));
        assertEquals(List.of(KeyLifecycleEvent.Type.CREATED, KeyLifecycleEvent.Type.ROTATED),
                oldEvents.stream().map(KeyLifecycleEvent::type).toList());
        KeyLifecycleEvent oldRotated = oldEvents.get(1);
        assertEquals(newId, oldRotated.relatedKeyId());
        assertEquals("admin", oldRotated.actor());
        assertEquals(rotatedAt, oldRotated.time());
        assertEquals("mobile", oldRotated.projectId());
        assertEquals("bob_1", oldRotated.developerId());

        List<KeyLifecycleEvent> newEvents = KeyTables.events(api, newId);
        assertEquals(Set.of(KeyLifecycleEvent.Type.CREATED, KeyLifecycleEvent.Type.ROTATED),
                Set.copyOf(newEvents.stream().map(KeyLifecycleEvent::type).toList()));
        assertEquals(2, newEvents.size());
        KeyLifecycleEvent newRotated = newEvents.stream().filter(e -> e.type() == KeyLifecycleEvent.Type.ROTATED)
                .findFirst().orElseThrow();
        assertEquals(id(old), newRotated.relatedKeyId());
        assertEquals("admin", newRotated.actor());
        assertEquals(rotatedAt, newRotated.time());
        KeyLifecycleEvent created = newEvents.stream().filter(e -> e.type() == KeyLifecycleEvent.Type.CREATED)
                .findFirst().orElseThrow();
        assertNull(created.relatedKeyId());
        assertEquals(Set.of(oldRotated.eventId(), newRotated.eventId(), created.eventId()).size(), 3);
    }

    @Test
    void bothKeysGetTheirRecordsAndNoValueReachesTheOutbox() {
        JsonNode old = create("mobile", FULL);
        String oldValue = old.path("key").asText();

        JsonNode body = json(rotate(id(old), "{\"gracePeriodSeconds\":60}"));
        JsonNode newKey = body.path("newKey");
        String newValue = newKey.path("key").asText();

        KeyRecord oldRecord = KeyTables.lastRecord(api, id(old));
        assertEquals(2, KeyTables.records(api, id(old)).size());
        assertEquals(KeyStatus.ACTIVE, oldRecord.status());
        assertEquals(2, oldRecord.version());
        assertEquals(Instant.parse(body.path("oldKey").path("expiresAt").asText()), oldRecord.expiresAt());
        assertEquals(KeyHashing.sha256Hex(oldValue), oldRecord.keyHash());

        List<KeyRecord> newRecords = KeyTables.records(api, id(newKey));
        assertEquals(1, newRecords.size());
        assertEquals(new KeyRecord(KeyRecord.SCHEMA_VERSION, id(newKey), KeyHashing.sha256Hex(newValue),
                newValue.substring(0, 4), "mobile", "bob_1", KeyStatus.ACTIVE,
                Instant.parse(newKey.path("createdAt").asText()), null, List.of("orders", "billing"), 1,
                new KeyRecord.RateLimit(10, 60), new KeyRecord.Quota(1000, KeyRecord.QuotaPeriod.DAY)),
                newRecords.get(0));
        KeyTables.outbox(api.jdbi()).forEach(row -> {
            assertFalse(row.payload().contains(oldValue), "old key value in outbox row " + row.id());
            assertFalse(row.payload().contains(newValue), "new key value in outbox row " + row.id());
        });
    }

    @Test
    void theSuccessorCanBeRotatedInTurn() {
        JsonNode first = create("mobile", FULL);
        String second = id(json(rotate(id(first), "{\"gracePeriodSeconds\":60}")).path("newKey"));

        HttpResponse<String> response = rotate(second, "{\"gracePeriodSeconds\":60}");

        assertEquals(201, response.statusCode(), response.body());
        assertEquals(second, id(json(response).path("oldKey")));
    }

    @Test
    void rotatingTheSameKeyAgainIsAConflict() {
        JsonNode old = create("mobile", FULL);
        String newId = id(json(rotate(id(old), "{\"gracePeriodSeconds\":60}")).path("newKey"));

        String message = assertRefused(api, () -> rotate(id(old), "{\"gracePeriodSeconds\":60}"), 409, "CONFLICT",
                id(old));

        assertTrue(message.contains("rotated"), message);
        assertEquals(newId, KeyTables.row(api.jdbi(), id(old)).replacedBy());
    }

    @Test
    void rotatingARevokedKeyIsAConflict() {
        JsonNode old = create("mobile", FULL);
        assertEquals(200, api.send("POST", "/admin/keys/" + id(old) + "/revoke", null, TOKEN).statusCode());

        assertRefused(api, () -> rotate(id(old), "{\"gracePeriodSeconds\":60}"), 409, "CONFLICT", id(old));
    }

    @Test
    void rotatingADeletedKeyIsAConflict() {
        JsonNode old = create("mobile", FULL);
        assertEquals(204, api.send("DELETE", "/admin/keys/" + id(old), null, TOKEN).statusCode());

        assertRefused(api, () -> rotate(id(old), "{\"gracePeriodSeconds\":60}"), 409, "CONFLICT", id(old));
    }

    @Test
    void aRotatedKeyInItsGracePeriodCanStillBeRevokedAtOnce() {
        JsonNode old = create("mobile", FULL);
        String newId = id(json(rotate(id(old), "{\"gracePeriodSeconds\":3600}")).path("newKey"));

        HttpResponse<String> revoked = api.send("POST", "/admin/keys/" + id(old) + "/revoke", null, TOKEN);

        assertEquals(200, revoked.statusCode(), revoked.body());
        assertEquals("REVOKED", json(revoked).path("status").asText());
        assertEquals("ACTIVE", json(api.get("/admin/keys/" + newId)).path("status").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"gracePeriodSeconds\":null}"})
    void aMissingGracePeriodIsABadRequest(String body) {
        JsonNode old = create("mobile", FULL);

        assertRefused(api, () -> rotate(id(old), body), 400, "BAD_REQUEST", "gracePeriodSeconds");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "-86400", "2592001", "9223372036854775807", "-9223372036854775808"})
    void aGracePeriodOutOfRangeIsABadRequest(String seconds) {
        JsonNode old = create("mobile", FULL);

        assertRefused(api, () -> rotate(id(old), "{\"gracePeriodSeconds\":" + seconds + "}"), 400, "BAD_REQUEST",
                "gracePeriodSeconds");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"60\"", "true", "[60]", "{\"seconds\":60}", "\"PT1H\""})
    void aGracePeriodOfTheWrongTypeIsABadRequest(String value) {
        JsonNode old = create("mobile", FULL);

        assertRefused(api, () -> rotate(id(old), "{\"gracePeriodSeconds\":" + value + "}"), 400, "BAD_REQUEST",
                "gracePeriodSeconds");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"gracePeriodSeconds\":60,\"reason\":\"leak\"}", "{\"grace\":60}"})
    void anUnknownFieldIsABadRequest(String body) {
        JsonNode old = create("mobile", FULL);

        assertRefused(api, () -> rotate(id(old), body), 400, "BAD_REQUEST", "unknown field");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "null", "60", "not json"})
    void aBodyThatIsNotAJsonObjectIsABadRequest(String body) {
        JsonNode old = create("mobile", FULL);

        assertRefused(api, () -> rotate(id(old), body), 400, "BAD_REQUEST");
    }

    @Test
    void withoutABodyItIsABadRequest() {
        JsonNode old = create("mobile", FULL);

        assertRefused(api, () -> api.send("POST", "/admin/keys/" + id(old) + "/rotate", null, TOKEN), 400,
                "BAD_REQUEST");
    }

    @Test
    void anUnknownKeyIsNotFound() {
        create("mobile", FULL);

        assertRefused(api, () -> rotate("key_0000000000000000", "{\"gracePeriodSeconds\":60}"), 404, "NOT_FOUND",
                "key_0000000000000000");
    }

    @Test
    void aBadGracePeriodIsRefusedEvenForAnUnknownKey() {
        assertRefused(api, () -> rotate("key_0000000000000000", "{\"gracePeriodSeconds\":-1}"), 400, "BAD_REQUEST",
                "gracePeriodSeconds");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nope", "key_ABCDEFGHIJKLMNOP", "key_000000000000000"})
    void aMalformedKeyIdIsABadRequest(String keyId) {
        assertRefused(api, () -> rotate(keyId, "{\"gracePeriodSeconds\":60}"), 400, "BAD_REQUEST", "key id");
    }

    @Test
    void aTokenIsNeeded() {
        JsonNode old = create("mobile", FULL);

        assertRefused(api, () -> api.send("POST", "/admin/keys/" + id(old) + "/rotate", "{\"gracePeriodSeconds\":60}",
                null), 401, "UNAUTHORIZED");
        assertRefused(api, () -> api.send("POST", "/admin/keys/" + id(old) + "/rotate", "{\"gracePeriodSeconds\":60}",
                TOKEN + "0"), 401, "UNAUTHORIZED");
    }

    @Test
    void rotateIsPostOnly() {
        JsonNode old = create("mobile", FULL);

        assertRefused(api, () -> api.get("/admin/keys/" + id(old) + "/rotate"), 405, "METHOD_NOT_ALLOWED");
    }

    @Test
    void theSuccessorOfAnImportedKeyIsGenerated() {
        JsonNode old = create("mobile", "{\"developer\":\"alice\",\"description\":\"imported\","
                + "\"key\":\"imported-value-0123456789\"}");

        JsonNode newKey = json(rotate(id(old), "{\"gracePeriodSeconds\":60}")).path("newKey");

        assertFalse(newKey.path("imported").asBoolean(true), newKey.toString());
        assertNotEquals("imported-value-0123456789", newKey.path("key").asText());
        assertTrue(KeyTables.row(api.jdbi(), id(old)).imported());
    }

    // --- helpers ---

    private JsonNode create(String project, String body) {
        HttpResponse<String> response = api.createKey(project, body);
        assertEquals(201, response.statusCode(), response.body());
        return json(response);
    }

    private HttpResponse<String> rotate(String keyId, String body) {
        return api.send("POST", "/admin/keys/" + keyId + "/rotate", body, TOKEN);
    }

    private static String id(JsonNode key) {
        return key.path("keyId").asText();
    }

    private static Set<String> names(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
