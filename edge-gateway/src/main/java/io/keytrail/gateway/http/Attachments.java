package io.keytrail.gateway.http;

import io.keytrail.gateway.auth.AuthDecision;
import io.keytrail.gateway.auth.FoundKeys;
import io.keytrail.gateway.route.ResolvedApi;
import io.undertow.util.AttachmentKey;

/** The typed per-request state the stages of the chain hand to each other. */
public final class Attachments {
    /** The request id, kept from the client or generated; set first. */
    public static final AttachmentKey<String> REQUEST_ID = AttachmentKey.create(String.class);
    /** {@link System#nanoTime()} when the gateway started on the request. */
    public static final AttachmentKey<Long> STARTED_NANOS = AttachmentKey.create(Long.class);
    /** The client's IP address, the TCP peer or the one trusted proxies forwarded for; set before audit. */
    public static final AttachmentKey<String> CLIENT_IP = AttachmentKey.create(String.class);
    /** The API the request's path matched. */
    public static final AttachmentKey<ResolvedApi> API = AttachmentKey.create(ResolvedApi.class);
    /** What the key-auth body field held, for APIs that read one and requests with a JSON or form body. */
    public static final AttachmentKey<FoundKeys> BODY_KEYS = AttachmentKey.create(FoundKeys.class);
    /** The authentication decision, once the policies have made one. */
    public static final AttachmentKey<AuthDecision> DECISION = AttachmentKey.create(AuthDecision.class);
    /** {@link System#nanoTime()} when the request was handed to the upstream. */
    public static final AttachmentKey<Long> UPSTREAM_STARTED_NANOS = AttachmentKey.create(Long.class);
    /** {@link System#nanoTime()} when the upstream's response headers went out to the client. */
    public static final AttachmentKey<Long> UPSTREAM_ANSWERED_NANOS = AttachmentKey.create(Long.class);

    private Attachments() {
    }
}
