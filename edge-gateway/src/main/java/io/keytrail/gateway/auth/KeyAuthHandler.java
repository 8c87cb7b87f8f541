package io.keytrail.gateway.auth;

import io.keytrail.events.CredentialLocation;
import io.keytrail.events.FailureReason;
import io.keytrail.gateway.http.Attachments;
import io.keytrail.gateway.http.ErrorResponses;
import io.keytrail.gateway.http.GatewayError;
import io.keytrail.gateway.keys.KeyDigest;
import io.keytrail.gateway.keys.KeyEntry;
import io.keytrail.gateway.keys.KeyRegistry;
import io.keytrail.gateway.route.ResolvedApi;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.HttpString;
import java.time.Clock;
import java.util.Objects;

/**
 * The key-auth policy: the API's key header must hold exactly one key that the registry knows,
 * that is not revoked and not expired. On success the consumer is named to the upstream and the
 * key is removed from the forwarded request; on failure the answer is the seed policy's 401.
 */
public final class KeyAuthHandler implements HttpHandler {
    static final HttpString CONSUMER_DEVELOPER = new HttpString("X-Consumer-Developer");
    static final HttpString CONSUMER_PROJECT = new HttpString("X-Consumer-Project");
    static final HttpString KEY_ID = new HttpString("X-Key-Id");
    /** Keys are 32 characters; anything far longer is not a key and is not worth hashing. */
    static final int MAX_KEY_LENGTH = 256;

    private final KeyRegistry registry;
    private final Clock clock;
    private final HttpHandler next;

    public KeyAuthHandler(KeyRegistry registry, Clock clock, HttpHandler next) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = Objects.requireNonNull(clock, "clock");
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
        HeaderValues values = headers.get(api.keyHeader());
        if (values == null || values.isEmpty() || values.getFirst().isEmpty()) {
            reject(exchange, AuthDecision.failure(FailureReason.MISSING_KEY, null, null, null));
            return;
        }
        String presented = values.getFirst();
        if (values.size() > 1 || !wellFormed(presented)) {
            // Two keys, or bytes no key is made of: never guess which one was meant.
            reject(exchange, AuthDecision.failure(FailureReason.MALFORMED_REQUEST, null,
                    wellFormed(presented) ? presented : "", CredentialLocation.HEADER));
            return;
        }
        KeyEntry key = registry.find(KeyDigest.ofKey(presented));
        FailureReason reason = key == null ? FailureReason.UNKNOWN_KEY
                : key.revoked() ? FailureReason.REVOKED_KEY
                : key.expiredAt(clock.millis()) ? FailureReason.EXPIRED_KEY
                : null;
        if (reason != null) {
            reject(exchange, AuthDecision.failure(reason, key, presented, CredentialLocation.HEADER));
            return;
        }
        exchange.putAttachment(Attachments.DECISION, AuthDecision.success(key, presented, CredentialLocation.HEADER));
        if (api.settings().policies().keyAuth().hideCredentials()) {
            headers.remove(api.keyHeader());
        }
        headers.put(CONSUMER_DEVELOPER, key.developerId());
        headers.put(CONSUMER_PROJECT, key.projectId());
        headers.put(KEY_ID, key.keyId());
        next.handleRequest(exchange);
    }

    private static void reject(HttpServerExchange exchange, AuthDecision decision) {
        exchange.putAttachment(Attachments.DECISION, decision);
        ErrorResponses.send(exchange, GatewayError.INVALID_CREDENTIALS);
    }

    /** Printable ASCII without spaces, of a sane length. */
    static boolean wellFormed(String key) {
        if (key.length() > MAX_KEY_LENGTH) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }
}
