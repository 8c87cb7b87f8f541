package io.keytrail.events;

import java.time.Instant;
import java.util.Objects;

/**
 * When a key or a developer was first and last seen at a gateway, published on the compacted
 * {@code last-seen} topic keyed by {@link #key()}. This is how dormant keys are found without the
 * gateway writing to the key store on every request. Times are event times; a record is
 * published at most once per commit interval per subject.
 *
 * @param lastSuccess when it last authenticated successfully; absent if it never did
 */
public record LastSeen(
        int schemaVersion,
        SubjectType subjectType,
        String subjectId,
        String developerId,
        String projectId,
        Instant firstSeen,
        Instant lastSeen,
        Instant lastSuccess) {

    public static final int SCHEMA_VERSION = 1;

    /** What {@link #subjectId()} names. */
    public enum SubjectType {
        DEVELOPER,
        KEY
    }

    public LastSeen {
        Objects.requireNonNull(subjectType, "subjectType");
        Objects.requireNonNull(subjectId, "subjectId");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
    }

    /** The record key on the last-seen topic, such as {@code key:k_3vQ9} or {@code developer:alice}. */
    public static String key(SubjectType type, String id) {
        return type.name().toLowerCase(java.util.Locale.ROOT) + ':' + id;
    }

    public String key() {
        return key(subjectType, subjectId);
    }
}
