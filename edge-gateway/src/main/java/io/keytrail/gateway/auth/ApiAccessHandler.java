package io.keytrail.gateway.auth;

import io.keytrail.events.FailureReason;
import io.keytrail.gateway.http.Attachments;
import io.keytrail.gateway.http.ErrorResponses;
import io.keytrail.gateway.http.GatewayError;
import io.keytrail.gateway.route.ResolvedApi;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Objects;

/**
 * The API access policy: a key limited to some APIs may call only those. Runs after a successful
 * key check; a key outside its list gets 403 and its decision becomes a {@code FORBIDDEN_API}
 * failure, still naming the key, so the audit records one event, the refusal. A key with an empty
 * list may call every API of its project. A request authenticated by a JWT alone has no key to limit.
 */
public final class ApiAccessHandler implements HttpHandler {
    private final HttpHandler next;

    public ApiAccessHandler(HttpHandler next) {
        this.next = Objects.requireNonNull(next, "next");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        AuthDecision decision = exchange.getAttachment(Attachments.DECISION);
        ResolvedApi api = exchange.getAttachment(Attachments.API);
        if (decision != null && decision.success() && decision.key() != null && api != null
                && !decision.key().allowsApi(api.id())) {
            exchange.putAttachment(Attachments.DECISION, decision.refused(FailureReason.FORBIDDEN_API));
            ErrorResponses.send(exchange, GatewayError.FORBIDDEN_API);
            return;
        }
        next.handleRequest(exchange);
    }
}
