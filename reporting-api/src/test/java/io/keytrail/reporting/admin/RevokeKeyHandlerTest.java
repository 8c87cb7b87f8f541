package io.keytrail.reporting.admin;

import static io.keytrail.reporting.support.TestApi.TOKEN;
import static io.keytrail.reporting.support.TestApi.assertError;
import static io.keytrail.reporting.support.TestApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.keytrail.events.EventSerdes;
import io.keytrail.events.KeyLifecycleEvent;
import io.keytrail.events.KeyRecord;
import io.keytrail.events.KeyStatus;
import io.keytrail.reporting.db.ApiKeyDao;
import io.keytrail.reporting.db.ApiKeyRow;
import io.keytrail.reporting.db.OutboxDao;
import io.keytrail.reporting.db.OutboxRow;
import io.keytrail.reporting.keys.KeyHashing;
import io.keytrail.reporting.support.TestApi;
import io.keytrail.reporting.support.TestApiExtension;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestApiExtension.class)
class RevokeKeyHandlerTest {
    private static final String BODY = "{\"developer\":\"alice\",\"description\":\"Key for Mobile App Access\"}";

    private TestApi api;

    @BeforeEach
    void start(TestApi api) {
        this.api = api;
    }

    @Test
    void revokesTheKeyAndAnswersItsMetadata() {
        JsonNode issued = json(api.createKey("mobile", BODY));
        String keyId = issued.path("keyId").asText();

        HttpResponse<String> response = revoke(keyId, TOKEN);

        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = json(response);
        assertEquals(keyId, body.path("keyId").asText());
        assertEquals("REVOKED", body.path("status").asText());
        assertFalse(response.body().contains(issued.path("key").asText()));
        assertEquals("REVOKED", json(api.get("/admin/keys/" + keyId)).path("status").asText());
        ApiKeyRow row = api.jdbi().withExtension(ApiKeyDao.class, dao -> dao.find(keyId)).orElseThrow();
        assertEquals(KeyStatus.REVOKED, row.status());
        assertEquals(2, row.version());
    }

    @Test
    void theSameTransactionQueuesTheRevokedRecordAndTheEvent() {
        JsonNode issued = json(api.createKey("mobile", BODY));
        String keyId = issued.path("keyId").asText();
        String key = issued.path("key").asText();
        Instant createdAt = Instant.parse(issued.path("createdAt").asText());

        assertEquals(200, revoke(keyId, TOKEN).statusCode());

        List<OutboxRow> outbox = outbox();
        assertEquals(4, outbox.size(), "created: record + event; revoked: record + event");
        OutboxRow recordRow = outbox.get(2);
        assertEquals(api.topics().keys(), recordRow.topic());
        assertEquals(keyId, recordRow.recordKey());
        KeyRecord record = EventSerdes.keyRecord().deserialize(recordRow.topic(), bytes(recordRow));
        assertEquals(new KeyRecord(KeyRecord.SCHEMA_VERSION, keyId, KeyHashing.sha256Hex(key), key.substring(0, 4),
                "mobile", "alice", KeyStatus.REVOKED, createdAt, null, List.of(), 2, null, null), record);

        OutboxRow eventRow = outbox.get(3);
        assertEquals(api.topics().keyEvents(), eventRow.topic());
        assertEquals(keyId, eventRow.recordKey());
        KeyLifecycleEvent event = EventSerdes.keyLifecycleEvent().deserialize(eventRow.topic(), bytes(eventRow));
        assertEquals(KeyLifecycleEvent.Type.REVOKED, event.type());
        assertEquals(keyId, event.keyId());
        assertEquals("mobile", event.projectId());
        assertEquals("alice", event.developerId());
        assertEquals("admin", event.actor());
        for (OutboxRow row : outbox) {
            assertFalse(row.payload().contains(key), "plaintext key in outbox row " + row.id());
        }
    }

    @Test
    void revokingTwiceIsAConflictThatChangesNothing() {
        String keyId = json(api.createKey("mobile", BODY)).path("keyId").asText();
        assertEquals(200, revoke(keyId, TOKEN).statusCode());
        List<OutboxRow> before = outbox();
        ApiKeyRow rowBefore = api.jdbi().withExtension(ApiKeyDao.class, dao -> dao.find(keyId)).orElseThrow();

        String message = assertError(revoke(keyId, TOKEN), 409, "CONFLICT");

        assertTrue(message.contains(keyId) && message.contains("is REVOKED"), message);
        assertEquals(before, outbox());
        assertEquals(rowBefore, api.jdbi().withExtension(ApiKeyDao.class, dao -> dao.find(keyId)).orElseThrow());
    }

    @Test
    void anUnknownKeyIsNotFoundAndChangesNothing() {
        String message = assertError(revoke("key_0000000000000000", TOKEN), 404, "NOT_FOUND");

        assertTrue(message.contains("key_0000000000000000"), message);
        assertTrue(outbox().isEmpty());
    }

    @Test
    void aMalformedKeyIdIsABadRequest() {
        assertError(revoke("key_0000", TOKEN), 400, "BAD_REQUEST");
        assertError(revoke("'%20OR%201=1", TOKEN), 400, "BAD_REQUEST");
    }

    @Test
    void withoutTheAdminTokenNothingIsRevoked() {
        String keyId = json(api.createKey("mobile", BODY)).path("keyId").asText();

        assertError(revoke(keyId, null), 401, "UNAUTHORIZED");
        assertError(revoke(keyId, TOKEN + "x"), 401, "UNAUTHORIZED");

        assertEquals("ACTIVE", json(api.get("/admin/keys/" + keyId)).path("status").asText());
        assertEquals(2, outbox().size());
    }

    @Test
    void aRevokedKeyCanStillBeRevealedForTracing() {
        JsonNode issued = json(api.createKey("mobile", BODY));
        String keyId = issued.path("keyId").asText();
        assertEquals(200, revoke(keyId, TOKEN).statusCode());

        HttpResponse<String> revealed = api.send("POST", "/admin/keys/" + keyId + "/reveal", null, TOKEN);

        assertEquals(issued.path("key").asText(), json(revealed).path("key").asText());
    }

    private HttpResponse<String> revoke(String keyId, String token) {
        return api.send("POST", "/admin/keys/" + keyId + "/revoke", null, token);
    }

    private List<OutboxRow> outbox() {
        return api.jdbi().withExtension(OutboxDao.class, dao -> dao.unpublished(100));
    }

    private static byte[] bytes(OutboxRow row) {
        return row.payload().getBytes(StandardCharsets.UTF_8);
    }
}
