package io.keytrail.events;

import static io.keytrail.events.KeyRecordSchemaTest.golden;
import static io.keytrail.events.KeyRecordSchemaTest.pretty;
import static io.keytrail.events.KeyRecordSchemaTest.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Pins the JSON form of {@link KeyLifecycleEvent} on the key-events topic and holds it to
 * {@code schema/key-lifecycle-event.schema.json}.
 */
class KeyLifecycleEventSchemaTest {
    private static final String TOPIC = "keytrail.key-events";
    private static final JsonSerde<KeyLifecycleEvent> SERDE = EventSerdes.keyLifecycleEvent();
    private static final JsonSchema SCHEMA = schema();
    private static final String OLD_KEY = "key_3vq9x2m7c4b8n1zt";
    private static final String NEW_KEY = "key_8k2p0d5w7r1y4h6j";

    static KeyLifecycleEvent created() {
        return new KeyLifecycleEvent(1, "01937c5e-8a2b-7c3d-9e4f-0123456789ab", KeyLifecycleEvent.Type.CREATED,
                Instant.parse("2026-11-23T10:15:30.123Z"), OLD_KEY, "shop", "alice", "admin", List.of(), null);
    }

    static KeyLifecycleEvent updated() {
        return new KeyLifecycleEvent(1, "01937c5e-9b10-7a01-8c2d-00000000000a", KeyLifecycleEvent.Type.UPDATED,
                Instant.parse("2026-11-23T11:00:00Z"), OLD_KEY, "shop", "alice", "admin",
                List.of("description", "rateLimit"), null);
    }

    /** The old key's half of a rotation: it names the new key. */
    static KeyLifecycleEvent rotated() {
        return new KeyLifecycleEvent(1, "01937c5e-a0f2-7b44-9d3e-00000000000b", KeyLifecycleEvent.Type.ROTATED,
                Instant.parse("2026-11-24T09:30:00.5Z"), OLD_KEY, "shop", "alice", "admin", List.of(), NEW_KEY);
    }

    static KeyLifecycleEvent of(KeyLifecycleEvent.Type type) {
        KeyLifecycleEvent event = KeyLifecycleEvent.of(type, Instant.parse("2026-11-23T10:15:30Z"), OLD_KEY, "shop",
                "alice", type == KeyLifecycleEvent.Type.EXPIRED ? KeyLifecycleEvent.SYSTEM : "admin");
        return switch (type) {
            case UPDATED -> event.withChanges(List.of("expiresAt"));
            case ROTATED -> event.withRelatedKey(NEW_KEY);
            default -> event;
        };
    }

    @Test
    void createdSerializesToTheGoldenForm() {
        assertEquals(golden("key-lifecycle-event-created-v1.json"), pretty(SERDE.serialize(TOPIC, created())));
    }

    @Test
    void updatedSerializesToTheGoldenForm() {
        assertEquals(golden("key-lifecycle-event-updated-v1.json"), pretty(SERDE.serialize(TOPIC, updated())));
    }

    @Test
    void rotatedSerializesToTheGoldenForm() {
        assertEquals(golden("key-lifecycle-event-rotated-v1.json"), pretty(SERDE.serialize(TOPIC, rotated())));
    }

    @Test
    void goldenFilesReadBackToTheSameEvents() {
        assertEquals(created(), read("key-lifecycle-event-created-v1.json"));
        assertEquals(updated(), read("key-lifecycle-event-updated-v1.json"));
        assertEquals(rotated(), read("key-lifecycle-event-rotated-v1.json"));
    }

    @Test
    void goldenEventsMatchThePublishedSchema() {
        for (KeyLifecycleEvent event : List.of(created(), updated(), rotated())) {
            assertValid(tree(SERDE.serialize(TOPIC, event)));
        }
    }

    @ParameterizedTest
    @EnumSource(KeyLifecycleEvent.Type.class)
    void everyTypeMatchesThePublishedSchema(KeyLifecycleEvent.Type type) {
        assertValid(tree(SERDE.serialize(TOPIC, of(type))));
    }

    @Test
    void schemaRejectsAnUnknownType() {
        assertInvalid(created(), json -> json.put("type", "SUSPENDED"));
    }

    @Test
    void schemaRejectsAnEventWithoutKeyIdOrActor() {
        assertInvalid(created(), json -> json.remove("keyId"));
        assertInvalid(created(), json -> json.remove("actor"));
        assertInvalid(created(), json -> json.remove("eventId"));
    }

    @Test
    void schemaRejectsMalformedValues() {
        assertInvalid(created(), json -> json.put("eventId", "not-a-uuid"));
        assertInvalid(created(), json -> json.put("schemaVersion", 2));
        assertInvalid(created(), json -> json.put("keyId", "alice"));
        assertInvalid(created(), json -> json.put("actor", ""));
    }

    @Test
    void changesArePresentExactlyOnUpdatesAndNeverEmpty() {
        assertInvalid(updated(), json -> json.remove("changes"));
        assertInvalid(updated(), json -> json.putArray("changes"));
        assertInvalid(created(), json -> json.putArray("changes").add("description"));
    }

    @Test
    void relatedKeyIsPresentExactlyOnRotations() {
        assertInvalid(rotated(), json -> json.remove("relatedKeyId"));
        assertInvalid(created(), json -> json.put("relatedKeyId", NEW_KEY));
    }

    @Test
    void onlyTheSystemExpiresKeys() {
        assertInvalid(of(KeyLifecycleEvent.Type.EXPIRED), json -> json.put("actor", "admin"));
    }

    @Test
    void emptyChangesAndAbsentRelatedKeyAreLeftOut() {
        JsonNode json = tree(SERDE.serialize(TOPIC, created()));

        assertFalse(json.has("changes"), json::toString);
        assertFalse(json.has("relatedKeyId"), json::toString);
    }

    private static KeyLifecycleEvent read(String golden) {
        return SERDE.deserialize(TOPIC, golden(golden).getBytes(StandardCharsets.UTF_8));
    }

    private static void assertValid(JsonNode json) {
        Set<ValidationMessage> errors = SCHEMA.validate(json);
        assertTrue(errors.isEmpty(), () -> json + ": " + errors);
    }

    private static void assertInvalid(KeyLifecycleEvent event, Consumer<ObjectNode> change) {
        ObjectNode json = (ObjectNode) tree(SERDE.serialize(TOPIC, event));
        assertValid(json.deepCopy());
        change.accept(json);
        assertFalse(SCHEMA.validate(json).isEmpty(), () -> "schema accepted " + json);
    }

    private static JsonSchema schema() {
        InputStream in = KeyLifecycleEvent.class.getResourceAsStream("schema/key-lifecycle-event.schema.json");
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
    }
}
