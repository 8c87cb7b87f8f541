package io.keytrail.gateway.audit;

import io.keytrail.events.AuthEvent;

/** Where audit events go; {@link #offer} must never block the request path. */
@FunctionalInterface
public interface AuditSink {
    /** @return {@code false} when the event could not be taken (counted by the sink) */
    boolean offer(AuthEvent event);

    /**
     * Whether the sink can keep new events. A sink whose durable storage is spent under a policy
     * that forbids unaudited traffic answers {@code false}, and the gateway refuses requests.
     */
    default boolean accepting() {
        return true;
    }
}
