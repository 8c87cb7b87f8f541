package io.keytrail.gateway.auth;

import io.keytrail.gateway.http.Attachments;
import io.keytrail.gateway.http.ErrorResponses;
import io.keytrail.gateway.http.GatewayError;
import io.keytrail.gateway.keys.KeyEntry;
import io.keytrail.gateway.route.ResolvedApi;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.util.Objects;

/**
 * The key-auth policy on the request path: asks {@link KeyCheck} about the API's key header. On
 * success the consumer is named to the upstream and the key is removed from the forwarded request;
 * on failure the answer is the seed policy's 401. Either way the decision is attached for the audit.
 */
public final class KeyAuthHandler implements HttpHandler {
    /** The developer the request is attributed to, for the upstream; the jwt policy sets it too. */
    public static final HttpString CONSUMER_DEVELOPER = new HttpString("X-Consumer-Developer");
    static final HttpString CONSUMER_PROJECT = new HttpString("X-Consumer-Project");
    static final HttpString KEY_ID = new HttpString("X-Key-Id");

    private final KeyCheck check;
    private final HttpHandler next;

    public KeyAuthHandler(KeyCheck check, HttpHandler next) {
        this.check = Objects.requireNonNull(check, "check");
        this.next = Objects.requireNonNull(next, "next");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        var headers = exchange.getRequestHeaders();
        // Upstreams trust these headers to name the consumer: only the gateway may set them.
        headers.remove(CONSUMER_DEVELOPER);
        headers.remove(CONSUMER_PROJECT);
        headers.remove(KEY_ID);
        ResolvedApi api = exchange.getAttachment(Attachments.API);
        if (api == null || !api.keyAuthEnabled()) {
            next.handleRequest(exchange);
            return;
        }
        AuthDecision decision = check.check(headers.get(api.keyHeader()));
        exchange.putAttachment(Attachments.DECISION, decision);
        if (!decision.success()) {
            ErrorResponses.send(exchange, GatewayError.INVALID_CREDENTIALS);
            return;
        }
        KeyEntry key = decision.key();
        if (api.settings().policies().keyAuth().hideCredentials()) {
            headers.remove(api.keyHeader());
        }
        headers.put(CONSUMER_DEVELOPER, key.developerId());
        headers.put(CONSUMER_PROJECT, key.projectId());
        headers.put(KEY_ID, key.keyId());
        next.handleRequest(exchange);
    }
}
