package io.keytrail.gateway.proxy;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.proxy.ProxyCallback;
import io.undertow.server.handlers.proxy.ProxyClient;
import io.undertow.server.handlers.proxy.ProxyConnection;
import io.undertow.server.handlers.proxy.ProxyConnectionPool.AvailabilityType;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Undertow's proxy client for one API: round-robin over the targets that are usable now, preferring
 * one with a free connection, else queueing at the first whose queue has room. When no target is
 * usable it answers at once (the proxy's 503, rendered as 502 JSON) instead of waiting on a dead
 * host. The request path reads volatile health flags and takes one atomic ticket; no locks.
 */
final class TargetBalancer implements ProxyClient {
    private static final ProxyTarget TARGET = new ProxyTarget() {
    };

    private final UpstreamTarget[] targets;
    private final long connectMs;
    private final AtomicInteger next = new AtomicInteger();

    TargetBalancer(List<UpstreamTarget> targets, long connectMs) {
        this.targets = targets.toArray(UpstreamTarget[]::new);
        this.connectMs = connectMs;
    }

    @Override
    public ProxyTarget findTarget(HttpServerExchange exchange) {
        return TARGET;
    }

    @Override
    public void getConnection(ProxyTarget target, HttpServerExchange exchange, ProxyCallback<ProxyConnection> callback,
            long timeout, TimeUnit timeUnit) {
        UpstreamTarget chosen = choose();
        if (chosen == null) {
            callback.couldNotResolveBackend(exchange);
            return;
        }
        // AVAILABLE: the pool hands over an idle connection or opens one now, it does not queue.
        boolean opensNow = chosen.pool.available() == AvailabilityType.AVAILABLE;
        ConnectAttempt attempt = new ConnectAttempt(chosen, exchange, callback);
        chosen.pool.connect(TARGET, exchange, attempt, timeout, timeUnit, false);
        if (opensNow) {
            attempt.limitConnectTime(connectMs);
        }
    }

    /** Runs on an IO thread: the pools keep their state per IO thread. */
    private UpstreamTarget choose() {
        int count = targets.length;
        if (count == 1) {
            return targets[0].usable() ? targets[0] : null;
        }
        int start = Math.floorMod(next.getAndIncrement(), count);
        UpstreamTarget queue = null;
        UpstreamTarget overflow = null;
        for (int i = 0; i < count; i++) {
            UpstreamTarget candidate = targets[(start + i) % count];
            if (!candidate.usable()) {
                continue;
            }
            AvailabilityType availability = candidate.pool.available();
            if (availability == AvailabilityType.AVAILABLE) {
                return candidate;
            } else if (availability == AvailabilityType.FULL && queue == null) {
                queue = candidate;
            } else if (availability == AvailabilityType.FULL_QUEUE && overflow == null) {
                overflow = candidate;
            }
        }
        // With every queue full the pool refuses and the proxy tries again, then answers 502.
        return queue != null ? queue : overflow;
    }
}
