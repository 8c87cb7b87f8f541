package io.keytrail.gateway.audit;

import io.keytrail.gateway.auth.AuthDecision;
import io.keytrail.gateway.http.Attachments;
import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers, before any policy runs, the completion listener that audits the request: whatever
 * later stage answers, rejects or fails, the decision it attached becomes exactly one event once
 * the response is complete. Requests that reached no decision (no API matched, or an API without
 * authentication) produce none.
 */
public final class AuditHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(AuditHandler.class);

    private final AuditSink sink;
    private final String gatewayNode;
    private final HttpHandler next;
    private final ExchangeCompletionListener listener = this::audit;

    public AuditHandler(AuditSink sink, String gatewayNode, HttpHandler next) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.gatewayNode = Objects.requireNonNull(gatewayNode, "gatewayNode");
        this.next = Objects.requireNonNull(next, "next");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        exchange.addExchangeCompleteListener(listener);
        next.handleRequest(exchange);
    }

    private void audit(HttpServerExchange exchange, ExchangeCompletionListener.NextListener nextListener) {
        try {
            AuthDecision decision = exchange.getAttachment(Attachments.DECISION);
            if (decision != null) {
                sink.offer(AuditEvents.from(exchange, decision, gatewayNode, System.nanoTime()));
            }
        } catch (RuntimeException e) {
            // Auditing must never break the exchange; the sink counts what it could not take.
            LOG.error("could not audit request {}", exchange.getAttachment(Attachments.REQUEST_ID), e);
        } finally {
            nextListener.proceed();
        }
    }
}
