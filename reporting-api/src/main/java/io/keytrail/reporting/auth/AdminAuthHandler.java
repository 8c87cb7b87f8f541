package io.keytrail.reporting.auth;

import io.keytrail.reporting.http.ApiError;
import io.keytrail.reporting.http.ApiException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import java.util.Objects;

/**
 * Lets a request through only with {@code Authorization: Bearer <admin token>}, and records on the
 * exchange that an admin made it, for handlers that log who changed what.
 */
public final class AdminAuthHandler implements HttpHandler {
    /** Present once the request has proven it comes from an admin. */
    public static final AttachmentKey<Admin> ADMIN = AttachmentKey.create(Admin.class);

    /** Who made an admin request. One shared token today, so one identity. */
    public record Admin(String name) {
        static final Admin TOKEN_HOLDER = new Admin("admin");
    }

    private static final String SCHEME = "Bearer ";

    private final AdminToken token;
    private final HttpHandler next;

    public AdminAuthHandler(AdminToken token, HttpHandler next) {
        this.token = Objects.requireNonNull(token, "token");
        this.next = Objects.requireNonNull(next, "next");
    }

    /** The admin behind a request that passed this handler. */
    public static Admin admin(HttpServerExchange exchange) {
        return Objects.requireNonNull(exchange.getAttachment(ADMIN), "no admin attached: route lacks AdminAuthHandler");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw new ApiException(ApiError.UNAUTHORIZED, "admin token required: send Authorization: Bearer <token>");
        }
        if (!token.matches(header.substring(SCHEME.length()).strip())) {
            throw new ApiException(ApiError.UNAUTHORIZED, "invalid admin token");
        }
        exchange.putAttachment(ADMIN, Admin.TOKEN_HOLDER);
        next.handleRequest(exchange);
    }
}
