package io.keytrail.reporting.directory;

/** The result of updating a project or developer: the entity as it now is, or why nothing changed. */
public record Update<T>(Outcome outcome, T entity) {
    public enum Outcome {
        UPDATED,
        /** Unknown or deleted. */
        NOT_FOUND
    }

    static <T> Update<T> notFound() {
        return new Update<>(Outcome.NOT_FOUND, null);
    }
}
