package io.keytrail.gateway.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import java.util.Objects;

/**
 * Refuses oversized requests before routing: a request line plus headers over the header limit
 * answers 431, a declared {@code Content-Length} over the body limit 413. A body of unknown length
 * (chunked) is capped by Undertow's max entity size while it streams; no API is resolved for a
 * refusal here, so, like an unknown route, it produces no audit event.
 */
public final class RequestSizeHandler implements HttpHandler {
    private final int maxHeaderBytes;
    private final long maxBodyBytes;
    private final HttpHandler next;

    public RequestSizeHandler(int maxHeaderBytes, long maxBodyBytes, HttpHandler next) {
        if (maxHeaderBytes <= 0) {
            throw new IllegalArgumentException("maxHeaderBytes must be positive, got " + maxHeaderBytes);
        }
        if (maxBodyBytes < 0) {
            throw new IllegalArgumentException("maxBodyBytes must not be negative, got " + maxBodyBytes);
        }
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxBodyBytes = maxBodyBytes;
        this.next = Objects.requireNonNull(next, "next");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (headerBytes(exchange) > maxHeaderBytes) {
            refuse(exchange, GatewayError.REQUEST_HEADERS_TOO_LARGE);
            return;
        }
        if (exchange.getRequestContentLength() > maxBodyBytes) {
            refuse(exchange, GatewayError.REQUEST_BODY_TOO_LARGE);
            return;
        }
        exchange.setMaxEntitySize(maxBodyBytes);
        next.handleRequest(exchange);
    }

    /** Closes the connection after the answer rather than draining a body nobody wants. */
    private static void refuse(HttpServerExchange exchange, GatewayError error) {
        exchange.setPersistent(false);
        ErrorResponses.send(exchange, error);
    }

    /** The request line and header block as sent in HTTP/1.1, CRLFs included. */
    private static long headerBytes(HttpServerExchange exchange) {
        String query = exchange.getQueryString();
        long bytes = exchange.getRequestMethod().length() + 1 + exchange.getRequestURI().length()
                + (query.isEmpty() ? 0 : query.length() + 1) + 1 + exchange.getProtocol().length() + 2;
        for (HeaderValues values : exchange.getRequestHeaders()) {
            int name = values.getHeaderName().length();
            for (String value : values) {
                bytes += name + 2 + value.length() + 2;
            }
        }
        return bytes + 2;
    }
}
