package io.keytrail.reporting.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.util.Headers;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become answers: an {@link ApiException} becomes its JSON error, and
 * anything else becomes a bare 500 whose details go to the log only, so a client never sees a
 * stack trace or an internal message. Must run on the thread that runs the routes.
 */
public final class ErrorHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorHandler.class);

    private final HttpHandler next;

    public ErrorHandler(HttpHandler next) {
        this.next = Objects.requireNonNull(next, "next");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        try {
            next.handleRequest(exchange);
        } catch (ApiException e) {
            answer(exchange, e.error(), e.getMessage());
        } catch (RequestTooBigException e) {
            answer(exchange, ApiError.PAYLOAD_TOO_LARGE, "request body is too large");
        } catch (Exception e) {
            // The path is logged without its query string: it is the only request data we trust to be secret-free.
            LOG.error("request {} {} {} failed", RequestIdHandler.of(exchange), exchange.getRequestMethod(),
                    exchange.getRequestPath(), e);
            answer(exchange, ApiError.INTERNAL_ERROR,
                    "internal error; quote request id " + RequestIdHandler.of(exchange) + " when reporting it");
        }
    }

    private static void answer(HttpServerExchange exchange, ApiError error, String message) {
        if (exchange.isResponseStarted()) {
            // Too late for a clean answer: cut the connection so the client sees a failure, not a short body.
            LOG.warn("request {} failed after its response started: {}", RequestIdHandler.of(exchange), message);
            exchange.setPersistent(false);
            exchange.endExchange();
            return;
        }
        if (error == ApiError.UNAUTHORIZED) {
            exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
        }
        if (error == ApiError.INVALID_CREDENTIALS) {
            HttpJson.send(exchange, error.status(), KeyAuthFailure.BODY);
            return;
        }
        HttpJson.send(exchange, error.status(), ErrorBody.of(error, message));
    }
}
