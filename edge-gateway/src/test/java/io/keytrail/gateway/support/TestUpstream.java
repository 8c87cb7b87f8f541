package io.keytrail.gateway.support;

import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP upstream whose behaviour a test steers: it answers {@code {"upstream":"<name>"}}
 * after {@link #delayMillis} (without holding a thread), answers {@code GET /health} with
 * {@link #healthStatus}, and counts what it served and how many requests it held at once.
 */
public final class TestUpstream implements AutoCloseable {
    public static final String HEALTH_PATH = "/health";

    public final String name;
    public final AtomicInteger hits = new AtomicInteger();
    public final AtomicInteger healthChecks = new AtomicInteger();
    public final AtomicInteger maxInFlight = new AtomicInteger();
    public volatile int delayMillis;
    public volatile int healthStatus = 200;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Undertow server;

    public TestUpstream(String name) {
        this.name = name;
        server = Undertow.builder()
                .addHttpListener(0, "127.0.0.1")
                .setIoThreads(1)
                .setHandler(this::handle)
                .build();
        server.start();
    }

    private void handle(HttpServerExchange exchange) {
        if (HEALTH_PATH.equals(exchange.getRequestPath())) {
            healthChecks.incrementAndGet();
            exchange.setStatusCode(healthStatus);
            exchange.endExchange();
            return;
        }
        hits.incrementAndGet();
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        int delay = delayMillis;
        if (delay <= 0) {
            respond(exchange);
            return;
        }
        exchange.dispatch(SameThreadExecutor.INSTANCE, () ->
                exchange.getIoThread().executeAfter(() -> respond(exchange), delay, TimeUnit.MILLISECONDS));
    }

    private void respond(HttpServerExchange exchange) {
        inFlight.decrementAndGet();
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send("{\"upstream\":\"" + name + "\"}");
    }

    /** What the gateway forwards from this upstream. */
    public String body() {
        return "{\"upstream\":\"" + name + "\"}";
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
