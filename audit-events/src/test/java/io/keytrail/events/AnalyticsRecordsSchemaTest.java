package io.keytrail.events;

import static io.keytrail.events.KeyRecordSchemaTest.tree;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Pins the JSON form of what audit-streams publishes (usage windows, alerts, last-seen, dead
 * letters) and holds each to its JSON Schema: reports and alerting read them, so they change only
 * on purpose.
 */
class AnalyticsRecordsSchemaTest {
    private static final Instant T = Instant.parse("2026-11-23T10:15:00Z");

    static UsageWindow fullWindow() {
        return new UsageWindow(1, "alice", T, T.plusSeconds(60), 41, 3, T.plusSeconds(59), "key_3vq9x2m7c4b8n1zt",
                "shop", T.plusMillis(120), Map.of(FailureReason.REVOKED_KEY, 2L, FailureReason.RATE_LIMITED, 1L),
                Map.of("2xx", 40L, "4xx", 3L, "5xx", 1L),
                List.of(new UsageWindow.ApiCount("orders", "/orders", 30, 3), new UsageWindow.ApiCount("catalog", "/items", 11, 0)),
                List.of(new UsageWindow.EndpointCount("GET", "orders", "/orders", 25),
                        new UsageWindow.EndpointCount("GET", "catalog", "/items", 11),
                        new UsageWindow.EndpointCount("POST", "orders", "/orders", 8)),
                new UsageWindow.LatencySummary(850, 2400, 9100, 12000, new byte[] {5, 1, 15, 0}),
                new UsageWindow.DistinctCount(3, new byte[] {2, 1, 7, 12}));
    }

    static Alert ipBurst() {
        return new Alert(1, Alert.id(Alert.Type.FAILURE_BURST_IP, "198.51.100.7", T), Alert.Type.FAILURE_BURST_IP,
                Alert.SubjectType.CLIENT_IP, "198.51.100.7", T, T.plusSeconds(60), 50, 50, T.plusSeconds(12), null, null, null);
    }

    static Alert deadKey() {
        return new Alert(1, Alert.id(Alert.Type.DEAD_KEY_USED, "key_3vq9x2m7c4b8n1zt", T), Alert.Type.DEAD_KEY_USED,
                Alert.SubjectType.KEY, "key_3vq9x2m7c4b8n1zt", T, T.plusSeconds(3600), 1, 1, T.plusSeconds(7),
                FailureReason.REVOKED_KEY, "alice", "shop");
    }

    static LastSeen keySeen() {
        return new LastSeen(1, LastSeen.SubjectType.KEY, "key_3vq9x2m7c4b8n1zt", "alice", "shop",
                Instant.parse("2026-10-01T08:00:00Z"), T.plusSeconds(59), T.plusSeconds(40));
    }

    static DeadLetter deadLetter() {
        return new DeadLetter(1, DeadLetter.Reason.UNKNOWN_SCHEMA_VERSION, "schemaVersion 2 is not known (1 is)",
                "keytrail.auth-success", 2, 1234, T, "alice", 19, "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void usageWindowHasItsGoldenFormAndReadsBack() {
        assertGolden("usage-window-v1.json", EventSerdes.usageWindow(), fullWindow());
        UsageWindow back = EventSerdes.usageWindow().deserialize("t",
                KeyRecordSchemaTest.golden("usage-window-v1.json").getBytes(StandardCharsets.UTF_8));
        assertEquals(fullWindow().failures(), back.failures());
        assertEquals(fullWindow().apis(), back.apis());
        assertEquals(fullWindow().topEndpoints(), back.topEndpoints());
        assertArrayEquals(fullWindow().latency().sketch(), back.latency().sketch());
        assertArrayEquals(fullWindow().clientIps().sketch(), back.clientIps().sketch());
        assertEquals("key_3vq9x2m7c4b8n1zt|2026-11-23T10:15:00Z|PT1M", back.key());
    }

    @Test
    void aWindowOfTheFirstFormStillReadsAndValidates() {
        String first = "{\"schemaVersion\":1,\"developerId\":\"alice\",\"windowStart\":\"2026-11-23T10:15:00Z\","
                + "\"windowEnd\":\"2026-11-23T10:16:00Z\",\"success\":4,\"failure\":1,\"lastEventTime\":\"2026-11-23T10:15:59Z\"}";
        UsageWindow window = EventSerdes.usageWindow().deserialize("t", first.getBytes(StandardCharsets.UTF_8));
        assertEquals(new UsageWindow(1, "alice", T, T.plusSeconds(60), 4, 1, T.plusSeconds(59)), window);
        assertNull(window.latency());
        assertEquals("alice|2026-11-23T10:15:00Z|PT1M", window.key());
        assertValid(schema("usage-window"), tree(first.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void usageWindowSchemaRejectsWhatCannotBeRight() {
        JsonSchema schema = schema("usage-window");
        byte[] json = EventSerdes.usageWindow().serialize("t", fullWindow());
        assertInvalid(schema, json, j -> j.put("success", -1));
        assertInvalid(schema, json, j -> j.remove("developerId"));
        assertInvalid(schema, json, j -> ((ObjectNode) j.get("failures")).put("TIRED", 1));
        assertInvalid(schema, json, j -> ((ObjectNode) j.get("statusClasses")).put("6xx", 1));
        assertInvalid(schema, json, j -> ((ObjectNode) j.get("latency")).remove("sketch"));
        assertInvalid(schema, json, j -> ((ArrayNode) j.get("apis")).addObject().put("apiId", "x"));
        assertInvalid(schema, json, j -> j.put("schemaVersion", 2));
    }

    @Test
    void alertHasItsGoldenFormAndSchema() {
        assertGolden("alert-failure-burst-ip-v1.json", EventSerdes.alert(), ipBurst());
        assertGolden("alert-dead-key-v1.json", EventSerdes.alert(), deadKey());
        assertEquals(deadKey(), EventSerdes.alert().deserialize("t",
                KeyRecordSchemaTest.golden("alert-dead-key-v1.json").getBytes(StandardCharsets.UTF_8)));
        JsonSchema schema = schema("alert");
        byte[] json = EventSerdes.alert().serialize("t", deadKey());
        assertInvalid(schema, json, j -> j.put("type", "SUSPICIOUS"));
        assertInvalid(schema, json, j -> j.put("reason", "UNKNOWN_KEY"));
        assertInvalid(schema, json, j -> j.remove("subject"));
        assertInvalid(schema, json, j -> j.put("observed", 0));
    }

    @Test
    void lastSeenHasItsGoldenFormAndSchema() {
        assertGolden("last-seen-key-v1.json", EventSerdes.lastSeen(), keySeen());
        assertEquals(keySeen(), EventSerdes.lastSeen().deserialize("t",
                KeyRecordSchemaTest.golden("last-seen-key-v1.json").getBytes(StandardCharsets.UTF_8)));
        assertEquals("key:key_3vq9x2m7c4b8n1zt", keySeen().key());
        JsonSchema schema = schema("last-seen");
        byte[] json = EventSerdes.lastSeen().serialize("t", keySeen());
        assertInvalid(schema, json, j -> j.put("subjectType", "PROJECT"));
        assertInvalid(schema, json, j -> j.remove("lastSeen"));
    }

    @Test
    void deadLetterHasItsGoldenFormAndSchema() {
        assertGolden("dead-letter-v1.json", EventSerdes.deadLetter(), deadLetter());
        DeadLetter back = EventSerdes.deadLetter().deserialize("t",
                KeyRecordSchemaTest.golden("dead-letter-v1.json").getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(deadLetter().value(), back.value());
        assertEquals("keytrail.auth-success-2@1234", DeadLetter.key("keytrail.auth-success", 2, 1234));
        JsonSchema schema = schema("dead-letter");
        byte[] json = EventSerdes.deadLetter().serialize("t", deadLetter());
        assertInvalid(schema, json, j -> j.put("reason", "BAD"));
        assertInvalid(schema, json, j -> j.put("detail", "x".repeat(501)));
        assertInvalid(schema, json, j -> j.remove("offset"));
    }

    @Test
    void newTopicsAreCreatedWithTheRightPolicy() {
        Topics topics = Topics.withDefaultPrefix();
        var definitions = topics.definitions(3, (short) 1, java.time.Duration.ofDays(7));
        Map<String, String> policy = new java.util.HashMap<>();
        definitions.forEach(t -> policy.put(t.name(), t.configs().get("cleanup.policy")));
        assertEquals("compact", policy.get("keytrail.key-usage"));
        assertEquals("compact", policy.get("keytrail.last-seen"));
        assertEquals("delete", policy.get("keytrail.audit-dlq"));
        assertEquals("delete", policy.get("keytrail.alerts"));
    }

    private static <T> void assertGolden(String name, JsonSerde<T> serde, T value) {
        String actual = KeyRecordSchemaTest.pretty(serde.serialize("t", value));
        InputStream in = AnalyticsRecordsSchemaTest.class.getResourceAsStream("/golden/" + name);
        if (in == null && Boolean.getBoolean("golden.write")) {
            // A new record form: -Dgolden.write=true writes it once, to be reviewed and committed.
            try {
                java.nio.file.Files.writeString(java.nio.file.Path.of("src/test/resources/golden", name), actual);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        assertTrue(in != null, () -> "no golden file " + name + "; the form is:\n" + actual);
        assertEquals(KeyRecordSchemaTest.golden(name), actual);
        String schemaName = name.replaceFirst("(-failure-burst-ip|-dead-key|-key)?-v1\\.json$", "");
        assertValid(schema(schemaName), tree(serde.serialize("t", value)));
    }

    private static void assertValid(JsonSchema schema, JsonNode json) {
        Set<ValidationMessage> errors = schema.validate(json);
        assertTrue(errors.isEmpty(), () -> json + ": " + errors);
    }

    private static void assertInvalid(JsonSchema schema, byte[] valid, Consumer<ObjectNode> change) {
        ObjectNode json = (ObjectNode) tree(valid);
        assertValid(schema, json.deepCopy());
        change.accept(json);
        assertFalse(schema.validate(json).isEmpty(), () -> "schema accepted " + json);
    }

    private static JsonSchema schema(String name) {
        InputStream in = UsageWindow.class.getResourceAsStream("schema/" + name + ".schema.json");
        assertTrue(in != null, "no schema " + name);
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        return factory.getSchema(in);
    }
}
