package io.keytrail.cli.api;

/** The answer to rotate: the new key with its value, and the old key with its new expiry. */
public record RotatedKey(Key newKey, Key oldKey) {
}
