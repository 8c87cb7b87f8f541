package io.keytrail.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One thing that happened to an API key and who did it, published on the {@code key-events}
 * topic keyed by key id: the audit trail of key management, including every reveal. Never carries
 * the key or its hash.
 *
 * @param eventId time-ordered unique id from {@link EventIds#next()}, for idempotent consumers
 * @param actor        who made the change, such as the admin's name, or {@link #SYSTEM} for expiry
 * @param changes      for {@code UPDATED}, the names of the fields that changed; empty otherwise
 * @param relatedKeyId for {@code ROTATED}, the other key of the rotation (the new key on the old
 *                     key's event, the old key on the new key's); {@code null} otherwise
 */
public record KeyLifecycleEvent(
        int schemaVersion,
        String eventId,
        Type type,
        Instant time,
        String keyId,
        String projectId,
        String developerId,
        String actor,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> changes,
        String relatedKeyId) {

    public static final int SCHEMA_VERSION = 1;
    /** The actor of changes nobody asked for, such as a key reaching its expiry. */
    public static final String SYSTEM = "system";

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
        changes = changes == null ? List.of() : List.copyOf(changes);
    }

    /** A new event of {@code type}, with a fresh event id and the current schema version. */
    public static KeyLifecycleEvent of(Type type, Instant time, String keyId, String projectId, String developerId,
                                       String actor) {
        return new KeyLifecycleEvent(SCHEMA_VERSION, EventIds.next(), type, time, keyId, projectId, developerId, actor,
                List.of(), null);
    }

    /** This event with the names of the fields an {@code UPDATED} changed. */
    public KeyLifecycleEvent withChanges(List<String> changedFields) {
        return new KeyLifecycleEvent(schemaVersion, eventId, type, time, keyId, projectId, developerId, actor,
                changedFields, relatedKeyId);
    }

    /** This event naming the other key of a rotation. */
    public KeyLifecycleEvent withRelatedKey(String otherKeyId) {
        return new KeyLifecycleEvent(schemaVersion, eventId, type, time, keyId, projectId, developerId, actor, changes,
                otherKeyId);
    }
}
