package io.keytrail.reporting.admin;

import static io.keytrail.reporting.admin.KeyTables.assertRefused;
import static io.keytrail.reporting.support.TestApi.TOKEN;
import static io.keytrail.reporting.support.TestApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.keytrail.events.KeyLifecycleEvent;
import io.keytrail.events.KeyRecord;
import io.keytrail.events.KeyStatus;
import io.keytrail.reporting.db.ApiKeyRow;
import io.keytrail.reporting.db.OutboxRow;
import io.keytrail.reporting.keys.KeyHashing;
import io.keytrail.reporting.support.TestApi;
import io.keytrail.reporting.support.TestApiExtension;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST /admin/projects/{project}/keys} with {@code "key"}: bringing a key from another gateway. */
@ExtendWith(TestApiExtension.class)
class ImportKeyTest {
    private static final String IMPORTED = "legacy-gw_Key.0123456789~!#$%&*+/=?^|";

    private TestApi api;

    @BeforeEach
    void start(TestApi api) {
        this.api = api;
    }

    @Test
    void importsTheGivenValue() {
        HttpResponse<String> response = importKey(IMPORTED);

        assertEquals(201, response.statusCode(), response.body());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(""));
        JsonNode body = json(response);
        String keyId = body.path("keyId").asText();
        assertTrue(keyId.matches("key_[a-z0-9]{16}"), keyId);
        assertEquals(IMPORTED, body.path("key").asText());
        assertTrue(body.path("imported").asBoolean(false), response.body());
        assertTrue(body.path("imported").isBoolean(), response.body());
        assertEquals(IMPORTED.substring(0, 4), body.path("keyHint").asText());
        assertEquals("ACTIVE", body.path("status").asText());
        assertEquals(1, body.path("version").asLong());

        ApiKeyRow row = KeyTables.row(api.jdbi(), keyId);
        assertEquals(KeyHashing.sha256Hex(IMPORTED), row.keyHash());
        assertTrue(row.keyHash().matches("[0-9a-f]{64}"), row.keyHash());
        assertTrue(row.imported());
        assertEquals(IMPORTED.substring(0, 4), row.keyHint());
        assertTrue(json(api.get("/admin/keys/" + keyId)).path("imported").asBoolean(false));
    }

    @Test
    void theImportedValueCanBeRevealed() {
        String keyId = json(importKey(IMPORTED)).path("keyId").asText();

        HttpResponse<String> revealed = api.send("POST", "/admin/keys/" + keyId + "/reveal", null, TOKEN);

        assertEquals(200, revealed.statusCode(), revealed.body());
        assertEquals(IMPORTED, json(revealed).path("key").asText());
    }

    @Test
    void theKeyRecordCarriesTheHashOfTheImportedValueOnly() {
        JsonNode body = json(importKey(IMPORTED));
        String keyId = body.path("keyId").asText();

        KeyRecord record = KeyTables.lastRecord(api, keyId);
        assertEquals(new KeyRecord(KeyRecord.SCHEMA_VERSION, keyId, KeyHashing.sha256Hex(IMPORTED),
                IMPORTED.substring(0, 4), "mobile", "alice", KeyStatus.ACTIVE,
                Instant.parse(body.path("createdAt").asText()), null, List.of(), 1, null, null), record);
        assertEquals(List.of(KeyLifecycleEvent.Type.CREATED), KeyTables.eventTypes(api, keyId));
        for (OutboxRow row : KeyTables.outbox(api.jdbi())) {
            assertFalse(row.payload().contains(IMPORTED), "imported key in outbox row " + row.id());
        }
        assertTrue(KeyTables.sealedKey(api.jdbi(), keyId).orElseThrow().length() > 0);
        assertFalse(KeyTables.sealedKey(api.jdbi(), keyId).orElseThrow().contains(IMPORTED));
    }

    @Test
    void aGeneratedKeyIsNotImported() {
        JsonNode body = json(api.createKey("mobile", "{\"developer\":\"alice\",\"description\":\"generated\"}"));

        assertTrue(body.path("imported").isBoolean(), body.toString());
        assertFalse(body.path("imported").asBoolean(true));
        assertFalse(KeyTables.row(api.jdbi(), body.path("keyId").asText()).imported());
    }

    @Test
    void theShortestAllowedValueIsAccepted() {
        String shortest = "abcdefghij0123456789";
        assertEquals(20, shortest.length());

        JsonNode body = json(importKey(shortest));

        assertEquals(shortest, body.path("key").asText(), body.toString());
        assertEquals(KeyHashing.sha256Hex(shortest), KeyTables.row(api.jdbi(), body.path("keyId").asText()).keyHash());
        assertEquals(shortest, json(api.send("POST", "/admin/keys/" + body.path("keyId").asText() + "/reveal", null,
                TOKEN)).path("key").asText());
    }

    @Test
    void aSixtyFourCharacterValueIsKeptAndRevealed() {
        String value = "0123456789abcdef".repeat(4);

        JsonNode body = json(importKey(value));

        assertEquals(value, body.path("key").asText(), body.toString());
        assertEquals(value, json(api.send("POST", "/admin/keys/" + body.path("keyId").asText() + "/reveal", null,
                TOKEN)).path("key").asText());
    }

    @Test
    void nineteenCharactersAreTooShort() {
        assertRefused(api, () -> importKey("a".repeat(19)), 400, "BAD_REQUEST", "key", "20", "256");
        assertEquals(0, KeyTables.keyCount(api.jdbi()));
    }

    @Test
    void twoHundredFiftySevenCharactersAreTooLong() {
        assertRefused(api, () -> importKey("a".repeat(257)), 400, "BAD_REQUEST", "key", "256");
        assertEquals(0, KeyTables.keyCount(api.jdbi()));
    }

    @Test
    void anEmptyValueIsRefused() {
        assertRefused(api, () -> importKey(""), 400, "BAD_REQUEST", "key");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "abcdefghij 0123456789",             // a space inside
            " abcdefghij0123456789",             // a leading space
            "abcdefghij0123456789 ",             // a trailing space
            "abcdefghij\\t0123456789",           // a tab
            "abcdefghij\\n0123456789",           // a newline
            "abcdefghij\\u007f0123456789",       // DEL
            "abcdefghij\\u00000123456789",       // NUL
            "abcdefghij\u00e90123456789",        // e acute, not ASCII
            "abcdefghij\\u00a00123456789",       // no-break space
            "abcdefghij\u20ac0123456789",        // the euro sign
            "abcdefghij\\ud83d\\udd110123456789", // an emoji (surrogate pair)
    })
    void spacesControlsAndNonAsciiAreRefused(String jsonString) {
        String body = "{\"developer\":\"alice\",\"description\":\"imported\",\"key\":\"" + jsonString + "\"}";

        String message = assertRefused(api, () -> api.createKey("mobile", body), 400, "BAD_REQUEST", "key");

        assertTrue(message.contains("printable ASCII"), message);
        assertEquals(0, KeyTables.keyCount(api.jdbi()));
    }

    @Test
    void theKeyMustBeAString() {
        assertRefused(api, () -> api.createKey("mobile",
                "{\"developer\":\"alice\",\"description\":\"imported\",\"key\":12345678901234567890123}"),
                400, "BAD_REQUEST", "key");
        assertRefused(api, () -> api.createKey("mobile",
                "{\"developer\":\"alice\",\"description\":\"imported\",\"key\":[\"abcdefghij0123456789\"]}"),
                400, "BAD_REQUEST", "key");
        assertRefused(api, () -> api.createKey("mobile",
                "{\"developer\":\"alice\",\"description\":\"imported\",\"key\":true}"),
                400, "BAD_REQUEST", "key");
    }

    @Test
    void aRefusedValueIsNotEchoed() {
        String secret = "sEcReT-" + "x".repeat(250) + " space";

        String message = assertRefused(api, () -> importKey(secret), 400, "BAD_REQUEST", "key");

        assertFalse(message.contains("sEcReT"), message);
    }

    @Test
    void importingTheSameValueTwiceIsAConflictThatWritesNothing() {
        String first = json(importKey(IMPORTED)).path("keyId").asText();

        String message = assertRefused(api, () -> importKey(IMPORTED), 409, "CONFLICT");

        assertFalse(message.contains(first), "the conflict must not say which key holds the value: " + message);
        assertFalse(message.contains(IMPORTED), message);
        assertEquals(1, KeyTables.keyCount(api.jdbi()));
    }

    @Test
    void importingTheSameValueIntoAnotherProjectOrForAnotherDeveloperIsAConflictToo() {
        assertEquals(201, importKey(IMPORTED).statusCode());

        assertRefused(api, () -> api.createKey("web.v2",
                "{\"developer\":\"bob_1\",\"description\":\"elsewhere\",\"key\":\"" + IMPORTED + "\"}"), 409, "CONFLICT");
    }

    @Test
    void importingTheValueOfAGeneratedKeyIsAConflict() {
        JsonNode generated = json(api.createKey("mobile", "{\"developer\":\"alice\",\"description\":\"generated\"}"));
        String value = generated.path("key").asText();

        String message = assertRefused(api, () -> api.createKey("web.v2",
                "{\"developer\":\"bob_1\",\"description\":\"copy\",\"key\":\"" + value + "\"}"), 409, "CONFLICT");

        assertFalse(message.contains(generated.path("keyId").asText()), message);
        assertFalse(message.contains(value), message);
    }

    @Test
    void importingTheValueOfARevokedOrDeletedKeyIsAConflict() {
        JsonNode revoked = json(importKey(IMPORTED));
        assertEquals(200, api.send("POST", "/admin/keys/" + revoked.path("keyId").asText() + "/revoke", null, TOKEN)
                .statusCode());
        assertRefused(api, () -> importKey(IMPORTED), 409, "CONFLICT");

        String other = "another-imported-value-0001";
        JsonNode deleted = json(importKey(other));
        assertEquals(204, api.send("DELETE", "/admin/keys/" + deleted.path("keyId").asText(), null, TOKEN)
                .statusCode());
        assertRefused(api, () -> importKey(other), 409, "CONFLICT");
    }

    @Test
    void aNullKeyGeneratesOne() {
        HttpResponse<String> response = api.createKey("mobile",
                "{\"developer\":\"alice\",\"description\":\"generated\",\"key\":null}");

        assertEquals(201, response.statusCode(), response.body());
        assertTrue(json(response).path("key").asText().matches("[A-Za-z0-9]{32}"), response.body());
        assertFalse(json(response).path("imported").asBoolean(true));
    }

    @Test
    void otherFieldsAreCheckedForAnImportToo() {
        assertRefused(api, () -> api.createKey("mobile",
                "{\"developer\":\"alice\",\"key\":\"" + IMPORTED + "\"}"), 400, "BAD_REQUEST", "description");
        assertRefused(api, () -> api.createKey("mobile",
                "{\"developer\":\"nobody\",\"description\":\"x\",\"key\":\"" + IMPORTED + "\"}"), 404, "NOT_FOUND",
                "nobody");
        assertRefused(api, () -> api.createKey("nowhere",
                "{\"developer\":\"alice\",\"description\":\"x\",\"key\":\"" + IMPORTED + "\"}"), 404, "NOT_FOUND",
                "nowhere");
        assertEquals(201, importKey(IMPORTED).statusCode(), "none of the refusals kept the value");
    }

    private HttpResponse<String> importKey(String key) {
        return api.createKey("mobile", "{\"developer\":\"alice\",\"description\":\"imported\",\"key\":\""
                + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
    }
}
