package io.keytrail.gateway.audit;

import io.keytrail.events.AuthEvent;

/** Where the request path hands finished audit events. Must return at once, whatever Kafka does. */
@FunctionalInterface
public interface AuditSink {
    /** @return {@code false} when the event could not be accepted (it is counted as dropped) */
    boolean offer(AuthEvent event);
}
