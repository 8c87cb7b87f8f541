package io.keytrail.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keytrail.events.AuthEvent;
import io.keytrail.events.AuthEventType;
import io.keytrail.events.AuthMethod;
import io.keytrail.events.CredentialLocation;
import io.keytrail.events.EventSerdes;
import io.keytrail.events.FailureReason;
import io.keytrail.events.JsonSerde;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class InternalSerdesTest {
    private final BinarySerde<AuthEvent> serde = InternalSerdes.authEvent();
    private static final Instant TIME = Instant.parse("2026-11-23T10:15:30.123456789Z");

    @Test
    void everyFieldSurvivesTheRoundTrip() {
        AuthEvent event = new AuthEvent(AuthEvent.SCHEMA_VERSION, "ev-1", AuthEventType.AUTH_FAILURE, TIME, "req-1", "gw-1",
                "orders", "/orders/**", "POST", "/orders/42?x=ü", 429, new AuthEvent.Latency(1234, 567L),
                new AuthEvent.Client("2001:db8::1", "Mozilla/5.0 (X11; 日本語)".repeat(5000)),
                new AuthEvent.Credential("key-1", "AbCd", CredentialLocation.QUERY, List.of(AuthMethod.KEY, AuthMethod.JWT)),
                "dev-1", "proj-1", FailureReason.RATE_LIMITED);
        assertEquals(event, roundTrip(event));
    }

    @Test
    void absentPartsStayAbsent() {
        AuthEvent event = new AuthEvent(AuthEvent.SCHEMA_VERSION, "ev-2", AuthEventType.AUTH_SUCCESS, TIME, null, null,
                null, null, null, null, 200, new AuthEvent.Latency(10, null), null, null, null, null, null);
        assertEquals(event, roundTrip(event));
        AuthEvent partial = new AuthEvent(AuthEvent.SCHEMA_VERSION, "ev-3", AuthEventType.AUTH_FAILURE, TIME, "r", "g",
                "a", "/r", "GET", "/p", 401, null, new AuthEvent.Client(null, null),
                new AuthEvent.Credential(null, null, null, null), null, null, FailureReason.UNKNOWN_KEY);
        assertEquals(partial, roundTrip(partial));
    }

    @Test
    void isMuchSmallerThanJson() {
        AuthEvent event = AuthEvents.success("dev-1", TIME);
        byte[] binary = serde.serialize("t", event);
        byte[] json = EventSerdes.authEvent().serialize("t", event);
        assertTrue(binary.length < json.length * 3 / 4, binary.length + " vs " + json.length);
    }

    @Test
    void readsTheJsonThePreviousReleaseLeftOnTheRepartitionTopics() {
        AuthEvent event = AuthEvents.failure("dev-1", TIME);
        assertEquals(event, serde.deserialize("t", EventSerdes.authEvent().serialize("t", event)));
    }

    @Test
    void refusesWhatItCannotRead() {
        byte[] good = serde.serialize("t", AuthEvents.success("dev-1", TIME));
        assertThrows(SerializationException.class, () -> serde.deserialize("t", Arrays.copyOf(good, good.length / 2)));
        byte[] unknownFormat = good.clone();
        unknownFormat[0] = 9;
        assertThrows(SerializationException.class, () -> serde.deserialize("t", unknownFormat));
        assertNull(serde.deserialize("t", null));
        assertNull(serde.serialize("t", null));
    }

    @Test
    void storeStatesSurviveTheRoundTripAndTheirOldJsonIsStillRead() {
        SeenState seen = new SeenState(TIME, TIME.plusSeconds(5), null, "dev-1", null);
        assertStateRoundTrip(InternalSerdes.seenState(), new JsonSerde<>(SeenState.class), seen);
        assertStateRoundTrip(InternalSerdes.seenState(), new JsonSerde<>(SeenState.class), SeenState.empty());
        AlertCount count = new AlertCount(7, TIME, "dev-1", "proj-1", FailureReason.EXPIRED_KEY);
        assertStateRoundTrip(InternalSerdes.alertCount(), new JsonSerde<>(AlertCount.class), count);
        assertStateRoundTrip(InternalSerdes.alertCount(), new JsonSerde<>(AlertCount.class), AlertCount.empty());
        IpSet ips = new IpSet(new LinkedHashSet<>(List.of("10.0.0.1", "10.0.0.2", "::1")), true, TIME, "dev-1", "proj-1");
        assertStateRoundTrip(InternalSerdes.ipSet(), new JsonSerde<>(IpSet.class), ips);
        assertStateRoundTrip(InternalSerdes.ipSet(), new JsonSerde<>(IpSet.class), IpSet.empty());
    }

    private static <T> void assertStateRoundTrip(BinarySerde<T> binary, JsonSerde<T> json, T value) {
        assertEquals(value, binary.deserialize("t", binary.serialize("t", value)));
        assertEquals(value, binary.deserialize("t", json.serialize("t", value)));
    }

    private AuthEvent roundTrip(AuthEvent event) {
        return serde.deserialize("t", serde.serialize("t", event));
    }
}
