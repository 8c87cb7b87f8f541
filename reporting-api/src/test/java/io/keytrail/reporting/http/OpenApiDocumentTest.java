package io.keytrail.reporting.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Holds {@code openapi.yaml} to the structure of an OpenAPI 3.1 document, keeps its references
 * inside the document, and checks the promises it makes about every operation.
 */
class OpenApiDocumentTest {
    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final Pattern TEMPLATE = Pattern.compile("\\{([^}/]+)}");
    private static final String ERROR = "#/components/schemas/Error";

    private final JsonNode doc = document();

    /** The document as the server holds it. */
    static JsonNode document() {
        try (InputStream in = OpenApiHandler.class.getResourceAsStream(OpenApiHandler.RESOURCE)) {
            assertTrue(in != null, "no " + OpenApiHandler.RESOURCE);
            return new YAMLMapper().readTree(in);
        } catch (IOException e) {
            throw new AssertionError("openapi.yaml does not parse", e);
        }
    }

    /** Every operation, as "METHOD /path" to its node. */
    static Map<String, JsonNode> operations(JsonNode doc) {
        Map<String, JsonNode> operations = new LinkedHashMap<>();
        doc.get("paths").properties().forEach(path -> path.getValue().properties().forEach(entry -> {
            if (METHODS.contains(entry.getKey())) {
                operations.put(entry.getKey().toUpperCase() + " " + path.getKey(), entry.getValue());
            }
        }));
        return operations;
    }

    @Test
    void isAnOpenApi31DocumentWithInfoAndPaths() {
        assertTrue(doc.path("openapi").isTextual() && doc.path("openapi").asText().matches("3\\.1\\.\\d+"),
                "openapi: " + doc.path("openapi"));
        assertFalse(doc.path("info").path("title").asText().isBlank(), "info.title");
        assertFalse(doc.path("info").path("version").asText().isBlank(), "info.version");
        assertTrue(doc.path("paths").isObject() && !doc.path("paths").isEmpty(), "paths");
        doc.get("paths").fieldNames().forEachRemaining(path -> assertTrue(path.startsWith("/"), path));
        Set<String> allowed = Set.of("openapi", "info", "jsonSchemaDialect", "servers", "paths", "webhooks",
                "components", "security", "tags", "externalDocs");
        doc.fieldNames().forEachRemaining(field -> assertTrue(allowed.contains(field) || field.startsWith("x-"),
                "unknown top-level field " + field));
    }

    @Test
    void everyReferenceResolvesWithinTheDocument() {
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        assertFalse(refs.isEmpty());
        for (String ref : refs) {
            assertTrue(ref.startsWith("#/"), () -> "reference outside the document: " + ref);
            JsonNode target = doc.at(JsonPointer.compile(ref.substring(1)));
            assertFalse(target.isMissingNode(), () -> "unresolved reference " + ref);
        }
    }

    @Test
    void everyComponentSchemaIsUsed() {
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        Set<String> unused = new TreeSet<>();
        doc.path("components").path("schemas").fieldNames().forEachRemaining(name -> {
            if (!refs.contains("#/components/schemas/" + name)) {
                unused.add(name);
            }
        });
        assertTrue(unused.isEmpty(), "unused schemas: " + unused);
    }

    @Test
    void describesEveryBody() {
        for (String name : List.of("Project", "ProjectPage", "Developer", "DeveloperPage", "Key", "KeyPage",
                "IssuedKey", "RevealedKey", "RotateResult", "UsageReport", "UsageWindow", "TopDevelopersReport",
                "DormantKeysReport", "TrailReport", "TrailAuthItem", "TrailKeyItem", "FailureReport", "KeyAuthFailure",
                "Error")) {
            assertTrue(doc.path("components").path("schemas").has(name), "no schema " + name);
        }
    }

    @Test
    void usesBearerTokensExceptWhereANoTokenRouteOrTheDeveloperKeyRouteSaysSo() {
        JsonNode schemes = doc.path("components").path("securitySchemes");
        Set<String> names = new TreeSet<>();
        schemes.fieldNames().forEachRemaining(names::add);
        assertEquals(Set.of("adminToken", DEVELOPER_KEY), names);
        assertEquals("http", schemes.get("adminToken").path("type").asText());
        assertEquals("bearer", schemes.get("adminToken").path("scheme").asText());
        assertEquals("apiKey", schemes.get(DEVELOPER_KEY).path("type").asText());
        assertEquals("header", schemes.get(DEVELOPER_KEY).path("in").asText());
        assertEquals("x-apim-key", schemes.get(DEVELOPER_KEY).path("name").asText());
        assertEquals(1, doc.path("security").size());
        assertTrue(doc.path("security").path(0).has("adminToken"), "the token is required by default");

        Set<String> open = new TreeSet<>();
        Set<String> byDeveloperKey = new TreeSet<>();
        operations(doc).forEach((operation, node) -> {
            if (node.has("security") && node.get("security").isEmpty()) {
                open.add(operation);
            }
            if (usesDeveloperKey(node)) {
                assertEquals(1, node.get("security").size(), operation + ": the developer key and nothing else");
                byDeveloperKey.add(operation);
            }
        });
        assertEquals(new TreeSet<>(Set.of("GET /health", "GET /openapi.json", "GET /openapi.yaml", "GET /console",
                "GET /console/", "GET /console/{file}", "GET /console/vendor/{file}")), open);
        assertEquals(Set.of("GET /reports/me/usage"), byDeveloperKey);
    }

    private static final String DEVELOPER_KEY = "developerKey";

    private static boolean usesDeveloperKey(JsonNode operation) {
        for (JsonNode requirement : operation.path("security")) {
            if (requirement.has(DEVELOPER_KEY)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void everyOperationHasAUniqueIdAndItsPathParameters() {
        Set<String> ids = new HashSet<>();
        doc.get("paths").properties().forEach(path -> {
            Set<String> templated = new TreeSet<>();
            Matcher matcher = TEMPLATE.matcher(path.getKey());
            while (matcher.find()) {
                templated.add(matcher.group(1));
            }
            path.getValue().properties().forEach(entry -> {
                if (!METHODS.contains(entry.getKey())) {
                    return;
                }
                String operation = entry.getKey().toUpperCase() + " " + path.getKey();
                JsonNode node = entry.getValue();
                assertTrue(ids.add(node.path("operationId").asText()), () -> operation + ": operationId missing or repeated");
                Set<String> declared = new TreeSet<>();
                for (JsonNode parameters : List.of(path.getValue().path("parameters"), node.path("parameters"))) {
                    for (JsonNode parameter : parameters) {
                        JsonNode resolved = resolve(parameter);
                        if (resolved.path("in").asText().equals("path")) {
                            assertTrue(resolved.path("required").asBoolean(), () -> operation + ": path parameters are required");
                            declared.add(resolved.path("name").asText());
                        }
                    }
                }
                assertEquals(templated, declared, operation + ": path parameters");
            });
        });
    }

    @Test
    void everyOperationDocumentsItsErrors() {
        operations(doc).forEach((operation, node) -> {
            JsonNode responses = node.path("responses");
            assertTrue(responses.fieldNames().hasNext(), operation + ": no responses");
            assertTrue(responses.has("500"), operation + ": no 500");
            boolean open = node.has("security") && node.get("security").isEmpty();
            if (!open) {
                assertTrue(responses.has("401"), operation + ": needs the token but documents no 401");
                assertTrue(responses.has("400"), operation + ": no 400");
            }
            if (node.has("requestBody")) {
                for (String status : List.of("400", "413", "415")) {
                    assertTrue(responses.has(status), operation + ": takes a body but documents no " + status);
                }
            }
            responses.properties().forEach(response -> {
                int status = Integer.parseInt(response.getKey());
                JsonNode resolved = resolve(response.getValue());
                assertFalse(resolved.path("description").asText().isBlank(), operation + " " + status + ": description");
                if (status == 401 && usesDeveloperKey(node)) {
                    // A refused developer key gets the gateway's own body, not an Error.
                    assertEquals("#/components/schemas/KeyAuthFailure", resolved.path("content")
                            .path("application/json").path("schema").path("$ref").asText(), operation + " 401");
                } else if (status >= 400) {
                    assertEquals(ERROR, resolved.path("content").path("application/json").path("schema").path("$ref")
                            .asText(), operation + " " + status + ": errors are Error objects");
                } else if (status != 204 && (status < 300 || status > 399)) {
                    // 204, redirects and 304 carry no body.
                    assertTrue(resolved.path("content").isObject() && !resolved.path("content").isEmpty(),
                            operation + " " + status + ": no content");
                }
            });
        });
    }

    @Test
    void theErrorSchemaNamesEveryApiError() {
        JsonNode error = doc.path("components").path("schemas").path("Error").path("properties");
        Set<String> codes = new HashSet<>();
        error.path("code").path("enum").forEach(code -> codes.add(code.asText()));
        Set<Integer> statuses = new HashSet<>();
        error.path("status").path("enum").forEach(status -> statuses.add(status.asInt()));
        for (ApiError apiError : ApiError.values()) {
            assertTrue(codes.contains(apiError.name()), "Error.code lacks " + apiError);
            assertTrue(statuses.contains(apiError.status()), "Error.status lacks " + apiError.status());
        }
    }

    private JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int hops = 0; current.has("$ref"); hops++) {
            assertTrue(hops < 10, "reference loop at " + node);
            current = doc.at(JsonPointer.compile(current.get("$ref").asText().substring(1)));
        }
        return current;
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.properties().forEach(entry -> {
                if (entry.getKey().equals("$ref") && entry.getValue().isTextual()) {
                    refs.add(entry.getValue().asText());
                } else {
                    collectRefs(entry.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, refs));
        }
    }
}
