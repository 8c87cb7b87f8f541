package io.keytrail.gateway.http;

import io.keytrail.gateway.audit.AuditHandler;
import io.keytrail.gateway.audit.AuditSink;
import io.keytrail.gateway.auth.ApiAccessHandler;
import io.keytrail.gateway.auth.KeyAuthHandler;
import io.keytrail.gateway.auth.KeyCheck;
import io.keytrail.gateway.auth.jwt.JwtAuthHandler;
import io.keytrail.gateway.config.ServerSettings;
import io.keytrail.gateway.keys.KeyRegistry;
import io.keytrail.gateway.limits.KeyLimitHandler;
import io.keytrail.gateway.limits.KeyLimiter;
import io.keytrail.gateway.protect.ClientAddressHandler;
import io.keytrail.gateway.protect.ClientProtection;
import io.keytrail.gateway.protect.FailedAuthLimitHandler;
import io.keytrail.gateway.proxy.HopByHopHeadersHandler;
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

    /** The chain without client protection: no trusted proxies, no failed-auth limit. */
    public static HttpHandler build(List<ResolvedApi> apis, KeyRegistry registry, AuditSink audit, String nodeId,
            Clock clock) {
        return build(apis, registry, audit, nodeId, clock, ClientProtection.none());
    }

    /** The chain with the default request size limits. */
    public static HttpHandler build(List<ResolvedApi> apis, KeyRegistry registry, AuditSink audit, String nodeId,
            Clock clock, ClientProtection protection) {
        return build(apis, registry, audit, nodeId, clock, protection, ServerSettings.DEFAULT_MAX_HEADER_BYTES,
                ServerSettings.DEFAULT_MAX_BODY_BYTES);
    }

    /**
     * Builds the chain; read it top to bottom in the order a request meets the stages. Audit sits
     * above every stage that can answer, so its completion listener sees rejections too. The
     * failed-auth limit sits right in front of key-auth, so a blocked client costs no key hashing;
     * jwt follows key-auth, so with both on it checks the token against the key's developer.
     * Oversized requests and unsafe paths are refused before routing, so they resolve no API and
     * produce no event.
     */
    public static HttpHandler build(List<ResolvedApi> apis, KeyRegistry registry, AuditSink audit, String nodeId,
            Clock clock, ClientProtection protection, int maxHeaderBytes, long maxBodyBytes) {
        HttpHandler upstream = new HopByHopHeadersHandler(new UpstreamHandler());
        HttpHandler limits = new KeyLimitHandler(new KeyLimiter(), clock, upstream);
        HttpHandler apiAccess = new ApiAccessHandler(limits);
        HttpHandler jwtAuth = new JwtAuthHandler(clock, apiAccess);
        HttpHandler keyAuth = new KeyAuthHandler(new KeyCheck(registry, clock), jwtAuth);
        HttpHandler failedAuthLimit = protection.failedAuthLimiter() == null
                ? keyAuth : new FailedAuthLimitHandler(protection.failedAuthLimiter(), keyAuth);
        HttpHandler route = new RouteHandler(apis, failedAuthLimit);
        HttpHandler audited = new AuditHandler(audit, nodeId, route);
        HttpHandler clientAddress = new ClientAddressHandler(protection.trustedProxies(), audited);
        HttpHandler pathSafety = new PathSafetyHandler(clientAddress);
        HttpHandler sizes = new RequestSizeHandler(maxHeaderBytes, maxBodyBytes, pathSafety);
        HttpHandler errors = new JsonErrorHandler(sizes);
        return new RequestIdHandler(errors);
    }
}
