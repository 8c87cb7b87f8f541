package io.keytrail.reporting.admin;

/**
 * A key decrypted for an admin who asked to see it again. {@link #toString()} leaves the key out so
 * that logging the record cannot leak it.
 */
public record RevealedKey(String keyId, String key) {
    @Override
    public String toString() {
        return "RevealedKey[keyId=" + keyId + ", key=***]";
    }
}
