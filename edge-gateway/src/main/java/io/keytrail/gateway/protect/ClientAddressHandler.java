package io.keytrail.gateway.protect;

import io.keytrail.gateway.http.Attachments;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Resolves the client address once per request, before any stage that audits or limits by it,
 * so every stage agrees on who the client is.
 */
public final class ClientAddressHandler implements HttpHandler {
    private final TrustedProxies proxies;
    private final HttpHandler next;

    public ClientAddressHandler(TrustedProxies proxies, HttpHandler next) {
        this.proxies = Objects.requireNonNull(proxies, "proxies");
        this.next = Objects.requireNonNull(next, "next");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        InetSocketAddress source = exchange.getSourceAddress();
        if (source != null) {
            InetAddress peer = source.getAddress();
            String ip = peer == null
                    ? source.getHostString()
                    : proxies.client(peer, exchange.getRequestHeaders().get(Headers.X_FORWARDED_FOR)).getHostAddress();
            exchange.putAttachment(Attachments.CLIENT_IP, ip);
        }
        next.handleRequest(exchange);
    }
}
