package io.keytrail.reporting.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.keytrail.events.Json;
import io.keytrail.reporting.support.TestApi;
import io.keytrail.reporting.support.TestApiExtension;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The document describes real routes: every documented method and path, with dummy but valid ids,
 * reaches a handler of the real server rather than the router's "no such route" or its 405.
 */
@ExtendWith(TestApiExtension.class)
class OpenApiRouteCoverageTest {
    /** A valid value for every path parameter the document uses. */
    private static final Map<String, String> DUMMY_IDS = Map.of(
            "project", "coverage-project",
            "developer", "coverage-developer",
            "keyId", "key_0123456789abcdef",
            "file", "main.js");

    private TestApi api;

    @BeforeEach
    void start(TestApi api) {
        this.api = api;
    }

    @TestFactory
    Stream<DynamicTest> everyDocumentedOperationIsARoute() {
        JsonNode doc = OpenApiDocumentTest.document();
        return OpenApiDocumentTest.operations(doc).entrySet().stream().map(operation -> DynamicTest.dynamicTest(
                operation.getKey(), () -> {
                    String method = operation.getKey().substring(0, operation.getKey().indexOf(' '));
                    String path = fill(operation.getKey().substring(method.length() + 1));
                    String body = operation.getValue().has("requestBody") ? "{}" : null;

                    HttpResponse<String> response = api.send(method, path, body, TestApi.TOKEN);

                    String answer = method + " " + path + " answered " + response.statusCode() + " " + response.body();
                    assertNotEquals(405, response.statusCode(), answer);
                    assertFalse(response.statusCode() == 404 && "no such route".equals(message(response)), answer);
                }));
    }

    private static String fill(String template) {
        String path = template;
        for (Map.Entry<String, String> id : DUMMY_IDS.entrySet()) {
            path = path.replace("{" + id.getKey() + "}", id.getValue());
        }
        assertTrue(!path.contains("{"), () -> "no dummy value for a parameter of " + template);
        return path;
    }

    private static String message(HttpResponse<String> response) {
        try {
            return Json.mapper().readTree(response.body()).path("message").asText();
        } catch (IOException e) {
            return "";
        }
    }
}
