package io.keytrail.reporting.admin;

import io.keytrail.reporting.auth.AdminAuthHandler;
import io.keytrail.reporting.http.ApiError;
import io.keytrail.reporting.http.ApiException;
import io.keytrail.reporting.http.HttpJson;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.Objects;

/**
 * {@code POST /admin/keys/{keyId}/reveal}: the key itself, decrypted for an admin and recorded as
 * a lifecycle event. POST rather than GET, because every call leaves a record and must never be
 * prefetched or repeated by a cache. Expects an admin.
 */
public final class RevealKeyHandler implements HttpHandler {
    private final KeyManager keys;

    public RevealKeyHandler(KeyManager keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String keyId = KeyPaths.keyId(exchange);
        KeyManager.Reveal reveal = keys.reveal(keyId, AdminAuthHandler.admin(exchange).name());
        switch (reveal.outcome()) {
            case NOT_FOUND -> throw KeyPaths.notFound(keyId);
            case WRONG_STATUS -> throw new ApiException(ApiError.GONE, "key " + keyId
                    + " was deleted and its copy destroyed; it cannot be revealed");
            case NOT_RECOVERABLE -> throw new ApiException(ApiError.CONFLICT, "key " + keyId
                    + " was issued before keys were kept recoverable and cannot be revealed");
            case ROTATED -> throw new IllegalStateException("not an outcome of a reveal");
            case DONE -> {
                // The body holds a secret: no cache along the way may keep it.
                exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
                HttpJson.send(exchange, 200, reveal.key());
            }
        }
    }
}
