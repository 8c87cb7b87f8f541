package io.keytrail.reporting.directory;

/** The result of creating a project or developer: the new entity, or why there is none. */
public record Creation<T>(Outcome outcome, T entity) {
    public enum Outcome {
        CREATED,
        /** A live entity has the id. */
        ID_TAKEN,
        /** A deleted entity had the id; ids are never reused, so its keys stay traceable. */
        ID_OF_DELETED
    }

    static <T> Creation<T> refused(Outcome outcome) {
        return new Creation<>(outcome, null);
    }
}
