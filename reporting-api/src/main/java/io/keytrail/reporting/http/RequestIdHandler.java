package io.keytrail.reporting.http;

import io.keytrail.events.EventIds;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HttpString;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Gives every request an id, echoed in the {@code X-Request-Id} response header and named in log
 * lines, so an admin's error report can be matched to the server's log. A caller's own id is kept
 * when it is short and plain, so that it cannot forge log lines.
 */
public final class RequestIdHandler implements HttpHandler {
    public static final AttachmentKey<String> REQUEST_ID = AttachmentKey.create(String.class);
    public static final HttpString HEADER = HttpString.tryFromString("X-Request-Id");

    private static final Pattern PLAIN_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final HttpHandler next;

    public RequestIdHandler(HttpHandler next) {
        this.next = Objects.requireNonNull(next, "next");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String offered = exchange.getRequestHeaders().getFirst(HEADER);
        String id = offered != null && PLAIN_ID.matcher(offered).matches() ? offered : EventIds.next();
        exchange.putAttachment(REQUEST_ID, id);
        exchange.getResponseHeaders().put(HEADER, id);
        next.handleRequest(exchange);
    }

    /** The id of the request, or {@code "-"} outside this handler. */
    public static String of(HttpServerExchange exchange) {
        String id = exchange.getAttachment(REQUEST_ID);
        return id == null ? "-" : id;
    }
}
