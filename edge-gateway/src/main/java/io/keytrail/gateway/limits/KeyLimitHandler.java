package io.keytrail.gateway.limits;

import io.keytrail.events.FailureReason;
import io.keytrail.gateway.auth.AuthDecision;
import io.keytrail.gateway.http.Attachments;
import io.keytrail.gateway.http.ErrorResponses;
import io.keytrail.gateway.http.GatewayError;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.time.Clock;
import java.util.Objects;

/**
 * The rate limit and quota policy: a request whose key passed authentication and access control
 * takes a slot of its key's limits, or is refused with 429, a {@code Retry-After} in whole seconds,
 * and its decision turned into a {@code RATE_LIMITED} failure (a spent quota too: the contract has
 * one reason for both). Keys without limits, almost all of them, pass on one null check.
 */
public final class KeyLimitHandler implements HttpHandler {
    private final KeyLimiter limiter;
    private final Clock clock;
    private final HttpHandler next;

    public KeyLimitHandler(KeyLimiter limiter, Clock clock, HttpHandler next) {
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.next = Objects.requireNonNull(next, "next");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        AuthDecision decision = exchange.getAttachment(Attachments.DECISION);
        if (decision == null || !decision.success() || decision.key() == null || decision.key().limits() == null) {
            next.handleRequest(exchange);
            return;
        }
        long answer = limiter.acquire(decision.key(), clock.millis());
        if (answer == KeyLimiter.ALLOWED) {
            next.handleRequest(exchange);
            return;
        }
        exchange.putAttachment(Attachments.DECISION, decision.refused(FailureReason.RATE_LIMITED));
        exchange.getResponseHeaders().put(Headers.RETRY_AFTER, KeyLimiter.retryAfterSeconds(answer));
        ErrorResponses.send(exchange,
                KeyLimiter.quotaRefused(answer) ? GatewayError.QUOTA_EXCEEDED : GatewayError.RATE_LIMITED);
    }
}
