package io.keytrail.reporting.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.PathTemplateMatch;
import java.util.Deque;
import java.util.Map;
import java.util.Set;

/** Reads optional query parameters strictly: each at most once, and only the ones a route knows. */
public final class QueryParameters {
    private QueryParameters() {
    }

    /** Refuses any parameter outside {@code known}, so a misspelt filter is an error, not ignored. */
    public static void allowOnly(HttpServerExchange exchange, Set<String> known) {
        // The router files path parameters among the query parameters too: one value under such a
        // name is the path's own, a second one came from the query.
        PathTemplateMatch match = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY);
        Map<String, String> fromPath = match == null ? Map.of() : match.getParameters();
        for (Map.Entry<String, Deque<String>> parameter : exchange.getQueryParameters().entrySet()) {
            String name = parameter.getKey();
            boolean onlyThePath = fromPath.containsKey(name) && parameter.getValue().size() == 1;
            if (!known.contains(name) && !onlyThePath) {
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
