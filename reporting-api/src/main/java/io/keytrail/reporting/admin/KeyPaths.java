package io.keytrail.reporting.admin;

import io.keytrail.reporting.http.ApiError;
import io.keytrail.reporting.http.ApiException;
import io.keytrail.reporting.http.PathParameters;
import io.undertow.server.HttpServerExchange;

/** The {@code {keyId}} of the {@code /admin/keys/{keyId}...} routes, checked alike by each of them. */
final class KeyPaths {
    private KeyPaths() {
    }

    /** The key id of the route, refused with 400 unless it has the form of a key id. */
    static String keyId(HttpServerExchange exchange) {
        String keyId = PathParameters.get(exchange, "keyId");
        if (!EntityIds.isValidKeyId(keyId)) {
            // Not echoed: the id failed the rule, so it may hold anything.
            throw ApiException.badRequest("key id " + EntityIds.KEY_ID_RULE);
        }
        return keyId;
    }

    static ApiException notFound(String keyId) {
        return new ApiException(ApiError.NOT_FOUND, "no key " + keyId);
    }
}
