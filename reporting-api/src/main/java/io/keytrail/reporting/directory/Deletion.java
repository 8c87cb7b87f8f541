package io.keytrail.reporting.directory;

/**
 * The result of deleting a project or developer.
 *
 * @param activeKeys with {@link Outcome#HAS_ACTIVE_KEYS}, how many active keys held the deletion off; else 0
 */
public record Deletion(Outcome outcome, long activeKeys) {
    public enum Outcome {
        DELETED,
        /** Unknown or already deleted. */
        NOT_FOUND,
        /** Nothing changed: the entity still has active keys, which must be revoked or deleted first. */
        HAS_ACTIVE_KEYS
    }

    static Deletion of(Outcome outcome) {
        return new Deletion(outcome, 0);
    }
}
