package io.keytrail.gateway.route;

import io.keytrail.gateway.http.Attachments;
import io.keytrail.gateway.http.ErrorResponses;
import io.keytrail.gateway.http.GatewayError;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.List;
import java.util.Objects;

/**
 * Attaches the API the request is for, looked up in the routing table in force (see
 * {@link RouteTable} for the order hosts and path prefixes are tried in). A request that matches
 * no API is answered 404: there is no API, so no authentication decision.
 */
public final class RouteHandler implements HttpHandler {
    private final Routes routes;
    private final HttpHandler next;

    public RouteHandler(Routes routes, HttpHandler next) {
        this.routes = Objects.requireNonNull(routes, "routes");
        this.next = Objects.requireNonNull(next, "next");
    }

    /** A fixed set of APIs. */
    public RouteHandler(List<ResolvedApi> apis, HttpHandler next) {
        this(new Routes(Objects.requireNonNull(apis, "apis")), next);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        ResolvedApi api = routes.current().match(exchange.getRequestHeaders().getFirst(Headers.HOST),
                exchange.getRequestPath());
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
}
