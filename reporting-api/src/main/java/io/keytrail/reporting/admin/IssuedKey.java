package io.keytrail.reporting.admin;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * A key as the admin receives it at creation or rotation: its metadata and the key itself, the only
 * time it leaves the service without a reveal. {@link #toString()} leaves the key out so that
 * logging the record cannot leak it.
 */
public record IssuedKey(@JsonUnwrapped KeyDetails details, String key) {

    public String keyId() {
        return details.keyId();
    }

    @Override
    public String toString() {
        return "IssuedKey[" + details + ", key=***]";
    }
}
