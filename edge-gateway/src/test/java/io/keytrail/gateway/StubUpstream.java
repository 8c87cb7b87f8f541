package io.keytrail.gateway;

import io.undertow.Undertow;
import io.undertow.util.Headers;
import io.undertow.util.HeaderValues;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/** A real HTTP upstream for tests that remembers what reached it and answers with a small JSON body. */
public final class StubUpstream implements AutoCloseable {
    /** What one forwarded request looked like on arrival. */
    public record Seen(String method, String uri, Map<String, String> headers, String body) {
    }

    private final Undertow server;
    public final ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();

    public StubUpstream() {
        server = Undertow.builder()
                .addHttpListener(0, "127.0.0.1")
                .setIoThreads(1)
                .setHandler(exchange -> exchange.getRequestReceiver().receiveFullString((done, body) -> {
                    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                    for (HeaderValues values : exchange.getRequestHeaders()) {
                        headers.put(values.getHeaderName().toString(), String.join(",", values));
                    }
                    String uri = exchange.getRequestURI()
                            + (exchange.getQueryString().isEmpty() ? "" : "?" + exchange.getQueryString());
                    seen.add(new Seen(exchange.getRequestMethod().toString(), uri, headers, body));
                    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
                    exchange.getResponseSender().send("{\"upstream\":\"stub\"}");
                }, StandardCharsets.UTF_8))
                .build();
        server.start();
    }

    public int port() {
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        server.stop();
    }
}
