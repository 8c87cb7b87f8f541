package io.keytrail.reporting.http;

import io.undertow.server.HttpServerExchange;
import java.util.Deque;
import java.util.Set;

/** Reads optional query parameters strictly: each at most once, and only the ones a route knows. */
public final class QueryParameters {
    private QueryParameters() {
    }

    /** Refuses any parameter outside {@code known}, so a misspelt filter is an error, not ignored. */
    public static void allowOnly(HttpServerExchange exchange, Set<String> known) {
        for (String name : exchange.getQueryParameters().keySet()) {
            if (!known.contains(name)) {
                throw ApiException.badRequest("unknown query parameter '" + shorten(name) + "'");
            }
        }
    }

    /** The parameter's single value, or {@code null} when it is absent. */
    public static String optional(HttpServerExchange exchange, String name) {
        Deque<String> values = exchange.getQueryParameters().get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw ApiException.badRequest(name + " must be given at most once");
        }
        return values.getFirst();
    }

    private static String shorten(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
