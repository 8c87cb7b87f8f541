package io.keytrail.gateway.proxy;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.proxy.ProxyCallback;
import io.undertow.server.handlers.proxy.ProxyConnection;
import java.util.concurrent.TimeUnit;
import org.xnio.XnioExecutor;

/**
 * One request's wait for a connection to one target, between Undertow's proxy and the target's
 * pool. It bounds opening a new connection by {@code connect-ms} (the OS would wait minutes for a
 * host that drops packets), tells the target how the attempt went, and settles once: after a
 * timeout, or once the proxy has answered the client, a late word from the pool is dropped, where
 * Undertow's proxy would act on an exchange that is over. Everything runs on the exchange's IO thread.
 */
final class ConnectAttempt implements ProxyCallback<ProxyConnection>, Runnable {
    private final UpstreamTarget target;
    private final HttpServerExchange exchange;
    private final ProxyCallback<ProxyConnection> proxy;
    private boolean settled;
    private XnioExecutor.Key timer;

    ConnectAttempt(UpstreamTarget target, HttpServerExchange exchange, ProxyCallback<ProxyConnection> proxy) {
        this.target = target;
        this.exchange = exchange;
        this.proxy = proxy;
    }

    /** Called after the pool started opening a connection; a no-op if it already answered. */
    void limitConnectTime(long millis) {
        if (!settled) {
            timer = exchange.getIoThread().executeAfter(this, millis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void completed(HttpServerExchange exchange, ProxyConnection connection) {
        // A connection that comes too late goes back to the pool when the exchange completes.
        if (settle()) {
            target.connected();
            proxy.completed(exchange, connection);
        }
    }

    @Override
    public void failed(HttpServerExchange exchange) {
        if (settle()) {
            proxy.failed(exchange);
        }
    }

    @Override
    public void queuedRequestFailed(HttpServerExchange exchange) {
        if (settle()) {
            proxy.queuedRequestFailed(exchange);
        }
    }

    @Override
    public void couldNotResolveBackend(HttpServerExchange exchange) {
        if (settle()) {
            proxy.couldNotResolveBackend(exchange);
        }
    }

    /** connect-ms ran out: the proxy tries the next target or answers 502. */
    @Override
    public void run() {
        timer = null;
        if (settle()) {
            target.connectFailed();
            proxy.failed(exchange);
        }
    }

    private boolean settle() {
        if (settled) {
            return false;
        }
        settled = true;
        if (timer != null) {
            timer.remove();
        }
        return !exchange.isResponseStarted() && !exchange.isComplete();
    }
}
