package io.keytrail.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Pins the JSON form of {@link KeyRecord} on the keys topic and holds it to
 * {@code schema/key-record.schema.json}: every gateway reads it, so it changes only on purpose.
 */
class KeyRecordSchemaTest {
    private static final String TOPIC = "keytrail.keys";
    private static final JsonSerde<KeyRecord> SERDE = EventSerdes.keyRecord();
    private static final JsonSchema SCHEMA = schema();

    /** A key with every optional setting: expiry, allowed APIs, rate limit and quota. */
    static KeyRecord full() {
        return new KeyRecord(1, "key_3vq9x2m7c4b8n1zt",
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "Ab3d", "shop", "alice",
                KeyStatus.ACTIVE, Instant.parse("2026-11-23T10:15:30.123Z"), Instant.parse("2027-01-01T00:00:00Z"),
                List.of("orders", "catalog"), 3, new KeyRecord.RateLimit(100, 60),
                new KeyRecord.Quota(100_000, KeyRecord.QuotaPeriod.MONTH));
    }

    /** A key as first issued with no settings: no expiry, every API, no limits. */
    static KeyRecord minimal() {
        return new KeyRecord(1, "key_0000000000000001",
                "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752", "Qw3r", "demo", "bob",
                KeyStatus.ACTIVE, Instant.parse("2026-11-23T10:15:31Z"), null, List.of(), 1, null, null);
    }

    @Test
    void serializesToTheGoldenForm() {
        assertEquals(golden("key-record-v1.json"), pretty(SERDE.serialize(TOPIC, full())));
    }

    @Test
    void goldenFileReadsBackToTheSameRecord() {
        assertEquals(full(), SERDE.deserialize(TOPIC, golden("key-record-v1.json").getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void absentSettingsAreOmittedNotNull() {
        JsonNode json = tree(SERDE.serialize(TOPIC, minimal()));

        assertFalse(json.has("expiresAt"), json::toString);
        assertFalse(json.has("rateLimit"), json::toString);
        assertFalse(json.has("quota"), json::toString);
        assertTrue(json.path("allowedApis").isArray() && json.path("allowedApis").isEmpty(), json::toString);
    }

    @Test
    void serializedRecordsMatchThePublishedSchema() {
        for (KeyRecord record : List.of(full(), minimal())) {
            assertValid(tree(SERDE.serialize(TOPIC, record)));
        }
        for (KeyStatus status : KeyStatus.values()) {
            KeyRecord r = full();
            assertValid(tree(SERDE.serialize(TOPIC, new KeyRecord(r.schemaVersion(), r.keyId(), r.keyHash(),
                    r.keyHint(), r.projectId(), r.developerId(), status, r.createdAt(), r.expiresAt(),
                    r.allowedApis(), r.version(), r.rateLimit(), r.quota()))));
        }
        for (KeyRecord.QuotaPeriod period : KeyRecord.QuotaPeriod.values()) {
            KeyRecord r = full();
            assertValid(tree(SERDE.serialize(TOPIC, new KeyRecord(r.schemaVersion(), r.keyId(), r.keyHash(),
                    r.keyHint(), r.projectId(), r.developerId(), r.status(), r.createdAt(), r.expiresAt(),
                    r.allowedApis(), r.version(), r.rateLimit(), new KeyRecord.Quota(1, period)))));
        }
    }

    @Test
    void schemaRejectsAnUnknownStatus() {
        assertInvalid(json -> json.put("status", "SUSPENDED"));
    }

    @Test
    void schemaRejectsARecordWithoutKeyIdOrHash() {
        assertInvalid(json -> json.remove("keyId"));
        assertInvalid(json -> json.remove("keyHash"));
        assertInvalid(json -> json.remove("version"));
    }

    @Test
    void schemaRejectsMalformedValues() {
        assertInvalid(json -> json.put("keyHash", "not-a-sha-256"));
        assertInvalid(json -> json.put("keyHint", "Ab3dEf"));
        assertInvalid(json -> json.put("keyId", "key_UPPER_CASE_1234"));
        assertInvalid(json -> json.put("schemaVersion", 2));
        assertInvalid(json -> json.put("version", 0));
        assertInvalid(json -> ((ObjectNode) json.get("rateLimit")).put("requests", 0));
        assertInvalid(json -> ((ObjectNode) json.get("rateLimit")).remove("windowSeconds"));
        assertInvalid(json -> ((ObjectNode) json.get("quota")).put("period", "WEEK"));
        assertInvalid(json -> ((ArrayNode) json.get("allowedApis")).add("orders"));
    }

    @Test
    void schemaRejectsNullForAnAbsentSetting() {
        assertInvalid(json -> json.putNull("rateLimit"));
        assertInvalid(json -> json.putNull("quota"));
        assertInvalid(json -> json.putNull("expiresAt"));
    }

    @Test
    void schemaAcceptsFieldsItDoesNotKnowSoTheContractCanGrow() {
        ObjectNode json = (ObjectNode) tree(SERDE.serialize(TOPIC, full()));
        json.put("addedLater", true);
        assertValid(json);
    }

    private static void assertValid(JsonNode json) {
        Set<ValidationMessage> errors = SCHEMA.validate(json);
        assertTrue(errors.isEmpty(), () -> json + ": " + errors);
    }

    private static void assertInvalid(Consumer<ObjectNode> change) {
        ObjectNode json = (ObjectNode) tree(SERDE.serialize(TOPIC, full()));
        assertValid(json.deepCopy());
        change.accept(json);
        assertFalse(SCHEMA.validate(json).isEmpty(), () -> "schema accepted " + json);
    }

    static JsonSchema schema() {
        InputStream in = KeyRecord.class.getResourceAsStream("schema/key-record.schema.json");
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
    }

    static JsonNode tree(byte[] json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + new String(json, StandardCharsets.UTF_8), e);
        }
    }

    /** The serde's bytes, pretty-printed in the same field order, as the golden files hold them. */
    static String pretty(byte[] json) {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(tree(json))
                    .replace("\r\n", "\n") + "\n";
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static String golden(String name) {
        try (InputStream in = KeyRecordSchemaTest.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                throw new AssertionError("no golden file " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
