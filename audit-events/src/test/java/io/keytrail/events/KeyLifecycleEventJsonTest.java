package io.keytrail.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class KeyLifecycleEventJsonTest {
    private static final String TOPIC = "keytrail.key-events";

    @Test
    void writesTheContractFormAndReadsItBack() {
        KeyLifecycleEvent event = new KeyLifecycleEvent(1, "01890a5d-ac96-774b-bcce-b302099a8057",
                KeyLifecycleEvent.Type.REVOKED, Instant.parse("2024-05-01T10:00:00.123Z"), "key_aaaaaaaaaaaaaaaa",
                "mobile", "alice", "admin", null, null);
        byte[] json = EventSerdes.keyLifecycleEvent().serialize(TOPIC, event);

        assertEquals("{\"schemaVersion\":1,\"eventId\":\"01890a5d-ac96-774b-bcce-b302099a8057\",\"type\":\"REVOKED\","
                + "\"time\":\"2024-05-01T10:00:00.123Z\",\"keyId\":\"key_aaaaaaaaaaaaaaaa\",\"projectId\":\"mobile\","
                + "\"developerId\":\"alice\",\"actor\":\"admin\"}", new String(json, StandardCharsets.UTF_8));
        assertEquals(event, EventSerdes.keyLifecycleEvent().deserialize(TOPIC, json));
    }

    @Test
    void rotationsNameTheOtherKeyAndUpdatesTheirChangedFields() {
        KeyLifecycleEvent rotated = KeyLifecycleEvent.of(KeyLifecycleEvent.Type.ROTATED,
                Instant.parse("2024-05-01T10:00:00Z"), "key_aaaaaaaaaaaaaaaa", "mobile", "alice", "admin")
                .withRelatedKey("key_bbbbbbbbbbbbbbbb");
        KeyLifecycleEvent updated = KeyLifecycleEvent.of(KeyLifecycleEvent.Type.UPDATED,
                Instant.parse("2024-05-01T10:00:00Z"), "key_aaaaaaaaaaaaaaaa", "mobile", "alice", "admin")
                .withChanges(java.util.List.of("description", "expiresAt"));

        String rotatedJson = new String(EventSerdes.keyLifecycleEvent().serialize(TOPIC, rotated), StandardCharsets.UTF_8);
        String updatedJson = new String(EventSerdes.keyLifecycleEvent().serialize(TOPIC, updated), StandardCharsets.UTF_8);

        assertEquals(true, rotatedJson.endsWith("\"actor\":\"admin\",\"relatedKeyId\":\"key_bbbbbbbbbbbbbbbb\"}"),
                rotatedJson);
        assertEquals(true, updatedJson.endsWith("\"actor\":\"admin\",\"changes\":[\"description\",\"expiresAt\"]}"),
                updatedJson);
        assertEquals(rotated, EventSerdes.keyLifecycleEvent().deserialize(TOPIC, rotatedJson.getBytes(StandardCharsets.UTF_8)));
        assertEquals(updated, EventSerdes.keyLifecycleEvent().deserialize(TOPIC, updatedJson.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void ofGivesAFreshTimeOrderedIdAndTheCurrentVersion() {
        Instant now = Instant.now();
        KeyLifecycleEvent event = KeyLifecycleEvent.of(KeyLifecycleEvent.Type.CREATED, now, "key_a", "p", "d", "admin");

        assertEquals(KeyLifecycleEvent.SCHEMA_VERSION, event.schemaVersion());
        assertEquals(now.toEpochMilli(), EventIds.epochMillis(event.eventId()), 1000);
    }

    @Test
    void anEventWithoutKeyIdIsUnreadable() {
        byte[] json = "{\"schemaVersion\":1,\"eventId\":\"x\",\"type\":\"CREATED\",\"time\":\"2024-05-01T10:00:00Z\",\"actor\":\"a\"}"
                .getBytes(StandardCharsets.UTF_8);

        assertThrows(SerializationException.class, () -> EventSerdes.keyLifecycleEvent().deserialize(TOPIC, json));
    }
}
