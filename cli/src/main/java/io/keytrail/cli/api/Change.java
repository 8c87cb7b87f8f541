package io.keytrail.cli.api;

/**
 * A setting to change in a PATCH: to {@code value}, or cleared when {@code value} is {@code null}.
 * A setting left alone is a {@code null} {@code Change}, so "clear" and "keep" never look alike.
 */
public record Change<T>(T value) {
    public static <T> Change<T> to(T value) {
        return new Change<>(java.util.Objects.requireNonNull(value, "value"));
    }

    public static <T> Change<T> clear() {
        return new Change<>(null);
    }
}
