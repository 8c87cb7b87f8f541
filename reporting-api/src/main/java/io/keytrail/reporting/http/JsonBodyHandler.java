package io.keytrail.reporting.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import java.io.IOException;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Reads the request body as one JSON object of type {@code T}, strictly and within a size limit,
 * and attaches it under {@code key} for the next handler. Needs a blocking exchange.
 */
public final class JsonBodyHandler<T> implements HttpHandler {
    private static final int MAX_ECHO = 200;

    private final ObjectReader reader;
    private final AttachmentKey<T> key;
    private final int maxBytes;
    private final HttpHandler next;

    public JsonBodyHandler(Class<T> type, AttachmentKey<T> key, int maxBytes, HttpHandler next) {
        this.reader = HttpJson.strictReader(Objects.requireNonNull(type, "type"));
        this.key = Objects.requireNonNull(key, "key");
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.next = Objects.requireNonNull(next, "next");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (!exchange.isBlocking()) {
            throw new IllegalStateException("JsonBodyHandler needs a blocking exchange");
        }
        String contentType = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        if (contentType != null && !isJson(contentType)) {
            throw new ApiException(ApiError.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json");
        }
        if (exchange.getRequestContentLength() > maxBytes) {
            throw tooLarge();
        }
        byte[] body = exchange.getInputStream().readNBytes(maxBytes + 1);
        if (body.length > maxBytes) {
            throw tooLarge();
        }
        T value = parse(body);
        if (value == null) {
            throw ApiException.badRequest("request body must be a JSON object");
        }
        exchange.putAttachment(key, value);
        next.handleRequest(exchange);
    }

    private T parse(byte[] body) throws IOException {
        if (body.length == 0) {
            throw ApiException.badRequest("request body must be a JSON object");
        }
        try {
            return reader.readValue(body);
        } catch (UnrecognizedPropertyException e) {
            throw ApiException.badRequest("unknown field '" + echo(e.getPropertyName()) + "'");
        } catch (MismatchedInputException e) {
            String path = path(e);
            throw ApiException.badRequest(path.isEmpty()
                    ? "request body must be a JSON object"
                    : "field '" + echo(path) + "' has the wrong type");
        } catch (JsonMappingException e) {
            String path = path(e);
            throw ApiException.badRequest(path.isEmpty()
                    ? "request body does not have the expected fields"
                    : "field '" + echo(path) + "' has the wrong type or is out of range");
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("malformed JSON: " + echo(e.getOriginalMessage()));
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static boolean isJson(String contentType) {
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return mediaType.equalsIgnoreCase("application/json");
    }

    /** Parser messages quote the client's own input; keep them short enough to be useful. */
    private static String echo(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= MAX_ECHO ? text : text.substring(0, MAX_ECHO) + "...";
    }

    private ApiException tooLarge() {
        return new ApiException(ApiError.PAYLOAD_TOO_LARGE, "request body exceeds " + maxBytes + " bytes");
    }
}
