package io.keytrail.gateway.proxy;

import io.keytrail.gateway.config.ApiSettings;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.ResponseCodeHandler;
import io.undertow.server.handlers.proxy.LoadBalancingProxyClient;
import io.undertow.server.handlers.proxy.ProxyHandler;
import io.undertow.util.StatusCodes;
import java.net.URI;

/** Builds the proxy that forwards one API's requests to its upstream. */
public final class UpstreamProxies {
    /** Connections kept open to each upstream host per IO thread. */
    static final int CONNECTIONS_PER_THREAD = 32;
    /** Requests waiting for a pooled connection before the gateway answers 503 (then 502 JSON). */
    static final int REQUEST_QUEUE = 1_000;
    static final int MAX_REQUEST_TIME_MS = 30_000;

    private UpstreamProxies() {
    }

    public static HttpHandler forApi(ApiSettings api) {
        URI upstream = api.upstream();
        LoadBalancingProxyClient client = new LoadBalancingProxyClient()
                .setConnectionsPerThread(CONNECTIONS_PER_THREAD)
                .setSoftMaxConnectionsPerThread(CONNECTIONS_PER_THREAD)
                .setMaxQueueSize(REQUEST_QUEUE)
                .setTtl(60_000)
                .addHost(upstream);
        return ProxyHandler.builder()
                .setProxyClient(client)
                .setMaxRequestTime(MAX_REQUEST_TIME_MS)
                .setRewriteHostHeader(true)
                .setReuseXForwarded(false)
                .setNext(new ResponseCodeHandler(StatusCodes.SERVICE_UNAVAILABLE))
                .build();
    }
}
