package io.keytrail.reporting.admin;

import io.keytrail.reporting.auth.AdminAuthHandler;
import io.keytrail.reporting.http.ApiError;
import io.keytrail.reporting.http.ApiException;
import io.keytrail.reporting.http.HttpJson;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Objects;

/**
 * {@code POST /admin/keys/{keyId}/revoke}: stops the key everywhere and answers its metadata with
 * status {@code REVOKED}. Revoking a revoked key is a conflict, not a silent success, so an admin
 * learns that someone else already acted. Expects an admin.
 */
public final class RevokeKeyHandler implements HttpHandler {
    private final KeyManager keys;

    public RevokeKeyHandler(KeyManager keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String keyId = KeyPaths.keyId(exchange);
        AdminAuthHandler.Admin admin = Objects.requireNonNull(exchange.getAttachment(AdminAuthHandler.ADMIN),
                "no admin attached");
        KeyManager.Revocation revocation = keys.revoke(keyId, admin.name());
        switch (revocation.outcome()) {
            case NOT_FOUND -> throw KeyPaths.notFound(keyId);
            case ALREADY_REVOKED -> throw new ApiException(ApiError.CONFLICT, "key " + keyId + " is already revoked");
            case REVOKED -> HttpJson.send(exchange, 200, revocation.key());
        }
    }
}
