package io.keytrail.reporting.admin;

import static io.keytrail.reporting.support.TestApi.TOKEN;
import static io.keytrail.reporting.support.TestApi.assertError;
import static io.keytrail.reporting.support.TestApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(TestApiExtension.class)
class CreateKeyHandlerTest {
    private static final String BODY = "{\"developer\":\"alice\",\"description\":\"Key for Mobile App Access\"}";

    private TestApi api;

    @BeforeEach
    void start(TestApi api) {
        this.api = api;
    }

    @Test
    void createsAKeyAndAnswersItOnce() {
        Instant before = Instant.now().minusMillis(1);
        HttpResponse<String> response = api.createKey("mobile", BODY);

        assertEquals(201, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(""));
        JsonNode body = json(response);
        String key = body.path("key").asText();
        String keyId = body.path("keyId").asText();
        assertTrue(key.matches("[A-Za-z0-9]{32}"), key);
        assertTrue(keyId.matches("key_[a-z0-9]{16}"), keyId);
        assertEquals("/admin/keys/" + keyId, response.headers().firstValue("Location").orElse(""));
        assertEquals("mobile", body.path("project").asText());
        assertEquals("alice", body.path("developer").asText());
        assertEquals("Key for Mobile App Access", body.path("description").asText());
        assertEquals(key.substring(0, 4), body.path("keyHint").asText());
        Instant createdAt = Instant.parse(body.path("createdAt").asText());
        assertFalse(createdAt.isBefore(before.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)));
        assertTrue(createdAt.isBefore(Instant.now().plusSeconds(1)));
        java.util.Set<String> fields = new java.util.TreeSet<>();
        body.fieldNames().forEachRemaining(fields::add);
        assertEquals(new java.util.TreeSet<>(java.util.Set.of("keyId", "key", "project", "developer", "description",
                "status", "keyHint", "createdAt", "updatedAt", "allowedApis", "imported", "version")), fields,
                response.body());

        ApiKeyRow stored = api.jdbi().withExtension(ApiKeyDao.class, dao -> dao.find(keyId)).orElseThrow();
        assertEquals(new ApiKeyRow(keyId, "mobile", "alice", "Key for Mobile App Access", KeyHashing.sha256Hex(key),
                key.substring(0, 4), KeyStatus.ACTIVE, createdAt, createdAt, null, "", null, null, null, null, null, null,
                false, 1), stored);
    }

    @Test
    void theSameTransactionQueuesTheKeyRecordWithTheHashOnly() {
        JsonNode body = json(api.createKey("mobile", BODY));
        String key = body.path("key").asText();
        String keyId = body.path("keyId").asText();

        List<OutboxRow> outbox = api.jdbi().withExtension(OutboxDao.class, dao -> dao.unpublished(10));
        assertEquals(2, outbox.size(), "the key record and the CREATED event");
        OutboxRow row = outbox.get(0);
        assertEquals(api.topics().keys(), row.topic());
        assertEquals(keyId, row.recordKey());
        assertFalse(row.payload().contains(key));
        KeyRecord record = EventSerdes.keyRecord().deserialize(row.topic(), row.payload().getBytes(StandardCharsets.UTF_8));
        assertEquals(new KeyRecord(KeyRecord.SCHEMA_VERSION, keyId, KeyHashing.sha256Hex(key), key.substring(0, 4),
                "mobile", "alice", KeyStatus.ACTIVE, Instant.parse(body.path("createdAt").asText()), null, List.of(), 1, null, null),
                record);

        OutboxRow eventRow = outbox.get(1);
        assertEquals(api.topics().keyEvents(), eventRow.topic());
        assertEquals(keyId, eventRow.recordKey());
        assertFalse(eventRow.payload().contains(key));
        assertFalse(eventRow.payload().contains(KeyHashing.sha256Hex(key)));
        KeyLifecycleEvent event = EventSerdes.keyLifecycleEvent().deserialize(eventRow.topic(),
                eventRow.payload().getBytes(StandardCharsets.UTF_8));
        assertEquals(new KeyLifecycleEvent(KeyLifecycleEvent.SCHEMA_VERSION, event.eventId(),
                KeyLifecycleEvent.Type.CREATED, Instant.parse(body.path("createdAt").asText()), keyId, "mobile", "alice",
                "admin", null, null), event);
    }

    @Test
    void noColumnOfAnyTableHoldsThePlaintextKey() {
        String key = json(api.createKey("mobile", BODY)).path("key").asText();

        List<String> cells = allCells();
        assertTrue(cells.size() > 20, "scanned " + cells.size() + " cells");
        assertTrue(cells.contains(KeyHashing.sha256Hex(key)), "the hash is stored");
        for (String cell : cells) {
            assertFalse(cell.contains(key), "plaintext key found in the database: " + cell);
        }
    }

    @Test
    void keysForTheSameProjectAndDeveloperAreIndependent() {
        JsonNode first = json(api.createKey("mobile", BODY));
        JsonNode second = json(api.createKey("mobile", BODY));
        JsonNode elsewhere = json(api.createKey("web.v2", "{\"developer\":\"bob_1\",\"description\":\"x\"}"));

        assertNotEquals(first.path("key").asText(), second.path("key").asText());
        assertNotEquals(first.path("keyId").asText(), second.path("keyId").asText());
        assertEquals("web.v2", elsewhere.path("project").asText());
        int keys = api.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM api_keys").mapTo(Integer.class).one());
        int projects = api.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM projects").mapTo(Integer.class).one());
        assertEquals(3, keys);
        assertEquals(2, projects);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"developer\":\"alice\",",
            "not json",
            "{\"developer\":\"alice\",\"description\":\"x\"} trailing",
            "{\"developer\":\"alice\",\"developer\":\"bob\",\"description\":\"x\"}",
    })
    void malformedJsonIsABadRequest(String body) {
        assertError(api.createKey("mobile", body), 400, "BAD_REQUEST");
        assertNoKeys();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{\"description\":\"x\"}                                   | developer is required",
            "{\"developer\":\"alice\"}                                 | description is required",
            "{\"developer\":\"alice\",\"description\":\"  \"}          | description is required",
            "{\"developer\":\"al ice\",\"description\":\"x\"}          | developer must be 1 to 64",
            "{\"developer\":\"\",\"description\":\"x\"}                | developer must be 1 to 64",
            "{\"developer\":\"alice\",\"description\":\"x\",\"admin\":true} | unknown field 'admin'",
            "{\"developer\":5,\"description\":\"x\"}                   | field 'developer' has the wrong type",
            "[]                                                        | must be a JSON object",
            "null                                                      | must be a JSON object",
            "{\"developer\":\"alice\",\"description\":\"a\\u0000b\"}   | control characters",
    })
    void invalidFieldsAreABadRequestNamingTheField(String body, String expected) {
        String message = assertError(api.createKey("mobile", body), 400, "BAD_REQUEST");
        assertTrue(message.contains(expected), message);
        assertNoKeys();
    }

    @Test
    void overlongValuesAreABadRequest() {
        String developer = "d".repeat(65);
        assertTrue(assertError(api.createKey("mobile", "{\"developer\":\"" + developer + "\",\"description\":\"x\"}"),
                400, "BAD_REQUEST").contains("developer"));
        String description = "d".repeat(257);
        assertTrue(assertError(api.createKey("mobile", "{\"developer\":\"alice\",\"description\":\"" + description + "\"}"),
                400, "BAD_REQUEST").contains("at most 256"));
        assertEquals(201, api.createKey("mobile", "{\"developer\":\"" + "d".repeat(64) + "\",\"description\":\""
                + "d".repeat(256) + "\"}").statusCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad%20id", "a*b", "%C3%A9t%C3%A9", "a%2Fb", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
    void badProjectIdsAreABadRequest(String project) {
        String message = assertError(api.createKey(project, BODY), 400, "BAD_REQUEST");
        assertTrue(message.startsWith("project "), message);
        assertNoKeys();
    }

    @Test
    void anEmptyBodyIsABadRequest() {
        assertError(api.send("POST", "/admin/projects/mobile/keys", null, TOKEN), 400, "BAD_REQUEST");
    }

    @Test
    void aBodyOverTheLimitIsTooLarge() {
        String padding = "x".repeat(TestApi.MAX_REQUEST_BYTES);
        String body = "{\"developer\":\"alice\",\"description\":\"" + padding + "\"}";

        assertError(api.createKey("mobile", body), 413, "PAYLOAD_TOO_LARGE");
        assertNoKeys();
    }

    @Test
    void anotherContentTypeIsUnsupported() {
        assertError(api.send("POST", "/admin/projects/mobile/keys", BODY, TOKEN, "application/x-www-form-urlencoded"),
                415, "UNSUPPORTED_MEDIA_TYPE");
        assertEquals(201, api.send("POST", "/admin/projects/mobile/keys", BODY, TOKEN, "application/json; charset=utf-8")
                .statusCode());
    }

    @Test
    void withoutTheAdminTokenNothingIsCreated() {
        HttpResponse<String> none = api.send("POST", "/admin/projects/mobile/keys", BODY, null);
        HttpResponse<String> wrong = api.send("POST", "/admin/projects/mobile/keys", BODY, TOKEN + "x");
        HttpResponse<String> prefix = api.send("POST", "/admin/projects/mobile/keys", BODY, TOKEN.substring(0, 10));

        assertError(none, 401, "UNAUTHORIZED");
        assertError(wrong, 401, "UNAUTHORIZED");
        assertError(prefix, 401, "UNAUTHORIZED");
        assertEquals("Bearer", none.headers().firstValue("WWW-Authenticate").orElse(""));
        assertNoKeys();
    }

    @Test
    void unauthenticatedBodiesAreNotEvenParsed() {
        // A malformed body without a token is refused for the token, not for the body.
        assertError(api.send("POST", "/admin/projects/mobile/keys", "not json", null), 401, "UNAUTHORIZED");
    }

    private void assertNoKeys() {
        int keys = api.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM api_keys").mapTo(Integer.class).one());
        long outbox = api.jdbi().withExtension(OutboxDao.class, OutboxDao::countUnpublished);
        assertEquals(0, keys);
        assertEquals(0, outbox);
    }

    /** Every cell of every table in the schema, as text; H2 names the schema PUBLIC, PostgreSQL public. */
    private List<String> allCells() {
        return api.jdbi().withHandle(h -> {
            List<String> tables = h.createQuery("""
                    SELECT table_name FROM information_schema.tables
                     WHERE UPPER(table_schema) = 'PUBLIC' AND table_type = 'BASE TABLE'
                    """).mapTo(String.class).list();
            List<String> cells = new ArrayList<>();
            for (String table : tables) {
                for (Map<String, Object> row : h.createQuery("SELECT * FROM \"" + table + "\"").mapToMap().list()) {
                    row.values().forEach(v -> cells.add(String.valueOf(v)));
                }
            }
            return cells;
        });
    }
}
