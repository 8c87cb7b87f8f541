package io.keytrail.gateway.route;

import io.keytrail.gateway.http.Attachments;
import io.keytrail.gateway.http.ErrorResponses;
import io.keytrail.gateway.http.GatewayError;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Attaches the API whose path prefix is the longest match for the request path, on a segment
 * boundary ({@code /orders} matches {@code /orders} and {@code /orders/1}, not {@code /ordersx}).
 * A request that matches no API is answered 404: there is no API, so no authentication decision.
 */
public final class RouteHandler implements HttpHandler {
    private final ResolvedApi[] apis;
    private final HttpHandler next;

    public RouteHandler(List<ResolvedApi> apis, HttpHandler next) {
        Objects.requireNonNull(apis, "apis");
        this.next = Objects.requireNonNull(next, "next");
        this.apis = apis.stream()
                .sorted(Comparator.comparingInt((ResolvedApi api) -> api.pathPrefix().length()).reversed())
                .toArray(ResolvedApi[]::new);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String path = exchange.getRequestPath();
        ResolvedApi api = match(path);
        if (api == null) {
            ErrorResponses.send(exchange, GatewayError.ROUTE_NOT_FOUND);
            return;
        }
        exchange.putAttachment(Attachments.API, api);
        if (api.settings().stripPrefix() && !"/".equals(api.pathPrefix())) {
            // Undertow's proxy forwards the request URI minus the resolved path.
            exchange.setResolvedPath(api.pathPrefix());
        }
        next.handleRequest(exchange);
    }

    ResolvedApi match(String path) {
        for (ResolvedApi api : apis) {
            String prefix = api.pathPrefix();
            if ("/".equals(prefix)) {
                return api;
            }
            if (path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/')) {
                return api;
            }
        }
        return null;
    }
}
