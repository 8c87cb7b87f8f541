package io.keytrail.gateway.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Locale;
import java.util.Objects;

/**
 * Refuses, with 400 {@link GatewayError#MALFORMED_REQUEST} and before routing, a request whose path
 * could mean another resource to an upstream than to the gateway's router: a {@code ..} segment
 * (sent plain or as {@code %2e%2e}), a backslash, a NUL, or an encoded slash, backslash, dot or NUL
 * left in the decoded path (Undertow keeps {@code %2F} encoded; double encoding leaves {@code %2e}).
 * No API is resolved for such a request, so, like an unknown route, it produces no audit event.
 */
public final class PathSafetyHandler implements HttpHandler {
    private static final String[] ENCODED = {"%2f", "%5c", "%2e", "%00"};

    private final HttpHandler next;

    public PathSafetyHandler(HttpHandler next) {
        this.next = Objects.requireNonNull(next, "next");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (!isSafe(exchange.getRequestPath())) {
            ErrorResponses.send(exchange, GatewayError.MALFORMED_REQUEST);
            return;
        }
        next.handleRequest(exchange);
    }

    /** {@code path} is the decoded request path. */
    static boolean isSafe(String path) {
        if (path.indexOf('\\') >= 0 || path.indexOf('\0') >= 0) {
            return false;
        }
        String lower = path.toLowerCase(Locale.ROOT);
        for (String encoded : ENCODED) {
            if (lower.contains(encoded)) {
                return false;
            }
        }
        int start = 0;
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            if (end - start == 2 && path.charAt(start) == '.' && path.charAt(start + 1) == '.') {
                return false;
            }
            start = end + 1;
        }
        return true;
    }
}
