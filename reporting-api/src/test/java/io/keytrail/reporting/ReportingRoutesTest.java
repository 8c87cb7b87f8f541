package io.keytrail.reporting;

import static io.keytrail.reporting.support.TestApi.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keytrail.reporting.support.TestApi;
import io.keytrail.reporting.support.TestApiExtension;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestApiExtension.class)
class ReportingRoutesTest {
    private TestApi api;

    @BeforeEach
    void start(TestApi api) {
        this.api = api;
    }

    @Test
    void healthNeedsNoToken() {
        HttpResponse<String> response = api.send("GET", "/health", null, null);

        assertEquals(200, response.statusCode());
        assertEquals("{\"status\":\"UP\"}", response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
    }

    @Test
    void unknownRoutesAreNotFound() {
        assertError(api.send("GET", "/nope", null, null), 404, "NOT_FOUND");
        assertError(api.send("GET", "/health/", null, null), 404, "NOT_FOUND");
        assertError(api.send("POST", "/admin/projects/p/keys/extra", "{}", TestApi.TOKEN), 404, "NOT_FOUND");
    }

    @Test
    void wrongMethodsAreNotAllowed() {
        assertError(api.send("PUT", "/admin/projects/p/keys", "{}", TestApi.TOKEN), 405, "METHOD_NOT_ALLOWED");
        assertError(api.send("PUT", "/admin/keys/key_aaaaaaaaaaaaaaaa", "{}", TestApi.TOKEN), 405, "METHOD_NOT_ALLOWED");
        assertError(api.send("GET", "/admin/keys/key_aaaaaaaaaaaaaaaa/rotate", null, TestApi.TOKEN), 405,
                "METHOD_NOT_ALLOWED");
        assertError(api.send("DELETE", "/health", null, null), 405, "METHOD_NOT_ALLOWED");
        assertError(api.send("POST", "/reports/developers/alice/usage", "{}", TestApi.TOKEN), 405, "METHOD_NOT_ALLOWED");
    }

    @Test
    void everyAnswerCarriesARequestId() {
        HttpResponse<String> generated = api.send("GET", "/nope", null, null);
        assertTrue(generated.headers().firstValue("X-Request-Id").orElse("").length() >= 32);
    }

    @Test
    void unexpectedFailuresAreA500WithoutInternals() {
        api.closeDatabase();

        HttpResponse<String> response = api.get("/reports/developers/alice/usage");

        String message = assertError(response, 500, "INTERNAL_ERROR");
        String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
        assertTrue(message.contains(requestId), message);
    }
}
