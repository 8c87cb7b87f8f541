package io.keytrail.gateway.http;

import io.keytrail.gateway.audit.AuditHandler;
import io.keytrail.gateway.audit.AuditSink;
import io.keytrail.gateway.auth.ApiAccessHandler;
import io.keytrail.gateway.auth.KeyAuthHandler;
import io.keytrail.gateway.auth.KeyCheck;
import io.keytrail.gateway.keys.KeyRegistry;
import io.keytrail.gateway.limits.KeyLimitHandler;
import io.keytrail.gateway.limits.KeyLimiter;
import io.keytrail.gateway.proxy.UpstreamHandler;
import io.keytrail.gateway.route.ResolvedApi;
import io.keytrail.gateway.route.RouteHandler;
import io.undertow.server.HttpHandler;
import java.time.Clock;
import java.util.List;

/** The gateway's request path, assembled in one place. */
public final class GatewayChain {
    private GatewayChain() {
    }

    /**
     * Builds the chain; read it top to bottom in the order a request meets the stages. Audit sits
     * above every stage that can answer, so its completion listener sees rejections too.
     */
    public static HttpHandler build(List<ResolvedApi> apis, KeyRegistry registry, AuditSink audit, String nodeId,
            Clock clock) {
        HttpHandler upstream = new UpstreamHandler();
        HttpHandler limits = new KeyLimitHandler(new KeyLimiter(), clock, upstream);
        HttpHandler apiAccess = new ApiAccessHandler(limits);
        HttpHandler keyAuth = new KeyAuthHandler(new KeyCheck(registry, clock), apiAccess);
        HttpHandler route = new RouteHandler(apis, keyAuth);
        HttpHandler audited = new AuditHandler(audit, nodeId, route);
        HttpHandler errors = new JsonErrorHandler(audited);
        return new RequestIdHandler(errors);
    }
}
