package io.keytrail.reporting.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Objects;

/** Refuses every request it gets with one error: the answer for unknown routes and wrong methods. */
public final class RejectHandler implements HttpHandler {
    private final ApiError error;
    private final String message;

    public RejectHandler(ApiError error, String message) {
        this.error = Objects.requireNonNull(error, "error");
        this.message = Objects.requireNonNull(message, "message");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        throw new ApiException(error, message);
    }
}
