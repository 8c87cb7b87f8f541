package io.keytrail.gateway.auth;

import io.keytrail.gateway.http.Attachments;
import io.keytrail.gateway.route.ResolvedApi;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.util.Objects;

/**
 * Lets CORS preflight requests skip the authentication policies on APIs configured to pass them:
 * a browser sends a preflight without credentials by design, so requiring a key there would block
 * every cross-origin call. The upstream answers the preflight with its own CORS policy. A
 * preflight is no authentication decision, so it is neither audited nor counted as a failure.
 */
public final class CorsPreflightHandler implements HttpHandler {
    static final HttpString ORIGIN = new HttpString("Origin");
    static final HttpString REQUEST_METHOD = new HttpString("Access-Control-Request-Method");

    private final HttpHandler upstream;
    private final HttpHandler next;

    /**
     * @param upstream where passed preflights go, past every policy
     * @param next     where every other request goes
     */
    public CorsPreflightHandler(HttpHandler upstream, HttpHandler next) {
        this.upstream = Objects.requireNonNull(upstream, "upstream");
        this.next = Objects.requireNonNull(next, "next");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        ResolvedApi api = exchange.getAttachment(Attachments.API);
        if (api != null && api.settings().policies().passCorsPreflight() && isPreflight(exchange)) {
            upstream.handleRequest(exchange);
            return;
        }
        next.handleRequest(exchange);
    }

    static boolean isPreflight(HttpServerExchange exchange) {
        var headers = exchange.getRequestHeaders();
        return Methods.OPTIONS.equals(exchange.getRequestMethod())
                && headers.contains(ORIGIN) && headers.contains(REQUEST_METHOD);
    }
}
