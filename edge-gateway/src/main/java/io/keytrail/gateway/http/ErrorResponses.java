package io.keytrail.gateway.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

/** The one place gateway errors become HTTP responses. */
public final class ErrorResponses {
    private static final String JSON = "application/json";
    private static final HttpString WWW_AUTHENTICATE = Headers.WWW_AUTHENTICATE;

    private ErrorResponses() {
    }

    /** Answers with {@code error} and ends the exchange; does nothing if a response already started. */
    public static void send(HttpServerExchange exchange, GatewayError error) {
        if (exchange.isResponseStarted()) {
            return;
        }
        exchange.setStatusCode(error.status());
        var headers = exchange.getResponseHeaders();
        headers.put(Headers.CONTENT_TYPE, JSON);
        if (error == GatewayError.INVALID_CREDENTIALS) {
            headers.put(WWW_AUTHENTICATE, "Key realm=\"keytrail\"");
        } else if (error == GatewayError.MISSING_TOKEN) {
            // RFC 6750 3.1: no error code when the request carried no token at all.
            headers.put(WWW_AUTHENTICATE, "Bearer realm=\"keytrail\"");
        } else if (error == GatewayError.INVALID_TOKEN) {
            headers.put(WWW_AUTHENTICATE, "Bearer realm=\"keytrail\", error=\"invalid_token\"");
        }
        exchange.getResponseSender().send(error.body());
    }
}
