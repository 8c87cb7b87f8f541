package io.keytrail.gateway.auth;

import io.keytrail.events.CredentialLocation;
import io.keytrail.events.FailureReason;
import io.keytrail.gateway.keys.KeyDigest;
import io.keytrail.gateway.keys.KeyEntry;
import io.keytrail.gateway.keys.KeyRegistry;
import io.undertow.util.HeaderValues;
import java.time.Clock;
import java.util.Objects;

/**
 * The decision of the key-auth policy about the keys a request presented, apart from HTTP: exactly
 * one well-formed key in all the places the API reads, known to the registry, neither revoked nor expired (by status or by time).
 * Allocation-light and lock-free, since it runs on every request.
 */
public final class KeyCheck {
    /** Keys are 32 characters; anything far longer is not a key and is not worth hashing. */
    static final int MAX_KEY_LENGTH = 256;

    private final KeyRegistry registry;
    private final Clock clock;

    public KeyCheck(KeyRegistry registry, Clock clock) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** @param values the request's values of the API's key header, {@code null} when absent */
    public AuthDecision check(HeaderValues values) {
        int count = values == null ? 0 : values.size();
        return check(count == 0 ? null : values.getFirst(), CredentialLocation.HEADER, count);
    }

    /**
     * @param presented the first value presented, {@code null} when none was or it was not text
     * @param location  where {@code presented} was found
     * @param count     how many values the request presented, in all the places the API reads
     */
    public AuthDecision check(String presented, CredentialLocation location, int count) {
        if (count == 0 || count == 1 && presented != null && presented.isEmpty()) {
            return AuthDecision.failure(FailureReason.MISSING_KEY, null, null, null);
        }
        if (count > 1 || presented == null || !wellFormed(presented)) {
            // Two keys, or bytes no key is made of: never guess which one was meant.
            return AuthDecision.failure(FailureReason.MALFORMED_REQUEST, null,
                    presented != null && wellFormed(presented) ? presented : "", location);
        }
        KeyEntry key = registry.find(KeyDigest.ofKey(presented));
        FailureReason reason = key == null ? FailureReason.UNKNOWN_KEY : refusal(key, clock.millis());
        return reason == null
                ? AuthDecision.success(key, presented, location)
                : AuthDecision.failure(reason, key, presented, location);
    }

    /**
     * Why a known key may not pass at {@code nowMillis}, or {@code null} when it may. The recorded
     * status decides first; an active key still fails once its expiry has passed, whether or not the
     * control plane has published {@code EXPIRED} for it yet.
     */
    static FailureReason refusal(KeyEntry key, long nowMillis) {
        return switch (key.status()) {
            case ACTIVE -> key.expiredAt(nowMillis) ? FailureReason.EXPIRED_KEY : null;
            case REVOKED -> FailureReason.REVOKED_KEY;
            case EXPIRED -> FailureReason.EXPIRED_KEY;
            // The registry never answers with a deleted key; were one found, it is no key any more.
            case DELETED -> FailureReason.UNKNOWN_KEY;
        };
    }

    /** Printable ASCII without spaces, of a sane length. */
    static boolean wellFormed(String key) {
        if (key.length() > MAX_KEY_LENGTH) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }
}
