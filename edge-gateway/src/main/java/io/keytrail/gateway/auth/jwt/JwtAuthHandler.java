package io.keytrail.gateway.auth.jwt;

import io.keytrail.events.FailureReason;
import io.keytrail.gateway.auth.AuthDecision;
import io.keytrail.gateway.auth.KeyAuthHandler;
import io.keytrail.gateway.http.Attachments;
import io.keytrail.gateway.http.ErrorResponses;
import io.keytrail.gateway.http.GatewayError;
import io.keytrail.gateway.route.ResolvedApi;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import java.time.Clock;
import java.util.Objects;

/**
 * The jwt policy on the request path, right after key-auth. On an API with key-auth too, the key
 * has already passed (a failed key was answered before), and the token must name the key's
 * developer: a valid token of someone else is {@code IDENTITY_MISMATCH}, so one developer's key
 * never rides on another's token. On an API with jwt alone, the token's developer becomes the
 * request's identity. Either way one decision covers both methods, for one audit event; any
 * refusal is the seed body with a Bearer challenge.
 */
public final class JwtAuthHandler implements HttpHandler {
    private final Clock clock;
    private final HttpHandler next;

    public JwtAuthHandler(Clock clock, HttpHandler next) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.next = Objects.requireNonNull(next, "next");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        ResolvedApi api = exchange.getAttachment(Attachments.API);
        JwtVerifier verifier = api == null ? null : api.jwt();
        if (verifier == null) {
            next.handleRequest(exchange);
            return;
        }
        HeaderMap headers = exchange.getRequestHeaders();
        JwtResult result = verifier.verify(headers.get(verifier.header()), clock.millis());
        AuthDecision keyDecision = exchange.getAttachment(Attachments.DECISION);
        AuthDecision decision = decide(keyDecision, result);
        exchange.putAttachment(Attachments.DECISION, decision);
        if (!decision.success()) {
            ErrorResponses.send(exchange, result.presented() ? GatewayError.INVALID_TOKEN : GatewayError.MISSING_TOKEN);
            return;
        }
        if (verifier.hideCredentials()) {
            headers.remove(verifier.header());
        }
        if (keyDecision == null) {
            // Key-auth, when on, has named the same developer already; key-auth also removed any
            // consumer headers the client sent.
            headers.put(KeyAuthHandler.CONSUMER_DEVELOPER, result.developerId());
        }
        next.handleRequest(exchange);
    }

    /** @param keyDecision key-auth's successful decision, {@code null} on an API without key-auth */
    static AuthDecision decide(AuthDecision keyDecision, JwtResult result) {
        if (keyDecision == null) {
            return AuthDecision.token(result.developerId(), result.valid() ? null : FailureReason.JWT_INVALID,
                    result.presented());
        }
        FailureReason reason;
        if (!result.valid()) {
            reason = FailureReason.JWT_INVALID;
        } else if (!result.developerId().equals(keyDecision.key().developerId())) {
            reason = FailureReason.IDENTITY_MISMATCH;
        } else {
            reason = null;
        }
        return keyDecision.withToken(result.developerId(), reason, result.presented());
    }
}
