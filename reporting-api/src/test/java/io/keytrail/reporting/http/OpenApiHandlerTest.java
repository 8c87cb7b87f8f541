package io.keytrail.reporting.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.keytrail.reporting.support.TestApi;
import io.keytrail.reporting.support.TestApiExtension;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code GET /openapi.yaml} and {@code GET /openapi.json} on the real server. */
@ExtendWith(TestApiExtension.class)
class OpenApiHandlerTest {
    private TestApi api;

    @BeforeEach
    void start(TestApi api) {
        this.api = api;
    }

    @Test
    void servesTheYamlAsWrittenWithoutAToken() throws Exception {
        HttpResponse<String> response = api.send("GET", "/openapi.yaml", null, null);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/yaml", response.headers().firstValue("Content-Type").orElse(""));
        assertArrayEquals(resource(), response.body().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void servesTheSameDocumentAsJsonWithoutAToken() throws Exception {
        HttpResponse<String> response = api.send("GET", "/openapi.json", null, null);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        JsonNode json = new ObjectMapper().readTree(response.body());
        assertEquals(new YAMLMapper().readTree(resource()), json);
        assertEquals("3.1", json.path("openapi").asText().substring(0, 3));
    }

    @Test
    void aBrokenDocumentStopsStartUp() {
        assertThrows(RuntimeException.class,
                () -> new OpenApiHandler("openapi: [unclosed".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalStateException.class,
                () -> new OpenApiHandler("- a list, not a mapping".getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] resource() throws Exception {
        try (InputStream in = OpenApiHandler.class.getResourceAsStream(OpenApiHandler.RESOURCE)) {
            return in.readAllBytes();
        }
    }
}
