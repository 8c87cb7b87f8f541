package io.keytrail.reporting.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Map;

/** Answers {@code {"status":"UP"}} while the process serves HTTP; for load balancers and start-up scripts. */
public final class HealthHandler implements HttpHandler {
    private static final Map<String, String> UP = Map.of("status", "UP");

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        HttpJson.send(exchange, 200, UP);
    }
}
