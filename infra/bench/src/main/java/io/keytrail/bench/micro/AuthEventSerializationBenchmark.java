package io.keytrail.bench.micro;

import io.keytrail.events.AuthEvent;
import io.keytrail.events.AuthEventType;
import io.keytrail.events.AuthMethod;
import io.keytrail.events.CredentialLocation;
import io.keytrail.events.EventIds;
import io.keytrail.events.EventSerdes;
import io.keytrail.events.JsonSerde;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Building and serializing the audit event every request produces, minting its id, and reading it back as its consumers do. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AuthEventSerializationBenchmark {
    private final JsonSerde<AuthEvent> serde = EventSerdes.authEvent();
    private final AuthEvent event = event();
    private final com.fasterxml.jackson.databind.ObjectWriter jackson = io.keytrail.events.Json.mapper().writerFor(AuthEvent.class);
    private final com.fasterxml.jackson.databind.ObjectReader jacksonReader = io.keytrail.events.Json.mapper().readerFor(AuthEvent.class);
    private final byte[] json = serde.serialize("keytrail.auth-success", event);

    @Benchmark
    public byte[] serializeAuthEvent() {
        return serde.serialize("keytrail.auth-success", event);
    }

    /** The same event through Jackson (the contract mapper's hand-written serializer): what the serde does for events that need escaping. */
    @Benchmark
    public byte[] serializeAuthEventWithJackson() throws com.fasterxml.jackson.core.JsonProcessingException {
        return jackson.writeValueAsBytes(event);
    }

    /** What audit-streams and reporting-api do once per event. */
    @Benchmark
    public AuthEvent deserializeAuthEvent() {
        return serde.deserialize("keytrail.auth-success", json);
    }

    /** The same bytes through Jackson: what the serde does for events it leaves to the mapper. */
    @Benchmark
    public AuthEvent deserializeAuthEventWithJackson() throws java.io.IOException {
        return jacksonReader.readValue(json);
    }

    @Benchmark
    public String eventId() {
        return EventIds.next();
    }

    @Benchmark
    public byte[] buildAndSerializeAuthEvent() {
        return serde.serialize("keytrail.auth-success", event());
    }

    static AuthEvent event() {
        return new AuthEvent(AuthEvent.SCHEMA_VERSION, EventIds.next(), AuthEventType.AUTH_SUCCESS, Instant.now(),
                "01937c5e-8a2b-7c3d-9e4f-0123456789ab", "gw-1", "orders", "/orders", "GET", "/orders/42", 200,
                new AuthEvent.Latency(1834, 1210L), new AuthEvent.Client("203.0.113.9", "curl/8.5.0"),
                new AuthEvent.Credential("key_3vq9xk2m", "Ab3d", CredentialLocation.HEADER, List.of(AuthMethod.KEY)),
                "alice", "shop", null);
    }
}
