package io.keytrail.gateway.protect;

import io.keytrail.events.FailureReason;
import io.keytrail.gateway.auth.AuthDecision;
import io.keytrail.gateway.http.Attachments;
import io.keytrail.gateway.http.ErrorResponses;
import io.keytrail.gateway.http.GatewayError;
import io.keytrail.gateway.route.ResolvedApi;
import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The failed-auth limit on the request path, in front of key-auth: a blocked client is refused 429
 * with {@code Retry-After} before its key is looked up or hashed or its token verified, and the
 * refusal is its decision (reason {@code RATE_LIMITED}), so it is audited once like any other.
 * Requests that go on have their authentication outcome counted when the exchange completes, wherever the decision was made.
 * APIs without key-auth or jwt are neither checked nor counted.
 */
public final class FailedAuthLimitHandler implements HttpHandler {
    /**
     * Failures of the credentials themselves, a key's or a token's, or of the two together; refusals
     * of a valid key (access, per-key limits) are not guessing.
     */
    static final Set<FailureReason> COUNTED = EnumSet.of(FailureReason.MISSING_KEY, FailureReason.UNKNOWN_KEY,
            FailureReason.REVOKED_KEY, FailureReason.EXPIRED_KEY, FailureReason.MALFORMED_REQUEST,
            FailureReason.JWT_INVALID, FailureReason.IDENTITY_MISMATCH);

    private final FailedAuthLimiter limiter;
    private final HttpHandler next;

    public FailedAuthLimitHandler(FailedAuthLimiter limiter, HttpHandler next) {
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.next = Objects.requireNonNull(next, "next");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        ResolvedApi api = exchange.getAttachment(Attachments.API);
        String ip = exchange.getAttachment(Attachments.CLIENT_IP);
        if (api == null || !(api.keyAuthEnabled() || api.jwtEnabled()) || ip == null) {
            next.handleRequest(exchange);
            return;
        }
        long now = limiter.nowMillis();
        long blocked = limiter.blockedMillis(ip, now);
        if (blocked > 0) {
            exchange.putAttachment(Attachments.DECISION,
                    AuthDecision.failure(FailureReason.RATE_LIMITED, null, null, null));
            exchange.getResponseHeaders().put(Headers.RETRY_AFTER, Long.toString((blocked + 999) / 1_000));
            ErrorResponses.send(exchange, GatewayError.TOO_MANY_FAILED_ATTEMPTS);
            return;
        }
        // A failure counts at the time its request arrived: the client may see the answer, and
        // time may move on, before the exchange completes.
        exchange.addExchangeCompleteListener((done, nextListener) -> count(done, nextListener, now));
        next.handleRequest(exchange);
    }

    private void count(HttpServerExchange exchange, ExchangeCompletionListener.NextListener nextListener, long arrived) {
        try {
            AuthDecision decision = exchange.getAttachment(Attachments.DECISION);
            if (decision != null && COUNTED.contains(decision.reason())) {
                limiter.recordFailure(exchange.getAttachment(Attachments.CLIENT_IP), arrived);
            }
        } finally {
            nextListener.proceed();
        }
    }
}
