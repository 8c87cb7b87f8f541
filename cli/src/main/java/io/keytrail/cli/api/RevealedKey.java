package io.keytrail.cli.api;

/** The answer to reveal. {@link #toString()} never shows the key. */
public record RevealedKey(String keyId, String key) {
    @Override
    public String toString() {
        return "RevealedKey[keyId=" + keyId + ", key=***]";
    }
}
