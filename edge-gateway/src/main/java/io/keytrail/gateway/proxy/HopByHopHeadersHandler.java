package io.keytrail.gateway.proxy;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Strips the client's hop-by-hop headers (RFC 9110 section 7.6.1) before the request is proxied:
 * the fixed set, and every header the client named in {@code Connection}. The proxy adds its own
 * {@code Connection} and, for a body of unknown length, its own {@code Transfer-Encoding} for the
 * upstream hop; the inbound body's framing was settled when the request was parsed.
 */
public final class HopByHopHeadersHandler implements HttpHandler {
    static final List<HttpString> HOP_BY_HOP = List.of(Headers.CONNECTION, new HttpString("Keep-Alive"),
            Headers.PROXY_AUTHENTICATE, Headers.PROXY_AUTHORIZATION, Headers.TE, Headers.TRAILER,
            Headers.TRANSFER_ENCODING, Headers.UPGRADE);

    private final HttpHandler next;

    public HopByHopHeadersHandler(HttpHandler next) {
        this.next = Objects.requireNonNull(next, "next");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        HeaderMap headers = exchange.getRequestHeaders();
        HeaderValues connection = headers.get(Headers.CONNECTION);
        List<String> named = new ArrayList<>();
        if (connection != null) {
            for (String value : connection) {
                for (String token : value.split(",")) {
                    String name = token.trim();
                    if (!name.isEmpty()) {
                        named.add(name);
                    }
                }
            }
        }
        for (String name : named) {
            headers.remove(name);
        }
        for (HttpString name : HOP_BY_HOP) {
            headers.remove(name);
        }
        next.handleRequest(exchange);
    }
}
