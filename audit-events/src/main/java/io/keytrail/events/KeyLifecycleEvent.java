package io.keytrail.events;

import java.time.Instant;
import java.util.Objects;

/**
 * One thing that happened to an API key and who did it, published on the {@code key-events}
 * topic keyed by key id: the audit trail of key management, including every reveal. Never carries
 * the key or its hash.
 *
 * @param eventId time-ordered unique id from {@link EventIds#next()}, for idempotent consumers
 * @param actor   who made the change, such as the admin's name, or the system for expiry
 */
public record KeyLifecycleEvent(
        int schemaVersion,
        String eventId,
        Type type,
        Instant time,
        String keyId,
        String projectId,
        String developerId,
        String actor) {

    public static final int SCHEMA_VERSION = 1;

    /** What happened to the key. */
    public enum Type {
        CREATED,
        REVEALED,
        UPDATED,
        ROTATED,
        REVOKED,
        EXPIRED,
        DELETED
    }

    public KeyLifecycleEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(actor, "actor");
    }

    /** A new event of {@code type}, with a fresh event id and the current schema version. */
    public static KeyLifecycleEvent of(Type type, Instant time, String keyId, String projectId, String developerId,
                                       String actor) {
        return new KeyLifecycleEvent(SCHEMA_VERSION, EventIds.next(), type, time, keyId, projectId, developerId, actor);
    }
}
