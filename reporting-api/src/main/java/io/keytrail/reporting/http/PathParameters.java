package io.keytrail.reporting.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.PathTemplateMatch;

/** The named segments of a route template such as {@code /reports/developers/{developer}/usage}. */
public final class PathParameters {
    private PathParameters() {
    }

    /**
     * The value of {@code {name}} in the matched route. Read from the route match rather than the
     * query parameters, where a caller could add a second value under the same name.
     */
    public static String get(HttpServerExchange exchange, String name) {
        PathTemplateMatch match = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY);
        String value = match == null ? null : match.getParameters().get(name);
        if (value == null) {
            throw new IllegalStateException("route has no path parameter " + name);
        }
        return value;
    }
}
