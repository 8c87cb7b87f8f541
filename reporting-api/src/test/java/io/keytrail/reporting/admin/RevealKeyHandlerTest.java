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
import io.keytrail.reporting.db.OutboxDao;
import io.keytrail.reporting.db.OutboxRow;
import io.keytrail.reporting.support.TestApi;
import io.keytrail.reporting.support.TestApiExtension;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestApiExtension.class)
class RevealKeyHandlerTest {
    private static final String BODY = "{\"developer\":\"alice\",\"description\":\"Key for Mobile App Access\"}";

    private TestApi api;

    @BeforeEach
    void start(TestApi api) {
        this.api = api;
    }

    @Test
    void revealsExactlyTheCreatedKeyUncached() {
        JsonNode issued = json(api.createKey("mobile", BODY));
        String keyId = issued.path("keyId").asText();

        HttpResponse<String> response = reveal(keyId, TOKEN);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(""));
        JsonNode body = json(response);
        assertEquals(keyId, body.path("keyId").asText());
        assertEquals(issued.path("key").asText(), body.path("key").asText());
        assertEquals(2, body.size(), response.body());
        assertEquals(body, json(reveal(keyId, TOKEN)), "revealing again gives the same key");
    }

    @Test
    void everyRevealIsALifecycleEventWithoutTheKey() {
        JsonNode issued = json(api.createKey("mobile", BODY));
        String keyId = issued.path("keyId").asText();
        String key = issued.path("key").asText();

        assertEquals(200, reveal(keyId, TOKEN).statusCode());
        assertEquals(200, reveal(keyId, TOKEN).statusCode());

        List<KeyLifecycleEvent> events = events();
        assertEquals(List.of(KeyLifecycleEvent.Type.CREATED, KeyLifecycleEvent.Type.REVEALED,
                KeyLifecycleEvent.Type.REVEALED), events.stream().map(KeyLifecycleEvent::type).toList());
        KeyLifecycleEvent revealed = events.get(1);
        assertEquals(keyId, revealed.keyId());
        assertEquals("mobile", revealed.projectId());
        assertEquals("alice", revealed.developerId());
        assertEquals("admin", revealed.actor());
        assertTrue(events.get(1).eventId().compareTo(events.get(2).eventId()) != 0);
        for (OutboxRow row : outbox()) {
            assertFalse(row.payload().contains(key), "plaintext key in outbox row " + row.id());
        }
    }

    @Test
    void anUnknownKeyIsNotFoundAndLeavesNoEvent() {
        String message = assertError(reveal("key_0000000000000000", TOKEN), 404, "NOT_FOUND");

        assertTrue(message.contains("key_0000000000000000"), message);
        assertTrue(outbox().isEmpty());
    }

    @Test
    void aMalformedKeyIdIsABadRequest() {
        assertError(reveal("key_NOPE", TOKEN), 400, "BAD_REQUEST");
        assertError(reveal("x", TOKEN), 400, "BAD_REQUEST");
    }

    @Test
    void withoutTheAdminTokenNothingIsRevealed() {
        String keyId = json(api.createKey("mobile", BODY)).path("keyId").asText();

        HttpResponse<String> none = reveal(keyId, null);
        HttpResponse<String> wrong = reveal(keyId, TOKEN + "x");

        assertError(none, 401, "UNAUTHORIZED");
        assertError(wrong, 401, "UNAUTHORIZED");
        assertEquals(List.of(KeyLifecycleEvent.Type.CREATED), events().stream().map(KeyLifecycleEvent::type).toList());
    }

    @Test
    void revealIsPostOnly() {
        String keyId = json(api.createKey("mobile", BODY)).path("keyId").asText();

        assertError(api.get("/admin/keys/" + keyId + "/reveal"), 405, "METHOD_NOT_ALLOWED");
    }

    @Test
    void aKeyIssuedWithoutAStoredCopyIsAConflict() {
        String keyId = json(api.createKey("mobile", BODY)).path("keyId").asText();
        api.jdbi().useHandle(h -> h.execute("UPDATE api_keys SET sealed_key = NULL WHERE key_id = ?", keyId));

        String message = assertError(reveal(keyId, TOKEN), 409, "CONFLICT");

        assertTrue(message.contains(keyId) && message.contains("cannot be revealed"), message);
        assertEquals(1, events().size(), "no REVEALED event");
    }

    @Test
    void aCopySwappedBetweenRowsDoesNotDecryptAndLeavesNoEvent() {
        String first = json(api.createKey("mobile", BODY)).path("keyId").asText();
        String second = json(api.createKey("mobile", BODY)).path("keyId").asText();
        api.jdbi().useHandle(h -> h.execute("""
                UPDATE api_keys SET sealed_key = (SELECT sealed_key FROM api_keys WHERE key_id = ?) WHERE key_id = ?
                """, second, first));

        String message = assertError(reveal(first, TOKEN), 500, "INTERNAL_ERROR");

        assertTrue(message.contains("request id"), message);
        assertEquals(2, events().size(), "only the two CREATED events");
        assertEquals(200, reveal(second, TOKEN).statusCode(), "the copy still opens in its own row");
    }

    private HttpResponse<String> reveal(String keyId, String token) {
        return api.send("POST", "/admin/keys/" + keyId + "/reveal", null, token);
    }

    private List<OutboxRow> outbox() {
        return api.jdbi().withExtension(OutboxDao.class, dao -> dao.unpublished(100));
    }

    private List<KeyLifecycleEvent> events() {
        return outbox().stream()
                .filter(row -> row.topic().equals(api.topics().keyEvents()))
                .map(row -> EventSerdes.keyLifecycleEvent().deserialize(row.topic(),
                        row.payload().getBytes(StandardCharsets.UTF_8)))
                .toList();
    }
}
