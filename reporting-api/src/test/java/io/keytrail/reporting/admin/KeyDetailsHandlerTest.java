package io.keytrail.reporting.admin;

import static io.keytrail.reporting.support.TestApi.TOKEN;
import static io.keytrail.reporting.support.TestApi.assertError;
import static io.keytrail.reporting.support.TestApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.keytrail.reporting.support.TestApi;
import io.keytrail.reporting.support.TestApiExtension;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(TestApiExtension.class)
class KeyDetailsHandlerTest {
    private static final String BODY = "{\"developer\":\"alice\",\"description\":\"Key for Mobile App Access\"}";

    private TestApi api;

    @BeforeEach
    void start(TestApi api) {
        this.api = api;
    }

    @Test
    void answersTheMetadataWithoutTheKey() {
        JsonNode issued = json(api.createKey("mobile", BODY));
        String keyId = issued.path("keyId").asText();

        HttpResponse<String> response = api.get("/admin/keys/" + keyId);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        JsonNode body = json(response);
        assertEquals(keyId, body.path("keyId").asText());
        assertEquals("mobile", body.path("project").asText());
        assertEquals("alice", body.path("developer").asText());
        assertEquals("Key for Mobile App Access", body.path("description").asText());
        assertEquals("ACTIVE", body.path("status").asText());
        assertEquals(issued.path("createdAt").asText(), body.path("createdAt").asText());
        assertEquals(issued.path("keyHint").asText(), body.path("keyHint").asText());
        assertTrue(body.path("expiresAt").isMissingNode(), "a key without expiry has no expiresAt");
        java.util.Set<String> fields = new java.util.TreeSet<>();
        body.fieldNames().forEachRemaining(fields::add);
        assertEquals(new java.util.TreeSet<>(java.util.Set.of("keyId", "project", "developer", "description", "status",
                "keyHint", "createdAt", "updatedAt", "allowedApis", "imported", "version")), fields, response.body());
        assertFalse(response.body().contains(issued.path("key").asText()), "the key itself was answered");
    }

    @Test
    void anUnknownKeyIsNotFoundByName() {
        String message = assertError(api.get("/admin/keys/key_0000000000000000"), 404, "NOT_FOUND");

        assertTrue(message.contains("key_0000000000000000"), message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nope", "key_", "key_ABCDEFGHIJKLMNOP", "key_000000000000000", "key_00000000000000000",
            "KEY_0000000000000000", "key_00000000%20000000", "key_0000000000000000.json"})
    void aMalformedKeyIdIsABadRequest(String keyId) {
        String message = assertError(api.get("/admin/keys/" + keyId), 400, "BAD_REQUEST");

        assertTrue(message.startsWith("key id must be"), message);
    }

    @Test
    void withoutTheAdminTokenNothingIsAnswered() {
        String keyId = json(api.createKey("mobile", BODY)).path("keyId").asText();

        assertError(api.send("GET", "/admin/keys/" + keyId, null, null), 401, "UNAUTHORIZED");
        assertError(api.send("GET", "/admin/keys/" + keyId, null, TOKEN + "x"), 401, "UNAUTHORIZED");
        // The token is checked before the id, so a stranger cannot probe the id rule either.
        assertError(api.send("GET", "/admin/keys/nope", null, null), 401, "UNAUTHORIZED");
    }
}
