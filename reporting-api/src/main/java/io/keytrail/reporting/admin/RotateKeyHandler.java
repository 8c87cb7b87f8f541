package io.keytrail.reporting.admin;

import io.keytrail.reporting.auth.AdminAuthHandler;
import io.keytrail.reporting.http.ApiError;
import io.keytrail.reporting.http.ApiException;
import io.keytrail.reporting.http.HttpJson;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import java.util.Objects;

/**
 * {@code POST /admin/keys/{keyId}/rotate}: issues the key's successor and answers 201 with both,
 * the new one with its value. Expects the body under {@link #BODY} and an admin.
 */
public final class RotateKeyHandler implements HttpHandler {
    public static final AttachmentKey<RotateKeyRequest> BODY = AttachmentKey.create(RotateKeyRequest.class);

    /** The answer: the successor with its value, and the old key with its new deadline. */
    public record Rotated(IssuedKey newKey, KeyDetails oldKey) {
    }

    private final KeyIssuer issuer;

    public RotateKeyHandler(KeyIssuer issuer) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String keyId = KeyPaths.keyId(exchange);
        RotateKeyRequest request = Objects.requireNonNull(exchange.getAttachment(BODY), "no request body attached");
        long grace = KeyRules.gracePeriodSeconds(request.gracePeriodSeconds());
        KeyIssuer.Rotation rotation = issuer.rotate(keyId, grace, AdminAuthHandler.admin(exchange).name());
        switch (rotation.outcome()) {
            case NOT_FOUND -> throw KeyPaths.notFound(keyId);
            case NOT_ACTIVE -> throw new ApiException(ApiError.CONFLICT,
                    "key " + keyId + " is not ACTIVE; only an active key can be rotated");
            case ALREADY_ROTATED -> throw new ApiException(ApiError.CONFLICT,
                    "key " + keyId + " was already rotated; rotate its successor instead");
            case ROTATED -> {
                exchange.getResponseHeaders().put(Headers.LOCATION, "/admin/keys/" + rotation.newKey().keyId());
                exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
                HttpJson.send(exchange, 201, new Rotated(rotation.newKey(), rotation.oldKey()));
            }
        }
    }
}
