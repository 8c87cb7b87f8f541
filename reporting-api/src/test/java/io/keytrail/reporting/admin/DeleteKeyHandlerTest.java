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
import io.keytrail.reporting.db.OutboxRow;
import io.keytrail.reporting.keys.KeyHashing;
import io.keytrail.reporting.support.TestApi;
import io.keytrail.reporting.support.TestApiExtension;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code DELETE /admin/keys/{keyId}}: stops the key, destroys its copy, keeps its metadata. */
@ExtendWith(TestApiExtension.class)
class DeleteKeyHandlerTest {
    private static final String BODY = """
            {"developer":"alice","description":"to delete","allowedApis":["orders"],
             "expiresAt":"2099-01-01T00:00:00Z","rateLimit":{"requests":5,"windowSeconds":5}}
            """;

    private TestApi api;

    @BeforeEach
    void start(TestApi api) {
        this.api = api;
    }

    @Test
    void answersNoContent() {
        String keyId = id(create());

        HttpResponse<String> response = delete(keyId);

        assertEquals(204, response.statusCode(), response.body());
        assertEquals("", response.body());
    }

    @Test
    void theKeyStaysVisibleAsDeleted() {
        JsonNode created = create();
        String keyId = id(created);
        Instant before = Instant.now();

        assertEquals(204, delete(keyId).statusCode());

        HttpResponse<String> details = api.get("/admin/keys/" + keyId);
        assertEquals(200, details.statusCode(), details.body());
        JsonNode body = json(details);
        assertEquals("DELETED", body.path("status").asText());
        assertEquals(2, body.path("version").asLong());
        for (String kept : List.of("keyId", "project", "developer", "description", "keyHint", "createdAt",
                "expiresAt", "allowedApis", "rateLimit", "imported")) {
            assertEquals(created.path(kept), body.path(kept), kept);
        }
        KeyTables.assertBetween(before, Instant.parse(body.path("updatedAt").asText()), Instant.now(),
                Duration.ofMillis(5));
        assertTrue(body.path("key").isMissingNode());
        assertEquals(KeyHashing.sha256Hex(created.path("key").asText()), KeyTables.row(api.jdbi(), keyId).keyHash(),
                "the hash stays, so the value can never be imported again");
    }

    @Test
    void theEncryptedCopyIsDestroyed() {
        String keyId = id(create());
        assertTrue(KeyTables.sealedKey(api.jdbi(), keyId).isPresent());

        assertEquals(204, delete(keyId).statusCode());

        assertTrue(KeyTables.sealedKey(api.jdbi(), keyId).isEmpty(), "sealed_key is NULL after deletion");
        Object sealed = api.jdbi().withHandle(h -> h.createQuery("SELECT sealed_key FROM api_keys WHERE key_id = :id")
                .bind("id", keyId).mapToMap().one().get("sealed_key"));
        assertNull(sealed);
    }

    @Test
    void aDeletedKeyCannotBeRevealed() {
        JsonNode created = create();
        String keyId = id(created);
        assertEquals(204, delete(keyId).statusCode());

        String message = assertRefused(api, () -> api.send("POST", "/admin/keys/" + keyId + "/reveal", null, TOKEN),
                410, "GONE", keyId);

        assertFalse(message.contains(created.path("key").asText()));
        assertEquals(List.of(KeyLifecycleEvent.Type.CREATED, KeyLifecycleEvent.Type.DELETED),
                KeyTables.eventTypes(api, keyId), "no REVEALED event");
    }

    @Test
    void theOutboxHasTheDeletedRecordThenATombstoneAndTheEvent() {
        JsonNode created = create();
        String keyId = id(created);
        String key = created.path("key").asText();
        int before = KeyTables.outbox(api.jdbi()).size();

        assertEquals(204, delete(keyId).statusCode());

        List<OutboxRow> written = KeyTables.outbox(api.jdbi()).subList(before, KeyTables.outbox(api.jdbi()).size());
        assertEquals(3, written.size(), "record, tombstone, event: " + written);
        written.forEach(row -> assertEquals(keyId, row.recordKey()));

        OutboxRow state = written.get(0);
        OutboxRow tombstone = written.get(1);
        assertEquals(api.topics().keys(), state.topic());
        assertEquals(api.topics().keys(), tombstone.topic());
        assertTrue(state.id() < tombstone.id(), "the DELETED state goes out before the tombstone");
        KeyRecord record = KeyTables.record(state);
        assertEquals(new KeyRecord(KeyRecord.SCHEMA_VERSION, keyId, KeyHashing.sha256Hex(key), key.substring(0, 4),
                "mobile", "alice", KeyStatus.DELETED, Instant.parse(created.path("createdAt").asText()),
                Instant.parse("2099-01-01T00:00:00Z"), List.of("orders"), 2, new KeyRecord.RateLimit(5, 5), null),
                record);
        assertNull(tombstone.payload(), "a tombstone has no payload");

        List<OutboxRow> events = written.stream().filter(r -> r.topic().equals(api.topics().keyEvents())).toList();
        assertEquals(1, events.size());
        KeyLifecycleEvent event = KeyTables.event(events.get(0));
        assertEquals(KeyLifecycleEvent.Type.DELETED, event.type());
        assertEquals(keyId, event.keyId());
        assertEquals("admin", event.actor());
        assertEquals("mobile", event.projectId());
        assertEquals("alice", event.developerId());
        assertEquals(Instant.parse(json(api.get("/admin/keys/" + keyId)).path("updatedAt").asText()), event.time());
        assertTrue(written.stream().allMatch(r -> r.payload() == null || !r.payload().contains(key)));
    }

    @Test
    void deletingAgainIsAConflict() {
        String keyId = id(create());
        assertEquals(204, delete(keyId).statusCode());

        String message = assertRefused(api, () -> delete(keyId), 409, "CONFLICT", keyId);

        assertTrue(message.contains("deleted"), message);
    }

    @Test
    void aDeletedKeyCannotBeRevokedRotatedOrChanged() {
        String keyId = id(create());
        assertEquals(204, delete(keyId).statusCode());

        assertRefused(api, () -> api.send("POST", "/admin/keys/" + keyId + "/revoke", null, TOKEN), 409, "CONFLICT",
                keyId, "DELETED");
        assertRefused(api, () -> api.send("POST", "/admin/keys/" + keyId + "/rotate", "{\"gracePeriodSeconds\":0}",
                TOKEN), 409, "CONFLICT", keyId);
        assertRefused(api, () -> api.send("PATCH", "/admin/keys/" + keyId, "{\"description\":\"x\"}", TOKEN), 409,
                "CONFLICT", keyId);
    }

    @Test
    void aRevokedKeyCanBeDeleted() {
        String keyId = id(create());
        assertEquals(200, api.send("POST", "/admin/keys/" + keyId + "/revoke", null, TOKEN).statusCode());

        assertEquals(204, delete(keyId).statusCode());

        JsonNode body = json(api.get("/admin/keys/" + keyId));
        assertEquals("DELETED", body.path("status").asText());
        assertEquals(3, body.path("version").asLong());
        assertEquals(KeyStatus.DELETED, KeyTables.lastRecord(api, keyId).status());
        assertEquals(List.of(KeyLifecycleEvent.Type.CREATED, KeyLifecycleEvent.Type.REVOKED,
                KeyLifecycleEvent.Type.DELETED), KeyTables.eventTypes(api, keyId));
    }

    @Test
    void aKeyRotatedAwayCanBeDeletedWithoutTouchingItsSuccessor() {
        String keyId = id(create());
        JsonNode rotated = json(api.send("POST", "/admin/keys/" + keyId + "/rotate", "{\"gracePeriodSeconds\":600}",
                TOKEN));
        String successor = id(rotated.path("newKey"));
        KeyTables.Snapshot before = KeyTables.snapshot(api.jdbi());

        assertEquals(204, delete(keyId).statusCode());

        JsonNode next = json(api.get("/admin/keys/" + successor));
        assertEquals("ACTIVE", next.path("status").asText());
        assertEquals(1, next.path("version").asLong());
        assertEquals(before.keys().stream().filter(r -> successor.equals(r.get("key_id"))).toList(),
                KeyTables.snapshot(api.jdbi()).keys().stream().filter(r -> successor.equals(r.get("key_id"))).toList());
        assertEquals(rotated.path("newKey").path("key").asText(),
                json(api.send("POST", "/admin/keys/" + successor + "/reveal", null, TOKEN)).path("key").asText());
    }

    @Test
    void deletingOneKeyLeavesTheOthersAlone() {
        String doomed = id(create());
        String other = id(create());
        String otherSealed = KeyTables.sealedKey(api.jdbi(), other).orElseThrow();

        assertEquals(204, delete(doomed).statusCode());

        assertEquals("ACTIVE", json(api.get("/admin/keys/" + other)).path("status").asText());
        assertEquals(otherSealed, KeyTables.sealedKey(api.jdbi(), other).orElseThrow());
        assertTrue(KeyTables.recordRows(api, other).stream().allMatch(r -> r.payload() != null));
    }

    @Test
    void theDeletedKeyIsListedAsDeleted() {
        String keyId = id(create());
        assertEquals(204, delete(keyId).statusCode());

        JsonNode page = json(api.get("/admin/projects/mobile/keys"));

        assertEquals(1, page.path("items").size());
        assertEquals("DELETED", page.path("items").get(0).path("status").asText());
    }

    @Test
    void anUnknownKeyIsNotFound() {
        create();

        assertRefused(api, () -> delete("key_0000000000000000"), 404, "NOT_FOUND", "key_0000000000000000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nope", "key_ABCDEFGHIJKLMNOP", "key_000000000000000", "key_0000000000000000x"})
    void aMalformedKeyIdIsABadRequest(String keyId) {
        create();

        assertRefused(api, () -> delete(keyId), 400, "BAD_REQUEST", "key id");
    }

    @Test
    void aTokenIsNeeded() {
        String keyId = id(create());

        assertRefused(api, () -> api.send("DELETE", "/admin/keys/" + keyId, null, null), 401, "UNAUTHORIZED");
        assertRefused(api, () -> api.send("DELETE", "/admin/keys/" + keyId, null, "x" + TOKEN), 401, "UNAUTHORIZED");
        assertEquals("ACTIVE", json(api.get("/admin/keys/" + keyId)).path("status").asText());
    }

    private JsonNode create() {
        HttpResponse<String> response = api.createKey("mobile", BODY);
        assertEquals(201, response.statusCode(), response.body());
        return json(response);
    }

    private HttpResponse<String> delete(String keyId) {
        return api.send("DELETE", "/admin/keys/" + keyId, null, TOKEN);
    }

    private static String id(JsonNode key) {
        return key.path("keyId").asText();
    }
}
