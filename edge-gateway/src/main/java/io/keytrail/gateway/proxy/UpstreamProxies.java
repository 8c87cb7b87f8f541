package io.keytrail.gateway.proxy;

import io.keytrail.gateway.config.ApiSettings;
import io.keytrail.gateway.config.UpstreamSettings;
import io.undertow.server.handlers.ResponseCodeHandler;
import io.undertow.server.handlers.proxy.ProxyHandler;
import io.undertow.util.StatusCodes;
import java.net.URI;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.xnio.ssl.XnioSsl;

/** Builds the client that forwards one API's requests to its upstream targets. */
public final class UpstreamProxies {
    private UpstreamProxies() {
    }

    /**
     * A new client for {@code api}; its health checks, if any, start at once. A request whose
     * connection fails (or, if idempotent, breaks before the response) is tried on the next
     * target, once per other target and at least once.
     */
    public static UpstreamClient forApi(ApiSettings api) {
        UpstreamSettings upstreams = api.upstreams();
        // As nginx does, an API's only target is never ejected: there is nowhere else to go.
        boolean passive = upstreams.targets().size() > 1 && upstreams.passive().enabled();
        SSLContext tls = upstreams.targets().stream().anyMatch(UpstreamProxies::https)
                ? UpstreamTls.context(upstreams.tls()) : null;
        XnioSsl ssl = tls == null ? null : UpstreamTls.ssl(tls);
        List<UpstreamTarget> targets = upstreams.targets().stream()
                .map(uri -> new UpstreamTarget(api.id(), uri, https(uri) ? ssl : null, https(uri) ? tls : null,
                        api.pool(), api.timeouts(), passive ? upstreams.passive() : null))
                .toList();
        ProxyHandler proxy = ProxyHandler.builder()
                .setProxyClient(new TargetBalancer(targets, api.timeouts().connectMs()))
                .setMaxRequestTime(api.timeouts().requestMs())
                .setMaxConnectionRetries(Math.max(1, targets.size() - 1))
                .setRewriteHostHeader(true)
                .setReuseXForwarded(false)
                .setNext(new ResponseCodeHandler(StatusCodes.SERVICE_UNAVAILABLE))
                .build();
        HealthChecker checker = upstreams.healthCheck() == null ? null
                : new HealthChecker(api.id(), targets, upstreams.healthCheck());
        return new UpstreamClient(targets, proxy, checker);
    }

    private static boolean https(URI target) {
        return "https".equals(target.getScheme());
    }
}
