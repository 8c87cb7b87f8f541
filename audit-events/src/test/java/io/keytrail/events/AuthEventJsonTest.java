package io.keytrail.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** Pins the JSON form of {@link AuthEvent}: subscribers rely on it, so it changes only on purpose. */
class AuthEventJsonTest {
    private final JsonSerde<AuthEvent> serde = EventSerdes.authEvent();

    static AuthEvent success() {
        return new AuthEvent(1, "01937c5e-8a2b-7c3d-9e4f-0123456789ab", AuthEventType.AUTH_SUCCESS,
                Instant.parse("2026-11-23T10:15:30.123456Z"), "req-7f3a", "gw-1", "orders", "/orders",
                "GET", "/orders/42", 200, new AuthEvent.Latency(1834, 1210L),
                new AuthEvent.Client("203.0.113.9", "curl/8.5.0"),
                new AuthEvent.Credential("k_3vQ9", "Ab3d", CredentialLocation.HEADER, List.of(AuthMethod.KEY)),
                "alice", "shop", null);
    }

    static AuthEvent unknownKeyFailure() {
        return new AuthEvent(1, "01937c5e-8a2c-7000-8000-000000000001", AuthEventType.AUTH_FAILURE,
                Instant.parse("2026-11-23T10:15:31Z"), "req-7f3b", "gw-1", "orders", "/orders",
                "POST", "/orders", 401, new AuthEvent.Latency(95, null),
                new AuthEvent.Client("198.51.100.7", null),
                new AuthEvent.Credential(null, "zz9Q", CredentialLocation.HEADER, List.of(AuthMethod.KEY)),
                null, null, FailureReason.UNKNOWN_KEY);
    }

    /** The jwt policy alone: the token names the developer; there is no key, so no key id, hint or location. */
    static AuthEvent jwtOnlySuccess() {
        return new AuthEvent(1, "01937c5e-8a2c-7000-8000-000000000002", AuthEventType.AUTH_SUCCESS,
                Instant.parse("2026-11-23T10:15:32Z"), "req-7f3c", "gw-1", "partners", "/partners",
                "GET", "/partners/feed", 200, new AuthEvent.Latency(310, 250L),
                new AuthEvent.Client("198.51.100.8", null),
                new AuthEvent.Credential(null, null, null, List.of(AuthMethod.JWT)),
                "carol", null, null);
    }

    static AuthEvent identityMismatch() {
        return new AuthEvent(1, "01937c5e-8a2c-7000-8000-000000000003", AuthEventType.AUTH_FAILURE,
                Instant.parse("2026-11-23T10:15:33Z"), "req-7f3d", "gw-1", "orders", "/orders",
                "GET", "/orders/42", 401, new AuthEvent.Latency(120, null),
                new AuthEvent.Client("198.51.100.9", null),
                new AuthEvent.Credential("k_3vQ9", "Ab3d", CredentialLocation.HEADER, List.of(AuthMethod.KEY, AuthMethod.JWT)),
                "alice", "shop", FailureReason.IDENTITY_MISMATCH);
    }

    @Test
    void successSerializesToTheGoldenForm() throws IOException {
        assertEquals(golden("auth-event-success-v1.json"), pretty(success()));
    }

    @Test
    void failureSerializesToTheGoldenForm() throws IOException {
        assertEquals(golden("auth-event-failure-v1.json"), pretty(unknownKeyFailure()));
    }

    @Test
    void goldenFilesReadBackToTheSameEvents() throws IOException {
        assertEquals(success(), serde.deserialize("t", golden("auth-event-success-v1.json").getBytes(StandardCharsets.UTF_8)));
        assertEquals(unknownKeyFailure(), serde.deserialize("t", golden("auth-event-failure-v1.json").getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void serializedEventsMatchThePublishedSchema() {
        JsonSchema schema = schema();
        for (AuthEvent event : List.of(success(), unknownKeyFailure(), jwtOnlySuccess(), identityMismatch())) {
            JsonNode node = Json.mapper().valueToTree(event);
            Set<ValidationMessage> errors = schema.validate(node);
            assertTrue(errors.isEmpty(), () -> event.type() + ": " + errors);
        }
    }

    @Test
    void schemaRejectsAFailureWithoutReasonAndAnUnknownType() {
        JsonSchema schema = schema();
        JsonNode noReason = Json.mapper().valueToTree(unknownKeyFailure());
        ((com.fasterxml.jackson.databind.node.ObjectNode) noReason).remove("reason");
        assertFalse(schema.validate(noReason).isEmpty());
        JsonNode badType = Json.mapper().valueToTree(success());
        ((com.fasterxml.jackson.databind.node.ObjectNode) badType).put("type", "MAYBE");
        assertFalse(schema.validate(badType).isEmpty());
    }

    @Test
    void unknownFieldsAreIgnoredSoTheContractCanGrow() {
        String json = golden("auth-event-success-v1.json").replaceFirst("\\{", "{\"addedLater\":true,");
        assertEquals(success(), serde.deserialize("t", json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void garbageIsASerializationExceptionNamingTheTopic() {
        SerializationException e = assertThrows(SerializationException.class,
                () -> serde.deserialize("keytrail.auth-success", "{not json".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("keytrail.auth-success"), e.getMessage());
    }

    @Test
    void aFailureWithoutReasonCannotBeBuilt() {
        assertThrows(IllegalArgumentException.class, () -> new AuthEvent(1, EventIds.next(),
                AuthEventType.AUTH_FAILURE, Instant.now(), null, null, null, null, null, null, 401,
                null, null, null, null, null, null));
    }

    @Test
    void recordKeyIsTheDeveloperElseTheClientIp() {
        assertEquals("alice", success().partitionKey());
        assertEquals("198.51.100.7", unknownKeyFailure().partitionKey());
    }

    private static JsonSchema schema() {
        InputStream in = AuthEvent.class.getResourceAsStream("schema/auth-event.schema.json");
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
    }

    private static String pretty(AuthEvent event) throws IOException {
        return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(event).replace("\r\n", "\n") + "\n";
    }

    private static String golden(String name) {
        try (InputStream in = AuthEventJsonTest.class.getResourceAsStream("/golden/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
