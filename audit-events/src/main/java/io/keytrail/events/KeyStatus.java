package io.keytrail.events;

/** Lifecycle state of an API key as the gateways see it. */
public enum KeyStatus {
    ACTIVE,
    REVOKED
}
