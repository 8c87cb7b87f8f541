package io.keytrail.gateway.auth;

import io.keytrail.events.CredentialLocation;
import io.keytrail.gateway.config.KeyAuthSettings;
import io.keytrail.gateway.http.Attachments;
import io.keytrail.gateway.http.ErrorResponses;
import io.keytrail.gateway.http.GatewayError;
import io.keytrail.gateway.keys.KeyEntry;
import io.keytrail.gateway.route.ResolvedApi;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.HttpString;
import java.util.Objects;

/**
 * The key-auth policy on the request path: gathers the keys the request presents in every place
 * the API reads (header, query parameter, body field, the last read earlier by
 * {@link BodyKeyHandler}) and asks {@link KeyCheck} about them; a key in two places counts as two
 * keys. On success the consumer is named to the upstream and the key is removed from the forwarded
 * header and query (the body was cleaned when it was read); on failure the answer is the seed
 * policy's 401. Either way the decision is attached for the audit.
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
        KeyAuthSettings policy = api.settings().policies().keyAuth();
        int count = 0;
        String presented = null;
        CredentialLocation location = null;
        HeaderValues values = policy.inHeader() ? headers.get(api.keyHeader()) : null;
        if (values != null && !values.isEmpty()) {
            count = values.size();
            presented = values.getFirst();
            location = CredentialLocation.HEADER;
        }
        String query = exchange.getQueryString();
        FoundKeys inQuery = policy.queryParam() == null || query.isEmpty()
                ? FoundKeys.NONE : FormFields.find(query, policy.queryParam());
        if (inQuery.count() > 0) {
            if (count == 0) {
                presented = inQuery.first();
                location = CredentialLocation.QUERY;
            }
            count += inQuery.count();
        }
        FoundKeys inBody = exchange.getAttachment(Attachments.BODY_KEYS);
        if (inBody != null && inBody.count() > 0) {
            if (count == 0) {
                presented = inBody.first();
                location = CredentialLocation.BODY;
            }
            count += inBody.count();
        }
        AuthDecision decision = check.check(presented, location, count);
        exchange.putAttachment(Attachments.DECISION, decision);
        if (!decision.success()) {
            ErrorResponses.send(exchange, GatewayError.INVALID_CREDENTIALS);
            return;
        }
        KeyEntry key = decision.key();
        if (policy.hideCredentials()) {
            if (location == CredentialLocation.HEADER) {
                headers.remove(api.keyHeader());
            } else if (location == CredentialLocation.QUERY) {
                exchange.setQueryString(FormFields.without(query, policy.queryParam()));
            }
        }
        headers.put(CONSUMER_DEVELOPER, key.developerId());
        headers.put(CONSUMER_PROJECT, key.projectId());
        headers.put(KEY_ID, key.keyId());
        next.handleRequest(exchange);
    }
}
