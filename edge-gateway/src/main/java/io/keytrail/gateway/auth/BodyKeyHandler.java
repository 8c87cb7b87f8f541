package io.keytrail.gateway.auth;

import io.keytrail.events.CredentialLocation;
import io.keytrail.events.FailureReason;
import io.keytrail.gateway.config.KeyAuthSettings;
import io.keytrail.gateway.http.Attachments;
import io.keytrail.gateway.http.ErrorResponses;
import io.keytrail.gateway.http.GatewayError;
import io.keytrail.gateway.route.ResolvedApi;
import io.undertow.io.IoCallback;
import io.undertow.io.Receiver;
import io.undertow.io.Sender;
import io.undertow.server.Connectors;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.server.protocol.http.HttpContinue;
import io.undertow.util.Headers;
import io.undertow.util.ImmediatePooledByteBuffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For APIs that take the key in a body field: reads a JSON or form body (without blocking, up to the
 * policy's read limit), attaches what the field held for key-auth, and puts the body back for the
 * upstream, without the field when credentials are hidden. A body that is not JSON answers 400 and
 * one over the read limit 413, each decided as {@code MALFORMED_REQUEST}. Bodies of other types,
 * and APIs without a body field, pass untouched and unread.
 */
public final class BodyKeyHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(BodyKeyHandler.class);

    private final HttpHandler next;

    public BodyKeyHandler(HttpHandler next) {
        this.next = Objects.requireNonNull(next, "next");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        ResolvedApi api = exchange.getAttachment(Attachments.API);
        KeyAuthSettings policy = api == null ? null : api.settings().policies().keyAuth();
        if (policy == null || !policy.enabled() || policy.bodyField() == null || !hasBody(exchange)) {
            next.handleRequest(exchange);
            return;
        }
        BodyType type = BodyType.of(exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE));
        if (type == BodyType.OTHER) {
            next.handleRequest(exchange);
            return;
        }
        if (exchange.getRequestContentLength() > policy.maxBodyReadBytes()) {
            refuse(exchange, GatewayError.REQUEST_BODY_TOO_LARGE);
            return;
        }
        if (HttpContinue.requiresContinueResponse(exchange)) {
            // The client waits for a go-ahead before sending the body; the gateway reads it itself,
            // so it answers now, and the upstream later gets the body without the expectation.
            HttpContinue.sendContinueResponse(exchange, new IoCallback() {
                @Override
                public void onComplete(HttpServerExchange continued, Sender sender) {
                    continued.getRequestHeaders().remove(Headers.EXPECT);
                    receive(continued, type, policy);
                }

                @Override
                public void onException(HttpServerExchange failed, Sender sender, IOException e) {
                    failed.setPersistent(false);
                    failed.endExchange();
                }
            });
            return;
        }
        receive(exchange, type, policy);
    }

    private void receive(HttpServerExchange exchange, BodyType type, KeyAuthSettings policy) {
        var receiver = exchange.getRequestReceiver();
        receiver.setMaxBufferSize(policy.maxBodyReadBytes());
        receiver.receiveFullBytes((done, body) -> received(done, body, type, policy),
                (failed, error) -> {
                    if (error instanceof RequestTooBigException || error instanceof Receiver.RequestToLargeException) {
                        refuse(failed, GatewayError.REQUEST_BODY_TOO_LARGE);
                    } else {
                        // The client went away mid-body; there is nobody left to answer.
                        failed.setPersistent(false);
                        failed.endExchange();
                    }
                });
    }

    private void received(HttpServerExchange exchange, byte[] body, BodyType type, KeyAuthSettings policy) {
        try {
            String field = policy.bodyField();
            boolean hide = policy.hideCredentials();
            FoundKeys found;
            if (type == BodyType.JSON) {
                JsonBodyField.Scan scan = JsonBodyField.scan(body, field, hide);
                found = scan.found();
                body = scan.body();
            } else {
                String text = new String(body, StandardCharsets.ISO_8859_1);
                found = FormFields.find(text, field);
                if (hide && found.count() > 0) {
                    body = FormFields.without(text, field).getBytes(StandardCharsets.ISO_8859_1);
                }
            }
            exchange.putAttachment(Attachments.BODY_KEYS, found);
            var headers = exchange.getRequestHeaders();
            headers.remove(Headers.TRANSFER_ENCODING);
            headers.put(Headers.CONTENT_LENGTH, body.length);
            if (body.length > 0) {
                Connectors.ungetRequestBytes(exchange, new ImmediatePooledByteBuffer(ByteBuffer.wrap(body)));
            }
            Connectors.resetRequestChannel(exchange);
            next.handleRequest(exchange);
        } catch (JsonBodyField.MalformedJsonException e) {
            refuse(exchange, GatewayError.MALFORMED_REQUEST);
        } catch (Exception e) {
            LOG.error("request {} failed after reading its body", exchange.getAttachment(Attachments.REQUEST_ID), e);
            ErrorResponses.send(exchange, GatewayError.INTERNAL);
        }
    }

    /** The request is the decision: it was refused before any key could be read from it. */
    private static void refuse(HttpServerExchange exchange, GatewayError error) {
        exchange.putAttachment(Attachments.DECISION,
                AuthDecision.failure(FailureReason.MALFORMED_REQUEST, null, null, CredentialLocation.BODY));
        exchange.setPersistent(false);
        ErrorResponses.send(exchange, error);
    }

    private static boolean hasBody(HttpServerExchange exchange) {
        long length = exchange.getRequestContentLength();
        return length > 0 || length < 0 && exchange.getRequestHeaders().contains(Headers.TRANSFER_ENCODING);
    }

    enum BodyType {
        JSON, FORM, OTHER;

        static BodyType of(String contentType) {
            if (contentType == null) {
                return OTHER;
            }
            int semicolon = contentType.indexOf(';');
            String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                    .trim().toLowerCase(Locale.ROOT);
            if (mediaType.equals("application/json") || mediaType.startsWith("application/") && mediaType.endsWith("+json")) {
                return JSON;
            }
            return mediaType.equals("application/x-www-form-urlencoded") ? FORM : OTHER;
        }
    }
}
