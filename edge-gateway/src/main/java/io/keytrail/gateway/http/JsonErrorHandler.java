package io.keytrail.gateway.http;

import io.undertow.server.DefaultResponseListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes every error that would otherwise go out without a body, from an uncaught exception or
 * from Undertow's proxy, a JSON error of the closed set. Registered once, near the top of the chain.
 */
public final class JsonErrorHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(JsonErrorHandler.class);

    private final HttpHandler next;
    private final DefaultResponseListener listener = JsonErrorHandler::renderBodilessError;

    public JsonErrorHandler(HttpHandler next) {
        this.next = Objects.requireNonNull(next, "next");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        exchange.addDefaultResponseListener(listener);
        try {
            next.handleRequest(exchange);
        } catch (Exception | LinkageError e) {
            LOG.error("request {} failed", exchange.getAttachment(Attachments.REQUEST_ID), e);
            if (!exchange.isResponseStarted()) {
                exchange.setStatusCode(500);
            }
            exchange.endExchange();
        }
    }

    private static boolean renderBodilessError(HttpServerExchange exchange) {
        if (exchange.isResponseStarted() || exchange.getStatusCode() < 400) {
            return false;
        }
        ErrorResponses.send(exchange, GatewayError.forStatus(exchange.getStatusCode()));
        return true;
    }
}
