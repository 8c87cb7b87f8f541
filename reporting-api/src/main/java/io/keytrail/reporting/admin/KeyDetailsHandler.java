package io.keytrail.reporting.admin;

import io.keytrail.reporting.http.HttpJson;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Objects;

/** {@code GET /admin/keys/{keyId}}: a key's metadata, never the key. Expects an admin. */
public final class KeyDetailsHandler implements HttpHandler {
    private final KeyManager keys;

    public KeyDetailsHandler(KeyManager keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String keyId = KeyPaths.keyId(exchange);
        KeyDetails details = keys.details(keyId).orElseThrow(() -> KeyPaths.notFound(keyId));
        HttpJson.send(exchange, 200, details);
    }
}
