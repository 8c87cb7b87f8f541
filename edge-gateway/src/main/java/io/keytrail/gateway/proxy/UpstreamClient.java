package io.keytrail.gateway.proxy;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * One API's way to its upstream: Undertow's reverse proxy over the API's targets, and their health
 * checks. Built from the API's settings; closed when a reload replaces it, after the requests that
 * were routed to it have had time to finish.
 */
public final class UpstreamClient implements HttpHandler, AutoCloseable {
    private final List<UpstreamTarget> targets;
    private final HttpHandler proxy;
    private final HealthChecker checker;

    /** @param checker {@code null} without active health checks */
    UpstreamClient(List<UpstreamTarget> targets, HttpHandler proxy, HealthChecker checker) {
        this.targets = List.copyOf(targets);
        this.proxy = Objects.requireNonNull(proxy, "proxy");
        this.checker = checker;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        proxy.handleRequest(exchange);
    }

    /** The targets requests may be sent to now. */
    public List<URI> usableTargets() {
        return targets.stream().filter(UpstreamTarget::usable).map(target -> target.uri).toList();
    }

    /** Stops the health checks and turns away further requests; pooled connections close as they idle. */
    @Override
    public void close() {
        if (checker != null) {
            checker.close();
        }
        targets.forEach(UpstreamTarget::retire);
    }
}
