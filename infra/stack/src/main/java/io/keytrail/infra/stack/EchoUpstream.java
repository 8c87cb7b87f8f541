package io.keytrail.infra.stack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keytrail.events.Json;
import io.undertow.Undertow;
import io.undertow.util.Headers;
import io.undertow.util.HeaderValues;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;

/**
 * The demo upstream API: answers every request with a JSON echo of what reached it, so a user can
 * see what the gateway forwards (the consumer headers, the request id, and no API key).
 */
public final class EchoUpstream implements AutoCloseable {
    private final Undertow server;

    public EchoUpstream(String host, int port) {
        server = Undertow.builder()
                .addHttpListener(port, host)
                .setIoThreads(1)
                .setHandler(exchange -> {
                    ObjectNode echo = Json.mapper().createObjectNode();
                    echo.put("service", "keytrail-demo-upstream");
                    echo.put("method", exchange.getRequestMethod().toString());
                    echo.put("path", exchange.getRequestPath());
                    echo.put("query", exchange.getQueryString());
                    ObjectNode headers = echo.putObject("headers");
                    for (HeaderValues values : exchange.getRequestHeaders()) {
                        headers.put(values.getHeaderName().toString(), String.join(", ", values));
                    }
                    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
                    exchange.getResponseSender().send(Json.mapper().writeValueAsString(echo) + "\n");
                })
                .build();
        server.start();
    }

    public int port() {
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    @Override
    public void close() {
        server.stop();
    }

    /** {@code EchoUpstream [--port N]}; runs until stopped. */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length == 2 && "--port".equals(args[0]) ? Integer.parseInt(args[1]) : 8070;
        EchoUpstream upstream = new EchoUpstream("127.0.0.1", port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            upstream.close();
            stopped.countDown();
        }, "echo-shutdown"));
        System.out.println("demo upstream listening on http://127.0.0.1:" + upstream.port());
        stopped.await();
    }
}
