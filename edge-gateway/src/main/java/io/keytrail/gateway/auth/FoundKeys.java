package io.keytrail.gateway.auth;

/**
 * What one place in a request (its query, its body) held under the key's name.
 *
 * @param count how many times the name occurred
 * @param first the first occurrence's value, {@code null} when it was not text a key could be (a
 *              JSON number or object, bytes that are not UTF-8) or when {@code count} is 0
 */
public record FoundKeys(int count, String first) {
    public static final FoundKeys NONE = new FoundKeys(0, null);

    public FoundKeys {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, got " + count);
        }
    }
}
