package io.keytrail.gateway.http;

import io.keytrail.events.EventIds;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.util.Objects;

/**
 * Gives every request an id that the client, the upstream and the audit trail all share: the
 * client's {@code X-Request-Id} when it is a sane token, else a fresh time-ordered id.
 */
public final class RequestIdHandler implements HttpHandler {
    public static final HttpString HEADER = new HttpString("X-Request-Id");
    private static final int MAX_LENGTH = 128;

    private final HttpHandler next;

    public RequestIdHandler(HttpHandler next) {
        this.next = Objects.requireNonNull(next, "next");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        exchange.putAttachment(Attachments.STARTED_NANOS, System.nanoTime());
        String id = exchange.getRequestHeaders().getFirst(HEADER);
        if (!isSane(id)) {
            id = EventIds.next();
            exchange.getRequestHeaders().put(HEADER, id);
        }
        exchange.putAttachment(Attachments.REQUEST_ID, id);
        exchange.getResponseHeaders().put(HEADER, id);
        next.handleRequest(exchange);
    }

    /** Ids end up in logs and events: only short runs of token characters are kept. */
    static boolean isSane(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '_' || c == '.' || c == ':';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
