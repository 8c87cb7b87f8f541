package io.keytrail.reporting.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Serves the OpenAPI document of this API: {@code GET /openapi.yaml} as written, and
 * {@code GET /openapi.json} converted from it. Both forms are built once, at construction, so a
 * broken document stops start-up instead of failing a request; each answer then only copies bytes.
 * Requests whose path ends in {@code .json} get JSON, every other one YAML.
 */
public final class OpenApiHandler implements HttpHandler {
    /** The document on the class path. */
    public static final String RESOURCE = "/io/keytrail/reporting/openapi.yaml";
    public static final String YAML_TYPE = "application/yaml";
    public static final String JSON_TYPE = "application/json";

    private final byte[] yaml;
    private final byte[] json;

    public OpenApiHandler() {
        this(readResource(RESOURCE));
    }

    OpenApiHandler(byte[] yaml) {
        this.yaml = Objects.requireNonNull(yaml, "yaml").clone();
        this.json = toJson(this.yaml);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        boolean asJson = exchange.getRequestPath().endsWith(".json");
        exchange.setStatusCode(200);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, asJson ? JSON_TYPE : YAML_TYPE);
        exchange.getResponseHeaders().put(Headers.X_CONTENT_TYPE_OPTIONS, "nosniff");
        exchange.getResponseSender().send(ByteBuffer.wrap(asJson ? json : yaml));
    }

    private static byte[] toJson(byte[] yaml) {
        try {
            JsonNode document = new YAMLMapper().readTree(yaml);
            if (document == null || !document.isObject()) {
                throw new IllegalStateException("the OpenAPI document is not a YAML mapping");
            }
            return new ObjectMapper().writeValueAsBytes(document);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the OpenAPI document", e);
        }
    }

    private static byte[] readResource(String name) {
        try (InputStream in = OpenApiHandler.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no " + name + " on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }
}
