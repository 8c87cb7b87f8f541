package io.keytrail.reporting.http;

import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import java.net.InetSocketAddress;
import java.util.Objects;

/** The Undertow server of the API: one HTTP listener, started on construction, stopped on close. */
public final class HttpServer implements AutoCloseable {
    private final Undertow undertow;
    private final String host;
    private final int port;

    private HttpServer(Undertow undertow, String host, int port) {
        this.undertow = undertow;
        this.host = host;
        this.port = port;
    }

    /**
     * Starts listening.
     *
     * @param port 0 for any free port; {@link #port()} tells which one was bound
     */
    public static HttpServer start(String host, int port, HttpHandler root) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(root, "root");
        Undertow undertow = Undertow.builder()
                .addHttpListener(port, host)
                .setHandler(root)
                .build();
        undertow.start();
        InetSocketAddress bound = (InetSocketAddress) undertow.getListenerInfo().get(0).getAddress();
        return new HttpServer(undertow, host, bound.getPort());
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        undertow.stop();
    }
}
