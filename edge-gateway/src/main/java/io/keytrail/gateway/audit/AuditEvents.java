package io.keytrail.gateway.audit;

import io.keytrail.events.AuthEvent;
import io.keytrail.events.AuthEventType;
import io.keytrail.events.EventIds;
import io.keytrail.gateway.auth.AuthDecision;
import io.keytrail.gateway.http.Attachments;
import io.keytrail.gateway.keys.KeyEntry;
import io.keytrail.gateway.route.ResolvedApi;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.time.Instant;

/** Turns a completed exchange and its attachments into the contract's {@link AuthEvent}. */
final class AuditEvents {
    /** User agents are free text from the client: keep events bounded. */
    static final int MAX_USER_AGENT = 256;

    private AuditEvents() {
    }

    static AuthEvent from(HttpServerExchange exchange, AuthDecision decision, String gatewayNode, long nowNanos) {
        long started = exchange.getAttachment(Attachments.STARTED_NANOS);
        Long upstreamStarted = exchange.getAttachment(Attachments.UPSTREAM_STARTED_NANOS);
        Long upstreamAnswered = exchange.getAttachment(Attachments.UPSTREAM_ANSWERED_NANOS);
        Long upstreamMicros = upstreamStarted != null && upstreamAnswered != null
                ? Math.max(0, (upstreamAnswered - upstreamStarted) / 1_000) : null;
        long totalMicros = Math.max(0, (nowNanos - started) / 1_000);
        Instant time = Instant.now().minusNanos(nowNanos - started);

        ResolvedApi api = exchange.getAttachment(Attachments.API);
        KeyEntry key = decision.key();
        AuthEvent.Credential credential = decision.location() == null && decision.keyHint() == null
                && decision.methods().isEmpty()
                ? null
                : new AuthEvent.Credential(key == null ? null : key.keyId(), emptyToNull(decision.keyHint()),
                        decision.location(), decision.methods());
        return new AuthEvent(
                AuthEvent.SCHEMA_VERSION,
                EventIds.next(),
                decision.success() ? AuthEventType.AUTH_SUCCESS : AuthEventType.AUTH_FAILURE,
                time,
                exchange.getAttachment(Attachments.REQUEST_ID),
                gatewayNode,
                api == null ? null : api.id(),
                api == null ? null : api.pathPrefix(),
                exchange.getRequestMethod().toString(),
                exchange.getRequestPath(),
                exchange.getStatusCode(),
                new AuthEvent.Latency(totalMicros, upstreamMicros),
                new AuthEvent.Client(clientIp(exchange), userAgent(exchange)),
                credential,
                decision.developerId(),
                key == null ? null : key.projectId(),
                decision.reason());
    }

    private static String clientIp(HttpServerExchange exchange) {
        String resolved = exchange.getAttachment(Attachments.CLIENT_IP);
        if (resolved != null) {
            return resolved;
        }
        InetSocketAddress source = exchange.getSourceAddress();
        if (source == null) {
            return null;
        }
        return source.getAddress() != null ? source.getAddress().getHostAddress() : source.getHostString();
    }

    private static String userAgent(HttpServerExchange exchange) {
        String agent = exchange.getRequestHeaders().getFirst(Headers.USER_AGENT);
        return agent == null || agent.length() <= MAX_USER_AGENT ? agent : agent.substring(0, MAX_USER_AGENT);
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
