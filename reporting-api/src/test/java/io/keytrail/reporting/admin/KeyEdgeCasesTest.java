package io.keytrail.reporting.admin;

import static io.keytrail.reporting.admin.KeyTables.assertRefused;
import static io.keytrail.reporting.support.TestApi.TOKEN;
import static io.keytrail.reporting.support.TestApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.keytrail.events.KeyStatus;
import io.keytrail.reporting.db.ApiKeyDao;
import io.keytrail.reporting.db.ApiKeyRow;
import io.keytrail.reporting.keys.KeyHashing;
import io.keytrail.reporting.support.TestApi;
import io.keytrail.reporting.support.TestApiExtension;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The edges of the key API that a first version got wrong: long imported keys, sub-millisecond
 * expiries, nulls in lists, fractional and overflowing numbers, numeric instants, and changes to a
 * key that has lapsed or been rotated.
 */
@ExtendWith(TestApiExtension.class)
class KeyEdgeCasesTest {
    private TestApi api;

    @BeforeEach
    void start(TestApi api) {
        this.api = api;
    }

    // 1. imported keys up to 256 characters (docs/admin-api.md, KeyRules.MAX_IMPORTED_KEY_LENGTH)

    @ParameterizedTest
    @ValueSource(ints = {69, 100, 256})
    void anImportedKeyOfAnyAllowedLengthIsKeptAndRevealed(int length) {
        String key = "K".repeat(length);

        HttpResponse<String> response = api.createKey("mobile",
                "{\"developer\":\"alice\",\"description\":\"long import\",\"key\":\"" + key + "\"}");

        assertEquals(201, response.statusCode(), response.body());
        String keyId = json(response).path("keyId").asText();
        assertEquals(KeyHashing.sha256Hex(key), KeyTables.row(api.jdbi(), keyId).keyHash());
        assertEquals(key, json(api.send("POST", "/admin/keys/" + keyId + "/reveal", null, TOKEN)).path("key").asText());
    }

    // 2. expiresAt precision: answer, database and published record must agree

    @Test
    void anExpiryWithNanosecondsIsTheSameInTheAnswerTheDatabaseAndTheRecord() {
        JsonNode body = json(api.createKey("mobile", "{\"developer\":\"alice\",\"description\":\"x\","
                + "\"expiresAt\":\"2099-06-30T12:34:56.123456789Z\"}"));
        String keyId = body.path("keyId").asText();

        Instant answered = Instant.parse(body.path("expiresAt").asText());
        Instant stored = KeyTables.row(api.jdbi(), keyId).expiresAt();
        Instant shown = Instant.parse(json(api.get("/admin/keys/" + keyId)).path("expiresAt").asText());
        Instant published = KeyTables.lastRecord(api, keyId).expiresAt();
        assertEquals(stored, answered, "answered vs stored");
        assertEquals(stored, shown, "GET vs stored");
        assertEquals(stored, published, "published KeyRecord vs stored");
    }

    @Test
    void patchingTheStoredExpiryAgainIsNoChange() {
        String keyId = json(api.createKey("mobile", "{\"developer\":\"alice\",\"description\":\"x\","
                + "\"expiresAt\":\"2099-06-30T12:34:56.123456789Z\"}")).path("keyId").asText();
        KeyTables.Snapshot before = KeyTables.snapshot(api.jdbi());

        HttpResponse<String> response = api.send("PATCH", "/admin/keys/" + keyId,
                "{\"expiresAt\":\"2099-06-30T12:34:56.123456789Z\"}", TOKEN);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(before, KeyTables.snapshot(api.jdbi()), "the same expiry again wrote an UPDATED event");
    }

    // 3. PATCH allowedApis with a null element

    @Test
    void aNullApiIdInAPatchIsABadRequest() {
        String keyId = json(api.createKey("mobile", "{\"developer\":\"alice\",\"description\":\"x\"}"))
                .path("keyId").asText();

        assertRefused(api, () -> api.send("PATCH", "/admin/keys/" + keyId, "{\"allowedApis\":[null]}", TOKEN), 400,
                "BAD_REQUEST", "allowedApis");
        assertRefused(api, () -> api.send("PATCH", "/admin/keys/" + keyId, "{\"allowedApis\":[\"a\",null]}", TOKEN),
                400, "BAD_REQUEST", "allowedApis");
    }

    // 4. a number too large for its field is refused naming the field

    @Test
    void anOverflowingNumberInACreateNamesTheField() {
        assertRefused(api, () -> api.createKey("mobile", "{\"developer\":\"alice\",\"description\":\"x\","
                + "\"rateLimit\":{\"requests\":99999999999999999999,\"windowSeconds\":60}}"), 400, "BAD_REQUEST",
                "requests");
    }

    @Test
    void anOverflowingGracePeriodNamesTheField() {
        String keyId = json(api.createKey("mobile", "{\"developer\":\"alice\",\"description\":\"x\"}"))
                .path("keyId").asText();

        assertRefused(api, () -> api.send("POST", "/admin/keys/" + keyId + "/rotate",
                "{\"gracePeriodSeconds\":99999999999999999999}", TOKEN), 400, "BAD_REQUEST", "gracePeriodSeconds");
    }

    // 5. fractional numbers for whole-number fields, and numbers for instants, are wrong types

    @ParameterizedTest
    @ValueSource(strings = {
            "\"rateLimit\":{\"requests\":1.5,\"windowSeconds\":60}",
            "\"rateLimit\":{\"requests\":10,\"windowSeconds\":60.9}",
            "\"quota\":{\"requests\":99.9,\"period\":\"DAY\"}",
    })
    void aFractionalNumberForAWholeNumberIsABadRequest(String fields) {
        assertRefused(api, () -> api.createKey("mobile", "{\"developer\":\"alice\",\"description\":\"x\"," + fields
                + "}"), 400, "BAD_REQUEST");
    }

    @Test
    void aFractionalGracePeriodIsABadRequest() {
        String keyId = json(api.createKey("mobile", "{\"developer\":\"alice\",\"description\":\"x\"}"))
                .path("keyId").asText();

        assertRefused(api, () -> api.send("POST", "/admin/keys/" + keyId + "/rotate", "{\"gracePeriodSeconds\":0.5}",
                TOKEN), 400, "BAD_REQUEST", "gracePeriodSeconds");
    }

    @Test
    void aFractionalRateLimitInAPatchIsABadRequest() {
        String keyId = json(api.createKey("mobile", "{\"developer\":\"alice\",\"description\":\"x\"}"))
                .path("keyId").asText();

        assertRefused(api, () -> api.send("PATCH", "/admin/keys/" + keyId,
                "{\"rateLimit\":{\"requests\":2.7,\"windowSeconds\":60}}", TOKEN), 400, "BAD_REQUEST", "rateLimit");
    }

    @Test
    void aNumberForExpiresAtIsABadRequest() {
        assertRefused(api, () -> api.createKey("mobile", "{\"developer\":\"alice\",\"description\":\"x\","
                + "\"expiresAt\":4102444800}"), 400, "BAD_REQUEST", "expiresAt");
        String keyId = json(api.createKey("mobile", "{\"developer\":\"alice\",\"description\":\"x\"}"))
                .path("keyId").asText();
        assertRefused(api, () -> api.send("PATCH", "/admin/keys/" + keyId, "{\"expiresAt\":4102444800}", TOKEN), 400,
                "BAD_REQUEST", "expiresAt");
    }

    // 6. rotating a key that is past its expiry (not yet recorded by the sweeper)

    @Test
    void rotatingAKeyPastItsExpiryDoesNotIssueAnAlreadyExpiredSuccessor() {
        Instant past = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
        String keyId = "key_0000000000000001";
        ApiKeyRow row = new ApiKeyRow(keyId, "mobile", "alice", "lapsed", KeyHashing.sha256Hex("lapsed-value-000000"),
                "laps", KeyStatus.ACTIVE, past.minusSeconds(600), past.minusSeconds(600), past, "", null, null, null,
                null, null, null, false, 1);
        api.jdbi().useExtension(ApiKeyDao.class, dao -> dao.insert(row));

        HttpResponse<String> response = api.send("POST", "/admin/keys/" + keyId + "/rotate",
                "{\"gracePeriodSeconds\":3600}", TOKEN);

        TestApi.assertError(response, 409, "CONFLICT");
        int keys = api.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM api_keys").mapTo(Integer.class).one());
        assertEquals(1, keys, "no successor was issued");
    }

    @Test
    void aRotatedKeyLivingOutItsGracePeriodCannotBeUpdated() {
        String keyId = json(api.createKey("mobile", "{\"developer\":\"alice\",\"description\":\"old\"}"))
                .path("keyId").asText();
        JsonNode rotated = json(api.send("POST", "/admin/keys/" + keyId + "/rotate", "{\"gracePeriodSeconds\":600}",
                TOKEN));
        String successor = rotated.path("newKey").path("keyId").asText();

        String message = assertRefused(api, () -> api.send("PATCH", "/admin/keys/" + keyId, "{\"expiresAt\":null}",
                TOKEN), 409, "CONFLICT", successor);

        assertTrue(message.contains("grace period"), message);
        assertEquals(200, api.send("PATCH", "/admin/keys/" + successor, "{\"description\":\"new\"}", TOKEN)
                .statusCode());
    }
}
