package io.keytrail.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * The direct reader against databind under the contract's mapper: on what gateways write, on the
 * same events in any field order, spacing and with explicit nulls, and on mutated bytes, where the
 * reader may leave anything to databind but must never read something databind reads otherwise
 * or refuses.
 */
class AuthEventReaderTest {
    private static final ObjectMapper DATABIND = Json.mapper();
    private static final String[] TEXTS = {
        null, "", "a", "plain", "/api/v1/items?x=1&y=2", "{\"not\":\"a field\"}", " spaced ", "~!#$%&'()*+,-.:;<=>?@[]^_`{|}",
        "10.0.0.1", "2001:db8::1", "null", "0190f5c2-7a1e-7cc0-8b7e-2f5d1e9a3b4c", "x".repeat(1000),
        "quote \"", "back\\slash", "tab\t", "é", "中文", "\uD83D\uDE00"};
    /** A number databind reads but the reader leaves to it: beyond eighteen digits. */
    private static final Pattern LONG_NUMBER = Pattern.compile("\\d{19}");
    private static final Pattern ESCAPE_OR_NON_ASCII = Pattern.compile("\\\\|[^\\x20-\\x7e]");

    @Test
    void readsWhatGatewaysWriteAsDatabindDoes() throws Exception {
        Random random = new Random(20261207);
        JsonSerde<AuthEvent> serde = EventSerdes.authEvent();
        int direct = 0;
        for (int i = 0; i < 20_000; i++) {
            AuthEvent event = RandomEvents.event(random, RandomEvents.time(random), AuthEventReaderTest::mostlyPlain);
            byte[] json = serde.serialize("t", event);
            AuthEvent read = AuthEventReader.read(json);
            String text = new String(json, StandardCharsets.UTF_8);
            if (LONG_NUMBER.matcher(text).find() || ESCAPE_OR_NON_ASCII.matcher(text).find()) {
                assertNull(read, text);
            } else {
                assertEquals(event, read, text);
                direct++;
            }
            assertEquals(event, DATABIND.readValue(json, AuthEvent.class), text);
            assertEquals(event, serde.deserialize("t", json), text);
        }
        assertTrue(direct > 5_000, "read directly: " + direct);
    }

    @Test
    void readsAnyFieldOrderSpacingAndExplicitNullsAsDatabindDoes() throws Exception {
        Random random = new Random(11);
        int direct = 0;
        for (int i = 0; i < 20_000; i++) {
            AuthEvent event = RandomEvents.event(random, RandomEvents.time(random), r -> plain(r));
            ObjectNode tree = DATABIND.valueToTree(event);
            withNulls(tree, random, "eventId", "type", "time", "requestId", "gatewayNode", "apiId", "route", "method",
                    "path", "latency", "client", "credential", "developerId", "projectId", "reason");
            byte[] json = reformat(tree, random).getBytes(StandardCharsets.UTF_8);
            AuthEvent read = AuthEventReader.read(json);
            String text = new String(json, StandardCharsets.UTF_8);
            if (LONG_NUMBER.matcher(text).find()) {
                assertNull(read, text);
            } else {
                assertEquals(DATABIND.readValue(json, AuthEvent.class), read, text);
                assertEquals(event, read, text);
                direct++;
            }
        }
        assertTrue(direct > 5_000, "read directly: " + direct);
    }

    /** Whatever the reader accepts from mutated input, databind reads the same; the rest is databind's alone. */
    @Test
    void neverReadsMutatedInputOtherwiseThanDatabind() throws Exception {
        Random random = new Random(3);
        byte[] alphabet = "\"\\{}[],: \t0159-.eEnultrfaAx\u007f".getBytes(StandardCharsets.ISO_8859_1);
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < 50_000; i++) {
            AuthEvent event = RandomEvents.event(random, RandomEvents.time(random), r -> plain(r));
            byte[] json = mutate(EventSerdes.authEvent().serialize("t", event), random, alphabet);
            AuthEvent read = AuthEventReader.read(json);
            AuthEvent databind;
            try {
                databind = DATABIND.readValue(json, AuthEvent.class);
            } catch (Exception e) {
                databind = null;
                refused++;
            }
            if (read != null) {
                assertNotNull(databind, () -> "databind refuses what the reader read: " + new String(json,
                        StandardCharsets.ISO_8859_1));
                assertEquals(databind, read, new String(json, StandardCharsets.ISO_8859_1));
                if (!read.equals(event)) {
                    accepted++;
                }
            }
        }
        // Both sides of the property must have been exercised.
        assertTrue(accepted > 500, "mutations read directly with a changed meaning: " + accepted);
        assertTrue(refused > 5_000, "mutations databind refused: " + refused);
    }

    @Test
    void leavesWhatIsNotPlainToDatabind() throws Exception {
        String plain = new String(EventSerdes.authEvent().serialize("t", new AuthEvent(1,
                "0190f5c2-7a1e-7cc0-8b7e-2f5d1e9a3b4c", AuthEventType.AUTH_SUCCESS,
                Instant.parse("2026-12-07T10:15:30.123Z"), "r1", "gw-1", "orders", "/orders", "GET", "/orders/7", 200,
                new AuthEvent.Latency(1500, 1200L), new AuthEvent.Client("10.0.0.1", "curl/8"),
                new AuthEvent.Credential("k1", "ab12", CredentialLocation.HEADER, List.of(AuthMethod.KEY)), "alice",
                "demo", null)), StandardCharsets.UTF_8);
        assertNotNull(AuthEventReader.read(plain.getBytes(StandardCharsets.UTF_8)));
        Map<String, String> variants = Map.ofEntries(
                Map.entry("unknown field", plain.replace("{\"schemaVersion\"", "{\"extra\":{\"a\":[1]},\"schemaVersion\"")),
                Map.entry("repeated field", plain.replace("\"apiId\":\"orders\"", "\"apiId\":\"orders\",\"apiId\":\"users\"")),
                Map.entry("escape", plain.replace("/orders/7", "/orders\\/7")),
                Map.entry("non-ASCII", plain.replace("curl/8", "curl/é")),
                Map.entry("number as text", plain.replace("\"status\":200", "\"status\":\"200\"")),
                Map.entry("text as number", plain.replace("\"apiId\":\"orders\"", "\"apiId\":7")),
                Map.entry("fraction", plain.replace("\"totalMicros\":1500", "\"totalMicros\":1500.0")),
                Map.entry("leading zero", plain.replace("\"totalMicros\":1500", "\"totalMicros\":01500")),
                Map.entry("time with offset", plain.replace("10:15:30.123Z", "11:15:30.123+01:00")),
                Map.entry("lower-case constant", plain.replace("\"HEADER\"", "\"header\"")),
                Map.entry("missing status", plain.replace(",\"status\":200", "")),
                Map.entry("trailing content", plain + " {}"));
        for (Map.Entry<String, String> v : variants.entrySet()) {
            byte[] json = v.getValue().getBytes(StandardCharsets.UTF_8);
            assertNull(AuthEventReader.read(json), v.getKey());
            Object databind;
            try {
                databind = DATABIND.readValue(json, AuthEvent.class);
            } catch (Exception e) {
                databind = e.getClass();
            }
            Object serde;
            try {
                serde = EventSerdes.authEvent().deserialize("t", json);
            } catch (SerializationException e) {
                serde = e.getCause().getClass();
            }
            assertEquals(databind, serde, v.getKey());
        }
    }

    /** Databind refuses texts longer than its read constraints allow; the reader leaves them to it. */
    @Test
    void leavesTextsBeyondDatabindsLimitToDatabind() throws Exception {
        int max = DATABIND.getFactory().streamReadConstraints().getMaxStringLength();
        String prefix = "{\"schemaVersion\":1,\"eventId\":\"e\",\"type\":\"AUTH_SUCCESS\","
                + "\"time\":\"2026-12-07T10:15:30Z\",\"status\":200,\"path\":\"";
        byte[] longest = (prefix + "a".repeat(max) + "\"}").getBytes(StandardCharsets.US_ASCII);
        assertEquals(DATABIND.readValue(longest, AuthEvent.class), AuthEventReader.read(longest));
        byte[] tooLong = (prefix + "a".repeat(max + 1) + "\"}").getBytes(StandardCharsets.US_ASCII);
        assertNull(AuthEventReader.read(tooLong));
        assertThrows(SerializationException.class, () -> EventSerdes.authEvent().deserialize("t", tooLong));
    }

    /** A record its constructor refuses fails as databind fails it, which InputCheck tells apart by the cause. */
    @Test
    void aRefusedRecordFailsAsInDatabind() {
        String failureWithoutReason = "{\"schemaVersion\":1,\"eventId\":\"e\",\"type\":\"AUTH_FAILURE\","
                + "\"time\":\"2026-12-07T10:15:30Z\",\"status\":401,\"latency\":{\"totalMicros\":5}}";
        byte[] json = failureWithoutReason.getBytes(StandardCharsets.UTF_8);
        assertNull(AuthEventReader.read(json));
        SerializationException e = assertThrows(SerializationException.class,
                () -> EventSerdes.authEvent().deserialize("t", json));
        assertInstanceOf(ValueInstantiationException.class, e.getCause());
        assertInstanceOf(IllegalArgumentException.class, e.getCause().getCause());
    }

    private static String text(Random random) {
        return TEXTS[random.nextInt(TEXTS.length)];
    }

    /** A tenth of the texts from all of {@link #TEXTS}, as gateways write now and then. */
    private static String mostlyPlain(Random random) {
        return random.nextInt(10) == 0 ? text(random) : plain(random);
    }

    /** A text the reader reads itself (no escapes, ASCII). */
    private static String plain(Random random) {
        String text = text(random);
        return text == null || ESCAPE_OR_NON_ASCII.matcher(text).find() || text.contains("\"") ? "plain" : text;
    }

    /** Absent members of {@code tree} and its objects written as explicit nulls, now and then. */
    private static void withNulls(ObjectNode tree, Random random, String... fields) {
        for (String field : fields) {
            if (!tree.has(field) && random.nextBoolean()) {
                tree.putNull(field);
            }
        }
        if (tree.get("latency") instanceof ObjectNode latency && !latency.has("upstreamMicros") && random.nextBoolean()) {
            latency.putNull("upstreamMicros");
        }
        if (tree.get("client") instanceof ObjectNode client) {
            withNulls(client, random, "ip", "userAgent");
        }
        if (tree.get("credential") instanceof ObjectNode credential) {
            withNulls(credential, random, "keyId", "keyHint", "location", "methods");
        }
    }

    /** {@code node} as JSON with its object members shuffled and random JSON whitespace between tokens. */
    private static String reformat(JsonNode node, Random random) {
        StringBuilder out = new StringBuilder();
        write(node, random, out);
        return out.toString();
    }

    private static void write(JsonNode node, Random random, StringBuilder out) {
        space(random, out);
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> members = new ArrayList<>();
            node.fields().forEachRemaining(members::add);
            Collections.shuffle(members, random);
            out.append('{');
            space(random, out);
            for (int i = 0; i < members.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                space(random, out);
                out.append('"').append(members.get(i).getKey()).append('"');
                space(random, out);
                out.append(':');
                write(members.get(i).getValue(), random, out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(node.get(i), random, out);
            }
            space(random, out);
            out.append(']');
        } else {
            out.append(node);
        }
        space(random, out);
    }

    private static void space(Random random, StringBuilder out) {
        while (random.nextInt(4) == 0) {
            out.append(" \t\r\n".charAt(random.nextInt(4)));
        }
    }

    /** One to three bytes replaced, inserted or removed at random places. */
    private static byte[] mutate(byte[] json, Random random, byte[] alphabet) {
        byte[] bytes = json;
        for (int n = 1 + random.nextInt(3); n > 0; n--) {
            int at = random.nextInt(bytes.length);
            byte b = alphabet[random.nextInt(alphabet.length)];
            bytes = switch (random.nextInt(3)) {
                case 0 -> {
                    byte[] copy = bytes.clone();
                    copy[at] = b;
                    yield copy;
                }
                case 1 -> {
                    byte[] copy = new byte[bytes.length + 1];
                    System.arraycopy(bytes, 0, copy, 0, at);
                    copy[at] = b;
                    System.arraycopy(bytes, at, copy, at + 1, bytes.length - at);
                    yield copy;
                }
                default -> {
                    byte[] copy = new byte[bytes.length - 1];
                    System.arraycopy(bytes, 0, copy, 0, at);
                    System.arraycopy(bytes, at + 1, copy, at, bytes.length - at - 1);
                    yield copy;
                }
            };
        }
        return bytes;
    }
}
