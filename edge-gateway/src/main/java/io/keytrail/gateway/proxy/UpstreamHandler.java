package io.keytrail.gateway.proxy;

import io.keytrail.gateway.http.Attachments;
import io.keytrail.gateway.route.ResolvedApi;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ResponseCommitListener;

/**
 * The last stage: hands the request to its API's upstream proxy, noting when it left and when the
 * upstream's response began so the audit event can tell upstream time from gateway time. Undertow's
 * proxy reports a dead or slow upstream as a bodiless 503 or 504, which the chain's JSON error
 * rendering turns into a 502 or 504 gateway error.
 */
public final class UpstreamHandler implements HttpHandler {
    private static final ResponseCommitListener MARK_ANSWERED =
            exchange -> exchange.putAttachment(Attachments.UPSTREAM_ANSWERED_NANOS, System.nanoTime());

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        ResolvedApi api = exchange.getAttachment(Attachments.API);
        exchange.putAttachment(Attachments.UPSTREAM_STARTED_NANOS, System.nanoTime());
        exchange.addResponseCommitListener(MARK_ANSWERED);
        api.upstream().handleRequest(exchange);
    }
}
