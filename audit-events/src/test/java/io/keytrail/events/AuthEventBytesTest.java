package io.keytrail.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The direct writer against databind's own output under the contract's settings, on the events
 * it writes (texts that need no escaping, four-digit years) and on the ones it must leave to
 * Jackson. {@link AuthEventSerializerTest} covers the serde as a whole with every kind of text.
 */
class AuthEventBytesTest {
    private static final ObjectMapper DATABIND = Json.contract(new ObjectMapper());
    /** Printable ASCII without quote and backslash, the '/' that Jackson could escape, and the range's edges. */
    private static final String[] SAFE = {
        null, "", "a", "plain", "/api/v1/items?x=1&y=2", "</script>", " leading and trailing ", "~!#$%&'()*+,-.:;<=>?@[]^_`{|}",
        "10.0.0.1", "2001:db8::1", "0190f5c2-7a1e-7cc0-8b7e-2f5d1e9a3b4c", "x".repeat(1000)};
    private static final String[] UNSAFE = {
        "quote \"", "back\\slash", "tab\t", "nul\u0000", "unit\u001f", "del\u007f", "é", "中文", "\uD83D\uDE00", "\uD800"};

    @Test
    void writesWhatDatabindWritesForEventsWithoutEscapes() throws Exception {
        Random random = new Random(20261207);
        int written = 0;
        for (int i = 0; i < 20_000; i++) {
            AuthEvent event = event(random, time(random));
            byte[] direct = AuthEventBytes.write(event);
            assertNotNull(direct, () -> "not written directly: " + event);
            assertArrayEquals(DATABIND.writeValueAsBytes(event), direct,
                    () -> "for " + event + "\n" + new String(direct, StandardCharsets.UTF_8));
            written++;
        }
        assertEquals(20_000, written);
    }

    @Test
    void leavesEveryTextThatNeedsEscapingToJackson() throws Exception {
        Random random = new Random(7);
        JsonSerde<AuthEvent> serde = EventSerdes.authEvent();
        for (int field = 0; field < 13; field++) {
            for (String unsafe : UNSAFE) {
                AuthEvent event = withText(event(random, Instant.parse("2026-12-07T10:15:30.123Z")), field, unsafe);
                assertNull(AuthEventBytes.write(event), () -> "written directly: " + event);
                assertArrayEquals(DATABIND.writeValueAsBytes(event), serde.serialize("t", event));
            }
        }
    }

    @Test
    void leavesYearsOutsideFourDigitsToJackson() throws Exception {
        JsonSerde<AuthEvent> serde = EventSerdes.authEvent();
        for (Instant time : List.of(Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-12-31T23:59:59Z"),
                Instant.MAX, Instant.MIN)) {
            AuthEvent event = event(new Random(1), time);
            assertNull(AuthEventBytes.write(event));
            assertArrayEquals(DATABIND.writeValueAsBytes(event), serde.serialize("t", event));
        }
        for (Instant time : List.of(Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999999999Z"),
                Instant.EPOCH, Instant.parse("1969-12-31T23:59:59.000001Z"), Instant.parse("2024-02-29T12:00:00.5Z"))) {
            AuthEvent event = event(new Random(1), time);
            assertArrayEquals(DATABIND.writeValueAsBytes(event), AuthEventBytes.write(event), time::toString);
        }
    }

    private static AuthEvent event(Random random, Instant time) {
        return RandomEvents.event(random, time, AuthEventBytesTest::safe);
    }

    private static Instant time(Random random) {
        return RandomEvents.time(random);
    }

    private static String safe(Random random) {
        return SAFE[random.nextInt(SAFE.length)];
    }

    /** The event with its {@code field}th text (in contract order) replaced. */
    private static AuthEvent withText(AuthEvent e, int field, String text) {
        AuthEvent.Client client = e.client() == null ? new AuthEvent.Client(null, null) : e.client();
        AuthEvent.Credential credential = e.credential() == null
                ? new AuthEvent.Credential(null, null, null, List.of()) : e.credential();
        return new AuthEvent(e.schemaVersion(), field == 0 ? text : e.eventId(), e.type(), e.time(),
                field == 1 ? text : e.requestId(), field == 2 ? text : e.gatewayNode(), field == 3 ? text : e.apiId(),
                field == 4 ? text : e.route(), field == 5 ? text : e.method(), field == 6 ? text : e.path(), e.status(),
                e.latency(),
                field == 7 ? new AuthEvent.Client(text, client.userAgent())
                        : field == 8 ? new AuthEvent.Client(client.ip(), text) : e.client(),
                field == 9 ? new AuthEvent.Credential(text, credential.keyHint(), credential.location(), credential.methods())
                        : field == 10 ? new AuthEvent.Credential(credential.keyId(), text, credential.location(),
                                credential.methods()) : e.credential(),
                field == 11 ? text : e.developerId(), field == 12 ? text : e.projectId(), e.reason());
    }
}
