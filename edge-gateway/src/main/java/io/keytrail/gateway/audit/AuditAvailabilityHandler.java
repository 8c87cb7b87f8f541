package io.keytrail.gateway.audit;

import io.keytrail.gateway.http.ErrorResponses;
import io.keytrail.gateway.http.GatewayError;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Objects;

/**
 * Refuses requests with 503 while the audit sink cannot keep events: with the spool's
 * {@code reject} policy, a deployment that may not serve unaudited traffic stops serving when
 * Kafka is gone and the disk budget is spent, instead of losing the trail. A single volatile read
 * per request otherwise.
 */
public final class AuditAvailabilityHandler implements HttpHandler {
    private final AuditSink sink;
    private final HttpHandler next;

    public AuditAvailabilityHandler(AuditSink sink, HttpHandler next) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.next = Objects.requireNonNull(next, "next");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (!sink.accepting()) {
            ErrorResponses.send(exchange, GatewayError.AUDIT_UNAVAILABLE);
            return;
        }
        next.handleRequest(exchange);
    }
}
