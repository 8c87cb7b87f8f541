package io.keytrail.reporting.admin;

import io.keytrail.reporting.auth.AdminAuthHandler;
import io.keytrail.reporting.http.ApiError;
import io.keytrail.reporting.http.ApiException;
import io.keytrail.reporting.http.HttpJson;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Objects;

/**
 * {@code POST /admin/keys/{keyId}/revoke} and {@code DELETE /admin/keys/{keyId}}: the state changes
 * that take no body. Revoking a key that is not active, or deleting a deleted one, is a conflict
 * rather than a silent success, so an admin learns that someone else already acted. Expects an admin.
 */
public final class KeyChangeHandler implements HttpHandler {
    /** Which change a route makes. */
    public enum Kind {
        REVOKE,
        DELETE
    }

    private final KeyManager keys;
    private final Kind kind;

    public KeyChangeHandler(KeyManager keys, Kind kind) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String keyId = KeyPaths.keyId(exchange);
        String actor = AdminAuthHandler.admin(exchange).name();
        KeyManager.Change change = kind == Kind.REVOKE ? keys.revoke(keyId, actor) : keys.delete(keyId, actor);
        switch (change.outcome()) {
            case NOT_FOUND -> throw KeyPaths.notFound(keyId);
            case WRONG_STATUS -> throw new ApiException(ApiError.CONFLICT, kind == Kind.REVOKE
                    ? "key " + keyId + " is " + change.key().status() + "; only an ACTIVE key can be revoked"
                    : "key " + keyId + " is already deleted");
            case DONE -> {
                if (kind == Kind.REVOKE) {
                    HttpJson.send(exchange, 200, change.key());
                } else {
                    exchange.setStatusCode(204);
                }
            }
            case NOT_RECOVERABLE, ROTATED -> throw new IllegalStateException("not an outcome of " + kind);
        }
    }
}
