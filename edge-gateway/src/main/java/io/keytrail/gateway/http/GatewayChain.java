package io.keytrail.gateway.http;

import io.keytrail.gateway.audit.AuditAvailabilityHandler;
import io.keytrail.gateway.audit.AuditHandler;
import io.keytrail.gateway.audit.AuditSink;
import io.keytrail.gateway.auth.ApiAccessHandler;
import io.keytrail.gateway.auth.BodyKeyHandler;
import io.keytrail.gateway.auth.CorsPreflightHandler;
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
import io.keytrail.gateway.route.Routes;
import io.keytrail.gateway.metrics.RequestMetricsHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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

    /** The chain over a fixed set of APIs. */
    public static HttpHandler build(List<ResolvedApi> apis, KeyRegistry registry, AuditSink audit, String nodeId,
            Clock clock, ClientProtection protection, int maxHeaderBytes, long maxBodyBytes) {
        return build(new Routes(apis), registry, audit, nodeId, clock, protection, maxHeaderBytes, maxBodyBytes,
                new SimpleMeterRegistry());
    }

    /**
     * Builds the chain; read it top to bottom in the order a request meets the stages. Audit sits
     * above every stage that can answer, so its completion listener sees rejections too. The
     * failed-auth limit sits right in front of key-auth, so a blocked client costs no key hashing
     * and no body reading; jwt follows key-auth, so with both on it checks the token against the
     * key's developer. CORS preflights of APIs that pass them skip straight to the upstream.
     * Oversized requests and unsafe paths are refused before routing, so they resolve no API and
     * produce no event. Every request, refused or not, is counted and timed by API and outcome.
     *
     * <p>A configuration reload replaces only the table in {@code routes}: the chain and the state
     * its stages keep (per-key limits, the failed-auth table) are built once and outlive every reload.
     */
    public static HttpHandler build(Routes routes, KeyRegistry registry, AuditSink audit, String nodeId,
            Clock clock, ClientProtection protection, int maxHeaderBytes, long maxBodyBytes, MeterRegistry metrics) {
        HttpHandler upstream = new HopByHopHeadersHandler(new UpstreamHandler());
        HttpHandler limits = new KeyLimitHandler(new KeyLimiter(), clock, upstream);
        HttpHandler apiAccess = new ApiAccessHandler(limits);
        HttpHandler jwtAuth = new JwtAuthHandler(clock, apiAccess);
        HttpHandler keyAuth = new KeyAuthHandler(new KeyCheck(registry, clock), jwtAuth);
        HttpHandler bodyKey = new BodyKeyHandler(keyAuth);
        HttpHandler failedAuthLimit = protection.failedAuthLimiter() == null
                ? bodyKey : new FailedAuthLimitHandler(protection.failedAuthLimiter(), bodyKey);
        HttpHandler preflight = new CorsPreflightHandler(upstream, failedAuthLimit);
        HttpHandler route = new RouteHandler(routes, preflight);
        HttpHandler audited = new AuditHandler(audit, nodeId, route);
        HttpHandler auditAvailable = new AuditAvailabilityHandler(audit, audited);
        HttpHandler clientAddress = new ClientAddressHandler(protection.trustedProxies(), auditAvailable);
        HttpHandler pathSafety = new PathSafetyHandler(clientAddress);
        HttpHandler sizes = new RequestSizeHandler(maxHeaderBytes, maxBodyBytes, pathSafety);
        HttpHandler errors = new JsonErrorHandler(sizes);
        HttpHandler measured = new RequestMetricsHandler(metrics, errors);
        return new RequestIdHandler(measured);
    }
}
