package io.keytrail.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The hand-written AuthEvent writer against databind's own output under the contract's settings:
 * every absent field, every enum value, escapes, and times of every precision must come out byte
 * for byte the same, and read back to the same event.
 */
class AuthEventSerializerTest {
    private static final ObjectMapper DATABIND = Json.contract(new ObjectMapper());
    private static final String[] TEXTS = {
        null, "", "plain", "quote \" and backslash \\", "control \u0001\t\n\u001f", "é ü ß 中文", "emoji \uD83D\uDE00",
        "lone surrogate \uD800 end", "</script>", "x".repeat(300)};
    private static final Instant[] TIMES = {
        Instant.parse("2026-11-23T10:15:30Z"), Instant.parse("2026-11-23T10:15:30.100Z"),
        Instant.parse("2026-11-23T10:15:30.123456Z"), Instant.parse("2026-11-23T10:15:30.123456789Z"),
        Instant.EPOCH, Instant.parse("1999-12-31T23:59:59.999Z"), Instant.parse("+12026-01-01T00:00:00Z")};

    @Test
    void writesWhatDatabindWritesForEveryShapeOfEvent() throws JsonProcessingException {
        Random random = new Random(20261207);
        List<AuthEvent> events = new ArrayList<>();
        for (AuthEventType type : AuthEventType.values()) {
            for (FailureReason reason : FailureReason.values()) {
                events.add(event(random, type, type == AuthEventType.AUTH_FAILURE ? reason : null));
            }
        }
        for (int i = 0; i < 2_000; i++) {
            AuthEventType type = random.nextBoolean() ? AuthEventType.AUTH_SUCCESS : AuthEventType.AUTH_FAILURE;
            FailureReason reason = type == AuthEventType.AUTH_FAILURE
                    ? FailureReason.values()[random.nextInt(FailureReason.values().length)] : null;
            events.add(event(random, type, reason));
        }
        JsonSerde<AuthEvent> serde = EventSerdes.authEvent();
        for (AuthEvent event : events) {
            String expected = DATABIND.writeValueAsString(event);
            assertSame(expected, Json.mapper().writeValueAsString(event));
            // Bytes, not strings: a lone surrogate has no UTF-8 form, and decoding would hide how each wrote it.
            assertArrayEquals(DATABIND.writeValueAsBytes(event), serde.serialize("t", event));
            assertEquals(event, serde.deserialize("t", serde.serialize("t", event)));
        }
    }

    @Test
    void everyCredentialLocationAndMethodListIsWrittenAsDatabindWritesIt() throws JsonProcessingException {
        Random random = new Random(7);
        for (CredentialLocation location : CredentialLocation.values()) {
            for (List<AuthMethod> methods : List.of(List.<AuthMethod>of(), List.of(AuthMethod.KEY), List.of(AuthMethod.JWT),
                    List.of(AuthMethod.KEY, AuthMethod.JWT))) {
                AuthEvent event = new AuthEvent(1, EventIds.next(), AuthEventType.AUTH_SUCCESS, Instant.now(), "r", "gw",
                        "api", "/api", "GET", "/api/x", 200, new AuthEvent.Latency(random.nextInt(1_000_000), null),
                        new AuthEvent.Client("10.0.0.1", null), new AuthEvent.Credential("k", null, location, methods),
                        "dev", null, null);
                assertSame(DATABIND.writeValueAsString(event), Json.mapper().writeValueAsString(event));
            }
        }
    }

    /** Equal strings, or a failure that shows where they part. */
    private static void assertSame(String expected, String actual) {
        int at = 0;
        while (at < expected.length() && at < actual.length() && expected.charAt(at) == actual.charAt(at)) {
            at++;
        }
        if (at < expected.length() || at < actual.length()) {
            int from = Math.max(0, at - 40);
            fail("differs at " + at + ": expected ..." + expected.substring(from, Math.min(expected.length(), at + 40))
                    + "... but was ..." + actual.substring(from, Math.min(actual.length(), at + 40)) + "...");
        }
    }

    private static AuthEvent event(Random random, AuthEventType type, FailureReason reason) {
        AuthEvent.Latency latency = random.nextInt(4) == 0 ? null
                : new AuthEvent.Latency(random.nextInt(4) == 0 ? 0 : Math.abs(random.nextLong()) % 10_000_000_000L,
                        random.nextBoolean() ? null : (long) random.nextInt(Integer.MAX_VALUE));
        AuthEvent.Client client = RandomEvents.client(random, AuthEventSerializerTest::text);
        AuthEvent.Credential credential = RandomEvents.credential(random, AuthEventSerializerTest::text);
        return new AuthEvent(random.nextInt(3), EventIds.next(), type, TIMES[random.nextInt(TIMES.length)],
                text(random), text(random), text(random), text(random), text(random), text(random),
                random.nextInt(1000) - 1, latency, client, credential, text(random), text(random), reason);
    }

    private static String text(Random random) {
        return TEXTS[random.nextInt(TEXTS.length)];
    }
}
