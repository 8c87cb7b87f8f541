package io.keytrail.reporting.admin;

import java.time.Instant;

/**
 * A newly created key as the admin receives it: the only time the key itself leaves the service.
 * {@link #toString()} leaves the key out so that logging the record cannot leak it.
 */
public record IssuedKey(
        String keyId,
        String key,
        String project,
        String developer,
        String description,
        Instant createdAt,
        String keyHint) {

    @Override
    public String toString() {
        return "IssuedKey[keyId=" + keyId + ", key=***, project=" + project + ", developer=" + developer
                + ", createdAt=" + createdAt + ", keyHint=" + keyHint + "]";
    }
}
