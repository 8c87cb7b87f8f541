package io.keytrail.events;

/**
 * Lifecycle state of an API key. Only {@code ACTIVE} keys authenticate, and an active key still
 * fails once its {@code expiresAt} has passed, whether or not {@code EXPIRED} has been recorded yet.
 */
public enum KeyStatus {
    ACTIVE,
    REVOKED,
    /** Its expiry passed; recorded by the control plane after the fact, enforced by gateways on time. */
    EXPIRED,
    /**
     * Deleted by an admin. Published once with the key's hash so that every gateway can drop it, then
     * followed by a tombstone that lets compaction forget the key.
     */
    DELETED;

    /** Whether a key in this state can never authenticate again. */
    public boolean isFinal() {
        return this != ACTIVE;
    }
}
