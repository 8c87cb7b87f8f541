package io.keytrail.reporting.auth;

import io.keytrail.reporting.http.ApiError;
import io.keytrail.reporting.http.ApiException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HttpString;
import java.util.Objects;

/**
 * Lets a request through only with a developer's own valid API key in the key header (by default
 * {@code x-apim-key}, as at the gateway), and records the key's developer on the exchange. A
 * missing or bad key gets the gateway's 401 body; after too many of those from one client IP, the
 * client gets 429 before any lookup. The admin token is no key, so it is refused here like any
 * other wrong value; and admin routes never take a developer key, since they check only the token.
 */
public final class DeveloperKeyAuthHandler implements HttpHandler {
    public static final String DEFAULT_HEADER = "x-apim-key";

    private static final AttachmentKey<String> DEVELOPER = AttachmentKey.create(String.class);

    private final DeveloperKeys keys;
    private final FailedAttemptLimiter limiter;
    private final HttpString header;
    private final HttpHandler next;

    public DeveloperKeyAuthHandler(DeveloperKeys keys, FailedAttemptLimiter limiter, String header, HttpHandler next) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        if (header == null || header.isBlank()) {
            throw new IllegalArgumentException("header must be named");
        }
        this.header = new HttpString(header);
        this.next = Objects.requireNonNull(next, "next");
    }

    /** The developer whose key authenticated the request. */
    public static String developer(HttpServerExchange exchange) {
        return Objects.requireNonNull(exchange.getAttachment(DEVELOPER),
                "no developer attached: route lacks DeveloperKeyAuthHandler");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String client = exchange.getSourceAddress().getAddress().getHostAddress();
        if (limiter.blocked(client)) {
            throw new ApiException(ApiError.TOO_MANY_REQUESTS, "too many failed attempts; try again later");
        }
        var values = exchange.getRequestHeaders().get(header);
        String key = values != null && values.size() == 1 ? values.getFirst() : null;
        String developer = keys.developerOf(key).orElse(null);
        if (developer == null) {
            limiter.recordFailure(client);
            throw new ApiException(ApiError.INVALID_CREDENTIALS, "invalid authentication credentials");
        }
        exchange.putAttachment(DEVELOPER, developer);
        next.handleRequest(exchange);
    }
}
